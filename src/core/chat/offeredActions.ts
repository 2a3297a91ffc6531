// The allowlist of a failed turn's next steps. The wording and the steps come from the host (the same words every
// other feature shows), each with its data form ({label, command, args}) so the webview can show buttons. The
// webview is untrusted: a click only names an action, and the host runs it only if it is one it offered for that
// turn, through the step's own `run` — never a command id taken from the webview.
import { RETRY_ACTION, type ErrorActionArg, type ErrorActionView } from '../../shared/protocol';
import type { FailurePresentation, OfferedAction } from './chatPort';
import { describeFailure, type TurnFailure } from './turnBackend';

export { RETRY_ACTION };

/** The core's description of a failure, in the host's words when it gave them. */
export function presentFailure(
  err: unknown,
  presentation: FailurePresentation | undefined,
): { failure: TurnFailure; offered: OfferedAction[] } {
  const base = describeFailure(err);
  if (!presentation) return { failure: base, offered: [] };
  return {
    failure: { ...base, message: presentation.message, actions: presentation.actions.map((a) => a.view) },
    offered: presentation.actions,
  };
}

/**
 * Per failed turn (the last few), the steps offered with it. A click runs an action only when it names exactly
 * one of them (same command, same arguments), through that step's own `run`.
 */
export class OfferedActions {
  private readonly byTurn = new Map<string, OfferedAction[]>();

  constructor(private readonly limit = 20) {}

  /** Remembers what was offered with `turnId`'s failure, for `run`. */
  remember(turnId: string, offered: OfferedAction[]): void {
    this.byTurn.set(turnId, offered);
    while (this.byTurn.size > this.limit) this.byTurn.delete(this.byTurn.keys().next().value!);
  }

  /** The steps still offered with a turn (the view shows them after a reload of the page). */
  of(turnId: string): ErrorActionView[] {
    return (this.byTurn.get(turnId) ?? []).map((a) => a.view);
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
