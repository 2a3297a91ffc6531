// How an OpenAI SDK client is built (endpoints/endpoints.ts builds through here too, Azure with the same options).
// Retries are ours (see the retry policy), so the SDK's own are off: two layers of retry would multiply attempts
// and hide them from the ledger.
import OpenAI from 'openai';

export interface OpenAIClientOptions {
  apiKey: string;
  /** e.g. `http://127.0.0.1:PORT/v1` for the fake server or an OpenAI-compatible endpoint. */
  baseURL?: string;
  organization?: string;
  project?: string;
  /** A null value removes that header (the key-less endpoint removes Authorization). */
  defaultHeaders?: Record<string, string | null>;
  /** Whole-request timeout in milliseconds (default 120 s). */
  timeoutMs?: number;
  /** Custom fetch (proxy support, tests). */
  fetch?: typeof fetch;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_TIMEOUT_MS = 120_000;

/** What every SDK client of ours shares, OpenAI's and Azure's alike. */
export function sdkSafetyOptions(
  options: Pick<OpenAIClientOptions, 'defaultHeaders' | 'timeoutMs' | 'fetch'>,
) {
  return {
    defaultHeaders: options.defaultHeaders,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: 0,
    // The SDK's own logging prints raw SSE lines and request details on errors; our errors say what matters,
    // and nothing that could hold the key is ever logged.
    logLevel: 'off' as const,
    fetch: options.fetch,
    // The extension host is Node; the SDK's browser guard is for web pages that would leak the key.
    dangerouslyAllowBrowser: false,
  };
}

export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    ...sdkSafetyOptions(options),
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? DEFAULT_BASE_URL,
    organization: options.organization ?? null,
    project: options.project ?? null,
  });
}

export type { OpenAI };
