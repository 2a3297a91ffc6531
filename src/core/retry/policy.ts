// What is retried, how long to wait, and when a fallback model may take over. Decisions are made on
// our ApiError (kind/status/code), never on SDK classes, so every core call can share them.
import type { ApiError } from '../errors';
import type { RetryOptions, TimeoutOptions } from '../chat/types';
import { backoffDelayMs } from './backoff';

export const DEFAULT_RETRY: Readonly<RetryOptions> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 32_000,
  jitter: 0.2,
  maxRetryAfterMs: 60_000,
});

export const DEFAULT_TIMEOUTS: Readonly<TimeoutOptions> = Object.freeze({
  firstByteMs: 30_000,
  idleMs: 30_000,
  totalMs: 120_000,
});

/**
 * Flex requests may queue before they start: OpenAI advises a timeout of up to 15 minutes for them, so the first
 * byte and the whole attempt get that long (silence between chunks once it streams is still an error).
 */
export const FLEX_TIMEOUTS: Readonly<Partial<TimeoutOptions>> = Object.freeze({
  firstByteMs: 900_000,
  totalMs: 900_000,
});

/** Flex had no capacity (429 `resource_unavailable`): not a rate limit to wait out but a tier to leave. */
export function isFlexUnavailable(err: ApiError): boolean {
  return err.status === 429 && err.code === 'resource_unavailable';
}

export function resolveRetry(opt: Partial<RetryOptions> | false | undefined): RetryOptions {
  if (opt === false) return { ...DEFAULT_RETRY, maxAttempts: 1 };
  return { ...DEFAULT_RETRY, ...opt };
}

export function resolveTimeouts(opt: Partial<TimeoutOptions> | false | undefined): TimeoutOptions {
  if (opt === false) return { firstByteMs: 0, idleMs: 0, totalMs: 0 };
  return { ...DEFAULT_TIMEOUTS, ...opt };
}

/**
 * Retried: 408 (kind timeout), 409 (kind server), 429 rate limits, 5xx, network failures/resets and first-byte timeouts — but only while
 * nothing was shown to the caller (`hasOutput` false): a stream that broke after content is never restarted.
 * Never retried: insufficient_quota, 400, 401, 403, 404, content filter, invalid output, aborts.
 */
export function isRetryable(err: ApiError, hasOutput: boolean): boolean {
  if (hasOutput) return false;
  // The Workbench falls back to the default tier (when allowed) instead of hammering a full flex pool.
  if (isFlexUnavailable(err)) return false;
  switch (err.kind) {
    case 'rate_limit':
    case 'server':
    case 'network':
      return true;
    case 'timeout':
      // A silent server before any chunk, or the server's own 408; idle/total timeouts hit a running stream.
      return err.code === 'first_byte_timeout' || err.status === 408;
    default:
      return false;
  }
}

/**
 * The wait before retry number `retry` (1 = the first retry). The server's retry-after wins when given;
 * undefined means "do not retry": the server asked for longer than we are willing to wait.
 */
export function retryDelayMs(
  err: ApiError,
  retry: number,
  opts: RetryOptions,
  random: () => number,
): number | undefined {
  if (err.retryAfterMs !== undefined) {
    return err.retryAfterMs > opts.maxRetryAfterMs ? undefined : err.retryAfterMs;
  }
  return backoffDelayMs(retry, opts, random);
}

/** A fallback model is tried when the current one is down/overloaded (5xx) or does not exist for this key. */
export function allowsFallback(err: ApiError): boolean {
  if (err.kind === 'server') return true;
  return err.kind === 'not_found' && (err.code === 'model_not_found' || err.code === undefined);
}
