// The parts every message carries besides its text: the role line with a Copy button (any message, user or
// answer), and the cue an answer shows from the moment it is asked for until its first token arrives.
import { h, icon } from './dom';

/** "You" / "Assistant" and a Copy button; `copy` gets the message's text at the time of the click. */
export function roleLine(role: 'user' | 'assistant', copy: () => void): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'message-copy', title: 'Copy message', 'aria-label': 'Copy message' },
    icon('copy'),
  );
  button.addEventListener('click', copy);
  return h('div', { class: 'role' }, h('span', {}, role === 'user' ? 'You' : 'Assistant'), button);
}

/** An animated bar and "Thinking…", announced once to screen readers; removed when the first token arrives. */
export function thinkingCue(): HTMLElement {
  return h(
    'div',
    { class: 'thinking', role: 'status', 'data-testid': 'thinking' },
    h('span', { class: 'thinking-bar', 'aria-hidden': 'true' }),
    h('span', { class: 'thinking-text' }, 'Thinking…'),
  );
}
