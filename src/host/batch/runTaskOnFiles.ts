// Run Task on Files…: from the explorer (files or folders, several selected) or the palette. Pick the task, the
// files (a glob; ignored and secret files left out), the model; a preview shows the requests, estimated tokens, the
// cost at the batch price next to the interactive one and the number of batches, and nothing is sent before the
// user says Submit. Tests pass the choices as an options object instead of answering the pickers.
import * as vscode from 'vscode';
import {
  DEFAULT_REFACTOR_INSTRUCTION,
  EXPLAIN_TASK,
  REFACTOR_TASK,
  EXTRACT_PRESET_IDS,
  REVIEW_TASK,
  extractPresetInfo,
  extractPresetTask,
  batchPreviewText,
  prepareBatchJob,
  type BatchJob,
  type BatchPreviewInput,
  type PreparedJob,
  type ModelCatalogue,
  type TaskSpec,
  type Workbench,
} from '../../core';
import { readTaskModel, readTaskParameters } from '../featureSettings';
import { loadUserTasks } from '../tasks/userTaskCommand';
import type { BatchService } from './batchService';
import { DEFAULT_GLOB, collectFiles } from './batchFiles';

export interface RunOnFilesOptions {
  /** `explain`, `review`, `extract:<preset>` or `user:<name>`. */
  task?: string;
  model?: string;
  glob?: string;
  /** Refactor: how the code should change (default: readability and robustness, same behaviour). */
  instruction?: string;
  /** true: submit without the preview's confirmation (tests). */
  submit?: boolean;
}

export interface RunOnFilesDeps {
  service: BatchService;
  getWorkbench: () => Promise<Workbench>;
  getCatalogue: () => ModelCatalogue;
}

export interface TaskChoice {
  id: string;
  label: string;
  detail: string;
  spec: TaskSpec;
}

/** The tasks Run Task on Files… offers: the built-in ones, each extract preset, and the workspace's user tasks. */
export async function taskChoices(): Promise<TaskChoice[]> {
  const choices: TaskChoice[] = [
    {
      id: 'explain',
      label: 'Explain',
      detail: 'What each file does, its steps, concepts and risks',
      spec: EXPLAIN_TASK,
    },
    { id: 'review', label: 'Review', detail: 'Findings (bugs, risks) tied to file lines', spec: REVIEW_TASK },
    {
      id: 'refactor',
      label: 'Refactor',
      detail: 'Changed code per file, reviewed in one multi-file diff you apply or discard',
      spec: REFACTOR_TASK,
    },
    ...EXTRACT_PRESET_IDS.map((p) => ({
      id: `extract:${p}`,
      label: `Extract ${extractPresetInfo(p).label}`,
      detail: extractPresetInfo(p).description,
      spec: extractPresetTask(p),
    })),
  ];
  const { tasks } = await loadUserTasks();
  for (const t of tasks)
    choices.push({
      id: `user:${t.name}`,
      label: t.name,
      detail: `${t.description} (${t.file})`,
      spec: t.spec,
    });
  return choices;
}

/** The model a task runs with when nobody picks one: the task's own, else the task model setting. */
export function defaultTaskModel(task: TaskChoice): string {
  return task.spec.model ?? readTaskModel() ?? 'gpt-4.1-mini';
}

function parametersOf(id: string) {
  if (id === 'explain') return readTaskParameters('explain');
  if (id === 'refactor') return readTaskParameters('refactor');
  if (id.startsWith('extract:')) return readTaskParameters('extract');
  return {};
}

export async function runTaskOnFiles(
  deps: RunOnFilesDeps,
  clicked: vscode.Uri | undefined,
  selected: vscode.Uri[] | undefined,
  options: RunOnFilesOptions = {},
): Promise<BatchJob | undefined> {
  const selection = selected && selected.length > 0 ? selected : clicked ? [clicked] : [];
  const choices = await taskChoices();
  const task =
    choices.find((c) => c.id === options.task) ??
    (options.task === undefined
      ? await vscode.window.showQuickPick(choices, { title: 'Run Task on Files: which task?' })
      : undefined);
  if (!task) {
    if (options.task)
      void vscode.window.showErrorMessage(
        `No task "${options.task}". Pick one of: ${choices.map((c) => c.id).join(', ')}.`,
      );
    return undefined;
  }
  const glob =
    options.glob ??
    (await vscode.window.showInputBox({
      title: 'Run Task on Files: which files?',
      prompt: selection.length > 0 ? 'Glob applied inside the selected folders' : 'Glob over the workspace',
      value: DEFAULT_GLOB,
    }));
  if (!glob) return undefined;
  let instruction: string | undefined;
  if (task.id === 'refactor') {
    instruction =
      options.instruction ??
      (await vscode.window.showInputBox({
        title: 'Run Task on Files: how should the code change?',
        value: DEFAULT_REFACTOR_INSTRUCTION,
      }));
    if (!instruction) return undefined;
  }
  const catalogue = deps.getCatalogue();
  const defaultModel = defaultTaskModel(task);
  const model =
    options.model ??
    (
      await vscode.window.showQuickPick(
        catalogue
          .list('chat')
          .map((m) => ({ label: m.id, description: m.id === defaultModel ? 'default' : '' }))
          .sort((a, b) => (a.label === defaultModel ? -1 : b.label === defaultModel ? 1 : 0)),
        { title: 'Run Task on Files: which model?' },
      )
    )?.label;
  if (!model) return undefined;

  const ready = await prepareTaskOnFiles(deps, selection, {
    task,
    glob,
    model,
    ...(instruction ? { instruction } : {}),
  });
  if (!ready.ok) {
    void vscode.window.showWarningMessage(ready.message);
    return undefined;
  }
  if (!options.submit) {
    const pick = await vscode.window.showInformationMessage(ready.previewText, { modal: true }, 'Submit');
    if (pick !== 'Submit') return undefined;
  }
  return deps.service.manager.start(ready.prepared);
}

export interface TaskOnFilesChoice {
  task: TaskChoice;
  glob: string;
  model: string;
  instruction?: string;
}

export type PreparedTaskOnFiles =
  | { ok: true; prepared: PreparedJob; preview: BatchPreviewInput; previewText: string }
  | { ok: false; message: string };

/**
 * Everything Run Task on Files… does between the choices and the Submit button: the files, the batch lines (secrets
 * redacted) and the preview numbers. The agent's batch tool calls it too, so both show the same estimate.
 */
export async function prepareTaskOnFiles(
  deps: RunOnFilesDeps,
  selection: vscode.Uri[],
  choice: TaskOnFilesChoice,
): Promise<PreparedTaskOnFiles> {
  const { task, glob, model, instruction } = choice;
  const { files, skipped } = await collectFiles(selection, glob);
  if (files.length === 0) {
    return {
      ok: false,
      message: `No files to send: nothing matched ${glob}${skipped.size ? ` (${skipped.size} left out: ignored, secret, binary or too large)` : ''}. Change the glob or the selection.`,
    };
  }
  const workbench = await deps.getWorkbench();
  const prepared = await prepareBatchJob(files, {
    spec: task.spec,
    model,
    catalogue: deps.getCatalogue(),
    parameters: parametersOf(task.id),
    ...(instruction ? { instruction } : {}),
    build: (draft) => workbench.batchRequest(draft),
  });
  const preview = { taskLabel: task.label, files: files.length, model, prepared, skipped: skipped.size };
  return { ok: true, prepared, preview, previewText: batchPreviewText(preview) };
}
