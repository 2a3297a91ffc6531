// Run Task on Files…: from the explorer (files or folders, several selected) or the palette. Pick the task, the
// files (a glob; ignored and secret files left out), the model; a preview shows the requests, estimated tokens, the
// cost at the batch price next to the interactive one and the number of batches, and nothing is sent before the
// user says Submit. Tests pass the choices as an options object instead of answering the pickers.
import * as vscode from 'vscode';
import {
  EXPLAIN_TASK,
  EXTRACT_PRESET_IDS,
  REVIEW_TASK,
  extractPresetInfo,
  extractPresetTask,
  formatUsd,
  prepareBatchJob,
  type BatchJob,
  type ModelCatalogue,
  type TaskSpec,
  type Workbench,
} from '../../core';
import { readTaskModel, readTaskParameters } from '../config';
import { loadUserTasks } from '../tasks/userTaskCommand';
import type { BatchService } from './batchService';
import { DEFAULT_GLOB, collectFiles } from './batchFiles';

export interface RunOnFilesOptions {
  /** `explain`, `review`, `extract:<preset>` or `user:<name>`. */
  task?: string;
  model?: string;
  glob?: string;
  /** true: submit without the preview's confirmation (tests). */
  submit?: boolean;
}

export interface RunOnFilesDeps {
  service: BatchService;
  getWorkbench: () => Promise<Workbench>;
  getCatalogue: () => ModelCatalogue;
}

async function taskChoices(): Promise<{ id: string; label: string; detail: string; spec: TaskSpec }[]> {
  const choices = [
    {
      id: 'explain',
      label: 'Explain',
      detail: 'What each file does, its steps, concepts and risks',
      spec: EXPLAIN_TASK,
    },
    { id: 'review', label: 'Review', detail: 'Findings (bugs, risks) tied to file lines', spec: REVIEW_TASK },
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

function parametersOf(id: string) {
  if (id === 'explain') return readTaskParameters('explain');
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
  const catalogue = deps.getCatalogue();
  const defaultModel = task.spec.model ?? readTaskModel() ?? 'gpt-4.1-mini';
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

  const { files, skipped } = await collectFiles(selection, glob);
  if (files.length === 0) {
    void vscode.window.showWarningMessage(
      `No files to send: nothing matched ${glob}${skipped.size ? ` (${skipped.size} left out: ignored, secret, binary or too large)` : ''}. Change the glob or the selection.`,
    );
    return undefined;
  }
  const workbench = await deps.getWorkbench();
  const prepared = await prepareBatchJob(files, {
    spec: task.spec,
    model,
    catalogue,
    parameters: parametersOf(task.id),
    build: (draft) => workbench.batchRequest(draft),
  });
  const e = prepared.job.estimate;
  const redacted = Object.values(prepared.job.items).filter((i) => i.redactedKinds.length > 0).length;
  const preview =
    `${task.label} on ${files.length} file(s) with ${model}: ${e.requests} request(s) in ${e.batches} batch(es), ` +
    `about ${e.promptTokens.toLocaleString()} input and up to ${e.outputTokens.toLocaleString()} output tokens. ` +
    `Cost at the batch price about ${formatUsd(e.batchCostUsd)} (interactive: ${formatUsd(e.interactiveCostUsd)}). ` +
    `Results within 24 hours.` +
    (skipped.size ? ` ${skipped.size} file(s) left out (ignored, secret, binary or too large).` : '') +
    (redacted ? ` Secrets were redacted in ${redacted} request(s).` : '');
  if (!options.submit) {
    const pick = await vscode.window.showInformationMessage(preview, { modal: true }, 'Submit');
    if (pick !== 'Submit') return undefined;
  }
  return deps.service.manager.start(prepared);
}
