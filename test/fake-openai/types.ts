// Shared types of the fake OpenAI server: the public contract (FAKE_CONTRACT.md) and what a route module sees.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchLimits } from './batchLines';
import type { BatchTimings, BatchWorld, FakeClock } from './batchWorld';
import type { Fault } from './faults';
import type { MultipartPart } from './multipart';
import type { PromptCache } from './promptCache';
import type { RateLimitConfig, WindowLimiter } from './rateLimiter';
import type { OpenApiSpec } from './spec';

export interface FakeOpenAIOptions {
  /** Default 0 = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: env OPENAI_OPENAPI_SPEC, else <repo>/../shared/openai-openapi/openapi.yaml; null = do not check. */
  specPath?: string | null;
  /** Default: env FAKE_OPENAI_LOG; appends one JSON line per request. */
  logFile?: string;
  /** A per-window rate limiter (see rateLimiter.ts): real x-ratelimit-* headers and 429s past the limit. */
  rateLimit?: RateLimitConfig;
  /** Seed of the `chance=P` fault parameter's randomness (default 1), so a faulty run is reproducible. */
  faultSeed?: number;
  /** No start-up banner and no per-violation stderr lines (the spec-absent warning is always printed). */
  quiet?: boolean;
  /** Batch phase lengths on the fake's clock; default env FAKE_OPENAI_BATCH_PHASE_MS (every phase), else 1–3 s. */
  batchTimings?: Partial<BatchTimings>;
  /** Per-input-file limits; default the API's (50,000 requests, 200 MB). Tests lower them to reach them. */
  batchLimits?: Partial<BatchLimits>;
  /**
   * Refuse to start when the spec cannot be loaded, instead of warning: the integration and UI suites set it, so a
   * missing spec fails them rather than letting every request pass unchecked.
   */
  requireSpec?: boolean;
  /** Default true: a request without a key (or with one containing "rejectme") gets 401. False = any or none. */
  checkKeys?: boolean;
  /**
   * The offline demo (`npm start -- --offline`): realistic answers derived from the request, streamed at a
   * human pace (`paceMs` between chunks, default 35). Never on in tests, which rely on the deterministic answers.
   */
  demo?: boolean | { paceMs?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Request headers, lower-case, without authorization and api-key. */
  headers: Record<string, string>;
  /** Which credential header the request carried (never its value): a key-less client sends none. */
  auth: 'bearer' | 'api-key' | 'none';
  /** The parsed JSON body, the raw text when it was not JSON, or null when there was none. */
  body: unknown;
  /** What the fake answered; 0 when it destroyed the socket before any response byte. */
  status: number;
  /**
   * The token usage the answer reported (chat completions), so a test can compare what the product shows. In
   * `requests` only: the log file's line is written with the status, before the answer ends.
   */
  usage?: unknown;
}

export interface FakeOpenAI {
  /** "http://127.0.0.1:PORT/v1" */
  baseURL: string;
  port: number;
  /** false when the spec file was absent (it then says so loudly on start). */
  specChecked: boolean;
  /** Every request received, authorization header removed. */
  requests: RecordedRequest[];
  /** The clock batches run on: `advance(ms)` moves every batch's lifecycle forward at once. */
  clock: FakeClock;
  /** The rate limiter, when one was asked for: how many requests it admitted and refused. */
  readonly rateLimit?: { admitted: number; refused: number };
  /** Clears requests, fault counters, the prompt-cache memory, files and batches. */
  reset(): void;
  /** Turns the offline demo's answers on (with their pause between chunks) or off, for the requests that follow. */
  setDemo(demo: FakeOpenAIOptions['demo']): void;
  close(): Promise<void>;
}

/** Mutable per-server state that routes may use. */
export interface ServerState {
  requests: RecordedRequest[];
  /** How many requests carried each exact fault spec since start/reset (for `times=N`). */
  faultCounts: Map<string, number>;
  promptCache: PromptCache;
  /** Requests answered since start, for the x-ratelimit-remaining-* headers. */
  served: number;
  /** Set when asked for (option or header): the headers then come from it, and it answers 429 past the limit. */
  limiter?: WindowLimiter;
  /** Randomness of `chance=P` faults (seeded). */
  random: () => number;
  /** Uploaded files and batches with their lifecycle. */
  batches: BatchWorld;
  /** Set in demo mode: the pause between stream chunks, in ms. */
  demoPaceMs?: number;
}

/** What a route handler gets for one request that passed auth, validation and the HTTP-level faults. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The URL path without the query, e.g. /v1/models/gpt-4.1. */
  path: string;
  /** Values of the `{name}` segments of the route pattern. */
  params: Record<string, string>;
  /** The parsed JSON body (null when empty); for uploads (multipart, octet-stream) the raw text. */
  body: unknown;
  /** The body's bytes as received (for multipart uploads). */
  rawBody: Buffer;
  /** The parts of a multipart/form-data body (already validated against the spec's multipart schema). */
  multipart?: MultipartPart[];
  /** The official spec, for routes that validate embedded requests (batch input lines); absent when not found. */
  spec?: OpenApiSpec;
  /** Faults that apply to this request (after `times=N` accounting) and were not handled generically. */
  faults: Fault[];
  state: ServerState;
  requestId: string;
  startedAt: number;
  /** Records the status (once) in `requests` and the log file; the http helpers call it. */
  recordStatus(status: number): void;
  /** Adds the usage the answer reports to this request's record. */
  recordUsage(usage: unknown): void;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below /v1 with `{name}` segments, e.g. '/models/{model}'. Also the spec's path key. */
  pattern: string;
  /** The text in which `[[fake:…]]` markers are looked for (chat: the last message). */
  markerText?(body: unknown): string;
  /** The model the request names, checked against the known models (unknown → 404 model_not_found). */
  model?(body: unknown, params: Record<string, string>): string | undefined;
  handle(ctx: RouteContext): Promise<void> | void;
}
