// Typed reader of the `gptWorkbench.*` settings. Features add their settings here so that every default and
// every environment override lives in one place.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core';

export const CONFIG_SECTION = 'gptWorkbench';
/** Overrides the base URL setting: tests and `npm start -- --offline` point the extension at the fake server. */
export const BASE_URL_ENV = 'GPT_WORKBENCH_BASE_URL';

export interface WorkbenchConfig {
  /** The OpenAI-compatible endpoint, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Where `baseUrl` came from, for the status message. */
  baseUrlSource: 'environment' | 'setting' | 'default';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WorkbenchConfig {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const fromEnv = env[BASE_URL_ENV]?.trim();
  if (fromEnv) return { baseUrl: fromEnv, baseUrlSource: 'environment' };
  const fromSetting = settings.get<string>('baseUrl')?.trim();
  if (fromSetting) return { baseUrl: fromSetting, baseUrlSource: 'setting' };
  return { baseUrl: DEFAULT_BASE_URL, baseUrlSource: 'default' };
}

/** Fires when any `gptWorkbench.*` setting changes. */
export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(CONFIG_SECTION)) listener();
  });
}

/** Where requests go besides the base URL (issue 5): Azure, organization/project, custom headers. */
export interface EndpointSettings {
  /** Set when `gptWorkbench.azure.endpoint` is filled in (and no environment base URL overrides it). */
  azure?: { endpoint: string; deployment: string; apiVersion: string; apiKeySecret: string };
  organization?: string;
  project?: string;
  /** Header → value; a value `${secret:NAME}` is read from SecretStorage by OpenAIAccess. */
  customHeaders: Record<string, string>;
  /** `gptWorkbench.timeouts.totalSeconds`: the SDK's own timeout is set a little longer, so ours fires first. */
  totalTimeoutSeconds: number;
}

export function readEndpointSettings(env: NodeJS.ProcessEnv = process.env): EndpointSettings {
  const s = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const text = (key: string): string => (s.get<string>(key) ?? '').trim();
  const headers = s.get<Record<string, unknown>>('customHeaders') ?? {};
  const customHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (typeof value === 'string') customHeaders[name] = value;
  const azureEndpoint = text('azure.endpoint');
  return {
    ...(azureEndpoint && !env[BASE_URL_ENV]?.trim()
      ? {
          azure: {
            endpoint: azureEndpoint,
            deployment: text('azure.deployment'),
            apiVersion: text('azure.apiVersion') || '2024-10-21',
            apiKeySecret: text('azure.apiKeySecret'),
          },
        }
      : {}),
    ...(text('organization') ? { organization: text('organization') } : {}),
    ...(text('project') ? { project: text('project') } : {}),
    customHeaders,
    totalTimeoutSeconds: s.get<number>('timeouts.totalSeconds') ?? 120,
  };
}

/** `gptWorkbench.requests.maxConcurrent`: requests in flight at once per endpoint (the Workbench's scheduler). */
export function readMaxConcurrent(): number {
  const v = vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>('requests.maxConcurrent');
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(64, Math.floor(v)) : 8;
}

/** `gptWorkbench.redact.personalData`: the Workbench also withholds e-mail addresses, phones, cards and IBANs. */
export function readRedactPersonalData(): boolean {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('redact.personalData') === true;
}
