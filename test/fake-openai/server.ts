// The fake OpenAI server: a real node:http server that answers like api.openai.com/v1 for what this extension
// uses, validates every request body against the official spec, and injects faults on demand (see README.md).
// Order per request: route → auth (401) → JSON parse → spec (400 spec_violation) → HTTP faults → model (404) → route.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAULT_HEADER, collectFaults, dueFaults, httpFault } from './faults';
import { RATE_LIMIT_HEADER, WindowLimiter, parseRateLimit, tokensOf } from './rateLimiter';
import { seededRandom } from '../helpers/prng';
import {
  type ApiErrorBody,
  invalidApiKey,
  modelNotFound,
  newRequestId,
  standardHeaders,
  writeJson,
} from './http';
import { API_BATCH_LIMITS } from './batchLines';
import { BatchWorld, DEFAULT_BATCH_TIMINGS, FakeClock, type BatchTimings } from './batchWorld';
import { findModel } from './models';
import { type MultipartPart, multipartBoundary, multipartFields, parseMultipart } from './multipart';
import { PromptCache } from './promptCache';
import { ROUTES, matchRoute } from './routes';
import { MULTIPART_TYPE, type OpenApiSpec, defaultSpecPath, loadSpec } from './spec';
import type { FakeOpenAI, FakeOpenAIOptions, RecordedRequest, RouteContext, ServerState } from './types';

export type { FakeOpenAI, FakeOpenAIOptions, RecordedRequest } from './types';

