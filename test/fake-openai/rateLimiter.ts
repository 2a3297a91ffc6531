// A per-window rate limiter like the API's: N requests and T tokens per window. Every answer then carries the real
// `x-ratelimit-*` figures of the window (limit, remaining, time to reset), and a request past the limit gets a 429
// `rate_limit_exceeded` with `retry-after` (seconds) and `retry-after-ms`. Asked for with the `rateLimit` start-up
// option or, on the first request that carries it, the header `x-fake-rate-limit: requests=N;tokens=T;window=MS`.

export interface RateLimitConfig {
  requests: number;
  /** Default: no token limit (a large number is reported). */
  tokens?: number;
  windowMs: number;
}

export const RATE_LIMIT_HEADER = 'x-fake-rate-limit';
const NO_TOKEN_LIMIT = 30_000_000;

export function parseRateLimit(text: string): RateLimitConfig | undefined {
  const params = new Map(
    text.split(';').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), Number(p.slice(i + 1))] as const;
    }),
  );
  const requests = params.get('requests');
  const windowMs = params.get('window');
  if (!requests || !windowMs || !(requests > 0) || !(windowMs > 0)) return undefined;
  const tokens = params.get('tokens');
  return { requests, windowMs, ...(tokens && tokens > 0 ? { tokens } : {}) };
}

export class WindowLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private usedRequests = 0;
  private usedTokens = 0;
  /** Requests refused because the window was used up (not injected faults). */
  refused = 0;
  admitted = 0;

  constructor(
    readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request of about `tokens` tokens; false when the window has no room left for it. */
  take(tokens: number): boolean {
    this.roll();
    const tokenLimit = this.config.tokens ?? NO_TOKEN_LIMIT;
    if (this.usedRequests >= this.config.requests || this.usedTokens + tokens > tokenLimit) {
      this.refused++;
      return false;
    }
    this.usedRequests++;
    this.usedTokens += tokens;
    this.admitted++;
    return true;
  }

  /** The window's figures as the API sends them, at this moment. */
  headers(): Record<string, string> {
    this.roll();
    const resetMs = String(Math.max(1, Math.ceil(this.windowStart + this.config.windowMs - this.now())));
    const tokenLimit = this.config.tokens ?? NO_TOKEN_LIMIT;
    return {
      'x-ratelimit-limit-requests': String(this.config.requests),
      'x-ratelimit-remaining-requests': String(Math.max(0, this.config.requests - this.usedRequests)),
      'x-ratelimit-reset-requests': `${resetMs}ms`,
      'x-ratelimit-limit-tokens': String(tokenLimit),
      'x-ratelimit-remaining-tokens': String(Math.max(0, tokenLimit - this.usedTokens)),
      'x-ratelimit-reset-tokens': `${resetMs}ms`,
    };
  }

  /** The 429's wait: until the window resets. */
  retryAfterMs(): number {
    this.roll();
    return Math.max(1, Math.ceil(this.windowStart + this.config.windowMs - this.now()));
  }

  private roll(): void {
    const now = this.now();
    if (now >= this.windowStart + this.config.windowMs) {
      this.windowStart = now;
      this.usedRequests = 0;
      this.usedTokens = 0;
    }
  }
}

/** About how many tokens a request spends of the token limit, as the API counts it: prompt + max output. */
export function tokensOf(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 0;
  const b = body as {
    messages?: unknown;
    input?: unknown;
    max_tokens?: unknown;
    max_completion_tokens?: unknown;
  };
  const text = JSON.stringify(b.messages ?? b.input ?? '');
  const maxOut = Number(b.max_completion_tokens ?? b.max_tokens ?? 0) || 0;
  return Math.ceil(text.length / 4) + maxOut;
}
