// One structured request: strict json_schema where the model supports it (json_object with the schema in the
// prompt otherwise), ajv validation, one repair turn quoting the validation errors, then a clear error that keeps
// the raw answer.
import { ApiError } from '../errors';
import { buildRepairMessage, buildTaskMessages } from './prompts';
import { strictIncompatibility } from './schemas';
import type {
  TaskChatFn,
  TaskChatResult,
  TaskInput,
  TaskParameters,
  TaskResponseFormat,
  TaskSpec,
} from './types';
import { parseAndValidate } from './validation';

/** The answer did not fit its schema even after the repair turn. `raw` is the last answer, shown on request. */
export class TaskOutputError extends ApiError {
  readonly raw: string;
  readonly validationErrors: string[];
  constructor(message: string, raw: string, validationErrors: string[]) {
    super({ kind: 'invalid_output', message, partial: raw });
    this.name = 'TaskOutputError';
    this.raw = raw;
    this.validationErrors = validationErrors;
  }
}

export interface StructuredRunOptions {
  chat: TaskChatFn;
  spec: TaskSpec;
  /** Already redacted: nothing here leaves the machine unredacted. */
  input: TaskInput;
  model: string;
  /** From the models catalogue: does this model take strict json_schema? */
  structuredOutputs: boolean;
  /** Overrides of the spec's parameters (settings, a user task). */
  parameters?: TaskParameters;
  signal?: AbortSignal;
  /** Raw JSON text as it streams (the first attempt only; a repair answer arrives whole). */
  onDelta?: (text: string) => void;
}

export interface StructuredResult<T> {
  value: T;
  raw: string;
  model: string;
  /** True when the first answer was invalid and the repair turn fixed it. */
  repaired: boolean;
  mode: 'json_schema' | 'json_object';
  /** Every chat result, in order (one, or two after a repair). */
  results: TaskChatResult[];
}

/** Which response_format a spec gets on a model, and why strict mode is not used when it is not. */
export function chooseResponseFormat(
  spec: TaskSpec,
  structuredOutputs: boolean,
): { format: TaskResponseFormat; schemaInPrompt: boolean; reason?: string } {
  const why = structuredOutputs
    ? strictIncompatibility(spec.schema)
    : 'the model does not support Structured Outputs';
  if (why) return { format: { type: 'json_object' }, schemaInPrompt: true, reason: why };
  // `$schema`/`$id` only tell ajv which draft a file follows; they are not part of the answer's shape.
  const { $schema: _draft, $id: _id, ...schema } = spec.schema;
  return {
    format: { type: 'json_schema', json_schema: { name: spec.schemaName, strict: true, schema } },
    schemaInPrompt: false,
  };
}

export async function runStructured<T>(options: StructuredRunOptions): Promise<StructuredResult<T>> {
  const { chat, spec, model, signal } = options;
  const { format, schemaInPrompt } = chooseResponseFormat(spec, options.structuredOutputs);
  const messages = buildTaskMessages(spec, options.input, schemaInPrompt);
  const request = { model, ...spec.parameters, ...options.parameters, messages, response_format: format };
  const results: TaskChatResult[] = [];

  const attempt = async (sent: typeof messages, feature: string, onDelta?: (text: string) => void) => {
    const answer = await askLenient(chat, { ...request, messages: sent }, { signal, onDelta, feature });
    results.push(answer);
    checkFinish(answer, spec);
    return { answer, check: parseAndValidate(answer.content, spec.schema) };
  };
  const success = (answer: TaskChatResult, value: unknown, repaired: boolean): StructuredResult<T> => ({
    value: value as T,
    raw: answer.content,
    model: answer.model,
    repaired,
    mode: format.type,
    results,
  });

  const first = await attempt(messages, spec.id, options.onDelta);
  if (first.check.ok) return success(first.answer, first.check.value, false);

  // One repair turn: the model sees its own answer and exactly what is wrong with it.
  const repairMessages = [
    ...messages,
    { role: 'assistant' as const, content: first.answer.content },
    buildRepairMessage(first.check.errors.map((e) => `- ${e}`).join('\n'), spec.schema, schemaInPrompt),
  ];
  const second = await attempt(repairMessages, `${spec.id}:repair`);
  if (second.check.ok) return success(second.answer, second.check.value, true);
  throw new TaskOutputError(
    `${spec.title}: the answer did not match the expected format, even after one repair attempt ` +
      `(${second.check.errors.slice(0, 3).join('; ')}). The raw answer is available.`,
    second.answer.content,
    second.check.errors,
  );
}

/**
 * runChat rejects non-JSON content in JSON mode (kind `invalid_output`) unless told not to; either way the raw text
 * is what the repair turn needs, so such a rejection becomes an ordinary (invalid) answer here.
 */
async function askLenient(chat: TaskChatFn, ...args: Parameters<TaskChatFn>): Promise<TaskChatResult> {
  try {
    return await chat(...args);
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'invalid_output' && !(err instanceof TaskOutputError)) {
      return { content: err.partial, finishReason: 'stop', model: args[0].model };
    }
    throw err;
  }
}

/** Refusals and cut-off answers are not repairable by asking again with the same limits. */
function checkFinish(result: TaskChatResult, spec: TaskSpec): void {
  if (result.refusal) {
    throw new ApiError({
      kind: 'content_filter',
      message: `${spec.title}: the model refused: ${result.refusal}`,
    });
  }
  if (result.finishReason === 'content_filter') {
    throw new ApiError({
      kind: 'content_filter',
      message: `${spec.title}: the answer was stopped by the content filter.`,
      partial: result.content,
    });
  }
  if (result.finishReason === 'length') {
    throw new TaskOutputError(
      `${spec.title}: the answer was cut off at the output token limit; select less code or raise max_tokens.`,
      result.content,
      ['the answer was cut off (finish_reason: length)'],
    );
  }
}
