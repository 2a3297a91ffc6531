// What the task commands need from the rest of the extension, and the adapter that turns the host's Workbench
// (ledger, cache, budget around runChat — the one path every request takes) into the core's TaskChatFn.
import {
  AUTO_MODEL,
  DEFAULT_MODEL,
  DEFAULT_PARAMETERS,
  ModelCatalogue,
  type CodeTaskOptions,
  type ModelFacts,
  type TaskChatFn,
  type TaskInput,
  type TaskParameters,
  type TaskSpec,
  type Workbench,
} from '../../core';
import type { WorkbenchLog } from '../log';
import { readGenerationSettings } from '../config';
import { readTaskModel, readTaskParameters } from '../featureSettings';

export interface TaskServicesDeps {
  log: WorkbenchLog;
  /** The host's one Workbench (it asks for a key first when none is set, and throws auth if still none). */
  getWorkbench: () => Promise<Workbench>;
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
/** Built on first use: nothing of the core runs when the extension is loaded. */
let builtinCatalogue: ModelCatalogue | undefined;

export class TaskServices {
  constructor(private readonly deps: TaskServicesDeps) {}

  get log(): WorkbenchLog {
    return this.deps.log;
  }

  /**
   * The model for a task: the task's own, else `gptWorkbench.tasks.model`. `auto` is resolved by the Workbench (the
   * one place that routes), because the task must know its model's facts before it builds the request.
   */
  async modelFor(task: string, own?: string): Promise<string> {
    const chosen = own || readTaskModel() || DEFAULT_MODEL;
    if (chosen !== AUTO_MODEL) return chosen;
    const workbench = await this.deps.getWorkbench();
    return workbench.resolveModel({ model: chosen, kind: TASK_KIND[task] ?? 'code', messages: [] }).model;
  }

  /**
   * Which value a task sends: the user task's own, else `gptWorkbench.tasks.<task>.*`, else (temperature and top_p)
   * the global `gptWorkbench.request.*`, else the built-in default. So a global setting is never silently
   * overridden by a built-in default; the settings' descriptions say the same.
   */
  parametersFor(task: BuiltinTaskId | 'user', own: TaskParameters = {}): TaskParameters {
    const base = task === 'user' ? {} : DEFAULT_PARAMETERS[task];
    const configured = task === 'user' ? {} : readTaskParameters(task);
    const global = readGenerationSettings();
    const inherited: TaskParameters = {
      ...(global.temperature !== undefined ? { temperature: global.temperature } : {}),
      ...(global.topP !== undefined ? { top_p: global.topP } : {}),
    };
    const clean: TaskParameters = {};
    for (const key of ['temperature', 'top_p', 'seed', 'max_tokens'] as const) {
      const v = own[key] ?? configured[key] ?? inherited[key] ?? base[key];
      if (typeof v === 'number') clean[key] = v;
    }
    const effort = own.reasoning_effort ?? configured.reasoning_effort;
    if (effort) clean.reasoning_effort = effort;
    const tier = own.service_tier ?? configured.service_tier;
    if (tier) clean.service_tier = tier;
    return clean;
  }

  modelFacts(model: string): ModelFacts {
    const info = (this.deps.getCatalogue?.() ?? (builtinCatalogue ??= new ModelCatalogue())).get(model);
    return {
      structuredOutputs: info.structuredOutputs,
      contextWindow: info.contextWindow ?? undefined,
      maxOutputTokens: info.maxOutputTokens ?? undefined,
    };
  }

  /** What every run of a task needs from the host: the Workbench's chat (which redacts) and the model's facts. */
  async taskOptions(
    spec: TaskSpec,
    input: TaskInput,
    model: string,
    parameters: TaskParameters | undefined,
  ): Promise<CodeTaskOptions> {
    return {
      chat: await this.chat(),
      spec,
      input,
      model,
      modelFacts: this.modelFacts(model),
      parameters,
    };
  }

  /** A chat function for one task run, bound to the host's Workbench. */
  async chat(): Promise<TaskChatFn> {
    const workbench = await this.deps.getWorkbench();
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
}
