// The one typed reader of the extension's settings: every `gptWorkbench.*` key is listed in SETTING_KEYS and read
// only through the typed accessors here (raw, text, num, flag, record, list), each with its default and clamping,
// and `onDidChangeConfig` is the one change event. This file reads the endpoint's and the requests' settings; the
// features' (tasks, chat, tools, index) are in featureSettings.ts, through the same accessors. Readers run on every
// use (the Workbench takes functions), so a settings change applies to the next request without a reload.
// test/unit/manifest.test.ts checks SETTING_KEYS against package.json and that each key is read in the two files.
import * as vscode from 'vscode';
import {
  DEFAULT_BASE_URL,
  DEFAULT_CACHE_MAX_ENTRIES,
  type BudgetLimits,
  type ChatOptions,
  type GenerationSettings,
  type ModelOverrides,
  type ModerationMode,
  type RouteRule,
  type ServiceTierSetting,
} from '../core';

export const CONFIG_SECTION = 'gptWorkbench';
/** Overrides the base URL setting: tests and `npm start -- --offline` point the extension at the fake server. */
export const BASE_URL_ENV = 'GPT_WORKBENCH_BASE_URL';

/** Every `gptWorkbench.*` setting, exactly those package.json declares. */
export const SETTING_KEYS = [
  'baseUrl',
  'azure.endpoint',
  'azure.deployment',
  'azure.apiVersion',
  'azure.apiKeySecret',
  'organization',
  'project',
  'customHeaders',
  'models.priceOverrides',
  'models.routing',
  'models.fallback',
  'request.temperature',
  'request.topP',
  'request.seed',
  'request.maxTokens',
  'request.reasoningEffort',
  'request.responseFormat',
  'retry.maxAttempts',
  'requests.maxConcurrent',
  'timeouts.firstByteSeconds',
  'timeouts.totalSeconds',
  'timeouts.idleSeconds',
  'budget.dailyUsd',
  'budget.monthlyUsd',
  'budget.onLimit',
  'cache.enabled',
  'cache.ttlHours',
  'cache.maxEntries',
  'moderation.input',
  'redact.personalData',
  'tasks.model',
  'tasks.contextLines',
  'tasks.explain',
  'tasks.refactor',
  'tasks.fix',
  'tasks.extract',
  'chat.systemPrompt',
  'chat.model',
  'chat.answeredBefore.enabled',
  'chat.answeredBefore.threshold',
  'serviceTier',
  'serviceTierFallback',
  'batch.pollSeconds',
  'tools.enabled',
  'tools.maxRounds',
  'tools.parallelCalls',
  'tools.resultMaxChars',
  'tools.disabled',
  'tools.runCommand.enabled',
  'tools.runCommand.timeoutSeconds',
  'mcp.servers',
  'index.model',
  'index.dimensions',
  'index.maxFileKb',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
/** A group of settings a listener can watch, e.g. `budget` or `timeouts.idleSeconds`. */
export type SettingScope =
  | SettingKey
  | 'azure'
  | 'models'
  | 'request'
  | 'timeouts'
  | 'budget'
  | 'cache'
  | 'tasks'
  | 'tools'
  | 'mcp'
  | 'index';

export function raw(key: SettingKey): unknown {
  return vscode.workspace.getConfiguration(CONFIG_SECTION).get<unknown>(key);
}

export function text(key: SettingKey): string {
  const v = raw(key);
  return typeof v === 'string' ? v.trim() : '';
}

export function num(key: SettingKey): number | undefined {
  const v = raw(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function flag(key: SettingKey, fallback: boolean): boolean {
  const v = raw(key);
  return typeof v === 'boolean' ? v : fallback;
}

export function record(key: SettingKey): Record<string, unknown> {
  const v = raw(key);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function list(key: SettingKey): unknown[] {
  const v = raw(key);
  return Array.isArray(v) ? v : [];
}

/**
 * Fires when a `gptWorkbench.*` setting changes; with scopes, only when one of them does. The returned
 * disposable must be kept with the listener's owner.
 */
export function onDidChangeConfig(listener: () => void, ...scopes: SettingScope[]): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const sections = scopes.length ? scopes.map((s) => `${CONFIG_SECTION}.${s}`) : [CONFIG_SECTION];
    if (sections.some((s) => e.affectsConfiguration(s))) listener();
  });
}

export interface WorkbenchConfig {
  /** The OpenAI-compatible endpoint, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Where `baseUrl` came from, for the status message. */
  baseUrlSource: 'environment' | 'setting' | 'default';
}

/** Set by `npm start -- --offline`: requests go to the bundled demo server, and the chat says so. */
export const OFFLINE_DEMO_ENV = 'GPT_WORKBENCH_OFFLINE_DEMO';

export function readOfflineDemo(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[OFFLINE_DEMO_ENV] === '1';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WorkbenchConfig {
  const fromEnv = env[BASE_URL_ENV]?.trim();
  if (fromEnv) return { baseUrl: fromEnv, baseUrlSource: 'environment' };
  const fromSetting = text('baseUrl');
  if (fromSetting) return { baseUrl: fromSetting, baseUrlSource: 'setting' };
  return { baseUrl: DEFAULT_BASE_URL, baseUrlSource: 'default' };
}

/** Where requests go besides the base URL: Azure, organization/project, custom headers. */
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
  const customHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(record('customHeaders')))
    if (typeof value === 'string') customHeaders[name] = value;
  const azureEndpoint = text('azure.endpoint');
  const organization = text('organization');
  const project = text('project');
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
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
    customHeaders,
    totalTimeoutSeconds: num('timeouts.totalSeconds') ?? 120,
  };
}

