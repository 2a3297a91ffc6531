// Which endpoint a request goes to and with which credential, decided in one pure function so every client —
// the one requests use and the one Set API Key verifies a candidate key with — is built from the same facts.
// A key goes only to the endpoint it belongs to: the OpenAI API key is never sent to Azure, and a custom base
// URL (Ollama, LM Studio, vLLM) may have no key at all.
import { DEFAULT_BASE_URL } from '../openaiClient';
import type { EndpointConfig } from './endpoints';

export interface EndpointSettingsInput {
  /** The configured base URL (environment override, setting or default). */
  baseUrl: string;
  /** Present when Azure OpenAI is configured. `apiKeySecret` names the endpoint secret holding its key. */
  azure?: { endpoint: string; deployment: string; apiVersion: string; apiKeySecret: string };
  organization?: string;
  project?: string;
  /** Custom headers, already resolved (secrets looked up). */
  headers: Record<string, string>;
  timeoutMs?: number;
}

export interface EndpointCredentials {
  /** The OpenAI API key in use (SecretStorage or OPENAI_API_KEY), or a candidate being verified. */
  apiKey?: string;
  /** The value of the Azure key secret, when stored. */
  azureKey?: string;
}

/** Thrown when Azure is configured but its own key is not stored; the message names the command that fixes it. */
export class EndpointKeyMissingError extends Error {
  constructor(readonly secretName: string) {
    super(azureKeyMissingMessage(secretName));
    this.name = 'EndpointKeyMissingError';
  }
}

export function azureKeyMissingMessage(secretName: string): string {
  const name = secretName || 'AZURE_OPENAI_API_KEY';
  const setting = secretName
    ? ''
    : ' (and set gptWorkbench.azure.apiKeySecret to that name, it is empty now)';
  return (
    `Azure OpenAI is configured (gptWorkbench.azure.endpoint) but its key is not stored. ` +
    `Run "GPT Workbench: Set Endpoint Secret" and store the Azure key as "${name}"${setting}. ` +
    'The OpenAI API key is never sent to Azure.'
  );
}

/** True when requests go to a base URL of the user's own (not api.openai.com, not Azure). */
export function isCustomBaseUrl(baseUrl: string): boolean {
  return baseUrl.trim().replace(/\/+$/, '') !== DEFAULT_BASE_URL;
}

/**
 * The endpoint config for these settings and credentials. Undefined when the endpoint needs a key and there is
 * none (api.openai.com without a key); a custom base URL works without one. Throws EndpointKeyMissingError when
 * Azure is configured without its own key.
 */
export function resolveEndpointConfig(
  settings: EndpointSettingsInput,
  credentials: EndpointCredentials,
): EndpointConfig | undefined {
  const common = {
    headers: settings.headers,
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  };
  const org = {
    ...(settings.organization ? { organization: settings.organization } : {}),
    ...(settings.project ? { project: settings.project } : {}),
  };
  if (settings.azure) {
    const { apiKeySecret, ...azure } = settings.azure;
    if (!credentials.azureKey) throw new EndpointKeyMissingError(apiKeySecret);
    return { kind: 'azure', ...azure, apiKey: credentials.azureKey, ...common };
  }
  if (isCustomBaseUrl(settings.baseUrl)) {
    // A local server needs no key: without one, the client sends no Authorization header at all.
    const apiKey = credentials.apiKey?.trim();
    return {
      kind: 'compatible',
      baseURL: settings.baseUrl.trim(),
      ...(apiKey ? { apiKey } : {}),
      ...org,
      ...common,
    };
  }
  if (!credentials.apiKey) return undefined;
  return { kind: 'openai', apiKey: credentials.apiKey, ...org, ...common };
}
