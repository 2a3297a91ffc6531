// How a failed task is shown: the cause in words and a button for the next step. API and policy failures go
// through the production layer's showApiError (the same wording as the chat: quota is never called a rate limit,
// every kind has its next step); the task-specific failures stay here: an invalid answer offers its raw text, a
// too-large prompt says the numbers, a broken user task names its file and the problem.
import * as vscode from 'vscode';
import { ApiError, TaskOutputError, TaskTooLargeError, UserTaskError, WorkbenchError } from '../../core';
import type { WorkbenchLog } from '../log';
import { showApiError } from '../production/apiErrors';

export const SHOW_RAW_ANSWER = 'Show Raw Answer';
const TASK_MODEL_SETTING = 'Task Model Setting';

/** `retry` (runs the same task again) is offered where trying again can help: rate limits, timeouts, network. */
export async function showTaskError(
  title: string,
  err: unknown,
  log: WorkbenchLog,
  retry?: () => unknown,
): Promise<void> {
  if (err instanceof TaskOutputError) {
    log.warn(`${title}: invalid answer after repair: ${err.validationErrors.join('; ')}`);
    const choice = await vscode.window.showErrorMessage(err.message, SHOW_RAW_ANSWER);
    if (choice === SHOW_RAW_ANSWER) {
      const doc = await vscode.workspace.openTextDocument({ content: err.raw, language: 'json' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return;
  }
  if (err instanceof TaskTooLargeError) {
    // Found after redaction, when the enclosing-symbol offer (taskRunner.fitTarget) has already been made.
    void vscode.window.showErrorMessage(
      `${title}: too large. ${err.message} Select less code, or put the cursor inside one function to use just that.`,
    );
    return;
  }
  if (err instanceof UserTaskError) {
    void vscode.window.showErrorMessage(err.message);
    return;
  }
  if (err instanceof ApiError || err instanceof WorkbenchError) {
    if (err instanceof ApiError && err.kind !== 'aborted')
      log.warn(`${title} failed (${err.kind}): ${err.message}`);
    if (err instanceof ApiError && err.kind === 'context_length') {
      // The chat's wording (start a new chat) does not fit a task: the code itself is what is too long.
      const choice = await vscode.window.showErrorMessage(
        `${title}: the code is too large for the model's context window. Select less code, or choose a model with a larger window.`,
        TASK_MODEL_SETTING,
      );
      if (choice === TASK_MODEL_SETTING)
        await vscode.commands.executeCommand('workbench.action.openSettings', 'gptWorkbench.tasks.model');
      return;
    }
    await showApiError(err, { title, retry });
    return;
  }
  log.error(`${title} failed`, err);
  await showApiError(err, { title });
}
