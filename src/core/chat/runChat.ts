// runChat: one streamed chat completion with the core's production defaults — retries with backoff,
// three timeouts, an optional fallback chain — resolving to the accumulated message.
//
// Options travel in `hooks` next to the callbacks (see ChatHooks); everything is on by default and each policy
// can be tuned or turned off: `retry: false`, `timeouts: false`, `fallbackModels: []`, `validateJson: false`.
// Every failure rejects with an ApiError (attempts and model filled in), except an exception thrown by the
// caller's own onDelta, which is rethrown as is.
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { ApiError } from '../errors';
import { clientSecrets, ownApiError, toApiError } from '../errorMapping';
import { abortableSleep } from '../retry/backoff';
import { allowsFallback, isRetryable, resolveRetry, resolveTimeouts, retryDelayMs } from '../retry/policy';
import { ChatAccumulator } from './accumulator';
import { streamAttempt } from './attempt';
import type { ChatHooks, ChatRequest, ChatResult } from './types';

export async function runChat(
  client: OpenAI,
  request: ChatRequest,
  hooks: ChatHooks = {},
): Promise<ChatResult> {
  const retry = resolveRetry(hooks.retry);
  const timeouts = resolveTimeouts(hooks.timeouts);
  const sleep = hooks.sleep ?? abortableSleep;
  const random = hooks.random ?? Math.random;
  const now = hooks.now ?? Date.now;
  const secrets = clientSecrets(client);
  const host = apiHost(client);
  const startedAt = now();
  let firstTokenAt: number | undefined;
  const stampFirstToken = (): void => {
    firstTokenAt ??= now();
  };

  const models = [request.model, ...(hooks.fallbackModels ?? []).filter((m) => m !== request.model)];
  let attempts = 0;
  let lastError: ApiError | undefined;

  for (let m = 0; m < models.length; m++) {
    const model = models[m]!;
    if (m > 0) hooks.onModel?.(model, lastError!);
    const body = buildBody(request, model);
    for (let tryNo = 1; ; tryNo++) {
      if (hooks.beforeAttempt) {
        try {
          await hooks.beforeAttempt(attempts + 1, hooks.signal);
        } catch (err) {
          throw finalError(toApiError(err, { partial: '', model, secrets }), attempts, model);
        }
      }
      attempts++;
      hooks.onAttempt?.(attempts, model);
      const acc = new ChatAccumulator(hooks.onDelta, stampFirstToken);
      const attemptNo = attempts;
      try {
        const { requestId } = await streamAttempt({
          client,
          body,
          acc,
          timeouts,
          signal: hooks.signal,
          secrets,
          host,
          onFirstChunk: hooks.onFirstByte && (() => callerHook(acc, () => hooks.onFirstByte!(attemptNo))),
        });
        // A filtered, malformed or unfinished answer is a failure like any other (an unfinished one with no
        // output yet is even retried).
        const problem = checkFinished(acc, request, model, requestId, hooks.validateJson !== false, secrets);
        if (problem) throw problem;
        return buildResult(acc, model, requestId, attempts, startedAt, firstTokenAt, now());
      } catch (err) {
        if (!(err instanceof ApiError)) throw err; // the caller's own onDelta failed: not ours to map
        err.attempts = attempts;
        err.model = model;
        lastError = err;
        if (!isRetryable(err, acc.hasOutput) || tryNo >= retry.maxAttempts) break;
        const delay = retryDelayMs(err, tryNo, retry, random);
        if (delay === undefined) break;
        hooks.onRetry?.(attempts, delay, err);
        try {
          await sleep(delay, hooks.signal);
        } catch {
          throw finalError(
            toApiError(abortReason(), { partial: '', model, secrets, requestId: err.requestId }),
            attempts,
            model,
          );
        }
      }
    }
    if (!allowsFallback(lastError!)) break;
  }
  throw finalError(lastError!, attempts, lastError!.model ?? request.model);
}

/** Runs a caller's callback so that an exception from it ends the call unchanged, never mapped or retried. */
function callerHook(acc: ChatAccumulator, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    acc.callerError ??= err;
    throw err;
  }
}

function buildBody(request: ChatRequest, model: string): ChatCompletionCreateParamsStreaming {
  return {
    ...request,
    model,
    stream: true,
    stream_options: { ...(request.stream_options ?? {}), include_usage: true },
  };
}

/** Why a stream that ended normally still does not count as an answer; undefined when it does. */
function checkFinished(
  acc: ChatAccumulator,
  request: ChatRequest,
  model: string,
  requestId: string | undefined,
  validateJson: boolean,
  secrets: readonly string[],
): ApiError | undefined {
  const ctx = { partial: acc.content(), model, requestId, secrets };
  if (acc.finishReason === null) {
    return ownApiError(
      'network',
      'incomplete_stream',
      'The stream ended before the answer was complete (no finish_reason). What arrived is kept; retry to get ' +
        "the whole answer. If it keeps happening, check VS Code's http.proxy setting.",
      ctx,
    );
  }
  if (acc.finishReason === 'content_filter') {
    return ownApiError(
      'content_filter',
      'content_filter',
      "OpenAI's content filter stopped the answer (finish_reason content_filter). The partial answer is kept; " +
        'rephrase the request if this is a false positive.',
      ctx,
    );
  }
  if (validateJson && wantsJson(request) && acc.finishReason === 'stop' && acc.refusal() === undefined) {
    if (!isJson(ctx.partial)) {
      return ownApiError(
        'invalid_output',
        'invalid_json',
        `JSON was requested (response_format ${request.response_format!.type}) but ${model} answered text that ` +
          'is not valid JSON. The text is kept; retry, or state the format more precisely in the prompt.',
        ctx,
      );
    }
  }
  return undefined;
}

function buildResult(
  acc: ChatAccumulator,
  model: string,
  requestId: string | undefined,
  attempts: number,
  startedAt: number,
  firstTokenAt: number | undefined,
  endedAt: number,
): ChatResult {
  const result: ChatResult = {
    content: acc.content(),
    toolCalls: acc.toolCalls(),
    finishReason: acc.finishReason!,
    model: acc.model || model,
    ...(acc.serviceTier ? { serviceTier: acc.serviceTier } : {}),
    requestedModel: model,
    attempts,
    latencyMs: endedAt - startedAt,
  };
  const refusal = acc.refusal();
  if (refusal !== undefined) result.refusal = refusal;
  const usage = acc.usage();
  if (usage) result.usage = usage;
  if (requestId) result.requestId = requestId;
  if (firstTokenAt !== undefined) result.timeToFirstTokenMs = firstTokenAt - startedAt;
  return result;
}

function wantsJson(request: ChatRequest): boolean {
  const t = request.response_format?.type;
  return t === 'json_object' || t === 'json_schema';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Fills in what only runChat knows; called once per thrown error. */
function finalError(err: ApiError, attempts: number, model: string): ApiError {
  err.attempts = attempts;
  err.model = model;
  if (attempts > 1 && err.kind !== 'aborted') err.message += ` (Gave up after ${attempts} attempts.)`;
  return err;
}

function abortReason(): Error {
  const e = new Error('aborted while waiting to retry');
  e.name = 'AbortError';
  return e;
}

function apiHost(client: OpenAI): string | undefined {
  try {
    return new URL(client.baseURL).host;
  } catch {
    return undefined;
  }
}
