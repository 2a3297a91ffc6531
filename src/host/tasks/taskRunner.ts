// Shared steps of every task command: find the editor, choose the code (selection, enclosing symbol), check the
// prompt's size before anything is sent (dropping the nearby lines, or offering the enclosing symbol, when the
// selection is too large), and run the request under a cancellable progress notification.
import * as vscode from 'vscode';
import { checkTaskSize, type TaskParameters, type TaskSpec, type TokenCheck } from '../../core';
import { enclosingSymbols, symbolTarget, taskInputOf, type CodeTarget } from './codeTarget';
import type { TaskServices } from './taskServices';

/** The editor for `uri` (opened if needed), else the active one. */
export async function editorFor(uri?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const active = vscode.window.activeTextEditor;
  if (!uri || active?.document.uri.toString() === uri.toString()) return active;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  return visible ?? vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

function length(target: CodeTarget): number {
  return target.document.offsetAt(target.range.end) - target.document.offsetAt(target.range.start);
}

/**
 * Returns a target whose prompt fits the model, or undefined (the user was told why, with the numbers, or chose
 * not to continue). Too large: the nearby lines are only context, so code that fits without them is sent without
 * them (and the user is told); else the innermost enclosing symbol smaller than the range that fits (with its
 * nearby lines if possible) is offered; else the task is refused with the numbers.
 */
export async function fitTarget(
  services: TaskServices,
  target: CodeTarget,
  spec: TaskSpec,
  model: string,
  parameters: TaskParameters,
  instruction?: string,
): Promise<CodeTarget | undefined> {
  const facts = services.modelFacts(model);
  const fits = async (candidate: CodeTarget, known?: TokenCheck): Promise<CodeTarget | undefined> => {
    const input = taskInputOf(candidate, instruction);
    const check = known ?? (await checkTaskSize(spec, input, facts, parameters));
    if (!check || check.fits) return candidate;
    // Without nearby lines (unless there were none): a second count, of a prompt smaller than the first.
    if (input.contextBefore === undefined && input.contextAfter === undefined) return undefined;
    const bare: CodeTarget = { ...candidate, contextLines: 0 };
    const bareCheck = await checkTaskSize(spec, taskInputOf(bare, instruction), facts, parameters);
    return bareCheck && !bareCheck.fits ? undefined : bare;
  };
  const check = await checkTaskSize(spec, taskInputOf(target, instruction), facts, parameters);
  if (!check || check.fits) return target;
  const numbers = `${check.promptTokens.toLocaleString('en-US')} prompt tokens + ${check.reservedOutput.toLocaleString('en-US')} reserved for the answer > ${check.contextWindow.toLocaleString('en-US')}-token context window of ${model}`;
  const trimmed = await fits(target, check);
  if (trimmed) {
    void vscode.window.showInformationMessage(
      `${spec.title}: sent without the nearby lines, which made the prompt too large (${numbers}).`,
    );
    return trimmed;
  }
  const cursor = vscode.window.activeTextEditor?.selection.active ?? target.range.start;
  const symbols = await enclosingSymbols(
    target.document,
    target.range.contains(cursor) ? cursor : target.range.start,
  );
  for (const symbol of symbols) {
    const candidate = symbolTarget(target.document, symbol);
    if (length(candidate) >= length(target)) break;
    const fitting = await fits(candidate);
    if (!fitting) continue;
    const use = `Use ${candidate.source}`;
    const bare = fitting.contextLines === 0 ? ' without its nearby lines' : '';
    const choice = await vscode.window.showWarningMessage(
      `${spec.title}: the code is too large (${numbers}). The enclosing ${candidate.source} fits${bare}.`,
      use,
    );
    return choice === use ? fitting : undefined;
  }
  void vscode.window.showErrorMessage(
    `${spec.title}: the code is too large (${numbers}). Select a smaller range.`,
  );
  return undefined;
}

/** Runs `work` under a cancellable notification; Cancel aborts the request. */
export function withTaskProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GPT Workbench: ${title}…`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return work(abort.signal).finally(() => sub.dispose());
    },
  );
}

/** Tells the user what was redacted before sending (never the values). */
export function reportRedactions(summary: string | undefined): void {
  if (summary) void vscode.window.showInformationMessage(`Before sending: ${summary}.`);
}
