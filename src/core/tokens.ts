// Token counting for every feature (context trimming, budget estimates, task size checks), in one place.
// gpt-tokenizer's o200k_base (the encoding of the 4o, 4.1 and o-series families) is megabytes of tables, so it is
// loaded on the first count and never when the extension starts.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export type TokenCounter = (text: string) => number;

/** Per-message framing (role, separators) and the reply priming, as OpenAI's cookbook counts them. */
const TOKENS_PER_MESSAGE = 3;
export const REPLY_PRIMING_TOKENS = 3;
/** An image costs 85–1,105 tokens by size and detail; a high-detail 1024² image (765) is a fair ceiling. */
const TOKENS_PER_IMAGE = 765;

let counterPromise: Promise<TokenCounter> | undefined;

/**
 * Set by esbuild for the extension bundle: the tokenizer ships as dist/tokenizer.js (see esbuild.js) and is
 * required from there. Undefined under tsx (tests, scripts), where the package itself is required.
 */
declare const __TOKENIZER_BUNDLE__: string | undefined;

type Tokenizer = { countTokens(text: string): number };

/** The exact counter, loaded on first use and then shared. */
export function loadTokenCounter(): Promise<TokenCounter> {
  // A require inside the function, never a top-level import: the tables are loaded on the first count only.
  // (The package's `./cjs/*` export has only a `require` condition, so an ESM import() of it fails under tsx.)
  counterPromise ??= Promise.resolve().then(() => {
    const m: Tokenizer =
      typeof __TOKENIZER_BUNDLE__ === 'string'
        ? (require(__TOKENIZER_BUNDLE__) as Tokenizer)
        : (require('gpt-tokenizer/cjs/encoding/o200k_base') as Tokenizer);
    return (text: string) => m.countTokens(text);
  });
  return counterPromise;
}

/** True once the tokenizer was loaded (lets a test prove that activation did not load it). */
export function isTokenCounterLoaded(): boolean {
  return counterPromise !== undefined;
}

/** Tokens of one message: framing, text parts, images, and the tool calls it carries. */
export function countMessageTokens(message: ChatCompletionMessageParam, count: TokenCounter): number {
  const content = (message as { content?: unknown }).content;
  let tokens = TOKENS_PER_MESSAGE;
  if (typeof content === 'string') {
    tokens += count(content);
  } else if (Array.isArray(content)) {
    for (const part of content as { type?: string; text?: string; refusal?: string }[]) {
      if (typeof part.text === 'string') tokens += count(part.text);
      else if (typeof part.refusal === 'string') tokens += count(part.refusal);
      else if (part.type === 'image_url') tokens += TOKENS_PER_IMAGE;
    }
  }
  const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
  if (toolCalls) tokens += count(JSON.stringify(toolCalls));
  return tokens;
}