/** temperature / top_p / seed / max tokens defaults and `auto` routing rules (a task's or chat's own win). */
export function readGenerationSettings(): GenerationSettings {
  const out: GenerationSettings = {};
  const temperature = num('request.temperature');
  const topP = num('request.topP');
  const seed = num('request.seed');
  const maxTokens = num('request.maxTokens');
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (seed !== undefined) out.seed = seed;
  if (maxTokens !== undefined && maxTokens > 0) out.maxOutputTokens = maxTokens;
  const effort = readReasoningEffort(text('request.reasoningEffort'));
  if (effort) out.reasoningEffort = effort;
  const routing = list('models.routing').filter(isRouteRule);
  if (routing.length > 0) out.routeRules = routing;
  const tier = readServiceTier();
  if (tier !== 'auto') out.serviceTier = tier;
  return out;
}

const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
export type ReasoningEffortSetting = (typeof REASONING_EFFORTS)[number];

/** `minimal` | `low` | `medium` | `high`; anything else (`default`) = not sent, the API's own default. */
export function readReasoningEffort(value: unknown): ReasoningEffortSetting | undefined {
  return REASONING_EFFORTS.find((e) => e === value);
}

const TIERS: readonly ServiceTierSetting[] = ['auto', 'flex', 'default', 'priority'];

export function isTier(v: unknown): v is ServiceTierSetting {
  return typeof v === 'string' && (TIERS as readonly string[]).includes(v);
}

/** `gptWorkbench.serviceTier`: how requests ask to be served (flex = batch prices, may wait). */
export function readServiceTier(): ServiceTierSetting {
  const v = text('serviceTier');
  return isTier(v) ? v : 'auto';
}

/** A flex request that finds no capacity is sent again at the default tier. */
export function readServiceTierFallback(): boolean {
  return flag('serviceTierFallback', true);
}

/** First wait between polls of a batch job, in seconds (it grows while nothing changes). */
export function readBatchPollSeconds(): number {
  return Math.min(3600, Math.max(0.1, num('batch.pollSeconds') ?? 30));
}

function isRouteRule(r: unknown): r is RouteRule {
  return typeof r === 'object' && r !== null && typeof (r as { model?: unknown }).model === 'string';
}

/** Retries, timeouts (seconds in settings, ms in the core; 0 = off) and the fallback chain. */
export function readChatOptions(): ChatOptions {
  const ms = (seconds: number | undefined, fallback: number): number =>
    Math.max(0, seconds ?? fallback) * 1000;
  return {
    retry: { maxAttempts: Math.max(1, Math.floor(num('retry.maxAttempts') ?? 5)) },
    timeouts: {
      firstByteMs: ms(num('timeouts.firstByteSeconds'), 30),
      totalMs: ms(num('timeouts.totalSeconds'), 120),
      idleMs: ms(num('timeouts.idleSeconds'), 30),
    },
    fallbackModels: list('models.fallback').filter((m): m is string => typeof m === 'string'),
  };
}

/** `confirm`: a request over a budget asks first (Send anyway); `block`: it is refused, no way around it. */
export function readBudgetOnLimit(): 'confirm' | 'block' {
  return text('budget.onLimit') === 'block' ? 'block' : 'confirm';
}

export function readBudgetLimits(): BudgetLimits {
  return {
    dailyUsd: num('budget.dailyUsd') ?? 0,
    monthlyUsd: num('budget.monthlyUsd') ?? 0,
    onLimit: readBudgetOnLimit(),
  };
}

export interface CacheSettings {
  enabled: boolean;
  ttlMs: number;
  maxEntries: number;
}

export function readCacheSettings(): CacheSettings {
  return {
    enabled: flag('cache.enabled', true),
    ttlMs: Math.max(0, num('cache.ttlHours') ?? 24) * 3_600_000,
    maxEntries: Math.max(1, Math.floor(num('cache.maxEntries') ?? DEFAULT_CACHE_MAX_ENTRIES)),
  };
}

export function readModerationMode(): ModerationMode {
  const v = text('moderation.input');
  return v === 'warn' || v === 'block' ? v : 'off';
}

/** `{ "my-model": { "inputPerM": 1, "outputPerM": 2 } }`: the user's contract prices (or unknown models). */
export function readPriceOverrides(): ModelOverrides {
  return record('models.priceOverrides') as ModelOverrides;
}

/** Personal data is redacted too (secrets always are). */
export function readRedactPersonalData(): boolean {
  return flag('redact.personalData', false);
}

/** VS Code's own `http.*` settings that decide whether our requests can use a proxy. */
export function readProxySettings(): { proxy: string; fetchAdditionalSupport: boolean } {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy') ?? '',
    fetchAdditionalSupport: http.get<boolean>('fetchAdditionalSupport') !== false,
  };
}

/** VS Code's own `files.exclude` for a folder: the globs that are switched on. */
export function readFilesExclude(folder: vscode.Uri): string[] {
  const value =
    vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/** Requests in flight at once per endpoint (the Workbench's scheduler), 1–64. */
export function readMaxConcurrent(): number {
  return Math.min(64, Math.max(1, Math.floor(num('requests.maxConcurrent') ?? 8)));
}

/** `files.exclude` and `search.exclude` of a folder merged: the globs the index leaves out. */
export function readIndexExcludes(folder: vscode.Uri): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const section of ['files', 'search']) {
    const value =
      vscode.workspace.getConfiguration(section, folder).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, on] of Object.entries(value)) if (on === true) out[glob] = true;
  }
  return out;
}
