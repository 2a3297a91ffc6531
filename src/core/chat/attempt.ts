// One HTTP attempt of a streamed chat completion: sends the request, feeds every chunk to the accumulator and
// enforces the three timeouts (first byte, silence between chunks, whole attempt). Retrying is not done here.
//
// "First byte" means the first byte of the answer — the first content, refusal or tool-call delta — not the
// headers or the empty role chunk the API sends ahead: a server that accepted the request but produces nothing
// is what this timeout catches, and until then nothing was shown, so the attempt may be retried. After that,
// the silence (idle) timeout applies between any two chunks.
//
// The per-chunk cost matters (bench `sse.per_chunk_vs_sdk`): the only work per chunk besides the accumulator is
// one clock read. The silence watchdog is a single timer that, when it fires, re-arms itself for the time still
// left since the last chunk, instead of being reset on every chunk.
import { performance } from 'node:perf_hooks';
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ApiError } from '../errors';
import { formatDuration, ownApiError, toApiError, type ErrorContext } from '../errorMapping';
import type { ChatAccumulator } from './accumulator';
import type { TimeoutOptions } from './types';

export interface AttemptInput {
  client: OpenAI;
  body: ChatCompletionCreateParamsStreaming;
  acc: ChatAccumulator;
  timeouts: TimeoutOptions;
  signal?: AbortSignal;
  secrets: readonly string[];
  host?: string;
  onFirstChunk?: () => void;
}

/** setTimeout's ceiling; used as "no timeout" for the SDK's own header timer. */
const NO_TIMEOUT_MS = 2_147_483_647;

type TimeoutCode = 'first_byte_timeout' | 'idle_timeout' | 'total_timeout';

/** Resolves with the request id when the stream ended; rejects with an ApiError (or the caller's own error). */
export async function streamAttempt(input: AttemptInput): Promise<{ requestId?: string }> {
  const { acc, timeouts, signal } = input;
  const controller = new AbortController();
  let requestId: string | undefined;
  let timedOut: TimeoutCode | undefined;
  const ctx = (): ErrorContext => ({
    partial: acc.content(),
    model: input.body.model,
    requestId,
    secrets: input.secrets,
    host: input.host,
  });

  if (signal?.aborted) throw toApiError(signal.reason ?? abortError(), ctx());
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  const fire = (code: TimeoutCode): void => {
    if (controller.signal.aborted) return;
    timedOut = code;
    controller.abort();
  };
  let lastChunkAt = -1;
  let watchdog: NodeJS.Timeout | undefined;
  let answering = false;
  const watch = (): void => {
    if (!answering) return fire('first_byte_timeout');
    const left = lastChunkAt + timeouts.idleMs - performance.now();
    if (left <= 0) return fire('idle_timeout');
    watchdog = setTimeout(watch, left + 1);
  };
  if (timeouts.firstByteMs > 0) watchdog = setTimeout(watch, timeouts.firstByteMs);
  const total = timeouts.totalMs > 0 ? setTimeout(() => fire('total_timeout'), timeouts.totalMs) : undefined;

  try {
    const { data: stream, request_id } = await input.client.chat.completions
      .create(input.body, {
        signal: controller.signal,
        maxRetries: 0,
        // Ours fire first; the SDK's header timer is only a backstop.
        timeout: timeouts.totalMs > 0 ? timeouts.totalMs + 1_000 : NO_TIMEOUT_MS,
      })
      .withResponse();
    requestId = request_id ?? undefined;
    for await (const chunk of stream) {
      if (lastChunkAt < 0) input.onFirstChunk?.();
      lastChunkAt = performance.now();
      acc.add(chunk);
      if (!answering && acc.hasOutput) {
        // The first byte of the answer: from now on only silence between chunks is watched.
        answering = true;
        clearTimeout(watchdog);
        watchdog = timeouts.idleMs > 0 ? setTimeout(watch, timeouts.idleMs) : undefined;
      }
    }
    // The SDK ends the iteration quietly when its signal aborts: find out why.
    if (controller.signal.aborted) throw stopped(timedOut, timeouts, signal, ctx());
    return { requestId };
  } catch (err) {
    if (acc.callerError !== undefined) throw acc.callerError;
    if (controller.signal.aborted) throw stopped(timedOut, timeouts, signal, ctx());
    throw toApiError(err, ctx());
  } finally {
    clearTimeout(watchdog);
    clearTimeout(total);
    signal?.removeEventListener('abort', onAbort);
    // Leaves no socket behind when we stop reading early (timeouts, caller errors).
    if (!controller.signal.aborted) controller.abort();
  }
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

function stopped(
  code: TimeoutCode | undefined,
  t: TimeoutOptions,
  signal: AbortSignal | undefined,
  ctx: ErrorContext,
): ApiError {
  if (code === undefined || signal?.aborted) return toApiError(abortError(), ctx);
  switch (code) {
    case 'first_byte_timeout':
      return ownApiError(
        'timeout',
        code,
        `No answer from the API within ${formatDuration(t.firstByteMs)} for ${ctx.model} (first-byte timeout). ` +
          'Retry; if the model is slow to start (reasoning models), raise the first-byte timeout in the settings.',
        ctx,
      );
    case 'idle_timeout':
      return ownApiError(
        'timeout',
        code,
        `The answer stopped: no data for ${formatDuration(t.idleMs)} (stream idle timeout). What arrived is kept; ` +
          'retry to get the whole answer.',
        ctx,
      );
    case 'total_timeout':
      return ownApiError(
        'timeout',
        code,
        `The answer took longer than ${formatDuration(t.totalMs)} (request timeout). What arrived is kept; retry, or raise ` +
          'the request timeout in the settings.',
        ctx,
      );
  }
}
