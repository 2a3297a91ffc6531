// What a chat turn sends and how it fails, in the real host against the fake server: secrets in the conversation
// reach the server only as placeholders (the history keeps the real text, the answer gets the values back), a
// failed turn carries describeApiError's next steps as actions, the host runs only an action it offered for that
// turn, and `auto` routes by the routing setting.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { ApiError, type ApiErrorKind } from '../../src/core';
import { presentTurnError, RETRY_ACTION } from '../../src/host/chat/errorActions';
import { BILLING_URL } from '../../src/host/failureButtons';
import { chatRequestsWith } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  chatViewMessages,
  eventually,
  makeKey,
  setKeyQuietly,
  setSetting,
} from './helpers';

const unique = (): string => Math.random().toString(36).slice(2, 10);

describe('chat requests: redaction, error actions, routing', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;

  const { sent, ofType } = chatViewMessages(() => api);

  /** Sends in a fresh conversation and returns what the view was told from then on. */
  async function turn(text: string): Promise<{ from: number }> {
    await api.chat.session.newChat();
    const from = sent().length;
    await api.chat.session.send(text, [], false);
    return { from };
  }

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(makeKey('sk-proj-'));
    await api.chat.provider.reveal();
  });

  beforeEach(() => (ui = new WindowStubs()));

  afterEach(async () => {
    ui.restore();
    for (const k of ['redact.personalData', 'retry.maxAttempts', 'models.routing'])
      await setSetting(k, undefined);
    await api.chat.session.handle({ type: 'setModel', model: 'gpt-4.1-mini' });
  });

  it('sends secrets as placeholders, keeps them in history, restores them in the answer', async () => {
    const id = unique();
    const awsKey = `AKIA${makeKey('')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 16)}`;
    const question = `Is this safe to commit (${id})? aws_access_key_id = ${awsKey}`;
    const { from } = await turn(question);

    const requests = chatRequestsWith(id);
    assert.strictEqual(requests.length, 1, 'one request');
    const body = JSON.stringify(requests[0]!.body);
    assert.ok(!body.includes(awsKey), 'the key never reached the server');
    assert.match(body, /«REDACTED:AWS_ACCESS_KEY_ID_1»/);

    const note = ofType('turnRedacted', from)[0];
    assert.ok(note, 'the view is told');
    assert.strictEqual(note.summary, '1 secret redacted before sending: AWS access key');

    const [user, answer] = api.chat.session.current!.messages;
    assert.strictEqual(user!.content, question, 'history keeps what the user typed');
    assert.strictEqual(answer!.status, 'complete');
    // The fake quotes the question it received: the placeholder comes back as the user's own value.
    assert.ok(answer!.content.includes(awsKey), 'the answer has the real value');
    assert.ok(!answer!.content.includes('REDACTED'), 'no placeholder is left in the answer');

    // A second turn sends the same placeholder for the key the first answer quoted back.
    const from2 = sent().length;
    await api.chat.session.send(`Thanks (${id}-2)`, [], false);
    const second = JSON.stringify(chatRequestsWith(`${id}-2`)[0]!.body);
    assert.ok(!second.includes(awsKey));
    assert.strictEqual(
      second.match(/REDACTED:AWS_ACCESS_KEY_ID_1/g)?.length,
      2,
      'question and answer, same id',
    );
    assert.strictEqual(ofType('turnRedacted', from2).length, 0, 'announced on its own turn only');
  });

  it('redacts personal data only with gptWorkbench.redact.personalData', async () => {
    const id = unique();
    const mail = `jane.${id}@example-corp.com`;
    await turn(`Write to ${mail} (${id}-off)`);
    assert.ok(JSON.stringify(chatRequestsWith(`${id}-off`)[0]!.body).includes(mail), 'off by default');
    await setSetting('redact.personalData', true);
    const { from } = await turn(`Write to ${mail} (${id}-on)`);
    assert.ok(!JSON.stringify(chatRequestsWith(`${id}-on`)[0]!.body).includes(mail));
    assert.match(ofType('turnRedacted', from)[0]!.summary, /1 personal data item redacted/);
  });

  it('an insufficient_quota turn offers Open Billing, and says it is not a rate limit', async () => {
    const { from } = await turn('Pay up [[fake:insufficient_quota]]');
    const error = ofType('turnError', from)[0];
    assert.ok(error, 'the turn failed');
    assert.strictEqual(error.kind, 'quota');
    assert.match(error.message, /not a rate limit/);
    assert.deepStrictEqual(error.actions, [
      { label: 'Open Billing', command: 'vscode.open', args: [BILLING_URL] },
      { label: 'Retry', command: RETRY_ACTION },
    ]);
  });

  it('an unauthorized turn offers Set API Key', async () => {
    const { from } = await turn('Who am I [[fake:unauthorized]]');
    const error = ofType('turnError', from)[0]!;
    assert.strictEqual(error.kind, 'auth');
    assert.deepStrictEqual(error.actions, [
      { label: 'Set API Key', command: 'gptWorkbench.setApiKey' },
      { label: 'Retry', command: RETRY_ACTION },
    ]);
  });

  it('runs only an offered action: New Chat after context_length; nothing forged', async () => {
    const { from } = await turn('Too long [[fake:context_length]]');
    const error = ofType('turnError', from)[0]!;
    assert.deepStrictEqual(error.actions, [
      { label: 'New Chat', command: 'gptWorkbench.newChat' },
      { label: 'Retry', command: RETRY_ACTION },
    ]);
    const session = api.chat.session;
    const failed = session.current!.id;

    const refusedFrom = sent().length;
    assert.strictEqual(await session.runErrorAction(error.turnId, 'workbench.action.closeWindow', []), false);
    assert.strictEqual(await session.runErrorAction(error.turnId, 'gptWorkbench.newChat', ['x']), false);
    assert.strictEqual(await session.runErrorAction('t-unknown', 'gptWorkbench.newChat', []), false);
    assert.strictEqual(session.current!.id, failed, 'nothing ran');
    assert.strictEqual(ofType('notice', refusedFrom).length, 3, 'each refusal is said');

    // Through the protocol, as a click does it.
    await session.handle({
      type: 'errorAction',
      turnId: error.turnId,
      command: 'gptWorkbench.newChat',
      args: [],
    });
    assert.notStrictEqual(session.current!.id, failed, 'New Chat ran');
  });

  it('a server error offers Retry, which answers the question again', async () => {
    await setSetting('retry.maxAttempts', 1);
    const { from } = await turn(`Flaky [[fake:server_error;times=1;id=${unique()}]]`);
    const error = ofType('turnError', from)[0]!;
    assert.strictEqual(error.kind, 'server');
    assert.deepStrictEqual(
      error.actions.map((a) => a.label),
      ['Retry', 'Fallback Models'],
    );
    const retryFrom = sent().length;
    assert.ok(await api.chat.session.runErrorAction(error.turnId, RETRY_ACTION, []));
    await eventually(() => ofType('turnDone', retryFrom)[0], 'the retried turn to finish');
    assert.strictEqual(api.chat.session.current!.messages.at(-1)!.status, 'complete');
  });

  it('every step describeApiError offers is a button naming a command that exists', async () => {
    const known = new Set(await vscode.commands.getCommands(true));
    const kinds: ApiErrorKind[] = [
      'auth',
      'permission',
      'quota',
      'rate_limit',
      'not_found',
      'context_length',
      'bad_request',
      'server',
      'timeout',
      'network',
      'content_filter',
      'invalid_output',
    ];
    for (const kind of kinds) {
      const { failure } = presentTurnError(new ApiError({ kind, message: 'x' }), () => undefined);
      for (const action of failure.actions ?? []) {
        if (action.command === RETRY_ACTION) continue;
        assert.ok(
          known.has(action.command),
          `${kind}: "${action.label}" runs ${action.command}, not registered`,
        );
      }
    }
  });

  it('sends an attached image to a vision model as an image_url part (the fake checks it against the spec)', async () => {
    const id = unique();
    await api.chat.session.newChat();
    await api.chat.session.handle({ type: 'setModel', model: 'gpt-4o' });
    const dataUrl = 'data:image/png;base64,iVBORw0KGgo=';
    const from = sent().length;
    await api.chat.session.send(
      `What is in this picture? (${id})`,
      [{ name: 'dot.png', dataUrl, bytes: 8 }],
      false,
    );
    await eventually(() => ofType('turnDone', from)[0], 'the answer about the image');
    const body = chatRequestsWith(id)[0]!.body;
    assert.strictEqual(body.model, 'gpt-4o');
    const parts = body.messages!.at(-1)!.content as { type: string; image_url?: { url: string } }[];
    assert.ok(Array.isArray(parts), 'the user message is a list of parts');
    assert.ok(parts.some((p) => p.type === 'text'));
    assert.strictEqual(parts.find((p) => p.type === 'image_url')?.image_url?.url, dataUrl);
    await api.chat.session.handle({ type: 'setModel', model: 'gpt-4.1-mini' });
  });

  it('auto routes by gptWorkbench.models.routing', async () => {
    const id = unique();
    await setSetting('models.routing', [{ kind: 'chat', model: 'gpt-4.1-nano' }]);
    await api.chat.session.newChat();
    await api.chat.session.handle({ type: 'setModel', model: 'auto' });
    const from = sent().length;
    await api.chat.session.send(`Route me (${id})`, [], false);
    // The Workbench routes (the one place that does): the turn starts as `auto`, the answer names its model.
    assert.strictEqual(ofType('turnStarted', from)[0]!.model, 'auto');
    assert.match(ofType('turnDone', from)[0]!.model, /^gpt-4\.1-nano/);
    assert.strictEqual(chatRequestsWith(id)[0]!.body.model, 'gpt-4.1-nano');
    assert.match(ofType('turnDone', from)[0]!.model, /^gpt-4\.1-nano/);
  });
});
