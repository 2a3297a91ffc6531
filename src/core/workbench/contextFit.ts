// The context-window stage: a conversation is fitted to the model it actually goes to, which is only known once
// `auto` has been routed — so it runs in the Workbench, right after the request builder.
import type { ChatRequest } from '../chat/types';
import { trimToContextWindow } from '../chat/contextWindow';
import type { ModelInfo } from '../models/catalogue';
import { loadTokenCounter } from '../tokens';

/** Context window and output room of a model; unknown models get a conservative 128k / 4k. */
export function contextOf(info: ModelInfo): { contextWindow: number; reserveForOutput: number } {
  return {
    contextWindow: info.contextWindow ?? 128_000,
    reserveForOutput: Math.min(info.maxOutputTokens ?? 4_096, 16_384),
  };
}

export async function fitToContext(
  request: ChatRequest,
  info: ModelInfo,
): Promise<{ request: ChatRequest; leftOutTurns: number }> {
  // Loaded on the first conversation request, never at activation.
  const count = await loadTokenCounter();
  const trimmed = trimToContextWindow(request.messages, { ...contextOf(info), count });
  return { request: { ...request, messages: trimmed.messages }, leftOutTurns: trimmed.leftOutTurns };
}
