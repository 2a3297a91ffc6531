// Run Task…: the user's own tasks from `.gptworkbench/tasks/*.json`. A broken file is reported by name and problem
// (the good ones still run). The answer goes where its kind says: a diff (refactor), the chat view (explain, text)
// or a JSON document.
import * as vscode from 'vscode';
import {
  createExplanationStream,
  parseUserTasks,
  runCodeTask,
  taskTurnFooter,
  runTextTask,
  UnplaceableEditError,
  asTaskFailure,
  type ExplainAnswer,
  type RefactorAnswer,
  type UserTask,
  type UserTaskError,
} from '../../core';
import type { ExplanationView } from './codeCommands';
import { describeTarget, resolveTarget, taskInputOf } from './codeTarget';
import type { ProposalManager } from './proposals';
import { showApiError } from '../failureButtons';
import { editorFor, fitTarget, reportRedactions, withTaskProgress } from './taskRunner';
import type { TaskServices } from './taskServices';
import { readJsonFiles, readWorkbenchFile } from './workspaceFiles';

export interface RunTaskArgs {
  name?: string;
  uri?: vscode.Uri;
  range?: vscode.Range;
}

export interface RunTaskOutcome {
  task: string;
  kind: UserTask['kind'];
  /** Proposal id (refactor), document URI (json), or the markdown shown (explain / text). */
  result: string;
}

export async function loadUserTasks(): Promise<{ tasks: UserTask[]; errors: UserTaskError[] }> {
  const files = await readJsonFiles('tasks');
  const schemaTexts = new Map<string, string | undefined>();
  for (const f of files) {
    const ref = /"schema"\s*:\s*"([^"]+\.json)"/.exec(f.text)?.[1];
    if (ref && !schemaTexts.has(ref)) schemaTexts.set(ref, await readWorkbenchFile(ref));
  }
  return parseUserTasks(
    files.map(({ file, text }) => ({ file, text })),
    (p) => schemaTexts.get(p),
  );
}

export class UserTaskCommand {
  constructor(
    private readonly services: TaskServices,
    private readonly proposals: ProposalManager,
    private readonly explanations?: ExplanationView,
  ) {}

  async run(args: RunTaskArgs = {}): Promise<RunTaskOutcome | undefined> {
    const { tasks, errors } = await loadUserTasks();
    for (const e of errors) {
      this.services.log.warn(e.message);
      void vscode.window.showErrorMessage(e.message);
    }
    let task = args.name ? tasks.find((t) => t.name === args.name) : undefined;
    if (args.name && !task) {
      void vscode.window.showErrorMessage(`Run Task: no task named "${args.name}" in .gptworkbench/tasks/.`);
      return undefined;
    }
    if (!task) {
      if (!tasks.length) {
        if (!errors.length)
          void vscode.window.showInformationMessage(
            'Run Task: add a task file to .gptworkbench/tasks/ (name, systemPrompt, optional schema, model, parameters).',
          );
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        tasks.map((t) => ({ label: t.name, description: t.kind, detail: t.description || t.file, task: t })),
        { title: 'Run Task', placeHolder: 'Which task?' },
      );
      task = picked?.task;
    }
    if (!task) return undefined;
    return this.execute(task, args);
  }

  private async execute(task: UserTask, args: RunTaskArgs): Promise<RunTaskOutcome | undefined> {
    const editor = await editorFor(args.uri);
    if (!editor) {
      void vscode.window.showInformationMessage(`${task.name}: open a file first.`);
      return undefined;
    }
    const found = await resolveTarget(editor, { range: args.range, allowWholeFile: true });
    if (!found) return undefined;
    const model = await this.services.modelFor('user', task.spec.model);
    const parameters = this.services.parametersFor('user', task.spec.parameters);
    const target = await fitTarget(this.services, found, task.spec, model, parameters);
    if (!target) return undefined;
    // Built per run: each run (and a Retry of it) gets the Workbench as it is then.
    const options = () => this.services.taskOptions(task.spec, taskInputOf(target), model, parameters);
    try {
      if (task.kind === 'explain' || task.kind === 'text') {
        let markdown = '';
        const answer = async (onDelta: (md: string) => void, signal: AbortSignal) => {
          const emit = (md: string): void => {
            markdown += md;
            if (md) onDelta(md);
          };
          try {
            if (task.kind === 'text') {
              const r = await runTextTask({ ...(await options()), signal, onDelta: emit });
              if (r.redactionSummary) emit(`\n\n_${r.redactionSummary} before sending._`);
              return taskTurnFooter([r.result]);
            }
            const stream = createExplanationStream();
            const r = await runCodeTask<ExplainAnswer>({
              ...(await options()),
              signal,
              onDelta: (raw) => emit(stream.push(raw)),
            });
            emit(stream.finish(r.value));
            return taskTurnFooter(r.results);
          } catch (err) {
            // Shown in the chat view: worded as a task's failure (too much code), not the conversation's.
            throw asTaskFailure(err);
          }
        };
        const prompt = `${task.name}: ${describeTarget(target)}`;
        if (this.explanations) await this.explanations.showTaskTurn(prompt, model, answer);
        else {
          await withTaskProgress(task.name, (signal) => answer(() => undefined, signal));
          const doc = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
          await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
        }
        return { task: task.name, kind: task.kind, result: markdown };
      }
      const result = await withTaskProgress(`${task.name} ${describeTarget(target)}`, async (signal) =>
        runCodeTask<unknown>({ ...(await options()), signal }),
      );
      reportRedactions(result.redactionSummary);
      if (task.kind === 'refactor') {
        const proposal = this.proposals.create(
          target,
          result.value as RefactorAnswer,
          `${task.name}: ${describeTarget(target)}`,
        );
        if ('reason' in proposal) throw new UnplaceableEditError(proposal.reason);
        await this.proposals.show(proposal);
        return { task: task.name, kind: task.kind, result: proposal.id };
      }
      const doc = await vscode.workspace.openTextDocument({
        content: `${JSON.stringify(result.value, null, 2)}\n`,
        language: 'json',
      });
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
      return { task: task.name, kind: task.kind, result: doc.uri.toString() };
    } catch (err) {
      await showApiError(err, {
        title: task.name,
        task: true,
        log: this.services.log,
        retry: () => this.execute(task, args),
      });
      return undefined;
    }
  }
}
