// Runs one code task end to end in the core: redact secrets, build the prompt, check its size against the model's
// context window, ask for a structured (or, for schema-less user tasks, a text) answer, and restore secrets into
// results that go back into the user's code or data.
import { buildTaskMessages } from './prompts';
import { chooseResponseFormat, runStructured, type StructuredResult } from './structured';
import { checkPromptSize, TaskTooLargeError, type TokenCheck } from './tokenBudget';
import type { TaskChatFn, TaskChatResult, TaskInput, TaskParameters, TaskSpec } from './types';

/** One redaction as the redaction module reports it. */
export interface RedactionEntry {
  kind: string;
  value: string;
  placeholder: string;
}

/** The redaction module, injected so the tasks stay testable and never send what it would catch. */
export interface Redactor {
  redact(text: string): Promise<{ text: string; found: RedactionEntry[] }>;
  restore(text: string, found: RedactionEntry[]): string;
  describe(found: RedactionEntry[]): string;
}

export interface ModelFacts {
  structuredOutputs: boolean;
  /** Context window in tokens; the size check is skipped when unknown. */
  contextWindow?: number;
  maxOutputTokens?: number;
}

export interface CodeTaskOptions {
  chat: TaskChatFn;
  spec: TaskSpec;
  input: TaskInput;
  model: string;
  modelFacts: ModelFacts;
  parameters?: TaskParameters;
  redactor?: Redactor;
  /** Put the redacted secrets back into the answer's strings (refactor, fix, extract): they stay local. */
  restoreSecrets?: boolean;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
}

export interface CodeTaskResult<T> extends StructuredResult<T> {
  redactions: RedactionEntry[];
  /** e.g. "2 secrets redacted: AWS access key, password"; undefined when nothing was redacted. */
  redactionSummary?: string;
  tokens?: TokenCheck;
}

// A separator no secret rule matches, so the fields are redacted in one pass and share one placeholder numbering.
const FIELD_SEPARATOR = '\n\u241eGPTWB-FIELD\u241e\n';
const FIELDS = ['code', 'contextBefore', 'contextAfter', 'instruction'] as const;

export async function redactInput(
  input: TaskInput,
  redactor: Redactor | undefined,
): Promise<{ input: TaskInput; found: RedactionEntry[] }> {
  if (!redactor) return { input, found: [] };
  const joined = FIELDS.map((f) => input[f] ?? '').join(FIELD_SEPARATOR);
  const { text, found } = await redactor.redact(joined);
  const parts = text.split(FIELD_SEPARATOR);
  if (parts.length !== FIELDS.length) throw new Error('redaction changed the field layout; refusing to send');
  const out: TaskInput = { ...input };
  FIELDS.forEach((f, i) => {
    if (input[f] !== undefined) out[f] = parts[i]!;
  });
  return { input: out, found };
}

/** Applies `fn` to every string inside a JSON value. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

/** The prompt's size against the model's context window, or undefined when the window is unknown. */
export async function checkTaskSize(
  spec: TaskSpec,
  input: TaskInput,
  modelFacts: ModelFacts,
  parameters?: TaskParameters,
): Promise<TokenCheck | undefined> {
  const { contextWindow, maxOutputTokens } = modelFacts;
  if (!contextWindow) return undefined;
  const { schemaInPrompt } = chooseResponseFormat(spec, modelFacts.structuredOutputs);
  const messages = buildTaskMessages(spec, input, schemaInPrompt);
  const reserve =
    parameters?.max_tokens ?? spec.parameters.max_tokens ?? Math.min(maxOutputTokens ?? 4096, 4096);
  return checkPromptSize(messages, contextWindow, reserve);
}

async function sizeCheck(options: CodeTaskOptions, input: TaskInput): Promise<TokenCheck | undefined> {
  const check = await checkTaskSize(options.spec, input, options.modelFacts, options.parameters);
  if (check && !check.fits) throw new TaskTooLargeError(check);
  return check;
}

/** A structured task (explain, refactor, fix, extract, user tasks with a schema). */
export async function runCodeTask<T>(options: CodeTaskOptions): Promise<CodeTaskResult<T>> {
  const { input, found } = await redactInput(options.input, options.redactor);
  const tokens = await sizeCheck(options, input);
  const result = await runStructured<T>({
    chat: options.chat,
    spec: options.spec,
    input,
    model: options.model,
    structuredOutputs: options.modelFacts.structuredOutputs,
    parameters: options.parameters,
    signal: options.signal,
    onDelta: options.onDelta,
  });
  let value = result.value;
  if (options.restoreSecrets && options.redactor && found.length > 0) {
    const redactor = options.redactor;
    value = mapStrings(value, (s) => redactor.restore(s, found)) as T;
  }
  return {
    ...result,
    value,
    redactions: found,
    redactionSummary: found.length > 0 ? options.redactor?.describe(found) : undefined,
    tokens,
  };
}

/** A schema-less user task: a markdown answer streamed as text. */
export async function runTextTask(options: CodeTaskOptions): Promise<{
  text: string;
  result: TaskChatResult;
  redactions: RedactionEntry[];
  redactionSummary?: string;
}> {
  const spec: TaskSpec = { ...options.spec, output: 'text' };
  const { input, found } = await redactInput(options.input, options.redactor);
  await sizeCheck({ ...options, spec }, input);
  const messages = buildTaskMessages(spec, input, false);
  const request = { model: options.model, ...spec.parameters, ...options.parameters, messages };
  const result = await options.chat(request, {
    signal: options.signal,
    onDelta: options.onDelta,
    feature: spec.id,
  });
  return {
    text: result.content,
    result,
    redactions: found,
    redactionSummary: found.length > 0 ? options.redactor?.describe(found) : undefined,
  };
}
