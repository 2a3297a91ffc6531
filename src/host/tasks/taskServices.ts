// What the task commands need from the rest of the extension, and the adapters that turn it into the core's
// TaskChatFn: the workbench facade when the host has one (ledger, cache, budget), else runChat with a client from
// OpenAIAccess — the only way to a client.
import * as vscode from 'vscode';
import {
  AUTO_MODEL,
  ApiError,
  DEFAULT_PARAMETERS,
  ModelCatalogue,
  createRedactor,
  routeModel,
  runChat,
  type ModelFacts,
  type OpenAI,
  type Redactor,
  type TaskChatFn,
  type TaskParameters,
  type Workbench,
} from '../../core';
import type { WorkbenchLog } from '../log';

export interface TaskServicesDeps {
  log: WorkbenchLog;
  /** OpenAIAccess.requireClient (bound). */
  getClient: () => Promise<OpenAI | undefined>;
  /** The facade when the host built one: preferred, so ledger, cache and budgets apply to tasks. */
  getWorkbench?: () => Promise<Workbench | undefined>;
  /** The model catalogue in use (settings overrides, endpoint list); default the built-in one. */
  getCatalogue?: () => ModelCatalogue;
}

export type BuiltinTaskId = keyof typeof DEFAULT_PARAMETERS;

const TASK_KIND: Record<string, string> = {
  explain: 'code',
  refactor: 'code',
  fix: 'code',
  extract: 'extraction',
};
const builtinCatalogue = new ModelCatalogue();

export class TaskServices {
  constructor(private readonly deps: TaskServicesDeps) {}

  get log(): WorkbenchLog {
    return this.deps.log;
  }

  private settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('gptWorkbench');
  }

  /** The model for a task: the task's own, else `gptWorkbench.tasks.model`; `auto` is routed by kind here. */
  modelFor(task: string, own?: string): string {
    const chosen = own || this.settings().get<string>('tasks.model') || 'gpt-4.1-mini';
    if (chosen !== AUTO_MODEL) return chosen;
    return routeModel({ kind: TASK_KIND[task] ?? 'code', promptTokens: 0 }).model;
  }

  /** Built-in defaults, overridden by `gptWorkbench.tasks.<task>.*` settings, then by a user task's own. */
  parametersFor(task: BuiltinTaskId | 'user', own: TaskParameters = {}): TaskParameters {
    const base = task === 'user' ? {} : DEFAULT_PARAMETERS[task];
    const configured = task === 'user' ? {} : (this.settings().get<TaskParameters>(`tasks.${task}`) ?? {});
    const clean: TaskParameters = {};
    for (const key of ['temperature', 'top_p', 'seed', 'max_tokens'] as const) {
      const v = own[key] ?? configured[key] ?? base[key];
      if (typeof v === 'number') clean[key] = v;
    }
    return clean;
  }

  modelFacts(model: string): ModelFacts {
    const info = (this.deps.getCatalogue?.() ?? builtinCatalogue).get(model);
    return {
      structuredOutputs: info.structuredOutputs,
      contextWindow: info.contextWindow ?? undefined,
      maxOutputTokens: info.maxOutputTokens ?? undefined,
    };
  }

  /** Secrets always; personal data when `gptWorkbench.redact.personalData` is on. */
  redactor(): Redactor {
    return createRedactor({ personalData: this.settings().get<boolean>('redact.personalData') ?? false });
  }

  /** A chat function for one task run, bound to the facade or a client. */
  async chat(): Promise<TaskChatFn> {
    const workbench = await this.deps.getWorkbench?.();
    if (workbench) {
      return async (request, options) => {
        const kind = TASK_KIND[options.feature.split(':')[0] ?? ''] ?? 'code';
        return workbench.chat(
          { ...request, kind },
          // Our own validation and repair handle non-JSON answers, so runChat must hand them over, not reject.
          {
            feature: `task.${options.feature}`,
            signal: options.signal,
            onDelta: options.onDelta,
            // Input moderation is for what people type into the chat; a task sends the user's own code.
            moderate: false,
            hooks: { validateJson: false },
          },
        );
      };
    }
    const client = await this.deps.getClient();
    if (!client)
      throw new ApiError({
        kind: 'auth',
        message: 'No OpenAI API key is set. Run "GPT Workbench: Set API Key".',
      });
    return (request, options) =>
      runChat(client, request, { signal: options.signal, onDelta: options.onDelta, validateJson: false });
  }
}
