// The agent's batch submission: a task over many files through the Batch API, prepared exactly as Run Task on
// Files… prepares it (same files, same batch lines, same preview numbers). It spends money, so prepareInvocation
// returns VS Code's confirmation with the estimated cost and the number of requests, and only a confirmed
// invocation submits the job it showed, through the same BatchService (its Batch Jobs view, polling and report).
import * as vscode from 'vscode';
import { DEFAULT_REFACTOR_INSTRUCTION, batchConfirmationTitle, batchSubmittedText } from '../../core';
import {
  defaultTaskModel,
  prepareTaskOnFiles,
  taskChoices,
  type PreparedTaskOnFiles,
  type RunOnFilesDeps,
} from '../batch/runTaskOnFiles';

export const SUBMIT_BATCH_TOOL = 'gptWorkbench_submitBatch';

export interface SubmitBatchInput {
  /** `explain`, `review`, `refactor`, `extract:<preset>` or `user:<name>`. */
  task: string;
  /** Files, relative to the workspace folder. */
  glob: string;
  model?: string;
  /** Refactor only: how the code should change. */
  instruction?: string;
}

type Preparation = PreparedTaskOnFiles & { model?: string };

/** The preparations shown in a confirmation, waiting for their invocation (VS Code calls invoke right after). */
const MAX_WAITING = 8;

export class SubmitBatchTool implements vscode.LanguageModelTool<SubmitBatchInput> {
  private readonly waiting = new Map<string, Promise<Preparation>>();

  constructor(private readonly deps: RunOnFilesDeps) {}

  private key(input: SubmitBatchInput): string {
    return JSON.stringify([input.task, input.glob, input.model ?? '', input.instruction ?? '']);
  }

  private async prepare(input: SubmitBatchInput): Promise<Preparation> {
    const choices = await taskChoices();
    const task = choices.find((c) => c.id === input.task);
    if (!task)
      return {
        ok: false,
        message: `No task "${input.task}". Use one of: ${choices.map((c) => c.id).join(', ')}.`,
      };
    if (!input.glob?.trim()) return { ok: false, message: 'Give a glob for the files, e.g. "src/**/*.ts".' };
    const model = input.model?.trim() || defaultTaskModel(task);
    const instruction =
      task.id === 'refactor' ? input.instruction?.trim() || DEFAULT_REFACTOR_INSTRUCTION : undefined;
    const ready = await prepareTaskOnFiles(this.deps, [], {
      task,
      glob: input.glob.trim(),
      model,
      ...(instruction ? { instruction } : {}),
    });
    return { ...ready, model };
  }

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<SubmitBatchInput>,
  ): Promise<vscode.PreparedToolInvocation> {
    const key = this.key(options.input);
    const preparing = this.prepare(options.input);
    this.waiting.delete(key);
    this.waiting.set(key, preparing);
    while (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
    const ready = await preparing.catch((err: unknown) => {
      // No key, no workspace…: VS Code shows the failure; nothing is kept for an invocation.
      this.waiting.delete(key);
      throw err;
    });
    // Nothing would be sent: invoke explains why, no question needed.
    if (!ready.ok) return { invocationMessage: 'Checking the batch job' };
    return {
      invocationMessage: `Submitting the batch job (${ready.preview.taskLabel} with ${ready.model})`,
      confirmationMessages: {
        title: batchConfirmationTitle(ready.preview),
        message: new vscode.MarkdownString(
          `${ready.previewText}\n\nThe files are uploaded to the Batch API on your OpenAI key; nothing is sent before you continue.`,
        ),
      },
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<SubmitBatchInput>,
  ): Promise<vscode.LanguageModelToolResult> {
    const text = (value: string) =>
      new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
    const key = this.key(options.input);
    const preparing = this.waiting.get(key);
    this.waiting.delete(key);
    // Only the job a confirmation showed is submitted: a new preparation could differ from what the user saw.
    if (!preparing) return text('This batch job was not prepared for confirmation; call the tool again.');
    const ready = await preparing;
    if (!ready.ok) return text(ready.message);
    const job = await this.deps.service.manager.start(ready.prepared);
    return text(batchSubmittedText(job));
  }
}
