// Faults and scenarios on demand: header `x-fake-fault: <spec>[, <spec>…]` or `[[fake:<spec>]]` markers in the text of
// the last chat message. `<spec>` = `name`, `name=value` (chunks=N, replay=<stem>) or `name;param=value;…`.
import type { ApiErrorBody } from './http';

export interface Fault {
  /** The spec exactly as written (trimmed): the key for `times=N` counting. */
  raw: string;
  name: string;
  /** The value of `name=value` specs (chunks=N, replay=<stem>). */
  value?: string;
  params: Record<string, string>;
}

export const FAULT_HEADER = 'x-fake-fault';
const MARKER = /\[\[fake:([^\]]+)\]\]/g;

export function parseFault(raw: string): Fault {
  const [head = '', ...rest] = raw.trim().split(';');
  const eq = head.indexOf('=');
  const fault: Fault = {
    raw: raw.trim(),
    name: (eq >= 0 ? head.slice(0, eq) : head).trim(),
    params: {},
  };
  if (eq >= 0) fault.value = head.slice(eq + 1).trim();
  for (const part of rest) {
    const i = part.indexOf('=');
    if (i > 0) fault.params[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    else if (part.trim()) fault.params[part.trim()] = '';
  }
  return fault;
}

/** Removes `[[fake:…]]` markers so they do not leak into the derived answers. */
export function stripMarkers(text: string): string {
  return text
    .replace(MARKER, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Every fault spec a request carries, header first, then markers in order of appearance. */
export function collectFaults(headerValue: string | string[] | undefined, markerText: string): Fault[] {
  const specs: string[] = [];
  const header = Array.isArray(headerValue) ? headerValue.join(',') : (headerValue ?? '');
  for (const s of header.split(',')) if (s.trim()) specs.push(s);
  for (const m of markerText.matchAll(MARKER)) specs.push(m[1] as string);
  return specs.map(parseFault).filter((f) => f.name !== '');
}

/**
 * Applies `times=N` (counts the request against each spec and keeps only the faults still due) and `chance=P`
 * (the fault hits a request with probability P, from the server's seeded randomness).
 */
export function dueFaults(faults: Fault[], counts: Map<string, number>, random: () => number): Fault[] {
  return faults.filter((f) => {
    const seen = (counts.get(f.raw) ?? 0) + 1;
    counts.set(f.raw, seen);
    const times = f.params.times === undefined ? Infinity : Number(f.params.times);
    if (seen > times) return false;
    const chance = numberParam(f, 'chance');
    return chance === undefined || random() < chance;
  });
}

export function numberParam(fault: Fault | undefined, name: string): number | undefined {
  const v = fault?.params[name];
  if (v === undefined || v === '' || !Number.isFinite(Number(v))) return undefined;
  return Number(v);
}

export interface HttpFault {
  status: number;
  error: ApiErrorBody;
  headers: Record<string, string>;
}

/** The faults answered with an error before anything route-specific happens; undefined for the others. */
export function httpFault(
  fault: Fault,
  model: string | undefined,
): HttpFault | 'reset_before_headers' | undefined {
  const m = model ?? 'gpt-4.1-mini';
  const err = (
    status: number,
    message: string,
    type: string,
    code: string | null,
    param: string | null = null,
  ) => ({
    status,
    error: { message, type, param, code },
    headers: {} as Record<string, string>,
  });
  switch (fault.name) {
    case 'reset_before_headers':
      return 'reset_before_headers';
    case 'rate_limit': {
      const seconds = numberParam(fault, 'retry_after');
      const ms = numberParam(fault, 'retry_after_ms');
      const wait = seconds ?? (ms !== undefined ? Math.ceil(ms / 1000) : 1);
      const f = err(
        429,
        `Rate limit reached for ${m} in organization org-fakeopenai on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        'requests',
        'rate_limit_exceeded',
      );
      f.headers = {
        'retry-after': String(wait),
        'x-ratelimit-limit-requests': '3',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${wait}s`,
      };
      if (ms !== undefined) f.headers['retry-after-ms'] = String(ms);
      return f;
    }
    case 'insufficient_quota':
      return err(
        429,
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        'insufficient_quota',
        'insufficient_quota',
      );
    case 'resource_unavailable':
      // Flex capacity ran out: the API answers 429 with this code, and asks the client to retry or use another tier.
      return err(
        429,
        `Resource unavailable: flex processing for ${m} is out of capacity right now. Retry later, or send the request with service_tier "default".`,
        'invalid_request_error',
        'resource_unavailable',
      );
    case 'unauthorized':
      return err(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    case 'forbidden':
      return err(
        403,
        'Country, region, or territory not supported',
        'request_forbidden',
        'unsupported_country_region_territory',
      );
    case 'model_not_found':
      return err(
        404,
        `The model \`${m}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      );
    case 'context_length':
      return err(
        400,
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      );
    case 'server_error':
      return err(
        500,
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        null,
      );
    case 'bad_gateway':
      return err(502, 'Bad gateway.', 'server_error', null);
    case 'unavailable':
      return err(503, 'The engine is currently overloaded, please try again later.', 'server_error', null);
    default:
      return undefined;
  }
}
