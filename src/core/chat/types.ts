// Public shapes of `runChat`: the request (the SDK's own params), the hooks/options and the result.
// Options live in the same `hooks` object as the callbacks so `runChat(client, request, hooks?)` keeps the
// signature of the foundation issue while every policy (retries, timeouts, fallbacks) stays tunable per call.
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ApiError } from '../errors';

/** The SDK's chat-completion params without `stream`: runChat always streams (with usage). */
export type ChatRequest = Omit<ChatCompletionCreateParamsStreaming, 'stream'>;

export interface ChatToolCall {
  id: string;
  name: string;
  /** The raw JSON text of the arguments exactly as streamed (not parsed: the caller validates it). */
  arguments: string;
}

export interface ChatUsage {
  promptTokens: number;
  /** Part of promptTokens served from the prompt cache. */
  cachedTokens: number;
  /** Includes reasoningTokens (they are billed as output). */
  completionTokens: number;
  reasoningTokens: number;
}

export interface ChatResult {
  content: string;
  refusal?: string;
  toolCalls: ChatToolCall[];
  finishReason: string;
  usage?: ChatUsage;
  /** The model that answered, as the API names it (e.g. `gpt-4.1-mini-2025-04-14`). */
  model: string;
  /** The tier the response says it was served with (`default`, `flex`, `priority`…): what it is billed at. */
  serviceTier?: string;
  /** The model we asked for on the attempt that answered: differs from `request.model` when a fallback was used. */
  requestedModel: string;
  requestId?: string;
  /** Every HTTP attempt made, across retries and fallback models (1 when the first try answered). */
  attempts: number;
  /** From the call of runChat to the first content (or refusal/tool-call) delta, retries and waits included. */
  timeToFirstTokenMs?: number;
  /** From the call of runChat to the end of the stream, retries and waits included. */
  latencyMs: number;
}

export interface RetryOptions {
  /** Total attempts per model, first try included (default 5). 1 turns retrying off. */
  maxAttempts: number;
  /** First backoff wait (default 1000 ms); doubles each retry. */
  baseDelayMs: number;
  /** Cap of a backoff wait (default 32 000 ms). */
  maxDelayMs: number;
  /** Relative jitter: each wait is base·2^n·(1 ± jitter) (default 0.2). */
  jitter: number;
  /** A retry-after longer than this is not waited for: the error is thrown at once (default 60 000 ms). */
  maxRetryAfterMs: number;
}

export interface TimeoutOptions {
  /** From sending the request to the first content/refusal/tool-call delta (default 30 000 ms). 0 = off. */
  firstByteMs: number;
  /** Longest silence between two chunks once the answer started (default 30 000 ms). 0 = off. */
  idleMs: number;
  /** One whole attempt, headers to last chunk (default 120 000 ms). 0 = off. */
  totalMs: number;
}

export interface ChatOptions {
  /** Partial overrides of the retry policy, or `false` for a single attempt. */
  retry?: Partial<RetryOptions> | false;
  /** Partial overrides of the timeouts, or `false` for none (only the signal ends the request). */
  timeouts?: Partial<TimeoutOptions> | false;
  /** Models tried in order after `request.model` fails for good on a server error/overload or an unknown model. */
  fallbackModels?: readonly string[];
  /**
   * Check the content as JSON when `response_format` asks for JSON and the model finished normally; invalid JSON
   * rejects with kind `invalid_output` (default true).
   */
  validateJson?: boolean;
  /** Injectable wait (tests): must reject or resolve early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable randomness for the jitter, in [0, 1). */
  random?: () => number;
  /** Injectable clock for the result's timings (ms). */
  now?: () => number;
}

export interface ChatCallbacks {
  signal?: AbortSignal;
  /** Every content delta, in order. Not called for refusal or tool-call deltas. */
  onDelta?: (text: string) => void;
  /** The first SSE chunk of an attempt arrived (the connection works). */
  onFirstByte?: (attempt: number) => void;
  /**
   * Awaited before each attempt is sent (the Workbench's pacing gate); rejecting (an abort) ends the call. The
   * attempt's timeouts start after it.
   */
  beforeAttempt?: (attempt: number, signal?: AbortSignal) => Promise<void>;
  /** An attempt is about to be sent (1-based over the whole call). */
  onAttempt?: (attempt: number, model: string) => void;
  /** Attempt `attempt` failed with `error`; the next one starts after `delayMs`. */
  onRetry?: (attempt: number, delayMs: number, error: ApiError) => void;
  /** A fallback model is used from now on because the previous one failed with `error`. */
  onModel?: (model: string, error: ApiError) => void;
}

export type ChatHooks = ChatCallbacks & ChatOptions;
