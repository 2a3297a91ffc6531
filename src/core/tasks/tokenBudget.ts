// Counts a prompt's tokens before it is sent, with the core's one lazily loaded tokenizer (never at activation).
import { countRequestTokens } from '../budget/estimate';
import { ApiError } from '../errors';
import { loadTokenCounter } from '../tokens';
import type { TaskMessage } from './types';

/** Counted like the budget's estimate of any request, so the two never disagree. */
export async function countPromptTokens(messages: TaskMessage[]): Promise<number> {
  return countRequestTokens({ messages }, await loadTokenCounter());
}

export interface TokenCheck {
  promptTokens: number;
  /** Output tokens reserved for the answer. */
  reservedOutput: number;
  contextWindow: number;
  fits: boolean;
}

/** The prompt plus the answer's reserve must fit in the model's context window. */
export async function checkPromptSize(
  messages: TaskMessage[],
  contextWindow: number,
  reservedOutput: number,
): Promise<TokenCheck> {
  const promptTokens = await countPromptTokens(messages);
  return {
    promptTokens,
    reservedOutput,
    contextWindow,
    fits: promptTokens + reservedOutput <= contextWindow,
  };
}

/**
 * Raised before sending, with the numbers (so the host can offer a smaller range or refuse plainly), or after the
 * API said the prompt is over the context window (no numbers then).
 */
export class TaskTooLargeError extends Error {
  constructor(readonly check?: TokenCheck) {
    super(
      check
        ? `The prompt needs ${check.promptTokens.toLocaleString('en-US')} tokens plus ` +
            `${check.reservedOutput.toLocaleString('en-US')} for the answer, but the model's context window is ` +
            `${check.contextWindow.toLocaleString('en-US')} tokens.`
        : "The API says the prompt is longer than the model's context window.",
    );
    this.name = 'TaskTooLargeError';
  }
}

/** A task's failure as the task's own: the API's context_length means too much code, not a long conversation. */
export function asTaskFailure(err: unknown): unknown {
  return err instanceof ApiError && err.kind === 'context_length' ? new TaskTooLargeError() : err;
}
