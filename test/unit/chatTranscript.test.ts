// The webview's transcript shows what the host decided and decides nothing itself: the status of an ended turn and
// the buttons of each message come from the host's messages (snapshot, turnError, messageActions), a button's click
// is reported with the host's own command, and nothing is found by its label. Runs the real webview code in jsdom.
import * as assert from 'node:assert/strict';
import { RETRY_ACTION, type ErrorActionView, type MessageView } from '../../src/shared/protocol';
import { Transcript } from '../../src/webview/transcript';
import { installDom } from './helpers/dom';

const RETRY: ErrorActionView = { label: 'Retry', command: RETRY_ACTION };
const SET_KEY: ErrorActionView = { label: 'Set API Key', command: 'gptWorkbench.setApiKey' };

describe('chat transcript (webview, jsdom)', () => {
  const clicks: [string, ErrorActionView][] = [];
  const g = globalThis as unknown as Record<string, unknown>;
  let hadFrame = false;

  before(() => {
    installDom();
    hadFrame = 'requestAnimationFrame' in g;
    if (!hadFrame) {
      g['requestAnimationFrame'] = (cb: () => void) => setTimeout(cb, 0) as unknown as number;
      g['cancelAnimationFrame'] = (id: number) => clearTimeout(id);
    }
  });
  after(() => {
    if (!hadFrame) {
      delete g['requestAnimationFrame'];
      delete g['cancelAnimationFrame'];
    }
  });
  beforeEach(() => (clicks.length = 0));

  function transcript() {
    return new Transcript({
      errorAction: (turnId, action) => clicks.push([turnId, action]),
      codeAction: () => undefined,
      openLink: () => undefined,
      openPath: () => undefined,
      scrolled: () => undefined,
      toolDecision: () => undefined,
      undoEdits: () => undefined,
    });
  }
  const buttonsOf = (root: HTMLElement, id: string): string[] =>
    [...root.querySelectorAll(`article[data-id="${id}"] .footer button`)].map(
      (b) => `${b.getAttribute('data-testid')}:${b.textContent!.trim()}`,
    );
  const user = (id: string): MessageView => ({ id, role: 'user', content: 'q', status: 'complete' });

  it('shows exactly the buttons the snapshot gives, in order; none where it gives none', () => {
    const t = transcript();
    t.render(
      [
        user('u1'),
        { id: 'a1', role: 'assistant', content: '', status: 'interrupted' },
        user('u2'),
        {
          id: 'a2',
          role: 'assistant',
          content: 'part',
          status: 'error',
          error: { kind: 'auth', message: 'No key.' },
          actions: [SET_KEY, RETRY],
        },
      ],
      null,
      { top: 0, atBottom: true },
    );
    assert.deepEqual(buttonsOf(t.element, 'a1'), [], 'an interrupted answer without host buttons has none');
    assert.match(t.element.querySelector('article[data-id="a1"] .status')!.textContent!, /Interrupted/);
    assert.deepEqual(buttonsOf(t.element, 'a2'), ['error-action:Set API Key', 'retry:Retry']);
    (t.element.querySelector('article[data-id="a2"] [data-testid=retry]') as HTMLButtonElement).click();
    assert.deepEqual(clicks, [['a2', RETRY]], 'the click names the host command');
  });

  it('a button is Retry by its command, not its label', () => {
    const t = transcript();
    const lookalike = { label: 'Retry', command: 'workbench.action.openSettings', args: ['x'] };
    t.render(
      [user('u1'), { id: 'a1', role: 'assistant', content: '', status: 'error', actions: [lookalike] }],
      null,
      { top: 0, atBottom: true },
    );
    assert.deepEqual(buttonsOf(t.element, 'a1'), ['error-action:Retry']);
  });

  it("an ended turn takes the host's status and buttons; messageActions changes them later", () => {
    const t = transcript();
    t.render([user('u1')], null, { top: 0, atBottom: true });
    t.turnStarted('t1', 'gpt-4.1-mini');
    t.turnDelta('t1', 'Half an answer');
    // The kind alone would not say "stopped": the status does.
    t.turnError('t1', 'stopped', 'network', 'Stopped.', 'Half an answer', [RETRY]);
    const node = t.element.querySelector('article[data-id="t1"]')!;
    assert.equal(node.querySelector('.status')!.className, 'status stopped');
    assert.deepEqual(buttonsOf(t.element, 't1'), ['retry:Retry']);

    t.addUser(user('u2'));
    assert.deepEqual(buttonsOf(t.element, 't1'), ['retry:Retry'], 'a new message alone changes nothing');
    t.setActions('t1', []);
    assert.deepEqual(buttonsOf(t.element, 't1'), [], 'the host took Retry away');
  });

  it('a failed turn with no buttons from the host shows none (no Retry of its own)', () => {
    const t = transcript();
    t.render([user('u1')], null, { top: 0, atBottom: true });
    t.turnStarted('t1', 'gpt-4.1-mini');
    t.turnError('t1', 'error', 'content_filter', 'Filtered.', '', []);
    assert.equal(t.element.querySelector('article[data-id="t1"] .status')!.className, 'status error');
    assert.deepEqual(buttonsOf(t.element, 't1'), []);
  });

  it('turnStarted drops only the answer the host says it replaces', () => {
    const t = transcript();
    t.render(
      [user('u1'), { id: 'a1', role: 'assistant', content: 'old', status: 'stopped', actions: [RETRY] }],
      null,
      { top: 0, atBottom: true },
    );
    t.turnStarted('t2', 'gpt-4.1-mini');
    assert.ok(t.element.querySelector('article[data-id="a1"]'), 'kept: the host replaced nothing');
    t.turnError('t2', 'error', 'server', 'x', '', []);
    t.turnStarted('t3', 'gpt-4.1-mini', 't2');
    assert.equal(t.element.querySelector('article[data-id="t2"]'), null, 'the replaced answer is gone');
    assert.ok(t.element.querySelector('article[data-id="t3"]'));
  });
});
