// The pre-request cost estimate: prompt tokens (counted with gpt-tokenizer) × input price + expected output ×
// output price. Every prompt token counts as uncached, so the check errs on the side of asking. The output is the
// request's own cap when it sets one; otherwise the feature's typical answer — the median of that feature and model
// in the ledger — or, before there is history, a stated default (never the model's whole maximum output, which
// would make every budget warn far too early). The estimate says which it assumed. The tokenizer's tables are
// large: they are loaded on the first estimate, never when the extension starts.
import type { ChatRequest } from '../chat/types';
import { estimateCostUsd } from '../cost/cost';
import type { ModelInfo } from '../models/catalogue';
import { countMessageTokens, loadTokenCounter, REPLY_PRIMING_TOKENS, type TokenCounter } from '../tokens';

/** The answer length assumed for a feature and model with no history in the ledger yet. */
export const DEFAULT_TYPICAL_OUTPUT_TOKENS = 1_000;

/** Prompt tokens of a chat request: messages, tool calls, tool definitions and a JSON schema all count. */
export function countRequestTokens(
  request: Pick<ChatRequest, 'messages' | 'tools' | 'response_format'>,
  count: TokenCounter,
): number {
  let tokens = REPLY_PRIMING_TOKENS;
  for (const m of request.messages) tokens += countMessageTokens(m, count);
  if (request.tools?.length) tokens += count(JSON.stringify(request.tools));
  if (request.response_format?.type === 'json_schema')
    tokens += count(JSON.stringify(request.response_format.json_schema));
  return tokens;
}

export interface RequestEstimate {
  promptTokens: number;
  /** The output tokens the cost assumes (see `outputBasis` for why this many). */
  maxOutputTokens: number;
  /** What the output figure is, in words for the warning: "the request's cap", "the median answer of …". */
  outputBasis?: string;
  /** null when the model's price is unknown. */
  costUsd: number | null;
}

/** Completion tokens of earlier answers of the same feature and model (from the ledger), for the typical answer. */
export interface OutputHistory {
  feature: string;
  completionTokens: readonly number[];
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The output tokens an estimate assumes, and the words that say why. */
export function expectedOutput(
  request: ChatRequest,
  model: ModelInfo,
  history?: OutputHistory,
): { tokens: number; basis: string } {
  const cap = request.max_completion_tokens ?? request.max_tokens;
  if (cap != null) return { tokens: cap, basis: `the request's cap of ${cap} output tokens` };
  const limit = model.maxOutputTokens ?? Number.POSITIVE_INFINITY;
  const past = history?.completionTokens.filter((t) => t > 0) ?? [];
  if (history && past.length > 0) {
    const median = Math.min(limit, medianOf(past));
    const n = past.length;
    return {
      tokens: median,
      basis: `${median} output tokens, the median answer of ${history.feature} on ${request.model} (${n} earlier request${n === 1 ? '' : 's'})`,
    };
  }
  const tokens = Math.min(limit, DEFAULT_TYPICAL_OUTPUT_TOKENS);
  return {
    tokens,
    basis: `${tokens} output tokens, a typical answer (no history yet for this feature and model)`,
  };
}

export async function estimateRequest(
  request: ChatRequest,
  model: ModelInfo,
  counter?: TokenCounter,
  history?: OutputHistory,
): Promise<RequestEstimate> {
  const count = counter ?? (await loadTokenCounter());
  const promptTokens = countRequestTokens(request, count);
  const output = expectedOutput(request, model, history);
  return {
    promptTokens,
    maxOutputTokens: output.tokens,
    outputBasis: output.basis,
    costUsd: estimateCostUsd(promptTokens, output.tokens, model.price),
  };
}
