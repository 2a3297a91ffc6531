// The Workbench's scheduler, one per endpoint: a bounded number of requests in flight (interactive ones served
// first), and pacing from the API's own rate-limit headers, so bulk work slows down before it meets a 429.
//
// Two gates. A request holds a *slot* for its whole life (retries and their waits included): that bounds what is
// in flight. Each HTTP *attempt* then passes the *pacing gate*, which holds it while the last answer said the
// window is used up (remaining requests or tokens, counting what we sent since that answer) or while a 429's
// retry-after runs. Answers are observed at the fetch level (`observingFetch`), so every SDK call through the
// Workbench's client — chat, moderation, models, embeddings, files — feeds the same picture.
import { readRateLimits, type HeaderSource, type RateLimitReading } from './rateLimits';

export type RequestPriority = 'interactive' | 'background';

/** The clock and timers the scheduler waits with; tests pass a fake one. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  /** Requests in flight at once on this endpoint (read on every decision, so a settings change applies). */
  maxConcurrent: () => number;
  /** false: bound concurrency only and ignore the headers (the bench's baseline). Default true. */
  pacing?: boolean;
  clock?: SchedulerClock;
}

export const DEFAULT_MAX_CONCURRENT = 8;
/** How long the first attempt to an endpoint goes alone at most, waiting for the limits its answer will tell. */
const PROBE_WAIT_MS = 2_000;

const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Waiter {
  rank: number;
  order: number;
  tokens: number;
  resolve(): void;
  reject(err: unknown): void;
  detach(): void;
}

/** One dimension (requests or tokens) as the newest observed answer left it. */
interface Window {
  remaining: number;
  resetAt: number;
  /** The dimension's full budget, when the API says (`x-ratelimit-limit-*`). */
  limit?: number;
  /** The longest reset the API announced: how long a fresh window lasts, at most. */
  span: number;
  /** Set on a window renewed without an answer in between: it counts only the sends admitted after this many. */
  since?: number;
  /** Renewed (not read from an answer): a second renewal with no answer in between gives up on the unanswered. */
  renewed?: boolean;
}

const RANK: Record<RequestPriority, number> = { interactive: 0, background: 1 };

