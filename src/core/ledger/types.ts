// One line of the request ledger: every request the extension makes (chat, tasks, embeddings, moderation, files,
// batches) and every cache hit. Nothing here can hold the key: no headers, no options, only figures and names.

export type LedgerOperation = 'chat' | 'embedding' | 'moderation' | 'file' | 'batch' | 'other';

export interface LedgerTokens {
  prompt: number;
  /** Part of `prompt` served from OpenAI's prompt cache (billed at the cached-input price). */
  cached: number;
  /** Includes `reasoning`. */
  completion: number;
  reasoning: number;
}

export interface LedgerEntry {
  /** ISO 8601 UTC time the request started. */
  time: string;
  /** The API's `x-request-id`; null for cache hits and requests that got no answer. */
  requestId: string | null;
  /** Base URL (credentials and query stripped) or `azure:<host>/<deployment>`. */
  endpoint: string;
  operation: LedgerOperation;
  /** The model that answered (or the one asked for, when none answered). */
  model: string;
  /** Which feature made the request (`chat`, `task.explain`, …): the Show Usage grouping. */
  feature: string;
  status: 'ok' | 'error';
  /** HTTP status of the final attempt, when there was one. */
  httpStatus?: number;
  attempts: number;
  tokens: LedgerTokens;
  /** Time to first token; null when none arrived or for non-streamed operations. */
  ttftMs: number | null;
  latencyMs: number;
  /** USD, cached-input and batch discounts applied; null when the model's price is unknown. */
  costUsd: number | null;
  cacheHit: boolean;
  batch?: boolean;
  /** The tier the API served the request with, when not the standard one (`flex`, `priority`): its price applies. */
  serviceTier?: string;
  /** ApiError kind when status is `error` (`client` when our own callback failed). */
  errorKind?: string;
  /** The chat turn a tool round belongs to, and which round of it (1-based). */
  turnId?: string;
  round?: number;
}

export const ZERO_LEDGER_TOKENS: Readonly<LedgerTokens> = Object.freeze({
  prompt: 0,
  cached: 0,
  completion: 0,
  reasoning: 0,
});

/** `ledger-2026-11.jsonl`: months are UTC months, like OpenAI's usage page. */
export function monthKey(time: Date | string): string {
  return new Date(time).toISOString().slice(0, 7);
}

/** `2026-11-26`: UTC day. */
export function dayKey(time: Date | string): string {
  return new Date(time).toISOString().slice(0, 10);
}

export function ledgerFileName(month: string): string {
  return `ledger-${month}.jsonl`;
}

/**
 * A printable endpoint: origin + path only. Userinfo (`https://user:pass@…`) and query strings (`?api-key=…`)
 * can carry credentials, so they never reach the ledger or the log.
 */
export function endpointLabel(baseURL: string): string {
  try {
    const u = new URL(baseURL);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'custom';
  }
}

/** One human line for the log channel mirror. */
export function formatLedgerLine(e: LedgerEntry): string {
  const cost = e.costUsd === null ? 'cost unknown' : `$${e.costUsd.toFixed(6)}`;
  const t = e.tokens;
  const parts = [
    e.operation,
    e.model,
    `feature=${e.feature}`,
    e.status === 'ok' ? 'ok' : `error=${e.errorKind ?? 'unknown'}${e.httpStatus ? `(${e.httpStatus})` : ''}`,
    `attempts=${e.attempts}`,
    `tokens=${t.prompt}+${t.completion} cached=${t.cached} reasoning=${t.reasoning}`,
    cost,
    e.ttftMs === null ? '' : `ttft=${Math.round(e.ttftMs)}ms`,
    `latency=${Math.round(e.latencyMs)}ms`,
    e.cacheHit ? 'cache-hit' : '',
    e.requestId ?? '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
