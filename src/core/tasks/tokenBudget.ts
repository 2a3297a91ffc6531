// Counts a prompt's tokens before it is sent. gpt-tokenizer (o200k_base, ~2 MB of ranks) is imported on first use
// only, never at activation.
import type { TaskMessage } from './types';

type CountTokens = (text: string) => number;
let counter: Promise<CountTokens> | undefined;

function loadCounter(): Promise<CountTokens> {
  counter ??= import('gpt-tokenizer').then((m) => m.countTokens as CountTokens);
  return counter;
}

/** Tokens the chat format adds per message (role and separators), as OpenAI's counting guide describes. */
const PER_MESSAGE_OVERHEAD = 4;
const PER_REQUEST_OVERHEAD = 3;

export async function countPromptTokens(messages: TaskMessage[]): Promise<number> {
  const count = await loadCounter();
  let total = PER_REQUEST_OVERHEAD;
  for (const m of messages) total += PER_MESSAGE_OVERHEAD + count(m.content);
  return total;
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

/** Raised before sending: the numbers let the host offer a smaller range or refuse plainly. */
export class TaskTooLargeError extends Error {
  constructor(readonly check: TokenCheck) {
    super(
      `The prompt needs ${check.promptTokens.toLocaleString('en-US')} tokens plus ` +
        `${check.reservedOutput.toLocaleString('en-US')} for the answer, but the model's context window is ` +
        `${check.contextWindow.toLocaleString('en-US')} tokens.`,
    );
    this.name = 'TaskTooLargeError';
  }
}
