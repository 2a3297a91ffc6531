// The webview's side of workspace answers, in jsdom: an answer's places are listed in its footer as path:line links
// (from a snapshot, i.e. after a reload, and from turnSources while it streams) that report openPath on a click or
// Enter; an empty list says the index found nothing; the answered-before card reports Use it / Ask again once.
import * as assert from 'node:assert/strict';
import type { MessageView, SourceView } from '../../src/shared/protocol';
import { isHostToWebview, isWebviewToHost } from '../../src/shared/protocolGuards';
import { Transcript } from '../../src/webview/transcript';
import { answeredBeforeCard } from '../../src/webview/workspaceAnswers';
import { installDom } from './helpers/dom';

const SOURCES: SourceView[] = [
  { path: 'src/http/retry.ts', line: 1, endLine: 6, symbol: 'retryOnRateLimit' },
  { path: 'src/db/users.py', line: 4, endLine: 9 },
];

describe('workspace answers in the transcript (webview, jsdom)', () => {
  const g = globalThis as unknown as Record<string, unknown>;
  const opened: string[] = [];
  before(() => {
    installDom();
    g['requestAnimationFrame'] ??= (cb: () => void) => setTimeout(cb, 0) as unknown as number;
    g['cancelAnimationFrame'] ??= (id: number) => clearTimeout(id);
  });
  beforeEach(() => (opened.length = 0));

  function transcript(): Transcript {
    return new Transcript({
      errorAction: () => undefined,
      codeAction: () => undefined,
      openLink: () => undefined,
      openPath: (p, line) => opened.push(`${p}:${line}`),
      scrolled: () => undefined,
      toolDecision: () => undefined,
      undoEdits: () => undefined,
    });
  }
  const answer = (extra: Partial<MessageView>): MessageView => ({
    id: 'a1',
    role: 'assistant',
    content: 'It retries once.',
    status: 'complete',
    model: 'gpt-4.1-mini',
    ...extra,
  });

  it('lists the stored places as links that open the code (click and Enter)', () => {
    const t = transcript();
    t.render([answer({ sources: SOURCES })], null, { top: 0, atBottom: true });
    const links = [...t.element.querySelectorAll<HTMLElement>('.footer .sources a.md-link-path')];
    assert.deepEqual(
      links.map((a) => a.textContent),
      ['src/http/retry.ts:1', 'src/db/users.py:4'],
    );
    assert.match(t.element.querySelector('.footer .sources')!.textContent!, /retryOnRateLimit/);
    links[0]!.dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
    links[1]!.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    assert.deepEqual(opened, ['src/http/retry.ts:1', 'src/db/users.py:4']);
  });

  it('shows the places of a streaming turn once it ends, and says when the index found nothing', () => {
    const t = transcript();
    t.render([], null, { top: 0, atBottom: true });
    t.turnStarted('t1', 'gpt-4.1-mini');
    t.turnSources('t1', []);
    assert.equal(t.element.querySelector('.sources'), null, 'the footer waits for the end of the answer');
    t.turnDone('t1', null, 'gpt-4.1-mini', null);
    assert.match(
      t.element.querySelector('[data-testid=sources]')!.textContent!,
      /found nothing for this question/,
    );
  });

  it('the answered-before card reports one choice and disables both buttons', () => {
    const choices: string[] = [];
    const card = answeredBeforeCard(
      { offerId: 'o1', question: 'where do we retry?', answer: 'In **retry.ts**.', similarity: 0.97 },
      (c) => choices.push(c),
    );
    assert.match(card.textContent!, /Answered before \(97% similar\)/);
    assert.equal(card.querySelector('strong')?.textContent, 'retry.ts', 'the answer is rendered Markdown');
    card.querySelector<HTMLButtonElement>('[data-testid=answered-before-use]')!.click();
    card.querySelector<HTMLButtonElement>('[data-testid=answered-before-ask]')!.click();
    assert.deepEqual(choices, ['use']);
  });

  it('the protocol guards refuse malformed places, offers and choices', () => {
    const ok = { type: 'turnSources', turnId: 't', sources: SOURCES };
    assert.ok(isHostToWebview(ok));
    for (const bad of [
      { path: '', line: 1, endLine: 1 },
      { path: 'a.ts', line: 0, endLine: 1 },
      { path: 'a.ts', line: 1.5, endLine: 2 },
      { path: 'a.ts', line: 1, endLine: 1, symbol: 3 },
    ])
      assert.equal(isHostToWebview({ ...ok, sources: [bad] }), false, JSON.stringify(bad));
    const snapshot = (m: unknown) => ({
      type: 'snapshot',
      snapshot: {
        conversationId: null,
        title: 't',
        messages: [m],
        model: 'm',
        models: [],
        activeTurnId: null,
        conversations: [],
      },
    });
    assert.ok(isHostToWebview(snapshot(answer({ sources: SOURCES }))));
    assert.equal(isHostToWebview(snapshot(answer({ sources: 'src/a.ts:1' as never }))), false);
    assert.ok(isHostToWebview({ type: 'answeredBefore', offer: null }));
    assert.equal(isHostToWebview({ type: 'answeredBefore', offer: { offerId: 'o' } }), false);
    assert.ok(isWebviewToHost({ type: 'answeredBeforeChoice', offerId: 'o', choice: 'use' }));
    assert.equal(isWebviewToHost({ type: 'answeredBeforeChoice', offerId: 'o', choice: 'run' }), false);
  });
});
