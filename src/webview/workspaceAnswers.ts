// What a workspace answer adds to the transcript: the footer's list of the places an `@workspace` answer is based
// on (path:line links, opened by the host like any path link in an answer), and the "answered before" offer with
// Use it / Ask again. Built with textContent only; a click is reported, never acted on here.
import type { AnsweredBeforeChoice, AnsweredBeforeView, SourceView } from '../shared/protocol';
import { h } from './dom';
import { renderMarkdown } from './markdown';

/** "Sources: src/a.ts:3 (retry) · src/b.ts:10"; links carry data-path/data-line like an answer's path links. */
export function sourcesFooter(sources: readonly SourceView[]): HTMLElement {
  if (sources.length === 0)
    return h(
      'p',
      { class: 'sources', 'data-testid': 'sources' },
      'Sources: the workspace index found nothing for this question.',
    );
  const items = sources.map((s) => {
    const ref = `${s.path}:${s.line}`;
    return h(
      'li',
      {},
      h(
        'a',
        {
          class: 'md-link md-link-path source-link',
          'data-path': s.path,
          'data-line': String(s.line),
          role: 'link',
          tabindex: '0',
          title: `Open ${ref} (lines ${s.line}–${s.endLine})`,
        },
        ref,
      ),
      s.symbol ? h('span', { class: 'source-symbol' }, ` ${s.symbol}`) : null,
    );
  });
  return h(
    'div',
    { class: 'sources', 'data-testid': 'sources' },
    h('span', { class: 'sources-label' }, 'Sources'),
    h('ul', { 'aria-label': 'Sources' }, ...items),
  );
}

/** The earlier answer to a very close question, with Use it (costs nothing) and Ask again. */
export function answeredBeforeCard(
  offer: AnsweredBeforeView,
  choose: (choice: AnsweredBeforeChoice) => void,
): HTMLElement {
  const body = h('div', { class: 'body answered-before-answer' });
  body.innerHTML = renderMarkdown(offer.answer);
  const choice = (label: string, value: AnsweredBeforeChoice, cls: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: cls, 'data-testid': `answered-before-${value}` }, label);
    b.addEventListener('click', () => {
      for (const other of card.querySelectorAll('button')) other.disabled = true;
      choose(value);
    });
    return b;
  };
  const percent = Math.round(offer.similarity * 100);
  const card = h(
    'section',
    { class: 'answered-before', 'data-testid': 'answered-before', 'aria-label': 'Answered before' },
    h(
      'p',
      { class: 'answered-before-title', role: 'status' },
      `Answered before (${percent}% similar): use it, or ask again.`,
    ),
    h('p', { class: 'answered-before-question' }, `Earlier question: ${offer.question}`),
    body,
    h(
      'div',
      { class: 'answered-before-actions' },
      choice('Use it', 'use', 'primary'),
      choice('Ask again', 'ask', 'secondary'),
    ),
  );
  return card;
}
