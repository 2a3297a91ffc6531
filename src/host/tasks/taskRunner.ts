// Shared steps of every task command: find the editor, choose the code (selection, enclosing symbol), check the
// prompt's size before anything is sent (offering the enclosing symbol when the selection is too large), and run
// the request under a cancellable progress notification.
import * as vscode from 'vscode';
import { checkTaskSize, type TaskParameters, type TaskSpec } from '../../core';
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
 * not to continue). Too large: offer the innermost enclosing symbol that is smaller than the current range.
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
  let check = await checkTaskSize(spec, taskInputOf(target, instruction), facts, parameters);
  if (!check || check.fits) return target;
  const numbers = `${check.promptTokens.toLocaleString('en-US')} prompt tokens + ${check.reservedOutput.toLocaleString('en-US')} for the answer > ${check.contextWindow.toLocaleString('en-US')} (${model}'s context window)`;
  const cursor = vscode.window.activeTextEditor?.selection.active ?? target.range.start;
  const symbols = await enclosingSymbols(
    target.document,
    target.range.contains(cursor) ? cursor : target.range.start,
  );
  for (const symbol of symbols) {
    const candidate = symbolTarget(target.document, symbol);
    if (length(candidate) >= length(target)) break;
    check = await checkTaskSize(spec, taskInputOf(candidate, instruction), facts, parameters);
    if (check && !check.fits) continue;
    const use = `Use ${candidate.source}`;
    const choice = await vscode.window.showWarningMessage(
      `${spec.title}: the code is too large (${numbers}).`,
      use,
    );
    return choice === use ? candidate : undefined;
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
