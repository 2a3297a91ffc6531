// The pre-request cost estimate: prompt tokens (counted with gpt-tokenizer) × input price + max output × output
// price. It is a ceiling, not a forecast — every prompt token uncached, the whole output budget used — so a budget
// check errs on the side of asking. The tokenizer's tables are large: they are loaded on the first estimate, never
// when the extension starts.
import type { ChatRequest } from '../chat/types';
import { estimateCostUsd } from '../cost/cost';
import type { ModelInfo } from '../models/catalogue';

export type TokenCounter = (text: string) => number;

/** Per-message framing tokens and the reply priming, as OpenAI's cookbook counts them. */
const TOKENS_PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
/** An image costs 85–1,105 tokens by size and detail; we take a high-detail 1024² image, a fair ceiling. */
const TOKENS_PER_IMAGE = 765;
/** When neither the request nor the catalogue says how long the answer may be. */
export const DEFAULT_MAX_OUTPUT_ESTIMATE = 4_096;

let counterPromise: Promise<TokenCounter> | undefined;

/** gpt-tokenizer's o200k_base (the encoding of the 4o, 4.1 and o-series families), imported on first use. */
export function loadTokenCounter(): Promise<TokenCounter> {
  // A require deferred to the first call (not a top-level import): the package's `./cjs/*` export only has a
  // `require` condition, so an ESM import() of it would fail under tsx, while this works in tests and the bundle.
  counterPromise ??= Promise.resolve().then(() => {
    const m =
      require('gpt-tokenizer/cjs/encoding/o200k_base') as typeof import('gpt-tokenizer/cjs/encoding/o200k_base');
    return (text: string) => m.countTokens(text);
  });
  return counterPromise;
}

function partsOf(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  let text = '';
  let images = 0;
  if (Array.isArray(content)) {
    for (const part of content as { type?: string; text?: string; refusal?: string }[]) {
      if (typeof part.text === 'string') text += part.text;
      else if (typeof part.refusal === 'string') text += part.refusal;
      else if (part.type === 'image_url') images++;
    }
  }
  return { text, images };
}

/** Prompt tokens of a chat request: messages, tool calls, tool definitions and a JSON schema all count. */
export function countRequestTokens(
  request: Pick<ChatRequest, 'messages' | 'tools' | 'response_format'>,
  count: TokenCounter,
): number {
  let tokens = REPLY_PRIMING;
  for (const m of request.messages) {
    const { text, images } = partsOf((m as { content?: unknown }).content);
    tokens += TOKENS_PER_MESSAGE + count(text) + images * TOKENS_PER_IMAGE;
    const toolCalls = (m as { tool_calls?: unknown }).tool_calls;
    if (toolCalls) tokens += count(JSON.stringify(toolCalls));
  }
  if (request.tools?.length) tokens += count(JSON.stringify(request.tools));
  if (request.response_format?.type === 'json_schema')
    tokens += count(JSON.stringify(request.response_format.json_schema));
  return tokens;
}

export interface RequestEstimate {
  promptTokens: number;
  maxOutputTokens: number;
  /** null when the model's price is unknown. */
  costUsd: number | null;
}

export function maxOutputOf(request: ChatRequest, model: ModelInfo): number {
  return (
    request.max_completion_tokens ??
    request.max_tokens ??
    model.maxOutputTokens ??
    DEFAULT_MAX_OUTPUT_ESTIMATE
  );
}

export async function estimateRequest(
  request: ChatRequest,
  model: ModelInfo,
  counter?: TokenCounter,
): Promise<RequestEstimate> {
  const count = counter ?? (await loadTokenCounter());
  const promptTokens = countRequestTokens(request, count);
  const maxOutputTokens = maxOutputOf(request, model);
  return {
    promptTokens,
    maxOutputTokens,
    costUsd: estimateCostUsd(promptTokens, maxOutputTokens, model.price),
  };
}
