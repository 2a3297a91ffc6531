// The extras of a turn beyond its text: the note of what was redacted before sending, and the buttons the host
// gave the message. Built with textContent only; a button's click is reported, never acted on here.
import { RETRY_ACTION, type ErrorActionView } from '../shared/protocol';
import { button, h } from './dom';

export function redactionNotice(summary: string): HTMLElement {
  return h('p', { class: 'redaction-notice', role: 'note', 'data-testid': 'redaction-notice' }, summary);
}

/** A message's button as the host gave it; the chat's own Retry step gets its icon. */
export function errorActionButton(action: ErrorActionView, onClick: () => void): HTMLButtonElement {
  const retry = action.command === RETRY_ACTION;
  const b = button(action.label, retry ? 'retry' : null, {
    class: retry ? 'retry' : 'error-action',
    'data-testid': retry ? 'retry' : 'error-action',
  });
  if (retry) b.append(` ${action.label}`);
  b.addEventListener('click', onClick);
  return b;
}
