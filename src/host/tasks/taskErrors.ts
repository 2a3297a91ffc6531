// How a failed task is shown: the cause in words and a button for the next step. An invalid answer offers its raw
// text; a too-large prompt says the numbers.
import * as vscode from 'vscode';
import { ApiError, TaskOutputError, TaskTooLargeError, UserTaskError, WorkbenchError } from '../../core';
import type { WorkbenchLog } from '../log';

export async function showTaskError(title: string, err: unknown, log: WorkbenchLog): Promise<void> {
  if (err instanceof ApiError && err.kind === 'aborted') return;
  if (err instanceof TaskOutputError) {
    log.warn(`${title}: invalid answer after repair: ${err.validationErrors.join('; ')}`);
    const choice = await vscode.window.showErrorMessage(err.message, 'Show Raw Answer');
    if (choice === 'Show Raw Answer') {
      const doc = await vscode.workspace.openTextDocument({ content: err.raw, language: 'json' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return;
  }
  if (err instanceof TaskTooLargeError) {
    void vscode.window.showErrorMessage(`${title}: too large. ${err.message} Select less code.`);
    return;
  }
  if (err instanceof UserTaskError) {
    void vscode.window.showErrorMessage(err.message);
    return;
  }
  if (err instanceof WorkbenchError) {
    void vscode.window.showWarningMessage(`${title}: ${err.message}`);
    return;
  }
  if (err instanceof ApiError) {
    log.warn(`${title} failed (${err.kind}): ${err.message}`);
    const actions: Record<string, [string, () => Thenable<unknown>]> = {
      auth: ['Set API Key', () => vscode.commands.executeCommand('gptWorkbench.setApiKey')],
      quota: [
        'Open Billing',
        () =>
          vscode.env.openExternal(
            vscode.Uri.parse('https://platform.openai.com/settings/organization/billing'),
          ),
      ],
      network: [
        'Open Proxy Setting',
        () => vscode.commands.executeCommand('workbench.action.openSettings', 'http.proxy'),
      ],
    };
    const action = actions[err.kind];
    const choice = await vscode.window.showErrorMessage(
      `${title} failed: ${err.message}`,
      ...(action ? [action[0]] : []),
    );
    if (action && choice === action[0]) await action[1]();
    return;
  }
  log.error(`${title} failed`, err);
  void vscode.window.showErrorMessage(`${title} failed unexpectedly (see the GPT Workbench log).`);
}
