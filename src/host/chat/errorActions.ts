// The next steps of a failed chat turn. The wording and the steps, each with its data form ({label, command,
// args}), come from describeApiError (the same as every other feature shows), so the webview can show buttons. The webview is untrusted: a click only names an action, and the host runs it only if it is one it
// offered for that turn, through describeApiError's own `run` — never a command id taken from the webview.
import type { ErrorActionArg, ErrorActionView } from '../../shared/protocol';
import { describeApiError, RETRY_ACTION } from '../production/apiErrors';
import { describeFailure, type TurnFailure } from './chatBackend';

export { RETRY_ACTION };

export interface OfferedAction {
  view: ErrorActionView;
  run(): Thenable<unknown> | Promise<unknown>;
}

/**
 * The failure of a turn with its next steps: describeApiError's message and actions, each with its data form.
 * `retry` is offered where trying again can help (rate limit, network, timeout, server).
 */
export function presentTurnError(
  err: unknown,
  retry: () => unknown,
): { failure: TurnFailure; offered: OfferedAction[] } {
  const base = describeFailure(err);
  const shown = describeApiError(err, { retry });
  if (!shown) return { failure: base, offered: [] };
  const offered: OfferedAction[] = [];
  for (const action of shown.actions) {
    const view = {
      label: action.label,
      command: action.command,
      ...(action.args ? { args: action.args } : {}),
    };
    offered.push({ view, run: () => action.run() });
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
  present(err: unknown, turnId: string, retry: () => unknown): TurnFailure {
    const { failure, offered } = presentTurnError(err, retry);
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
