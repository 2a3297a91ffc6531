// Fitting a conversation into a model's context window: the system prompt and the newest turn always stay; the
// oldest whole turns (a user message and the answers after it) are left out until the prompt plus the room kept
// for the answer fits. Tokens are counted by ../tokens (gpt-tokenizer, loaded lazily on the first count).
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { countMessageTokens, REPLY_PRIMING_TOKENS, type TokenCounter } from '../tokens';

export interface TrimOptions {
  /** Total context of the model (prompt + answer), in tokens. */
  contextWindow: number;
  /** Tokens kept free for the answer. */
  reserveForOutput: number;
  count: TokenCounter;
}

export interface TrimResult {
  messages: ChatCompletionMessageParam[];
  /** Number of whole turns (user message + its answers) that were left out, oldest first. */
  leftOutTurns: number;
  /** Number of messages left out. */
  leftOutMessages: number;
  /** Estimated prompt tokens of what is sent. */
  promptTokens: number;
}

/**
 * Leaves out the oldest turns until the prompt fits `contextWindow - reserveForOutput`. Leading system/developer
 * messages and the last turn are always kept, even when they alone do not fit (the API then says so; cutting a
 * user's own question silently would be worse).
 */
export function trimToContextWindow(
  messages: readonly ChatCompletionMessageParam[],
  options: TrimOptions,
): TrimResult {
  let head = 0;
  while (
    head < messages.length &&
    (messages[head]!.role === 'system' || messages[head]!.role === 'developer')
  )
    head++;
  const system = messages.slice(0, head);
  const turns = groupTurns(messages.slice(head));
  const budget = Math.max(0, options.contextWindow - options.reserveForOutput);

  const cost = (list: readonly ChatCompletionMessageParam[]): number =>
    list.reduce((sum, m) => sum + countMessageTokens(m, options.count), 0);
  const turnCosts = turns.map(cost);
  let total = cost(system) + turnCosts.reduce((a, b) => a + b, 0) + REPLY_PRIMING_TOKENS;

  let dropped = 0;
  let droppedMessages = 0;
  while (total > budget && dropped < turns.length - 1) {
    total -= turnCosts[dropped]!;
    droppedMessages += turns[dropped]!.length;
    dropped++;
  }
  return {
    messages: [...system, ...turns.slice(dropped).flat()],
    leftOutTurns: dropped,
    leftOutMessages: droppedMessages,
    promptTokens: total,
  };
}

/** A turn starts at each user message; anything before the first user message forms a turn of its own. */
function groupTurns(messages: readonly ChatCompletionMessageParam[]): ChatCompletionMessageParam[][] {
  const turns: ChatCompletionMessageParam[][] = [];
  for (const message of messages) {
    if (message.role === 'user' || turns.length === 0) turns.push([message]);
    else turns[turns.length - 1]!.push(message);
  }
  return turns;
}
