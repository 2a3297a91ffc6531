// Runs one code task end to end in the core: build the prompt, check its size against the model's context window,
// ask for a structured (or, for schema-less user tasks, a text) answer. Secrets are the Workbench's business: it
// redacts every request and gives the answer its values back, so a task only reports what was withheld.
import { describeRedactions, type RedactionFinding } from '../redaction';
import { buildTaskMessages } from './prompts';
import { chooseResponseFormat, runStructured, type StructuredResult } from './structured';
import { checkPromptSize, TaskTooLargeError, type TokenCheck } from './tokenBudget';
import type { TaskChatFn, TaskChatResult, TaskInput, TaskParameters, TaskSpec } from './types';

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
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
}

export interface CodeTaskResult<T> extends StructuredResult<T> {
  /** What the Workbench withheld from the requests of this run (the answer has the values back). */
  redactions: RedactionFinding[];
  /** e.g. "2 secrets redacted: AWS access key, password"; undefined when nothing was redacted. */
  redactionSummary?: string;
  tokens?: TokenCheck;
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
  const tokens = await sizeCheck(options, options.input);
  const result = await runStructured<T>({
    chat: options.chat,
    spec: options.spec,
    input: options.input,
    model: options.model,
    structuredOutputs: options.modelFacts.structuredOutputs,
    parameters: options.parameters,
    signal: options.signal,
    onDelta: options.onDelta,
  });
  const redactions = redactionsOf(result.results);
  return { ...result, redactions, redactionSummary: summaryOf(redactions), tokens };
}

/** A schema-less user task: a markdown answer streamed as text. */
export async function runTextTask(options: CodeTaskOptions): Promise<{
  text: string;
  result: TaskChatResult;
  redactions: RedactionFinding[];
  redactionSummary?: string;
}> {
  const spec: TaskSpec = { ...options.spec, output: 'text' };
  await sizeCheck({ ...options, spec }, options.input);
  const messages = buildTaskMessages(spec, options.input, false);
  const request = { model: options.model, ...spec.parameters, ...options.parameters, messages };
  const result = await options.chat(request, {
    signal: options.signal,
    onDelta: options.onDelta,
    feature: spec.id,
  });
  const redactions = redactionsOf([result]);
  return { text: result.content, result, redactions, redactionSummary: summaryOf(redactions) };
}

/** What a task's answer shows in the chat footer, as a chat answer does: its model, the tokens of every request
 * of the run (a repair turn included) and the time to the first token of the first. */
export function taskTurnFooter(results: readonly TaskChatResult[]): {
  model: string;
  usage?: { prompt: number; cached: number; completion: number };
  ttftMs?: number;
} {
  const measured = results.filter((r) => r.usage);
  const sum = (pick: (u: NonNullable<TaskChatResult['usage']>) => number): number =>
    measured.reduce((total, r) => total + pick(r.usage!), 0);
  const ttftMs = results[0]?.timeToFirstTokenMs;
  return {
    model: results.at(-1)?.model ?? '',
    ...(measured.length > 0
      ? {
          usage: {
            prompt: sum((u) => u.promptTokens),
            cached: sum((u) => u.cachedTokens),
            completion: sum((u) => u.completionTokens),
          },
        }
      : {}),
    ...(ttftMs !== undefined ? { ttftMs } : {}),
  };
}

/** Every value the requests of a run withheld, once each. */
function redactionsOf(results: readonly TaskChatResult[]): RedactionFinding[] {
  const byPlaceholder = new Map<string, RedactionFinding>();
  for (const r of results) for (const f of r.redactions ?? []) byPlaceholder.set(f.placeholder, f);
  return [...byPlaceholder.values()];
}

function summaryOf(found: readonly RedactionFinding[]): string | undefined {
  return found.length > 0 ? describeRedactions(found) : undefined;
}
