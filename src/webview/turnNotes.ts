// The extras of a turn beyond its text: the note of what was redacted before sending, and the next-step buttons
// of a failed turn. Built with textContent only; a button's click is reported, never acted on here.
import type { ErrorActionView } from '../shared/protocol';
import { button, h } from './dom';

export function redactionNotice(summary: string): HTMLElement {
  return h('p', { class: 'redaction-notice', role: 'note', 'data-testid': 'redaction-notice' }, summary);
}

export function errorActionButton(action: ErrorActionView, onClick: () => void): HTMLButtonElement {
  const retry = action.label === 'Retry';
  const b = button(action.label, retry ? 'retry' : null, {
    class: retry ? 'error-action retry-action' : 'error-action',
    'data-testid': 'error-action',
  });
  if (retry) b.append(' Retry');
  b.addEventListener('click', onClick);
  return b;
}
