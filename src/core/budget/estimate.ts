// The pre-request cost estimate: prompt tokens (counted with gpt-tokenizer) × input price + max output × output
// price. It is a ceiling, not a forecast — every prompt token uncached, the whole output budget used — so a budget
// check errs on the side of asking. The tokenizer's tables are large: they are loaded on the first estimate, never
// when the extension starts.
import type { ChatRequest } from '../chat/types';
import { estimateCostUsd } from '../cost/cost';
import type { ModelInfo } from '../models/catalogue';
import { countMessageTokens, loadTokenCounter, REPLY_PRIMING_TOKENS, type TokenCounter } from '../tokens';

/** When neither the request nor the catalogue says how long the answer may be. */
const DEFAULT_MAX_OUTPUT_ESTIMATE = 4_096;

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
  maxOutputTokens: number;
  /** null when the model's price is unknown. */
  costUsd: number | null;
}

function maxOutputOf(request: ChatRequest, model: ModelInfo): number {
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
