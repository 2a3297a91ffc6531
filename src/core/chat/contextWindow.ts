// Fitting a conversation into a model's context window: the system prompt and the newest turn always stay; the
// oldest whole turns (a user message and the answers after it) are left out until the prompt plus the room kept
// for the answer fits. Tokens are counted with gpt-tokenizer (o200k_base, the encoding of gpt-4o / gpt-4.1 / o-series),
// loaded lazily on the first count: its tables are megabytes, and activation must not pay for them.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export type TokenCounter = (text: string) => number;

/** Every message costs a few tokens of framing on top of its text (role, separators), as OpenAI's cookbook counts. */
const PER_MESSAGE_TOKENS = 4;
/** An image's cost depends on its size and detail; a high-detail 1024² image is ~765 tokens. Kept conservative. */
const PER_IMAGE_TOKENS = 1_000;

let counterPromise: Promise<TokenCounter> | undefined;

/** The exact counter, imported on first use and then cached. */
export function loadTokenCounter(): Promise<TokenCounter> {
  counterPromise ??= Promise.resolve().then(() => {
    // A require inside the function, not a top-level import: esbuild bundles the module but runs its initialiser
    // only here, and Node (tests, tsx) resolves the CommonJS build that the package exports for `require`.
    const m =
      require('gpt-tokenizer/cjs/encoding/o200k_base') as typeof import('gpt-tokenizer/cjs/encoding/o200k_base');
    return (text: string) => m.countTokens(text);
  });
  return counterPromise;
}

/** True once the tokenizer module was imported (lets a test prove activation did not load it). */
export function isTokenCounterLoaded(): boolean {
  return counterPromise !== undefined;
}

export function countMessageTokens(message: ChatCompletionMessageParam, count: TokenCounter): number {
  const content = (message as { content?: unknown }).content;
  let tokens = PER_MESSAGE_TOKENS;
  if (typeof content === 'string') {
    tokens += count(content);
  } else if (Array.isArray(content)) {
    for (const part of content as { type?: string; text?: string }[]) {
      if (part.type === 'text' && typeof part.text === 'string') tokens += count(part.text);
      else if (part.type === 'image_url') tokens += PER_IMAGE_TOKENS;
    }
  }
  return tokens;
}

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
  let total = cost(system) + turnCosts.reduce((a, b) => a + b, 0) + 3; // +3: the reply's priming tokens

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
