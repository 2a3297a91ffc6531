// The protocol's runtime guards: the host accepts only well-formed webview messages (the webview is untrusted
// input), and the webview only well-formed host messages.
import * as assert from 'node:assert/strict';
import { typedPost, type HostToWebview, type WebviewToHost } from '../../src/shared/protocol';
import { isHostToWebview, isWebviewToHost } from '../../src/shared/protocolGuards';

const png = { name: 'a.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=', bytes: 8 };

describe('protocol guards', () => {
  it('accepts every well-formed webview message', () => {
    const good: WebviewToHost[] = [
      { type: 'ready' },
      { type: 'send', text: 'hi', images: [png], replaceLast: false },
      { type: 'stop', turnId: 't1' },
      { type: 'newChat' },
      { type: 'setModel', model: 'gpt-4o' },
      { type: 'codeAction', action: 'insert', code: 'x = 1', language: 'python' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'openPath', path: 'src/a.ts', line: 12 },
      { type: 'openConversation', id: 'c1' },
      { type: 'renameConversation', id: 'c1', title: 'New' },
      { type: 'deleteConversation', id: 'c1' },
      { type: 'undoDelete', id: 'c1' },
      { type: 'exportConversation', id: 'c1' },
      { type: 'errorAction', turnId: 't1', command: 'gptWorkbench.setApiKey', args: [] },
      { type: 'errorAction', turnId: 't1', command: 'workbench.action.openSettings', args: ['http.proxy'] },
    ];
    for (const m of good) assert.equal(isWebviewToHost(m), true, JSON.stringify(m));
  });

  it('rejects malformed or unknown webview messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'toString' },
      { type: 'send', text: 'hi' },
      { type: 'send', text: 'hi', images: [{ ...png, dataUrl: 'javascript:alert(1)' }], replaceLast: false },
      {
        type: 'send',
        text: 'hi',
        images: [{ ...png, dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' }],
        replaceLast: false,
      },
      {
        type: 'send',
        text: 'an SVG (the API reads PNG, JPEG, GIF and WebP only)',
        images: [{ ...png, dataUrl: 'data:image/svg+xml;base64,PHN2Zz4=' }],
        replaceLast: false,
      },
      {
        type: 'send',
        text: 'over the size cap, whatever bytes it claims',
        images: [{ ...png, dataUrl: 'data:image/png;base64,' + 'A'.repeat(6 * 1024 * 1024) }],
        replaceLast: false,
      },
      // Which models exist is the session's check (its picker); the guard only wants a model id.
      { type: 'setModel', model: '' },
      { type: 'setModel', model: 42 },
      { type: 'codeAction', action: 'run', code: 'rm -rf /', language: 'sh' },
      { type: 'openPath', path: 'a.ts', line: '12' },
      { type: 'stop' },
      { type: 'errorAction', turnId: 't1', command: 'gptWorkbench.setApiKey' },
      { type: 'errorAction', turnId: 't1', command: 'x', args: [{ nested: true }] },
      { type: 'errorAction', command: 'gptWorkbench.setApiKey', args: [] },
    ];
    for (const m of bad) assert.equal(isWebviewToHost(m), false, JSON.stringify(m));
  });

  it('checks host messages, including a nested snapshot', () => {
    const snapshot: HostToWebview = {
      type: 'snapshot',
      snapshot: {
        conversationId: 'c1',
        title: 'T',
        model: 'gpt-4.1-mini',
        models: [
          { id: 'gpt-4.1-mini', label: 'gpt-4.1-mini', vision: true },
          { id: 'llama3', label: 'llama3', vision: false },
        ],
        activeTurnId: null,
        conversations: [{ id: 'c1', title: 'T', updatedAt: 1, messageCount: 1 }],
        messages: [{ id: 'm1', role: 'user', content: 'hi', status: 'complete' }],
      },
    };
    assert.equal(isHostToWebview(snapshot), true);
    assert.equal(
      isHostToWebview({
        type: 'turnDone',
        turnId: 't',
        usage: { prompt: 1, cached: 0, completion: 2 },
        model: 'm',
        ttftMs: 5,
      }),
      true,
    );
    assert.equal(
      isHostToWebview({ type: 'turnDone', turnId: 't', usage: { prompt: 1 }, model: 'm', ttftMs: 5 }),
      false,
    );
    const turnError = {
      type: 'turnError',
      turnId: 't',
      status: 'stopped',
      kind: 'aborted',
      message: 'Stopped',
      partial: 'ab',
    };
    assert.equal(isHostToWebview({ ...turnError, actions: [] }), true);
    assert.equal(isHostToWebview(turnError), false, 'actions are required');
    assert.equal(
      isHostToWebview({ ...turnError, status: 'complete', actions: [] }),
      false,
      'a failed status',
    );
    assert.equal(isHostToWebview({ type: 'messageActions', id: 'm', actions: [] }), true);
    assert.equal(isHostToWebview({ type: 'messageActions', id: 'm', actions: [{ label: 'x' }] }), false);
    assert.equal(isHostToWebview({ type: 'turnStarted', turnId: 't', model: 'm', replaces: 'a' }), true);
    assert.equal(isHostToWebview({ type: 'turnStarted', turnId: 't', model: 'm', replaces: 1 }), false);
    const setKey = { label: 'Set API Key', command: 'gptWorkbench.setApiKey' };
    const settings = { label: 'Proxy', command: 'workbench.action.openSettings', args: ['http.proxy'] };
    assert.equal(isHostToWebview({ ...turnError, kind: 'auth', actions: [setKey, settings] }), true);
    assert.equal(isHostToWebview({ ...turnError, actions: [{ label: 'No command' }] }), false);
    assert.equal(isHostToWebview({ ...turnError, actions: [{ ...settings, args: [{}] }] }), false);
    assert.equal(isHostToWebview({ type: 'turnRedacted', turnId: 't', summary: '1 secret' }), true);
    assert.equal(isHostToWebview({ type: 'turnRedacted', turnId: 't' }), false);
    assert.equal(isHostToWebview({ type: 'turnDelta', turnId: 't' }), false);
    assert.equal(
      isHostToWebview({ type: 'conversations', conversations: [], current: { id: 'c', title: 'T' } }),
      true,
    );
    assert.equal(isHostToWebview({ type: 'conversations', conversations: [], current: { id: 'c' } }), false);
    const broken = { ...snapshot, snapshot: { ...snapshot.snapshot, messages: [{ id: 'm', role: 'tool' }] } };
    assert.equal(isHostToWebview(broken), false);
    const noVision = { ...snapshot, snapshot: { ...snapshot.snapshot, models: [{ id: 'x', label: 'x' }] } };
    assert.equal(isHostToWebview(noVision), false, 'a picker entry says whether it reads images');
    const option = { id: 'gpt-4o', label: 'gpt-4o', vision: true };
    assert.equal(isHostToWebview({ type: 'models', models: [option], model: 'gpt-4o' }), true);
    assert.equal(isHostToWebview({ type: 'models', models: ['gpt-4o'], model: 'gpt-4o' }), false);
  });

  it('typedPost forwards messages to the sink unchanged', () => {
    const sent: unknown[] = [];
    const post = typedPost<HostToWebview>({ postMessage: (m) => sent.push(m) });
    post({ type: 'focusInput' });
    assert.deepEqual(sent, [{ type: 'focusInput' }]);
  });
});
