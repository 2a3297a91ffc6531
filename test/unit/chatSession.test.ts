// The chat session of the core around its turns, against the fake OpenAI server: what it queues while no view is
// ready, delete with undo, crash safety (the answer's placeholder is on disk before the request goes out, and a
// reload shows a cut-off or missing answer as interrupted with Retry), and the buttons each message gets — decided
// by the session, refused when a click names one it does not offer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { RETRY_ACTION, type Conversation } from '../../src/core';
import type { MessageView } from '../../src/shared/protocol';
import * as os from 'node:os';
import * as path from 'node:path';
import { createChatHarness, type ChatHarness, type ChatHarnessOptions } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';

const RETRY = { label: 'Retry', command: RETRY_ACTION };

describe('chat session (core, fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  const harnesses: ChatHarness[] = [];
  const dirs: string[] = [];
  async function open(options: Partial<ChatHarnessOptions>): Promise<ChatHarness> {
    const chat = await createChatHarness({ client: h.client(), ...options });
    harnesses.push(chat);
    return chat;
  }
  /** The conversation files of a "reloaded window": a second session over a directory of its own. */
  async function reloadWith(conversation: Conversation): Promise<ChatHarness> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-chat-reload-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'conversations'));
    fs.writeFileSync(
      path.join(dir, 'conversations', `${conversation.id}.json`),
      JSON.stringify(conversation),
    );
    const chat = await open({ dir });
    await chat.session.handle({ type: 'openConversation', id: conversation.id });
    return chat;
  }
  afterEach(async () => {
    for (const chat of harnesses.splice(0).reverse()) await chat.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  const lastSnapshotMessages = (chat: ChatHarness): MessageView[] =>
    chat.ofType('snapshot').at(-1)!.snapshot.messages;

  it('while no view is ready it queues notices, drafts and focus (not deltas) and sends them after the snapshot', async () => {
    const chat = await open({});
    await chat.session.attach(undefined);
    chat.session.post({ type: 'notice', level: 'info', text: 'one' });
    chat.session.post({ type: 'turnDelta', turnId: 't', text: 'lost on purpose' });
    chat.session.post({ type: 'setDraft', text: 'draft', append: true });
    chat.session.post({ type: 'focusInput' });
    assert.equal(chat.posted.length, 1, 'only the first attach snapshot so far');
    await chat.session.attach((m) => chat.posted.push(m));
    assert.deepEqual(
      chat.posted.slice(1).map((m) => m.type),
      ['snapshot', 'notice', 'setDraft', 'focusInput'],
    );
    await chat.session.attach((m) => chat.posted.push(m));
    assert.equal(chat.ofType('notice').length, 1, 'a queued message is sent once');
  });

  it('deletes the open conversation with undo: the file goes, a new chat opens, Undo brings it back', async () => {
    const chat = await open({});
    await chat.session.send('Remember me', [], false);
    const id = chat.session.current!.id;
    assert.ok(chat.onDisk(id));
    const from = chat.posted.length;
    await chat.session.handle({ type: 'deleteConversation', id });
    assert.equal(chat.onDisk(id), undefined, 'the file is gone while Undo is offered');
    const notice = chat.ofType('notice', from)[0]!;
    assert.equal(notice.text, 'Deleted "Remember me".');
    assert.equal(notice.undoDeleteId, id);
    assert.notEqual(chat.session.current!.id, id, 'a new chat replaced it');
    assert.equal(chat.ofType('snapshot', from)[0]!.snapshot.messages.length, 0);

    await chat.session.handle({ type: 'undoDelete', id });
    assert.equal(chat.onDisk(id)!.messages.length, 2, 'Undo brought the file back');
    assert.ok(
      chat
        .ofType('conversations', from)
        .at(-1)!
        .conversations.some((c) => c.id === id),
    );
    await chat.session.handle({ type: 'openConversation', id });
    assert.equal(chat.session.current!.id, id);
  });

  it('deleting another conversation keeps the open one and updates the list', async () => {
    const chat = await open({});
    await chat.session.send('First chat', [], false);
    const first = chat.session.current!.id;
    await chat.session.newChat();
    await chat.session.send('Second chat', [], false);
    const from = chat.posted.length;
    await chat.session.handle({ type: 'deleteConversation', id: first });
    assert.equal(chat.ofType('snapshot', from).length, 0, 'the open chat stays on screen');
    assert.deepEqual(
      chat.ofType('conversations', from)[0]!.conversations.map((c) => c.title),
      ['Second chat'],
    );
  });

  it('writes the streaming placeholder before the request is sent, not after the save interval', async () => {
    // A save interval no test waits out: only the turn's first write can put the placeholder on disk.
    const chat = await open({ saveIntervalMs: 600_000 });
    const turn = chat.session.send('Stall please [[fake:stall_mid_stream;after=1]]', [], false);
    const started = await chat.next('turnStarted');
    await chat.next('turnDelta');
    const disk = chat.onDisk(chat.session.current!.id)!;
    assert.deepEqual(
      disk.messages.map((m) => [m.role, m.status]),
      [
        ['user', 'complete'],
        ['assistant', 'streaming'],
      ],
    );
    assert.equal(disk.messages[1]!.id, started.turnId);
    await chat.session.handle({ type: 'stop', turnId: started.turnId });
    await turn;
  });

  it('after a crash mid-answer, a reload shows the partial answer interrupted, with Retry that answers again', async () => {
    const first = await open({ saveIntervalMs: 600_000 });
    void first.session.send('Stall please [[fake:stall_mid_stream;after=1;times=1]]', [], false);
    await first.next('turnDelta');
    const id = first.session.current!.id;
    // The "crash": what is on disk now is all a new window gets.
    const crashed = first.onDisk(id)!;
    assert.equal(crashed.messages[1]!.status, 'streaming');
    const reload = await reloadWith(crashed);
    const [question, answer] = lastSnapshotMessages(reload);
    assert.equal(question!.actions, undefined);
    assert.equal(answer!.status, 'interrupted');
    assert.deepEqual(answer!.actions, [RETRY]);

    const from = reload.posted.length;
    assert.ok(await reload.session.runErrorAction(answer!.id, RETRY_ACTION, []));
    assert.equal(reload.ofType('turnStarted', from)[0]!.replaces, answer!.id);
    assert.equal(reload.session.current!.messages.at(-1)!.status, 'complete');
    assert.equal(reload.session.current!.messages.length, 2);
  });

  it('a question saved without any answer (crash before the placeholder) comes back interrupted with Retry', async () => {
    const conversation: Conversation = {
      version: 1,
      id: 'c-crashed',
      title: 'Lost answer',
      createdAt: 1,
      updatedAt: 1,
      model: 'gpt-4.1-mini',
      messages: [{ id: 'u1', role: 'user', content: 'Lost answer', createdAt: 1, status: 'complete' }],
    };
    const reload = await reloadWith(conversation);
    const messages = lastSnapshotMessages(reload);
    assert.deepEqual(
      messages.map((m) => [m.role, m.status, m.actions ?? []]),
      [
        ['user', 'complete', []],
        ['assistant', 'interrupted', [RETRY]],
      ],
    );
    assert.equal(reload.onDisk('c-crashed')!.messages[1]!.status, 'interrupted', 'the mark is on disk too');
    assert.ok(await reload.session.runErrorAction(messages[1]!.id, RETRY_ACTION, []));
    assert.deepEqual(
      reload.session.current!.messages.map((m) => [m.role, m.status]),
      [
        ['user', 'complete'],
        ['assistant', 'complete'],
      ],
    );
  });

  it("the snapshot gives each message its buttons: a failed answer's steps, and Retry on the last one only", async () => {
    const chat = await open({});
    await chat.session.send('Who am I [[fake:unauthorized]]', [], false);
    const failed = chat.ofType('turnError')[0]!;
    const steps = [{ label: 'Set API Key', command: 'test.setApiKey', args: ['auth'] }];
    assert.deepEqual(failed.actions, [...steps, RETRY]);
    await chat.session.attach((m) => chat.posted.push(m)); // a reloaded page asks again
    assert.deepEqual(lastSnapshotMessages(chat)[1]!.actions, [...steps, RETRY]);

    // A newer question takes Retry away from the older answer, and the view is told.
    const from = chat.posted.length;
    await chat.session.send('And now?', [], false);
    assert.deepEqual(chat.ofType('messageActions', from), [
      { type: 'messageActions', id: failed.turnId, actions: steps },
    ]);
    await chat.session.attach((m) => chat.posted.push(m));
    const messages = lastSnapshotMessages(chat);
    assert.deepEqual(messages[1]!.actions, steps, 'the old answer keeps its steps, not Retry');
    assert.equal(messages[3]!.status, 'complete');
    assert.equal(messages[3]!.actions, undefined, 'a complete answer has no buttons');

    // A forged or stale Retry runs nothing: not on the old answer, not on a complete one.
    const requests = h.chatRequests();
    assert.equal(await chat.session.runErrorAction(failed.turnId, RETRY_ACTION, []), false);
    assert.equal(await chat.session.runErrorAction(messages[3]!.id, RETRY_ACTION, []), false);
    assert.equal(await chat.session.runErrorAction(messages[3]!.id, RETRY_ACTION, ['x']), false);
    assert.equal(h.chatRequests(), requests, 'nothing was sent');
    assert.equal(chat.session.current!.messages.length, 4);
  });
});