export class RequestScheduler {
  private inFlight = 0;
  private readonly slotQueue: Waiter[] = [];
  private readonly sendQueue: Waiter[] = [];
  private order = 0;
  private readonly clock: SchedulerClock;
  private readonly pacing: boolean;
  // Pacing state. Attempts are numbered in the order they pass the gate (`admitted`) and, at the fetch, in the
  // order they are sent (`sent`); the two agree because every attempt passes the gate right before it is sent.
  private admitted = 0;
  private sent = 0;
  private admittedTokens = 0;
  private readonly tokensAtAdmission = new Map<number, number>();
  private observedSeq = 0;
  private tokensAtObserved = 0;
  private requests?: Window;
  private tokens?: Window;
  private blockedUntil = 0;
  // Until the endpoint has answered once, one attempt goes first, so the first burst of bulk work is sent knowing
  // the limits. An attempt that never reaches the network must not hold the others back for long.
  private answeredOnce = false;
  private probeSentAt: number | undefined;
  private timer?: { handle: unknown; at: number };

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock;
    this.pacing = options.pacing !== false;
  }

  /** Waits for a slot; resolves with its release (call it exactly once, when the request is over). */
  async acquire(priority: RequestPriority, signal?: AbortSignal): Promise<() => void> {
    await this.enqueue(this.slotQueue, priority, 0, signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.pump();
    };
  }

  /** Waits until one attempt carrying about `tokens` tokens may be sent. */
  async admit(priority: RequestPriority, tokens: number, signal?: AbortSignal): Promise<void> {
    if (!this.pacing) return;
    await this.enqueue(this.sendQueue, priority, tokens, signal);
  }

  /** A fetch that numbers each send and feeds every answer's rate-limit headers to the pacing. */
  observingFetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const seq = ++this.sent;
      let response: Response;
      try {
        response = await inner(input, init);
      } catch (err) {
        this.answered();
        throw err;
      }
      this.observe(seq, response.headers);
      return response;
    };
  }

  /** The answer to send number `seq` arrived with these headers. */
  observe(seq: number, headers: HeaderSource): void {
    const now = this.clock.now();
    const reading = readRateLimits(headers, now);
    if (!reading) return this.answered();
    this.answeredOnce = true;
    if (reading.retryAfterMs !== undefined) {
      this.blockedUntil = Math.max(this.blockedUntil, now + reading.retryAfterMs);
    }
    // An older answer arriving late says less than the one already seen.
    if (seq > this.observedSeq) {
      this.observedSeq = seq;
      this.tokensAtObserved = this.tokensAtAdmission.get(seq) ?? this.admittedTokens;
      for (const k of this.tokensAtAdmission.keys()) if (k <= seq) this.tokensAtAdmission.delete(k);
      this.requests =
        windowOf(
          reading.remainingRequests,
          reading.resetRequestsMs,
          reading.limitRequests,
          now,
          this.requests,
        ) ?? this.requests;
      this.tokens =
        windowOf(reading.remainingTokens, reading.resetTokensMs, reading.limitTokens, now, this.tokens) ??
        this.tokens;
    }
    this.pump();
  }

  /** An attempt ended without rate-limit figures (no headers, or no answer at all). */
  private answered(): void {
    this.answeredOnce = true;
    this.pump();
  }

  /** For tests and the status: what is in flight and waiting. */
  get state(): { inFlight: number; waitingForSlot: number; waitingToSend: number } {
    return {
      inFlight: this.inFlight,
      waitingForSlot: this.slotQueue.length,
      waitingToSend: this.sendQueue.length,
    };
  }

  private enqueue(queue: Waiter[], priority: RequestPriority, tokens: number, signal?: AbortSignal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = (): void => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(abortError(signal));
        this.pump();
      };
      const waiter: Waiter = {
        rank: RANK[priority],
        order: this.order++,
        tokens,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    const max = Math.max(1, Math.floor(this.options.maxConcurrent()));
    while (this.inFlight < max && this.slotQueue.length > 0) {
      const w = takeBest(this.slotQueue);
      this.inFlight++;
      w.detach();
      w.resolve();
    }
    while (this.sendQueue.length > 0) {
      const head = this.sendQueue[bestIndex(this.sendQueue)]!;
      const wait = this.waitFor(head.tokens);
      if (wait > 0) return this.wakeIn(wait);
      takeBest(this.sendQueue);
      if (!this.answeredOnce) this.probeSentAt ??= this.clock.now();
      this.admitted++;
      this.admittedTokens += head.tokens;
      this.tokensAtAdmission.set(this.admitted, this.admittedTokens);
      head.detach();
      head.resolve();
    }
  }

  /** How long an attempt of `tokens` tokens must wait now (0 = send). */
  private waitFor(tokens: number): number {
    const now = this.clock.now();
    if (this.blockedUntil > now) return this.blockedUntil - now;
    if (!this.answeredOnce && this.probeSentAt !== undefined) {
      const left = this.probeSentAt + PROBE_WAIT_MS - now;
      if (left > 0) return left;
    }
    this.requests = renewed(this.requests, now, this.admitted);
    this.tokens = renewed(this.tokens, now, this.admittedTokens);
    const unansweredRequests = this.admitted - Math.max(this.observedSeq, this.requests?.since ?? 0);
    if (this.requests && this.requests.remaining - Math.max(0, unansweredRequests) <= 0) {
      return this.requests.resetAt - now;
    }
    const unansweredTokens = this.admittedTokens - Math.max(this.tokensAtObserved, this.tokens?.since ?? 0);
    if (this.tokens && this.tokens.remaining - Math.max(0, unansweredTokens) < tokens) {
      return this.tokens.resetAt - now;
    }
    return 0;
  }

  private wakeIn(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.timer && this.timer.at <= at) return;
    if (this.timer) this.clock.clearTimeout(this.timer.handle);
    const handle = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
    this.timer = { handle, at };
  }
}

function windowOf(
  remaining: number | undefined,
  resetMs: number | undefined,
  limit: number | undefined,
  now: number,
  previous: Window | undefined,
): Window | undefined {
  if (remaining === undefined) return undefined;
  // Without a reset time, assume the API's shortest window rather than waiting forever.
  const reset = resetMs ?? 1_000;
  return {
    remaining,
    resetAt: now + reset,
    ...(limit !== undefined ? { limit } : {}),
    span: Math.max(reset, previous?.span ?? 0),
  };
}

/**
 * A window whose reset time has passed. With a known limit the next one starts full; what was sent and not yet
 * answered still counts against it (it may reach the server after its window turned) — unless a whole window went
 * by without any answer, when those sends are taken as lost and only what is sent from now on (`sent`, requests or
 * tokens admitted so far) counts. Without a limit the window says nothing any more, and until the next answer
 * only the slots bound the sending.
 */
function renewed(window: Window | undefined, now: number, sent: number): Window | undefined {
  if (!window || window.resetAt > now) return window;
  if (window.limit === undefined) return undefined;
  return {
    ...window,
    remaining: window.limit,
    resetAt: now + window.span,
    renewed: true,
    ...(window.renewed ? { since: sent } : {}),
  };
}

function bestIndex(queue: readonly Waiter[]): number {
  let best = 0;
  for (let i = 1; i < queue.length; i++) {
    const a = queue[i]!;
    const b = queue[best]!;
    if (a.rank < b.rank || (a.rank === b.rank && a.order < b.order)) best = i;
  }
  return best;
}

function takeBest(queue: Waiter[]): Waiter {
  return queue.splice(bestIndex(queue), 1)[0]!;
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const e = new Error('The request was cancelled while it waited for its turn.');
  e.name = 'AbortError';
  return e;
}

export type { RateLimitReading };
