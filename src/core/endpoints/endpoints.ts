// Where requests go: OpenAI itself, an OpenAI-compatible server (Ollama, LM Studio, vLLM, LiteLLM) by base URL,
// or Azure OpenAI (resource endpoint + deployment + api-version, key in the `api-key` header). Custom headers are
// plain values here: the host resolves any that come from SecretStorage before calling (see resolveHeaderValues).
// Retries stay ours in every case (maxRetries 0), so the ledger counts every attempt.
import { AzureOpenAI, type OpenAI } from 'openai';
import { createOpenAIClient, DEFAULT_BASE_URL, sdkSafetyOptions } from '../openaiClient';
import { endpointLabel } from '../ledger/types';

interface CommonEndpointConfig {
  /** Extra headers on every request (already resolved values). */
  headers?: Record<string, string>;
  /** Whole-request timeout in ms (default 120 s). */
  timeoutMs?: number;
  /** Custom fetch (proxy support via the host, tests). */
  fetch?: typeof fetch;
}

export interface OpenAIEndpointConfig extends CommonEndpointConfig {
  kind: 'openai';
  apiKey: string;
  organization?: string;
  project?: string;
}

export interface CompatibleEndpointConfig extends CommonEndpointConfig {
  kind: 'compatible';
  /** e.g. `http://localhost:11434/v1` (Ollama), `http://localhost:1234/v1` (LM Studio). */
  baseURL: string;
  /** Many local servers need none. */
  apiKey?: string;
  organization?: string;
  project?: string;
}

export interface AzureEndpointConfig extends CommonEndpointConfig {
  kind: 'azure';
  /** `https://<resource>.openai.azure.com` */
  endpoint: string;
  deployment: string;
  apiVersion: string;
  apiKey: string;
}

export type EndpointConfig = OpenAIEndpointConfig | CompatibleEndpointConfig | AzureEndpointConfig;

export interface EndpointClient {
  client: OpenAI;
  /** The base URL requests are built on (the response cache keys on it). */
  baseURL: string;
  /** Printable, credential-free name for the ledger. */
  label: string;
}

/**
 * The SDK refuses to build a client without a key, so a fixed placeholder (not a secret) stands in when the user
 * configured none; the Authorization header is then removed (a null default header), so nothing is sent at all.
 */
export const NO_KEY_PLACEHOLDER = 'no-key';

export function createClientForEndpoint(config: EndpointConfig): EndpointClient {
  const common = { defaultHeaders: config.headers, timeoutMs: config.timeoutMs, fetch: config.fetch };
  switch (config.kind) {
    case 'azure': {
      const client = new AzureOpenAI({
        ...sdkSafetyOptions(common),
        endpoint: config.endpoint,
        deployment: config.deployment,
        apiVersion: config.apiVersion,
        apiKey: config.apiKey,
      });
      const host = safeHost(config.endpoint);
      return { client, baseURL: client.baseURL, label: `azure:${host}/${config.deployment}` };
    }
    case 'compatible': {
      const client = createOpenAIClient({
        ...common,
        ...(config.apiKey ? {} : { defaultHeaders: { ...config.headers, Authorization: null } }),
        apiKey: config.apiKey || NO_KEY_PLACEHOLDER,
        baseURL: config.baseURL,
        organization: config.organization,
        project: config.project,
      });
      return { client, baseURL: config.baseURL, label: endpointLabel(config.baseURL) };
    }
    case 'openai': {
      const client = createOpenAIClient({
        ...common,
        apiKey: config.apiKey,
        baseURL: DEFAULT_BASE_URL,
        organization: config.organization,
        project: config.project,
      });
      return { client, baseURL: DEFAULT_BASE_URL, label: endpointLabel(DEFAULT_BASE_URL) };
    }
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-endpoint';
  }
}

/** Header names the user must not override: they carry the credentials the client sets itself. */
const RESERVED_HEADERS = new Set(['authorization', 'api-key']);

const SECRET_REF = /^\$\{secret:([A-Za-z0-9_.-]+)\}$/;

/**
 * Resolves header values written as `${secret:NAME}` through `lookup` (the host's SecretStorage); other values
 * pass through. A missing secret is an error naming the header and the secret, never its value. Headers that
 * would replace the credentials are refused, so a settings file cannot redirect the key elsewhere.
 */
export async function resolveHeaderValues(
  headers: Record<string, string>,
  lookup: (name: string) => Promise<string | undefined>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new Error(`Custom header "${name}" is not allowed: the API key is set by the key settings.`);
    }
    const ref = SECRET_REF.exec(value);
    if (!ref) {
      out[name] = value;
      continue;
    }
    const secret = await lookup(ref[1]!);
    if (secret === undefined || secret === '') {
      throw new Error(`Custom header "${name}" refers to secret "${ref[1]}", which is not stored.`);
    }
    out[name] = secret;
  }
  return out;
}
