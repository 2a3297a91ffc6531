// How a failure is shown, for chat and tasks alike. The words and the next steps are the core's
// (describeError in src/core/errorMapping.ts); this file only turns each step into a button that does it, and
// shows the message. `describeApiError` is the data form (the chat view shows it as buttons).
import * as vscode from 'vscode';
import { BILLING_URL, RETRY_ACTION, describeError, type FailureStep } from '../core';
import { COMMANDS } from './commandIds';
import type { WorkbenchLog } from './log';

export { BILLING_URL };

/** Names the Show Raw Answer step for the data form (it is not a VS Code command). */
export const RAW_ANSWER_ACTION = 'gptWorkbench.task.showRawAnswer';

export interface ErrorAction {
  label: string;
  /** The step as data (the chat view shows it as a button); `run` does exactly this. */
  command: string;
  args?: (string | number | boolean)[];
  run(): Thenable<unknown>;
}

export interface ErrorPresentation {
  severity: 'error' | 'warning';
  message: string;
  actions: ErrorAction[];
}

export interface ShowApiErrorOptions {
  /** Prefix naming what failed, e.g. "Explain Selection". */
  title?: string;
  /** Offered as "Retry" where trying again can help (rate limit, server, network, timeout, a bad answer). */
  retry?: () => unknown;
  /** A code task: a too-long prompt is too much code, not a too-long conversation. */
  task?: boolean;
  /** Where the failure is logged (kind and message; a fault of ours with its message only). */
  log?: WorkbenchLog;
}

function command(label: string, id: string, ...args: string[]): ErrorAction {
  return {
    label,
    command: id,
    ...(args.length ? { args } : {}),
    run: () => vscode.commands.executeCommand(id, ...args),
  };
}

function button(label: string, step: FailureStep, retry: (() => unknown) | undefined): ErrorAction {
  switch (step.step) {
    case 'retry':
      return { label, command: RETRY_ACTION, run: async () => retry?.() };
    case 'setApiKey':
      return command(label, COMMANDS.setApiKey);
    case 'newChat':
      return command(label, COMMANDS.newChat);
    case 'indexWorkspace':
      return command(label, COMMANDS.indexWorkspace);
    case 'showLog':
      return command(label, 'workbench.action.output.toggleOutput');
    case 'openSetting':
      return command(label, 'workbench.action.openSettings', step.setting);
    case 'openBilling':
      return {
        label,
        command: 'vscode.open',
        args: [step.url],
        run: () => vscode.env.openExternal(vscode.Uri.parse(step.url)),
      };
    case 'showRawAnswer':
      return {
        label,
        command: RAW_ANSWER_ACTION,
        run: async () => {
          const doc = await vscode.workspace.openTextDocument({ content: step.text, language: 'json' });
          await vscode.window.showTextDocument(doc, { preview: true });
        },
      };
  }
}

/** The words and the next steps for a failure; undefined for a cancellation the user asked for. */
export function describeApiError(
  err: unknown,
  options: ShowApiErrorOptions = {},
): ErrorPresentation | undefined {
  const shown = describeError(err, {
    title: options.title,
    task: options.task,
    retryable: options.retry !== undefined,
  });
  if (!shown) return undefined;
  return {
    severity: shown.severity,
    message: shown.message,
    actions: shown.steps.map((s) => button(s.label, s.action, options.retry)),
  };
}

/** Shows a failure with its next-step buttons and runs the step the user picks. */
export async function showApiError(err: unknown, options: ShowApiErrorOptions = {}): Promise<void> {
  const shown = describeApiError(err, options);
  if (options.log && shown) {
    const kind = (err as { kind?: unknown }).kind;
    if (typeof kind === 'string')
      options.log.warn(`${options.title ?? 'Request'} failed (${kind}): ${shown.message}`);
    else options.log.error(`${options.title ?? 'Request'} failed`, err);
  }
  if (!shown) return;
  const labels = shown.actions.map((a) => a.label);
  const choice =
    shown.severity === 'warning'
      ? await vscode.window.showWarningMessage(shown.message, ...labels)
      : await vscode.window.showErrorMessage(shown.message, ...labels);
  await shown.actions.find((a) => a.label === choice)?.run();
}
