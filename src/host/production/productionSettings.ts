// The `gptWorkbench.*` settings of issue 5 as the core's data types. Read on every request (the Workbench takes
// functions), so a settings change applies to the next request without a reload.
import * as vscode from 'vscode';
import {
  DEFAULT_CACHE_MAX_ENTRIES,
  type BudgetLimits,
  type ChatOptions,
  type GenerationSettings,
  type ModelOverrides,
  type ModerationMode,
  type RouteRule,
} from '../../core';

const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('gptWorkbench');

function num(s: vscode.WorkspaceConfiguration, key: string): number | undefined {
  const v = s.get<unknown>(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** temperature / top_p / seed / max tokens defaults (a task's or the chat's own values win). */
export function readGenerationSettings(): GenerationSettings {
  const s = section();
  const out: GenerationSettings = {};
  const temperature = num(s, 'request.temperature');
  const topP = num(s, 'request.topP');
  const seed = num(s, 'request.seed');
  const maxTokens = num(s, 'request.maxTokens');
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (seed !== undefined) out.seed = seed;
  if (maxTokens !== undefined && maxTokens > 0) out.maxOutputTokens = maxTokens;
  const routing = s.get<unknown>('models.routing');
  if (Array.isArray(routing) && routing.length > 0) out.routeRules = routing.filter(isRouteRule);
  return out;
}

function isRouteRule(r: unknown): r is RouteRule {
  return typeof r === 'object' && r !== null && typeof (r as { model?: unknown }).model === 'string';
}

/** Retries, timeouts (seconds in settings, ms in the core; 0 = off) and the fallback chain. */
export function readChatOptions(): ChatOptions {
  const s = section();
  const seconds = (key: string, fallback: number): number => Math.max(0, num(s, key) ?? fallback) * 1000;
  const fallback = s.get<unknown>('models.fallback');
  return {
    retry: { maxAttempts: Math.max(1, Math.floor(num(s, 'retry.maxAttempts') ?? 5)) },
    timeouts: {
      firstByteMs: seconds('timeouts.firstByteSeconds', 30),
      totalMs: seconds('timeouts.totalSeconds', 120),
      idleMs: seconds('timeouts.idleSeconds', 30),
    },
    fallbackModels: Array.isArray(fallback) ? fallback.filter((m): m is string => typeof m === 'string') : [],
  };
}

export function readBudgetLimits(): BudgetLimits {
  const s = section();
  return { dailyUsd: num(s, 'budget.dailyUsd') ?? 0, monthlyUsd: num(s, 'budget.monthlyUsd') ?? 0 };
}

export interface CacheSettings {
  enabled: boolean;
  ttlMs: number;
  maxEntries: number;
}

export function readCacheSettings(): CacheSettings {
  const s = section();
  return {
    enabled: s.get<boolean>('cache.enabled') ?? true,
    ttlMs: Math.max(0, num(s, 'cache.ttlHours') ?? 24) * 3_600_000,
    maxEntries: Math.max(1, Math.floor(num(s, 'cache.maxEntries') ?? DEFAULT_CACHE_MAX_ENTRIES)),
  };
}

export function readModerationMode(): ModerationMode {
  const v = section().get<string>('moderation.input');
  return v === 'warn' || v === 'block' ? v : 'off';
}

/** `{ "my-model": { "inputPerM": 1, "outputPerM": 2 } }`: the user's contract prices (or unknown models). */
export function readPriceOverrides(): ModelOverrides {
  const v = section().get<unknown>('models.priceOverrides');
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as ModelOverrides) : {};
}
