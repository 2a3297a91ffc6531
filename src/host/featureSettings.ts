// The settings of the features (code tasks, chat, tools and MCP servers, the workspace index), read through the one
// settings reader's typed accessors (config.ts): nothing here calls VS Code's configuration API itself.
import type { TaskParameters } from '../core';
import { flag, isTier, list, num, raw, readReasoningEffort, record, text } from './config';

/** The model of tasks without their own (may be `auto`); undefined leaves the choice to the caller's default. */
export function readTaskModel(): string | undefined {
  return text('tasks.model') || undefined;
}

/** Lines of nearby code sent with a task (0–50). */
export function readTaskContextLines(): number {
  return Math.min(50, Math.max(0, Math.floor(num('tasks.contextLines') ?? 5)));
}

export type ConfigurableTask = 'explain' | 'refactor' | 'fix' | 'extract';

const TASK_SETTING: Record<ConfigurableTask, () => Record<string, unknown>> = {
  explain: () => record('tasks.explain'),
  refactor: () => record('tasks.refactor'),
  fix: () => record('tasks.fix'),
  extract: () => record('tasks.extract'),
};

/** `gptWorkbench.tasks.<task>`: the request parameters the schema allows (numbers, and the service tier). */
export function readTaskParameters(task: ConfigurableTask): TaskParameters {
  const configured = TASK_SETTING[task]();
  const out: TaskParameters = {};
  for (const key of ['temperature', 'top_p', 'seed', 'max_tokens'] as const) {
    const v = configured[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  const effort = readReasoningEffort(configured['reasoning_effort']);
  if (effort) out.reasoning_effort = effort;
  if (isTier(configured.service_tier)) out.service_tier = configured.service_tier;
  return out;
}

export interface ChatSettings {
  /** Appended after the product's own system prompt; empty = nothing appended. */
  systemPrompt: string;
  /** `json_object` asks every plain chat turn for a JSON object; `text` (default) sends no response_format. */
  responseFormat: 'text' | 'json_object';
  /** The model of new chats; undefined leaves the choice to the chat's default. */
  model?: string;
}

export function readChatSettings(): ChatSettings {
  const prompt = raw('chat.systemPrompt');
  const model = text('chat.model');
  return {
    systemPrompt: typeof prompt === 'string' ? prompt : '',
    responseFormat: text('request.responseFormat') === 'json_object' ? 'json_object' : 'text',
    ...(model ? { model } : {}),
  };
}

/** "Answered before": on/off and the cosine similarity from which a question counts as one answered before. */
export function readAnsweredBeforeSettings(): { enabled: boolean; threshold: number } {
  const threshold = num('chat.answeredBefore.threshold');
  return {
    enabled: raw('chat.answeredBefore.enabled') === true,
    threshold: threshold === undefined ? 0.95 : Math.min(1, Math.max(0.5, threshold)),
  };
}

export interface ToolSettings {
  enabled: boolean;
  /** Rounds with tools per turn (1–50, default 8). */
  maxRounds: number;
  /** Calls of one round at the same time (1–16, default 4). */
  parallelism: number;
  /** Characters of one result sent to the model (1,000–200,000, default 16,000). */
  resultLimit: number;
  /** Built-in tools turned off everywhere. */
  disabled: string[];
  runCommand: { enabled: boolean; timeoutMs: number };
}

const clamp = (v: number | undefined, lo: number, hi: number, fallback: number): number =>
  Math.min(hi, Math.max(lo, Math.floor(v ?? fallback)));

export function readToolSettings(): ToolSettings {
  return {
    enabled: flag('tools.enabled', true),
    maxRounds: clamp(num('tools.maxRounds'), 1, 50, 8),
    parallelism: clamp(num('tools.parallelCalls'), 1, 16, 4),
    resultLimit: clamp(num('tools.resultMaxChars'), 1_000, 200_000, 16_000),
    disabled: list('tools.disabled').filter((n): n is string => typeof n === 'string'),
    runCommand: {
      enabled: flag('tools.runCommand.enabled', false),
      timeoutMs: clamp(num('tools.runCommand.timeoutSeconds'), 1, 3_600, 60) * 1000,
    },
  };
}

/** `gptWorkbench.mcp.servers` as written (the core parses and reports bad entries). */
export function readMcpServers(): Record<string, unknown> {
  return record('mcp.servers');
}

export interface IndexSettings {
  model: string;
  dimensions: number;
  maxFileBytes: number;
}

/** The workspace index: embedding model, its dimensions (1–3072) and the largest file read (KB). */
export function readIndexSettings(): IndexSettings {
  return {
    model: text('index.model') || 'text-embedding-3-small',
    dimensions: clamp(num('index.dimensions'), 1, 3072, 512),
    maxFileBytes: clamp(num('index.maxFileKb'), 1, 10_240, 512) * 1024,
  };
}
