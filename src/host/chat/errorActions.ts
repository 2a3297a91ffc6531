// The next steps of a failed chat turn. The wording and the steps come from describeApiError (the same as every
// other feature shows); here each step also gets a data form for the webview ({label, command, args}) so it can be
// a button. The webview is untrusted: a click only names an action, and the host runs it only if it is one it
// offered for that turn, through describeApiError's own `run` — never a command id taken from the webview.
import { ApiError } from '../../core';
import type { ErrorActionArg, ErrorActionView } from '../../shared/protocol';
import { BILLING_URL, describeApiError, type ErrorAction } from '../production/apiErrors';
import { describeFailure, type TurnFailure } from './chatBackend';

/** Retry is the chat session's own action, not a VS Code command; the id only names it for the view. */
export const RETRY_ACTION = 'gptWorkbench.chat.retry';

const settings = (query: string): Omit<ErrorActionView, 'label'> => ({
  command: 'workbench.action.openSettings',
  args: [query],
});

/** What each of describeApiError's labels does, as data (keep in step with apiErrors.ts; a test checks it). */
const ACTION_COMMANDS: Record<string, Omit<ErrorActionView, 'label'>> = {
  Retry: { command: RETRY_ACTION },
  'Set API Key': { command: 'gptWorkbench.setApiKey' },
  'New Chat': { command: 'gptWorkbench.newChat' },
  'Open Billing': { command: 'vscode.open', args: [BILLING_URL] },
  'Show Log': { command: 'workbench.action.output.toggleOutput' },
  'Open Proxy Settings': settings('http.proxy'),
  'Retry Settings': settings('gptWorkbench.retry.maxAttempts'),
  'Timeout Settings': settings('gptWorkbench.timeouts'),
  'Fallback Models': settings('gptWorkbench.models.fallback'),
  'Model Settings': settings('gptWorkbench.models'),
  'Moderation Settings': settings('gptWorkbench.moderation.input'),
  'Raise Budget': settings('gptWorkbench.budget'),
};

export interface OfferedAction {
  view: ErrorActionView;
  run(): Thenable<unknown> | Promise<unknown>;
}

/**
 * The failure of a turn with its next steps: describeApiError's message and actions, each with its data form.
 * `retry` is offered where trying again can help (rate limit, network, timeout, server). Actions without a data
 * form are left out (reported through `unmapped`) rather than shown as a button that does something else.
 */
export function presentTurnError(
  err: unknown,
  retry: () => unknown,
  unmapped?: (label: string) => void,
): { failure: TurnFailure; offered: OfferedAction[] } {
  const base = describeFailure(err);
  const shown = describeApiError(err, { retry });
  if (!shown) return { failure: base, offered: [] };
  const offered: OfferedAction[] = [];
  for (const action of shown.actions) {
    const data = ACTION_COMMANDS[action.label];
    if (!data) {
      unmapped?.(action.label);
      continue;
    }
    offered.push({ view: { label: action.label, ...data }, run: () => action.run() });
  }
  return {
    failure: { ...base, message: shown.message, actions: offered.map((a) => a.view) },
    offered,
  };
}

/**
 * The allowlist: per failed turn (the last few), the steps offered with it. A click runs an action only when it
 * names exactly one of them (same command, same arguments), through describeApiError's own `run`.
 */
export class OfferedActions {
  private readonly byTurn = new Map<string, OfferedAction[]>();

  constructor(private readonly limit = 20) {}

  /** The failure of `turnId` with its next steps, remembered for `run`. */
  present(
    err: unknown,
    turnId: string,
    retry: () => unknown,
    unmapped?: (label: string) => void,
  ): TurnFailure {
    const { failure, offered } = presentTurnError(err, retry, unmapped);
    this.byTurn.set(turnId, offered);
    while (this.byTurn.size > this.limit) this.byTurn.delete(this.byTurn.keys().next().value!);
    return failure;
  }

  /** Runs an offered action; false (and nothing runs) for anything not offered for that turn. */
  async run(turnId: string, command: string, args: readonly ErrorActionArg[]): Promise<boolean> {
    const action = this.byTurn.get(turnId)?.find((a) => sameAction(a.view, command, args));
    if (!action) return false;
    await action.run();
    return true;
  }
}

/** True when the click names exactly an offered action (same command, same arguments). */
export function sameAction(view: ErrorActionView, command: string, args: readonly ErrorActionArg[]): boolean {
  const expected = view.args ?? [];
  return (
    view.command === command && expected.length === args.length && expected.every((a, i) => a === args[i])
  );
}

/** Every label describeApiError can produce for an ApiError kind (for the drift check in the tests). */
export function labelsFor(kind: ApiError['kind']): string[] {
  const err = new ApiError({ kind, message: 'x' });
  return (describeApiError(err, { retry: () => undefined })?.actions ?? []).map((a: ErrorAction) => a.label);
}

export function hasCommandFor(label: string): boolean {
  return Object.hasOwn(ACTION_COMMANDS, label);
}
