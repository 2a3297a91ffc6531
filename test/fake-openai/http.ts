// Response helpers: the headers every OpenAI response carries, error bodies in the API's shape, JSON answers.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RouteContext, ServerState } from './types';

export interface ApiErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const REQUEST_LIMIT = 10_000;
const TOKEN_LIMIT = 30_000_000;

export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** x-request-id, openai-* and x-ratelimit-* as the API sends them on every response, successful or not. */
export function standardHeaders(
  requestId: string,
  startedAt: number,
  state: ServerState,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const used = state.served % REQUEST_LIMIT;
  return {
    'x-request-id': requestId,
    'openai-version': '2020-10-01',
    'openai-organization': 'user-fakeopenai',
    'openai-processing-ms': String(Math.max(1, Date.now() - startedAt)),
    'x-ratelimit-limit-requests': String(REQUEST_LIMIT),
    'x-ratelimit-limit-tokens': String(TOKEN_LIMIT),
    'x-ratelimit-remaining-requests': String(REQUEST_LIMIT - 1 - used),
    'x-ratelimit-remaining-tokens': String(TOKEN_LIMIT - 1000),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '2ms',
    // With a limiter the figures are the window's own, as the API's are.
    ...state.limiter?.headers(),
    ...overrides,
  };
}

export function writeJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** A JSON answer from a route, with the standard headers, recorded with its status. */
export function sendJson(
  ctx: RouteContext,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  ctx.recordStatus(status);
  writeJson(ctx.res, status, standardHeaders(ctx.requestId, ctx.startedAt, ctx.state, extraHeaders), body);
}

export function sendError(
  ctx: RouteContext,
  status: number,
  error: ApiErrorBody,
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(ctx, status, { error }, extraHeaders);
}

export function modelNotFound(model: string): ApiErrorBody {
  return {
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  };
}

export function invalidApiKey(missing: boolean): ApiErrorBody {
  // The real API echoes a masked key here; the fake never repeats any part of it.
  return {
    message: missing
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  };
}