const HIDDEN_HEADERS = new Set(['authorization', 'api-key']);

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const specFile = options.specPath === null ? null : (options.specPath ?? defaultSpecPath());
  const spec = specFile ? loadSpec(specFile) : undefined;
  if (!spec && options.requireSpec) {
    throw new Error(
      `FAKE OPENAI: the OpenAPI spec is required but was not found at ${specFile ?? '(none: specPath is null)'}. ` +
        'Put it at ../shared/openai-openapi/openapi.yaml or point OPENAI_OPENAPI_SPEC at it.',
    );
  }
  if (!spec) {
    console.error(
      `FAKE OPENAI: spec not found at ${specFile ?? '(none: specPath is null)'}; request conformance is NOT checked`,
    );
  }
  const logFile = options.logFile ?? process.env.FAKE_OPENAI_LOG ?? undefined;
  const clock = new FakeClock();
  const newWorld = (): BatchWorld =>
    new BatchWorld(clock, batchTimings(options.batchTimings), {
      ...API_BATCH_LIMITS,
      ...options.batchLimits,
    });
  const state: ServerState = {
    requests: [],
    faultCounts: new Map(),
    promptCache: new PromptCache(),
    served: 0,
    batches: newWorld(),
    ...demoState(options.demo),
    ...(options.rateLimit ? { limiter: new WindowLimiter(options.rateLimit) } : {}),
    random: seededRandom(options.faultSeed ?? 1),
  };
  const server = http.createServer((req, res) => {
    handle(req, res, {
      spec,
      logFile,
      state,
      quiet: options.quiet === true,
      checkKeys: options.checkKeys !== false,
    }).catch((err: unknown) => {
      console.error('FAKE OPENAI: internal error', err);
      if (!res.headersSent) {
        writeJson(
          res,
          500,
          {},
          {
            error: {
              message: `fake OpenAI internal error: ${String(err)}`,
              type: 'server_error',
              param: null,
              code: null,
            },
          },
        );
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseURL: `http://${host}:${address.port}/v1`,
    port: address.port,
    specChecked: spec !== undefined,
    requests: state.requests,
    get rateLimit() {
      return state.limiter && { admitted: state.limiter.admitted, refused: state.limiter.refused };
    },
    clock,
    setDemo: (demo) => {
      state.demoPaceMs = demoState(demo).demoPaceMs;
    },
    reset: () => {
      state.requests.length = 0;
      state.faultCounts.clear();
      state.promptCache.clear();
      state.batches = newWorld();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Streams stalled "forever" and keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function batchTimings(given: Partial<BatchTimings> | undefined): BatchTimings {
  const phase = Number(process.env.FAKE_OPENAI_BATCH_PHASE_MS);
  const fromEnv =
    Number.isFinite(phase) && phase > 0
      ? { validatingMs: phase, inProgressMs: phase, finalizingMs: phase, cancellingMs: phase }
      : {};
  return { ...DEFAULT_BATCH_TIMINGS, ...fromEnv, ...given };
}

const DEFAULT_DEMO_PACE_MS = 35;

function demoState(demo: FakeOpenAIOptions['demo']): Pick<ServerState, 'demoPaceMs'> {
  if (!demo) return {};
  return {
    demoPaceMs: typeof demo === 'object' ? (demo.paceMs ?? DEFAULT_DEMO_PACE_MS) : DEFAULT_DEMO_PACE_MS,
  };
}

interface ServerEnv {
  spec: OpenApiSpec | undefined;
  logFile: string | undefined;
  state: ServerState;
  quiet: boolean;
  checkKeys: boolean;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Azure OpenAI's deployment paths (`/openai/deployments/{deployment}/chat/completions?api-version=…`) are served by
 * the same routes as `/v1/…`. Like Azure, a request without `api-version` is refused.
 */
function azureRoute(
  urlPath: string,
  query: URLSearchParams,
): { apiPath: string; error?: undefined } | { apiPath?: undefined; error: ApiErrorBody } | undefined {
  const m = /^\/openai\/deployments\/[^/]+(\/.+)$/.exec(urlPath);
  if (!m) return undefined;
  if (!query.get('api-version')) {
    return {
      error: {
        message: 'Resource not found: the api-version query parameter is missing.',
        type: 'invalid_request_error',
        param: 'api-version',
        code: '404',
      },
    };
  }
  return { apiPath: m[1]! };
}

function apiKeyOf(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const bearer = auth?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  const azure = req.headers['api-key'];
  return bearer || (Array.isArray(azure) ? azure[0] : azure) || undefined;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, env: ServerEnv): Promise<void> {
  const startedAt = Date.now();
  const requestId = newRequestId();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://fake');
  const urlPath = url.pathname;
  const rawBody = await readBody(req);
  const raw = rawBody.toString('utf8');
  // Uploads (multipart, octet-stream) stay raw for their route; everything else must be JSON, like the API wants.
  const isUpload = /multipart\/|octet-stream/i.test(req.headers['content-type'] ?? '');
  let body: unknown = null;
  let jsonError = false;
  if (isUpload) body = raw;
  else if (raw.trim()) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      jsonError = true;
    }
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (!HIDDEN_HEADERS.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  let recorded: RecordedRequest | undefined;
  const recordStatus = (status: number): void => {
    if (recorded) return;
    const auth = req.headers.authorization ? 'bearer' : req.headers['api-key'] ? 'api-key' : 'none';
    recorded = { method, path: urlPath, headers, auth, body, status };
    env.state.requests.push(recorded);
    if (env.logFile) fs.appendFileSync(env.logFile, `${JSON.stringify(recorded)}\n`);
  };
  const fail = (status: number, error: ApiErrorBody, extra: Record<string, string> = {}): void => {
    recordStatus(status);
    writeJson(res, status, standardHeaders(requestId, startedAt, env.state, extra), { error });
  };

  const key = apiKeyOf(req);
  if (env.checkKeys && (!key || key.includes('rejectme'))) return fail(401, invalidApiKey(!key));
  const azure = azureRoute(urlPath, url.searchParams);
  if (azure?.error) return fail(404, azure.error);
  const apiPath = azure ? azure.apiPath : urlPath.startsWith('/v1/') ? urlPath.slice(3) : undefined;
  const match = apiPath === undefined ? undefined : matchRoute(ROUTES, method, apiPath);
  if (!match || 'methodNotAllowed' in match) {
    const status = match ? 405 : 404;
    return fail(status, {
      message: `Invalid URL (${method} ${urlPath})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const { route, params } = match;
  if (jsonError) {
    return fail(400, {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const boundary = multipartBoundary(req.headers['content-type']);
  let multipart: MultipartPart[] | undefined;
  if (boundary) {
    try {
      multipart = parseMultipart(rawBody, boundary);
    } catch (err) {
      return fail(400, {
        message: `The multipart body could not be read: ${err instanceof Error ? err.message : String(err)}.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
  }
  if (env.spec && method !== 'GET' && (!isUpload || multipart)) {
    // Multipart fields are validated as the object the spec's multipart schema describes (file parts as text).
    const contentType = multipart ? MULTIPART_TYPE : undefined;
    const checked = multipart ? multipartFields(multipart) : (body ?? {});
    const violations = env.spec.validateRequest(method, route.pattern, checked, contentType);
    if (violations && violations.length > 0) {
      const schema = env.spec.requestSchemaName(method, route.pattern, contentType);
      const message = `Request does not conform to the OpenAI spec (${method} ${urlPath}, ${schema}): ${violations.map((v) => v.message).join('; ')}`;
      console.error(`FAKE OPENAI: spec violation: ${message}`);
      return fail(400, {
        message,
        type: 'invalid_request_error',
        param: violations[0]?.param ?? null,
        code: 'spec_violation',
      });
    }
  }
  // The window counts every request that reaches the API proper (faults injected below included, like a 5xx).
  const asked = req.headers[RATE_LIMIT_HEADER];
  if (!env.state.limiter && typeof asked === 'string') {
    const config = parseRateLimit(asked);
    if (config) env.state.limiter = new WindowLimiter(config);
  }
  if (env.state.limiter && !env.state.limiter.take(tokensOf(body))) {
    const waitMs = env.state.limiter.retryAfterMs();
    return fail(429, windowExceeded(env.state.limiter), {
      'retry-after': String(Math.ceil(waitMs / 1000)),
      'retry-after-ms': String(waitMs),
    });
  }
  const faults = dueFaults(
    collectFaults(req.headers[FAULT_HEADER], route.markerText?.(body) ?? ''),
    env.state.faultCounts,
    env.state.random,
  );
  const model = route.model?.(body, params);
  for (const fault of faults) {
    const answer = httpFault(fault, model);
    if (answer === 'reset_before_headers') {
      recordStatus(0);
      req.socket.destroy();
      return;
    }
    if (answer) return fail(answer.status, answer.error, answer.headers);
  }
  if (model !== undefined && !findModel(model)) return fail(404, modelNotFound(model));
  env.state.served++;
  const ctx: RouteContext = {
    req,
    res,
    method,
    path: urlPath,
    params,
    body,
    rawBody,
    ...(multipart ? { multipart } : {}),
    ...(env.spec ? { spec: env.spec } : {}),
    faults,
    state: env.state,
    requestId,
    startedAt,
    recordStatus,
    recordUsage: (usage) => {
      if (recorded) recorded.usage = usage;
    },
  };
  await route.handle(ctx);
}

function windowExceeded(limiter: WindowLimiter): ApiErrorBody {
  const { requests, windowMs } = limiter.config;
  return {
    message: `Rate limit reached for requests: Limit ${requests} per ${windowMs} ms. Please try again in ${limiter.retryAfterMs()}ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  };
}
