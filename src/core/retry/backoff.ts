// Backoff waits and the server's retry-after hints. Pure functions plus the one real sleep, so tests can
// inject their own sleep/random and check every wait without waiting.

/** Exponential backoff with jitter: base·2^(retry−1), capped, then scaled by a factor in [1−jitter, 1+jitter). */
export function backoffDelayMs(
  retry: number,
  opts: { baseDelayMs: number; maxDelayMs: number; jitter: number },
  random: () => number,
): number {
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const factor = 1 - opts.jitter + 2 * opts.jitter * random();
  return Math.max(0, Math.min(opts.maxDelayMs, Math.round(exp * factor)));
}

/** Header reader that works for the fetch `Headers` class and for plain records. */
type HeaderSource = { get(name: string): string | null } | Record<string, string | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  return (headers as Record<string, string | undefined>)[name];
}

/**
 * The wait the server asked for, in ms: `retry-after-ms` (OpenAI's precise header) wins over `retry-after`
 * (seconds, or an HTTP date). Undefined when neither is present or parseable.
 */
export function retryAfterMsFromHeaders(
  headers: HeaderSource | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = header(headers, 'retry-after');
  if (ra === undefined || ra.trim() === '') return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(ra);
  if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  return undefined;
}

/** A real timer wait that ends early (rejecting with the signal's reason) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
