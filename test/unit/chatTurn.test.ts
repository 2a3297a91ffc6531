// The chat turn of the core (ChatSession + TurnRunner) against the fake OpenAI server, through a real Workbench and
// a real HistoryStore: a turn streams into the view and onto disk, Stop keeps the partial, each error kind ends the
// turn with the host's words and only the steps it offered, Retry and "edit the last message" answer again.
import * as assert from 'node:assert/strict';
import { RETRY_ACTION, type StoredMessage } from '../../src/core';
import { createChatHarness, type ChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';

describe('chat turn (core, fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let chat: ChatHarness;
  beforeEach(async () => (chat = await createChatHarness({ client: h.client() })));
  afterEach(() => chat.close());

  const requestTexts = (): string[] =>
    h.fake.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => JSON.stringify((r.body as { messages: unknown[] }).messages));

  it('streams a turn: turnStarted, deltas that add up to the stored answer, turnDone with usage; saved on disk', async () => {
    await chat.session.send('Tell me about queues [[fake:chunks=20]]', [], false);
    const started = chat.ofType('turnStarted');
    assert.equal(started.length, 1);
    const turnId = started[0]!.turnId;
    const turnMessages = chat.posted.filter((m) => 'turnId' in m && m.turnId === turnId);
    assert.equal(turnMessages[0]!.type, 'turnStarted');
    assert.equal(turnMessages.at(-1)!.type, 'turnDone');
    const streamed = chat
      .ofType('turnDelta')
      .map((m) => m.text)
      .join('');
    const done = chat.ofType('turnDone')[0]!;
    assert.ok(done.usage && done.usage.completion > 0 && done.usage.prompt > 0);
    assert.match(done.model, /^gpt-4\.1-mini/);

    const conversation = chat.session.current!;
    const [user, answer] = conversation.messages;
    assert.equal(user!.content, 'Tell me about queues [[fake:chunks=20]]');
    assert.equal(answer!.status, 'complete');
    assert.equal(answer!.content, streamed, 'what was streamed is what was stored');
    assert.ok(streamed.length > 0);
    const disk = chat.onDisk(conversation.id)!;
    assert.deepEqual(
      disk.messages.map((m) => [m.role, m.status, m.content]),
      [
        ['user', 'complete', user!.content],
        ['assistant', 'complete', streamed],
      ],
    );
    assert.equal(disk.messages[1]!.usage?.completion, done.usage.completion);
  });

  it('Stop aborts the request and keeps the partial answer, marked stopped', async () => {
    const turn = chat.session.send('Stall please [[fake:stall_mid_stream;after=3]]', [], false);
    const started = await chat.next('turnStarted');
    await chat.next('turnDelta');
    await chat.session.handle({ type: 'stop', turnId: started.turnId });
    await turn;
    const error = chat.ofType('turnError')[0]!;
    assert.equal(error.kind, 'aborted');
    assert.equal(error.message, 'Stopped.');
    assert.equal(error.status, 'stopped');
    assert.deepEqual(
      error.actions,
      [{ label: 'Retry', command: RETRY_ACTION }],
      'the host has no words for a stop; the session offers Retry',
    );
    assert.ok(error.partial.length > 0);
    const stored = chat.session.current!.messages.at(-1)!;
    assert.equal(stored.status, 'stopped');
    assert.equal(stored.content, error.partial);
    assert.equal(chat.onDisk(chat.session.current!.id)!.messages.at(-1)!.status, 'stopped');
  });

  const FAULTS: { fault: string; kind: string; partial?: boolean; retry: boolean }[] = [
    { fault: 'unauthorized', kind: 'auth', retry: false },
    { fault: 'forbidden', kind: 'permission', retry: false },
    { fault: 'insufficient_quota', kind: 'quota', retry: false },
    { fault: 'rate_limit;retry_after_ms=10', kind: 'rate_limit', retry: true },
    { fault: 'model_not_found', kind: 'not_found', retry: false },
    { fault: 'context_length', kind: 'context_length', retry: false },
    { fault: 'server_error', kind: 'server', retry: true },
    { fault: 'reset_before_headers', kind: 'network', retry: true },
    { fault: 'reset_mid_stream', kind: 'network', partial: true, retry: true },
    { fault: 'malformed_sse', kind: 'network', partial: true, retry: true },
    { fault: 'content_filter', kind: 'content_filter', partial: true, retry: false },
  ];
  for (const row of FAULTS) {
    it(`${row.fault}: the turn fails as ${row.kind} with the host's words and steps, stored as an error`, async () => {
      await chat.session.send(`Question [[fake:${row.fault}]]`, [], false);
      const error = chat.ofType('turnError')[0];
      assert.ok(error, 'the turn failed');
      assert.equal(error.kind, row.kind);
      assert.equal(error.message, `Host says: ${row.kind}`);
      // The host's Retry keeps its place; where the host offered none, the session adds Retry last.
      assert.deepEqual(
        error.actions.map((a) => a.label),
        row.retry ? ['Retry', 'Set API Key'] : ['Set API Key', 'Retry'],
      );
      assert.equal(error.status, 'error');
      const stored = chat.session.current!.messages.at(-1)!;
      assert.equal(stored.status, 'error');
      assert.deepEqual(stored.error, { kind: row.kind, message: `Host says: ${row.kind}` });
      if (row.partial) assert.ok(stored.content.length > 0, 'the partial answer is kept');
      assert.equal(stored.content, error.partial);
      assert.equal(chat.onDisk(chat.session.current!.id)!.messages.at(-1)!.status, 'error');
      assert.equal(chat.ofType('turnDone').length, 0);
    });
  }

  it('a failure that is no ApiError is "failed unexpectedly" (kind unexpected), with the host step', async () => {
    await chat.close();
    chat = await createChatHarness({
      client: h.client(),
      backend: async () => {
        throw new Error('disk on fire');
      },
    });
    await chat.session.send('Hello', [], false);
    const error = chat.ofType('turnError')[0]!;
    assert.equal(error.kind, 'unexpected');
    assert.doesNotMatch(JSON.stringify(chat.posted), /disk on fire/, 'an unknown error is not shown raw');
  });

  it('runs only a step offered for that turn, with its own arguments; anything else is refused with a notice', async () => {
    await chat.session.send('Who am I [[fake:unauthorized]]', [], false);
    const { turnId } = chat.ofType('turnError')[0]!;
    assert.equal(await chat.session.runErrorAction(turnId, 'test.setApiKey', ['quota']), false);
    assert.equal(await chat.session.runErrorAction('t-other', 'test.setApiKey', ['auth']), false);
    assert.equal(await chat.session.runErrorAction(turnId, 'workbench.action.closeWindow', []), false);
    assert.deepEqual(chat.ran, []);
    assert.equal(chat.ofType('notice').length, 3, 'each refusal is said');
    await chat.session.handle({ type: 'errorAction', turnId, command: 'test.setApiKey', args: ['auth'] });
    assert.deepEqual(chat.ran, ['setApiKey:auth']);
  });

  it('Retry offered with a server error answers the same question again in place of the failed answer', async () => {
    await chat.session.send('Flaky [[fake:server_error;times=1]]', [], false);
    const error = chat.ofType('turnError')[0]!;
    const from = chat.posted.length;
    assert.ok(await chat.session.runErrorAction(error.turnId, RETRY_ACTION, []));
    const done = chat.ofType('turnDone', from)[0];
    assert.ok(done, 'the retried turn finished');
    const messages = chat.session.current!.messages;
    assert.deepEqual(
      messages.map((m) => [m.role, m.status]),
      [
        ['user', 'complete'],
        ['assistant', 'complete'],
      ],
    );
    assert.equal(requestTexts().length, 2);
    assert.equal(requestTexts()[0], requestTexts()[1], 'the same request again');
  });

  it("Retry after a Stop (the stopped answer's own button) replaces the partial answer", async () => {
    const turn = chat.session.send('Stall once [[fake:stall_mid_stream;after=2;times=1]]', [], false);
    const started = await chat.next('turnStarted');
    await chat.next('turnDelta');
    await chat.session.handle({ type: 'stop', turnId: started.turnId });
    await turn;
    const stopped = chat.ofType('turnError')[0]!;
    assert.equal(stopped.status, 'stopped');
    assert.deepEqual(stopped.actions, [{ label: 'Retry', command: RETRY_ACTION }]);
    const from = chat.posted.length;
    await chat.session.handle({
      type: 'errorAction',
      turnId: started.turnId,
      command: RETRY_ACTION,
      args: [],
    });
    assert.equal(chat.ofType('turnStarted', from)[0]!.replaces, started.turnId, 'the view is told what goes');
    const messages = chat.session.current!.messages;
    assert.equal(messages.length, 2);
    assert.equal(messages[1]!.status, 'complete');
    assert.notEqual(messages[1]!.id, started.turnId, 'a new turn');
  });

  it('editing the last message replaces it and its answer; the request carries only the edited text', async () => {
    await chat.session.send('What is a monad? (first)', [], false);
    await chat.session.send('Tell me about functors (second)', [], false);
    await chat.session.handle({
      type: 'send',
      text: 'Tell me about applicatives (edited)',
      images: [],
      replaceLast: true,
    });
    const messages = chat.session.current!.messages;
    assert.deepEqual(
      messages.map((m: StoredMessage) => m.role),
      ['user', 'assistant', 'user', 'assistant'],
    );
    assert.equal(messages[2]!.content, 'Tell me about applicatives (edited)');
    const last = requestTexts().at(-1)!;
    assert.match(last, /\(first\)/, 'earlier turns stay');
    assert.match(last, /\(edited\)/);
    assert.doesNotMatch(last, /\(second\)/, 'the replaced message is not sent');
    const disk = chat.onDisk(chat.session.current!.id)!;
    assert.equal(disk.messages.length, 4);
  });

  it('refuses a second send while a turn streams, and sends nothing', async () => {
    const turn = chat.session.send('Stall please [[fake:stall_mid_stream;after=2]]', [], false);
    const started = await chat.next('turnStarted');
    await chat.next('turnDelta');
    await chat.session.send('Me too', [], false);
    assert.match(chat.ofType('notice').at(-1)!.text, /Wait for the answer to finish/);
    await chat.session.handle({ type: 'stop', turnId: started.turnId });
    await turn;
    assert.equal(requestTexts().length, 1);
  });

  it("a secret goes out as the Workbench's placeholder: told before the answer, restored in it, stable next turn", async () => {
    const awsKey = 'AKIAZ7Q4M2XW9PLR3TUV';
    const question = `Is this safe to commit? aws_access_key_id = ${awsKey}`;
    await chat.session.send(question, [], false);
    const sent = requestTexts();
    assert.equal(sent.length, 1);
    assert.ok(!sent[0]!.includes(awsKey), 'the key never reached the server');
    assert.match(sent[0]!, /«REDACTED:AWS_ACCESS_KEY_ID_1»/);
    const types = chat.posted.map((m) => m.type);
    assert.ok(types.indexOf('turnRedacted') < types.indexOf('turnDelta'), 'told before the answer streams');
    assert.equal(chat.ofType('turnRedacted')[0]!.summary, '1 secret redacted before sending: AWS access key');
    const [user, answer] = chat.session.current!.messages;
    assert.equal(user!.content, question, 'the conversation keeps what the user typed');
    assert.ok(
      answer!.content.includes(awsKey),
      'the fake quoted the placeholder back; the answer has the value',
    );
    assert.ok(!answer!.content.includes('REDACTED'));

    const from = chat.posted.length;
    await chat.session.send('Thanks, and now?', [], false);
    assert.equal(requestTexts()[1]!.match(/REDACTED:AWS_ACCESS_KEY_ID_1/g)?.length, 2, 'question and answer');
    assert.ok(!requestTexts()[1]!.includes(awsKey));
    assert.equal(chat.ofType('turnRedacted', from).length, 0, 'announced on its own turn only');
    // The snapshot of a reloaded page keeps the note on the turn that had it.
    await chat.session.attach((m) => chat.posted.push(m));
    const views = chat.ofType('snapshot').at(-1)!.snapshot.messages;
    assert.equal(views[1]!.redactions, '1 secret redacted before sending: AWS access key');
  });

  it('auto is routed by the Workbench (routing setting); the answer names the model that answered', async () => {
    chat.settings.routeRules = [{ kind: 'chat', model: 'gpt-4.1-nano' }];
    await chat.session.handle({ type: 'setModel', model: 'auto' });
    await chat.session.send('Route me', [], false);
    assert.equal(chat.ofType('turnStarted')[0]!.model, 'auto', 'not routed by the chat');
    const body = h.fake.requests.find((r) => r.path === '/v1/chat/completions')!.body as { model: string };
    assert.equal(body.model, 'gpt-4.1-nano');
    const done = chat.ofType('turnDone')[0]!;
    assert.match(done.model, /^gpt-4\.1-nano/);
    assert.equal(chat.session.current!.messages.at(-1)!.model, done.model);
  });
});
