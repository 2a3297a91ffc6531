// Calls to the payment provider are retried on 429 and 5xx with exponential backoff and jitter.

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await call();
    } catch (err) {
      lastError = err;
      const status = (err as { status?: number }).status ?? 0;
      if (status !== 429 && status < 500) throw err;
      const delay = options.baseDelayMs * 2 ** attempt * (0.5 + Math.random());
      await sleep(Math.min(delay, 30000));
    }
  }
  throw lastError;
}
