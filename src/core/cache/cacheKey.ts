// Which requests may be answered from the local cache, and under which key. Only deterministic requests qualify
// (temperature 0 or a seed): replaying a sampled answer would hide that asking again gives a different one. A
// request offering a tool that acts on the world (writes a file, runs a command) never qualifies, because the
// cached answer would skip the action; tools must be declared pure to be cacheable.
import { createHash } from 'node:crypto';
import type { ChatRequest } from '../chat/types';

export interface CacheabilityOptions {
  /** Names of tools without side effects (lookups, pure computations). Any other tool makes a request uncacheable. */
  pureTools?: ReadonlySet<string> | readonly string[];
}

export function isDeterministicRequest(request: ChatRequest, options: CacheabilityOptions = {}): boolean {
  const seeded = request.seed !== undefined && request.seed !== null;
  if (request.temperature !== 0 && !seeded) return false;
  // Several choices per request are a deliberate ask for variety.
  if (request.n != null && request.n > 1) return false;
  const pure = options.pureTools === undefined ? new Set<string>() : new Set(options.pureTools);
  for (const tool of request.tools ?? []) {
    const name = tool.type === 'function' ? tool.function.name : undefined;
    if (name === undefined || !pure.has(name)) return false;
  }
  return true;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * sha256 of the endpoint (its identity: base URL, organization, project and a hash of the key — see
 * `endpointIdentity` — so accounts never share answers) + model + messages + every other parameter. Parameters that do not change the answer
 * (`user`, `metadata`, `store`, `stream_options`) are left out so they do not split the cache.
 */
export function responseCacheKey(endpoint: string, request: ChatRequest): string {
  const {
    model,
    messages,
    user: _user,
    metadata: _metadata,
    store: _store,
    stream_options: _so,
    ...params
  } = request;
  const material = canonicalJson({ endpoint: endpoint.replace(/\/+$/, ''), model, messages, params });
  return createHash('sha256').update(material).digest('hex');
}
