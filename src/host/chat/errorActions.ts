// The host's side of a failed chat turn: describeApiError's words and next steps (the same as every other feature
// shows), each step with its data form for the view's buttons and its `run` for the core's allowlist.
import {
  RETRY_ACTION,
  presentFailure,
  type FailurePresentation,
  type OfferedAction,
  type TurnFailure,
} from '../../core';
import { describeApiError } from '../failureButtons';

export { RETRY_ACTION };

/** The port's presentFailure: undefined for a cancellation the user asked for (the core then says "Stopped."). */
export function turnFailurePresentation(err: unknown, retry: () => unknown): FailurePresentation | undefined {
  const shown = describeApiError(err, { retry });
  if (!shown) return undefined;
  const actions: OfferedAction[] = shown.actions.map((action) => ({
    view: {
      label: action.label,
      command: action.command,
      ...(action.args ? { args: action.args } : {}),
    },
    run: () => action.run(),
  }));
  return { message: shown.message, actions };
}

/** The failure of a turn as the view is told it, with the steps the allowlist remembers. */
export function presentTurnError(
  err: unknown,
  retry: () => unknown,
): { failure: TurnFailure; offered: OfferedAction[] } {
  return presentFailure(err, turnFailurePresentation(err, retry));
}
