// Ledger entries from what a call produced: a ChatResult, an ApiError, a cache hit. Costs come from the catalogue
// price of the model that answered (a fallback model bills at its own price), cached-input discount included.
import type { ChatResult } from '../chat/types';
import { computeCostUsd } from '../cost/cost';
import { ApiError } from '../errors';
import { priceForTier, tierOfServed, type ModelCatalogue } from '../models/catalogue';
import { ZERO_LEDGER_TOKENS, type LedgerEntry, type LedgerOperation } from './types';

export interface EntryContext {
  /** When the request started (ms since epoch). */
  startedAt: number;
  endpoint: string;
  feature: string;
  operation?: LedgerOperation;
  catalogue: ModelCatalogue;
  batch?: boolean;
}

/**
 * Priced by how the request was served: a batch line at the batch price, an interactive request at the price of the
 * tier the response names (flex, priority), which may differ from the one asked for.
 */
export function entryFromResult(result: ChatResult, ctx: EntryContext): LedgerEntry {
  const u = result.usage;
  const tier = ctx.batch ? 'batch' : tierOfServed(result.serviceTier);
  const price = priceForTier(ctx.catalogue.get(result.model), tier);
  const entry: LedgerEntry = {
    time: new Date(ctx.startedAt).toISOString(),
    requestId: result.requestId ?? null,
    endpoint: ctx.endpoint,
    operation: ctx.operation ?? 'chat',
    model: result.model,
    feature: ctx.feature,
    status: 'ok',
    httpStatus: 200,
    attempts: result.attempts,
    tokens: u
      ? {
          prompt: u.promptTokens,
          cached: u.cachedTokens,
          completion: u.completionTokens,
          reasoning: u.reasoningTokens,
        }
      : { ...ZERO_LEDGER_TOKENS },
    ttftMs: result.timeToFirstTokenMs ?? null,
    latencyMs: result.latencyMs,
    // A server that reports no usage (some OpenAI-compatible ones) leaves the cost unknown, not $0.
    costUsd: u ? computeCostUsd(u, price) : null,
    cacheHit: false,
  };
  if (ctx.batch) entry.batch = true;
  if (tier === 'flex' || tier === 'priority') entry.serviceTier = tier;
  return entry;
}

/**
 * A failed or stopped request that got no usage: $0 with its error, since there is no token count to bill (the
 * error says what happened). The cost is unknown ("unpriced") only when the model's price is.
 */
export function entryFromError(err: unknown, model: string, endedAt: number, ctx: EntryContext): LedgerEntry {
  const api = err instanceof ApiError ? err : undefined;
  return {
    time: new Date(ctx.startedAt).toISOString(),
    requestId: api?.requestId ?? null,
    endpoint: ctx.endpoint,
    operation: ctx.operation ?? 'chat',
    model: api?.model ?? model,
    feature: ctx.feature,
    status: 'error',
    ...(api?.status !== undefined ? { httpStatus: api.status } : {}),
    attempts: api?.attempts ?? 1,
    tokens: { ...ZERO_LEDGER_TOKENS },
    ttftMs: null,
    latencyMs: endedAt - ctx.startedAt,
    costUsd: ctx.catalogue.get(api?.model ?? model).price ? 0 : null,
    cacheHit: false,
    errorKind: api?.kind ?? 'client',
  };
}

/** A moderation request: free when the model's price is known (omni-moderation is $0), else unknown. */
export function entryFromModeration(
  result: { model: string; requestId?: string; latencyMs: number },
  ctx: EntryContext,
): LedgerEntry {
  return {
    time: new Date(ctx.startedAt).toISOString(),
    requestId: result.requestId ?? null,
    endpoint: ctx.endpoint,
    operation: 'moderation',
    model: result.model,
    feature: ctx.feature,
    status: 'ok',
    httpStatus: 200,
    attempts: 1,
    tokens: { ...ZERO_LEDGER_TOKENS },
    ttftMs: null,
    latencyMs: result.latencyMs,
    costUsd: ctx.catalogue.get(result.model).price ? 0 : null,
    cacheHit: false,
  };
}

/** A cache hit: no request was made, so $0, no tokens and no request id. */
export function entryForCacheHit(model: string, latencyMs: number, ctx: EntryContext): LedgerEntry {
  return {
    time: new Date(ctx.startedAt).toISOString(),
    requestId: null,
    endpoint: ctx.endpoint,
    operation: ctx.operation ?? 'chat',
    model,
    feature: ctx.feature,
    status: 'ok',
    attempts: 0,
    tokens: { ...ZERO_LEDGER_TOKENS },
    ttftMs: latencyMs,
    latencyMs,
    costUsd: 0,
    cacheHit: true,
  };
}
