// Turns whatever a call to the API threw (SDK errors, fetch/undici errors, SSE parse errors) into our ApiError
// with the right kind and a message a person can act on. SDK errors hold the response headers and, through
// `cause`, request options: we copy out plain fields only and never keep or rethrow the original.
//
// Choice documented here: a malformed SSE line (JSON that does not parse) is kind `network`, code
// `malformed_sse` — the transport delivered bytes that are not the API's (typically a proxy or a cut
// connection), and its next step is the same as a network failure. `invalid_output` is kept for a model
// answer that arrived intact but does not meet the request (e.g. invalid JSON in JSON mode).
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ApiError, type ApiErrorKind } from './errors';
import { retryAfterMsFromHeaders } from './retry/backoff';

export interface ErrorContext {
  /** Content received before the failure. */
  partial: string;
  /** The model asked for (messages name it). */
  model: string;
  /** x-request-id of the response, when headers had arrived. */
  requestId?: string;
  /** Strings that must never appear in a message (the API key): replaced before anything is built. */
  secrets?: readonly string[];
  /** The API host, named in network messages (e.g. api.openai.com, or a proxy-less local server). */
  host?: string;
}

const KEY_LIKE = /\b(sk-[A-Za-z0-9_*.-]{3,}|Bearer\s+\S+)/g;

/**
 * Removes the key and anything shaped like a key or a bearer token from a text that may reach a person (error
 * messages here, log lines through `redactKeys`). Known secrets go first, so a key of an unusual shape is caught.
 */
export function scrubKeys(text: string, secrets: readonly string[] = [], marker = '[redacted]'): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(marker);
  return out.replace(KEY_LIKE, marker);
}

/** The client's own key (Azure's too, same field), so a message can be scrubbed of it even if a server echoes it. */
export function clientSecrets(client: { apiKey?: unknown }): string[] {
  const key = client.apiKey;
  return typeof key === 'string' && key.length > 0 ? [key] : [];
}

interface Details {
  kind: ApiErrorKind;
  status?: number;
  code?: string;
  serverMessage?: string;
  retryAfterMs?: number;
  requestId?: string;
}

export function toApiError(err: unknown, ctx: ErrorContext): ApiError {
  if (err instanceof ApiError) {
    if (!err.partial) err.partial = ctx.partial;
    return err;
  }
  return makeApiError(classify(err, ctx), ctx);
}

function classify(err: unknown, ctx: ErrorContext): Details {
  if (err instanceof APIUserAbortError || isAbortError(err)) return { kind: 'aborted' };
  if (err instanceof APIConnectionTimeoutError) return { kind: 'timeout', code: 'connect_timeout' };
  if (err instanceof APIConnectionError) return { kind: 'network', code: networkCode(err.cause) };
  if (err instanceof APIError) return classifyApiError(err, ctx);
  if (err instanceof SyntaxError) return { kind: 'network', code: 'malformed_sse' };
  return { kind: 'network', code: networkCode(err) };
}

function classifyApiError(err: APIError, ctx: ErrorContext): Details {
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

function makeApiError(d: Details, ctx: ErrorContext): ApiError {
  const server = d.serverMessage ? ` The server said: "${truncate(d.serverMessage)}"` : '';
  const message = scrubKeys(messageFor(d, ctx) + server, ctx.secrets);
  return new ApiError({
    kind: d.kind,
    message,
    status: d.status,
    requestId: d.requestId ?? ctx.requestId,
    partial: ctx.partial,
    retryAfterMs: d.retryAfterMs,
    code: d.code,
  });
}

function truncate(s: string): string {
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

function messageFor(d: Details, ctx: ErrorContext): string {
  const model = ctx.model;
  const tag = d.status ? `${d.status}${d.code ? ` ${d.code}` : ''}` : (d.code ?? '');
  switch (d.kind) {
    case 'auth':
      return `OpenAI rejected the API key (${tag}). Set a valid key with "GPT Workbench: Set API Key".`;
    case 'permission':
      return (
        `OpenAI refused access (${tag}): this key, organization or project may not be allowed to use ` +
        `${model}, or your region is not supported. Check the project's model access on platform.openai.com.`
      );
    case 'quota':
      return (
        'Your OpenAI account has no quota left (insufficient_quota). This is not a rate limit: add credit or ' +
        'raise the limit on the billing page (platform.openai.com/settings/organization/billing).'
      );
    case 'rate_limit': {
      if (d.code === 'resource_unavailable') {
        return (
          `Flex processing has no capacity for ${model} right now (${tag}). Retry later, use the default tier ` +
          '(gptWorkbench.serviceTier), or allow falling back to it (gptWorkbench.serviceTierFallback).'
        );
      }
      const wait = d.retryAfterMs !== undefined ? ` The server asks to wait ${secs(d.retryAfterMs)}.` : '';
      return `Rate limit reached for ${model} (${tag}).${wait} Wait a moment and retry, or send fewer/smaller requests.`;
    }
    case 'not_found':
      return (
        `Model "${model}" was not found (${tag}). Pick another model, or check the base URL / Azure ` +
        'deployment name in the settings.'
      );
    case 'context_length':
      return `The conversation is longer than ${model}'s context window (${tag}). Start a new chat or trim the context.`;
    case 'bad_request':
      return `The API rejected the request as invalid (${tag}). This is a bug in the request: report it with the request id.`;
    case 'server':
      return `OpenAI returned a server error (${tag || 'stream error'}) for ${model}. Try again in a moment; status.openai.com lists outages.`;
    case 'timeout':
      return `OpenAI did not answer in time (${tag}). Retry; if it keeps happening, raise the timeout in the settings.`;
    case 'network':
      if (d.code === 'malformed_sse') {
        return (
          'The response stream was corrupted (a line that is not valid JSON), usually by a proxy or a broken ' +
          "connection. Retry; if it persists, check VS Code's http.proxy setting."
        );
      }
      if (ctx.partial) {
        return (
          `The connection to ${ctx.host ?? 'the API'} broke after the answer started (${tag}). What arrived is kept; ` +
          "retry to get the whole answer. If it keeps happening, check your network and VS Code's http.proxy setting."
        );
      }
      return `Could not reach ${ctx.host ?? 'the API'} (${tag || 'connection error'}). Check your network and VS Code's http.proxy setting, then retry.`;
    case 'aborted':
      return 'The request was cancelled. What arrived so far is kept.';
    case 'content_filter':
      return "OpenAI's content filter stopped the answer (finish_reason content_filter). The partial answer is kept; rephrase the request.";
    case 'invalid_output':
      return 'The model did not answer in the requested format. Retry, or make the format clearer in the prompt.';
  }
}

function secs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}

/** An ApiError we raise ourselves (timeouts, content filter, invalid output), with the same message rules. */
export function ownApiError(kind: ApiErrorKind, code: string, message: string, ctx: ErrorContext): ApiError {
  return new ApiError({
    kind,
    code,
    message: scrubKeys(message, ctx.secrets),
    partial: ctx.partial,
    requestId: ctx.requestId,
  });
}
