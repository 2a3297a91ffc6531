// Classifies whatever a call to the API threw (SDK errors, fetch/undici errors, SSE parse errors) into an ApiError
// kind; the words are errorMapping.ts's. SDK errors hold the response headers and, through `cause`, request
// options: we copy out plain fields only and never keep or rethrow the original.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { makeApiError, type ApiErrorDetails, type ErrorContext } from './errorMapping';
import { ApiError } from './errors';
import { retryAfterMsFromHeaders } from './retry/backoff';

export function toApiError(err: unknown, ctx: ErrorContext): ApiError {
  if (err instanceof ApiError) {
    if (!err.partial) err.partial = ctx.partial;
    return err;
  }
  return makeApiError(classify(err, ctx), ctx);
}

function classify(err: unknown, ctx: ErrorContext): ApiErrorDetails {
  if (err instanceof APIUserAbortError || isAbortError(err)) return { kind: 'aborted' };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout', code: 'connect_timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network', code: networkCode(err.cause) };
  if (err instanceof APIError) return classifyApiError(err, ctx);
  if (err instanceof SyntaxError) return { kind: 'network', code: 'malformed_sse' };
  return { kind: 'network', code: networkCode(err) };
}

function classifyApiError(err: APIError, ctx: ErrorContext): ApiErrorDetails {
  const body = err.error as { message?: unknown; code?: unknown; type?: unknown } | undefined;
  const code =
    typeof err.code === 'string' ? err.code : typeof body?.type === 'string' ? body.type : undefined;
  const serverMessage = typeof body?.message === 'string' ? body.message : undefined;
  const base = {
    status: err.status,
    code,
    serverMessage,
    requestId: err.requestID ?? ctx.requestId,
    retryAfterMs: retryAfterMsFromHeaders(err.headers),
  };
  const status = err.status;
  if (status === undefined) {
    // An `error` event inside an SSE stream: no status, only the body's code/type.
    if (code === 'insufficient_quota') return { ...base, kind: 'quota' };
    if (code === 'context_length_exceeded') return { ...base, kind: 'context_length' };
    if (code === 'rate_limit_exceeded') return { ...base, kind: 'rate_limit' };
    return { ...base, kind: 'server' };
  }
  if (status === 401) return { ...base, kind: 'auth' };
  if (status === 403) return { ...base, kind: 'permission' };
  if (status === 429) return { ...base, kind: code === 'insufficient_quota' ? 'quota' : 'rate_limit' };
  if (status === 404) return { ...base, kind: 'not_found' };
  if (status === 408) return { ...base, kind: 'timeout' };
  if (status === 409) return { ...base, kind: 'server' };
  if (status === 400 && code === 'context_length_exceeded') return { ...base, kind: 'context_length' };
  if (status >= 500) return { ...base, kind: 'server' };
  return { ...base, kind: 'bad_request' };
}

function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** A short, key-free code for a transport failure (ECONNRESET, UND_ERR_SOCKET…) found on the error or its cause. */
function networkCode(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    if (e instanceof Error && e.message === 'terminated') return 'connection_closed';
    e = (e as { cause?: unknown }).cause;
  }
  return 'connection_error';
}
