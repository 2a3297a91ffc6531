// How a failed request is shown, for chat and tasks alike: a message that names the cause (a quota error is
// never called a rate limit) and one button for the next step. `describeApiError` is the wording (tested without
// UI); `showApiError` shows it and runs the chosen step. Messages are built from the error's fields, which the
// core scrubbed of the key.
import * as vscode from 'vscode';
import { ApiError, RETRY_ACTION, WorkbenchError } from '../../core';
import { COMMANDS } from '../commandIds';

export const BILLING_URL = 'https://platform.openai.com/settings/organization/billing';

/** The chat's own Retry step for the webview (it is not a VS Code command; the chat core names it). */
export { RETRY_ACTION };

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
  /** Offered as "Retry" where trying again can help (rate limit, server, network, timeout). */
  retry?: () => unknown;
}

const command = (label: string, id: string, ...args: string[]): ErrorAction => ({
  label,
  command: id,
  ...(args.length ? { args } : {}),
  run: () => vscode.commands.executeCommand(id, ...args),
});
const openSetting = (label: string, query: string): ErrorAction =>
  command(label, 'workbench.action.openSettings', query);

const TIMEOUT_SETTINGS: Record<string, [string, string]> = {
  first_byte_timeout: [
    'no answer began within the first-byte timeout',
    'gptWorkbench.timeouts.firstByteSeconds',
  ],
  idle_timeout: ['the answer stalled longer than the idle timeout', 'gptWorkbench.timeouts.idleSeconds'],
  total_timeout: ['the request took longer than the total timeout', 'gptWorkbench.timeouts.totalSeconds'],
};

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function attemptsText(err: ApiError): string {
  return err.attempts && err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
}

/** The words and the next step for a failure; undefined for a cancellation the user asked for. */
export function describeApiError(
  err: unknown,
  options: ShowApiErrorOptions = {},
): ErrorPresentation | undefined {
  const prefix = options.title ? `${options.title}: ` : '';
  const retry: ErrorAction[] = options.retry
    ? [{ label: 'Retry', command: RETRY_ACTION, run: async () => options.retry?.() }]
    : [];
  if (err instanceof WorkbenchError) {
    if (err.kind === 'cancelled') return undefined;
    const actions =
      err.kind === 'budget_blocked'
        ? [openSetting('Raise Budget', 'gptWorkbench.budget')]
        : [openSetting('Moderation Settings', 'gptWorkbench.moderation.input')];
    return { severity: 'warning', message: prefix + err.message, actions };
  }
  if (!(err instanceof ApiError)) {
    return {
      severity: 'error',
      message: `${prefix}The request failed unexpectedly (see the GPT Workbench log).`,
      actions: [command('Show Log', 'workbench.action.output.toggleOutput')],
    };
  }
  // Where the core's message already names the cause and the next step (it does for auth, permission, network
  // and not_found), it is shown as it is; wrapping it in a second sentence only repeats it.
  const own = `${prefix}${err.message}`;
  const model = err.model ? ` ${err.model}` : '';
  switch (err.kind) {
    case 'aborted':
      return undefined;
    case 'auth':
      return {
        severity: 'error',
        message: own,
        actions: [command('Set API Key', COMMANDS.setApiKey)],
      };
    case 'permission':
      return {
        severity: 'error',
        message: own,
        actions: [command('Set API Key', COMMANDS.setApiKey)],
      };
    case 'quota':
      return {
        severity: 'error',
        message:
          `${prefix}Your OpenAI account is out of credit or over its spend limit (insufficient_quota). ` +
          'This is not a rate limit: waiting or retrying will not help until billing is fixed.',
        actions: [
          {
            label: 'Open Billing',
            command: 'vscode.open',
            args: [BILLING_URL],
            run: () => vscode.env.openExternal(vscode.Uri.parse(BILLING_URL)),
          },
        ],
      };
    case 'rate_limit': {
      const wait =
        err.retryAfterMs !== undefined
          ? ` The server asks to wait ${seconds(err.retryAfterMs)} before retrying.`
          : '';
      return {
        severity: 'warning',
        message: `${prefix}Rate limited by the API (429)${attemptsText(err)}: too many requests or tokens per minute.${wait}`,
        actions: [...retry, openSetting('Retry Settings', 'gptWorkbench.retry.maxAttempts')],
      };
    }
    case 'context_length':
      return {
        severity: 'error',
        message: `${prefix}The conversation is too long for the context window of${model || ' the model'}. Start a new chat, or remove or shorten earlier messages and attachments.`,
        actions: [command('New Chat', COMMANDS.newChat)],
      };
    case 'network':
      return {
        severity: 'error',
        message: `${own}${err.attempts && err.attempts > 1 ? ` (${err.attempts} attempts)` : ''}`,
        actions: [...retry, openSetting('Open Proxy Settings', 'http.proxy')],
      };
    case 'timeout': {
      const [what, setting] = TIMEOUT_SETTINGS[err.code ?? ''] ?? [
        'the server did not answer in time',
        'gptWorkbench.timeouts.totalSeconds',
      ];
      return {
        severity: 'error',
        message: `${prefix}Timed out${attemptsText(err)}: ${what} (setting ${setting}).`,
        actions: [...retry, openSetting('Timeout Settings', setting)],
      };
    }
    case 'content_filter':
      return {
        severity: 'warning',
        message: `${prefix}The answer was stopped by OpenAI's content filter. This is a policy decision, not an error to retry.`,
        actions: [],
      };
    case 'not_found':
      return {
        severity: 'error',
        message: own,
        actions: [openSetting('Model Settings', 'gptWorkbench.models')],
      };
    case 'server':
      return {
        severity: 'error',
        message: `${prefix}The API had a server error${err.status ? ` (${err.status})` : ''}${attemptsText(err)}. Try again later, or set a fallback model.`,
        actions: [...retry, openSetting('Fallback Models', 'gptWorkbench.models.fallback')],
      };
    default:
      return { severity: 'error', message: `${prefix}${err.message}`, actions: retry };
  }
}

/** Shows a failure with its next-step button and runs the step the user picks. */
export async function showApiError(err: unknown, options: ShowApiErrorOptions = {}): Promise<void> {
  const shown = describeApiError(err, options);
  if (!shown) return;
  const labels = shown.actions.map((a) => a.label);
  const choice =
    shown.severity === 'warning'
      ? await vscode.window.showWarningMessage(shown.message, ...labels)
      : await vscode.window.showErrorMessage(shown.message, ...labels);
  await shown.actions.find((a) => a.label === choice)?.run();
}
