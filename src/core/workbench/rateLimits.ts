// What the API says about its rate limits on every answer: `x-ratelimit-limit-*`, `-remaining-*` and `-reset-*`
// for requests and tokens, plus `retry-after(-ms)` on a 429. Read here once, so the scheduler paces on plain numbers.
import { retryAfterMsFromHeaders } from '../retry/backoff';

/** Header reader that works for the fetch `Headers` class and for plain records. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | undefined>;

export interface RateLimitReading {
  limitRequests?: number;
  remainingRequests?: number;
  /** How long until the request budget is full again, from when the answer arrived. */
  resetRequestsMs?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensMs?: number;
  /** A 429's (or 503's) wait. */
  retryAfterMs?: number;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  return (headers as Record<string, string | undefined>)[name];
}

function count(headers: HeaderSource, name: string): number | undefined {
  const raw = header(headers, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * OpenAI's reset durations: `20ms`, `1s`, `6m0s`, `1h2m3.5s`, `0.5s`. A bare number is seconds. Undefined when the
 * text is none of these.
 */
export function parseResetDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (s === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index !== consumed) return undefined;
    consumed = m.index + m[0].length;
    const v = Number(m[1]);
    total += m[2] === 'h' ? v * 3_600_000 : m[2] === 'm' ? v * 60_000 : m[2] === 's' ? v * 1000 : v;
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : undefined;
}

/** Undefined when the answer carries none of the headers (some compatible servers send none). */
export function readRateLimits(headers: HeaderSource, nowMs: number): RateLimitReading | undefined {
  const reading: RateLimitReading = {
    limitRequests: count(headers, 'x-ratelimit-limit-requests'),
    remainingRequests: count(headers, 'x-ratelimit-remaining-requests'),
    resetRequestsMs: parseResetDuration(header(headers, 'x-ratelimit-reset-requests')),
    limitTokens: count(headers, 'x-ratelimit-limit-tokens'),
    remainingTokens: count(headers, 'x-ratelimit-remaining-tokens'),
    resetTokensMs: parseResetDuration(header(headers, 'x-ratelimit-reset-tokens')),
    retryAfterMs: retryAfterMsFromHeaders(headers, nowMs),
  };
  for (const k of Object.keys(reading) as (keyof RateLimitReading)[]) {
    if (reading[k] === undefined) delete reading[k];
  }
  return Object.keys(reading).length > 0 ? reading : undefined;
}
