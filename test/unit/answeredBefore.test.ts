// "Answered before" in the chat session, against the fake server over HTTP (its embeddings give close vectors for
// texts sharing words): a question close to one answered before in this workspace is offered that answer first,
// and Use it answers with no chat request (a reload shows it), Ask again runs the turn; unrelated questions, the
// setting off, a deleted conversation and a plain question against an @workspace one are not offered; the entries
// survive a reload of the window and hold no question or answer text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AnsweredQuestions,
  LedgerStore,
  ModelCatalogue,
  cosine,
  createWorkbench,
  embedThroughWorkbench,
  type AnsweredBeforeSettings,
} from '../../src/core';
import { isHostToWebview } from '../../src/shared/protocolGuards';
import { createChatHarness, type ChatHarness, type ChatHarnessOptions } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';
import { indexedWorkspace } from './helpers/indexedWorkspace';

describe('chat: answered before — use it, or ask again (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  let settings: AnsweredBeforeSettings;
  const harnesses: ChatHarness[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-answered-'));
    settings = { enabled: true, threshold: 0.95 };
  });
  afterEach(async () => {
    for (const c of harnesses.splice(0).reverse()) await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = () => path.join(dir, 'workspace', 'answered-questions.json');
  function questions(): AnsweredQuestions {
    const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
    const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue() });
    return new AnsweredQuestions({
      file: file(),
      embed: embedThroughWorkbench(wb, { feature: 'chat-answered-before' }),
      model: () => ({ model: 'text-embedding-3-small', dimensions: 256 }),
      settings: () => settings,
    });
  }
  async function chat(reloadOf?: ChatHarness, extra: Partial<ChatHarnessOptions> = {}): Promise<ChatHarness> {
    const c = await createChatHarness({
      client: h.client(),
      answeredBefore: questions(),
      ...(reloadOf ? { dir: reloadOf.dir } : {}),
      ...extra,
    });
    harnesses.push(c);
    return c;
  }
  const count = (p: string) => h.fake.requests.filter((r) => r.path === p).length;
  const chats = () => count('/v1/chat/completions');
  const embeddings = () => count('/v1/embeddings');

  it('offers the earlier answer to a close question; Use it answers with no chat request, kept after a reload', async () => {
    const c = await chat();
    await c.session.send('Where do we retry on rate limits?', [], false);
    const earlier = c.session.current!.messages.at(-1)!;
    assert.equal(earlier.status, 'complete');
    assert.deepEqual([chats(), embeddings()], [1, 1], 'one tiny embedding for the question');

    await c.session.newChat();
    const from = c.posted.length;
    await c.session.send('how do we retry when rate limited', [], false);
    const offered = c.ofType('answeredBefore', from)[0]!;
    assert.ok(isHostToWebview(offered), 'the offer passes the protocol guard');
    assert.ok(offered.offer, 'an offer is shown');
    assert.equal(offered.offer.question, 'Where do we retry on rate limits?');
    assert.equal(offered.offer.answer, earlier.content);
    assert.ok(offered.offer.similarity >= 0.95);
    assert.equal(chats(), 1, 'the turn waits for the choice');
    assert.equal(c.ofType('turnStarted', from).length, 0);

    await c.session.handle({ type: 'answeredBeforeChoice', offerId: offered.offer.offerId, choice: 'use' });
    assert.equal(chats(), 1, 'Use it costs nothing');
    const reused = c.session.current!.messages.at(-1)!;
    assert.equal(reused.content, earlier.content);
    assert.equal(reused.reused, true);
    assert.deepEqual(c.ofType('answeredBefore', from).at(-1), { type: 'answeredBefore', offer: null });
    const shown = c.ofType('snapshot', from).at(-1)!.snapshot.messages.at(-1)!;
    assert.equal(shown.reused, true);
    assert.deepEqual(
      shown.actions?.map((a) => a.label),
      ['Regenerate'],
    );

    const id = c.session.current!.id;
    const reloaded = await chat(c);
    await reloaded.session.handle({ type: 'openConversation', id });
    const view = reloaded.ofType('snapshot').at(-1)!.snapshot.messages.at(-1)!;
    assert.equal(view.content, earlier.content);
    assert.equal(view.reused, true);
  });

  it('Ask again runs the turn, and the new answer is remembered too; a forged or old offer id does nothing', async () => {
    const c = await chat();
    await c.session.send('Where do we retry on rate limits?', [], false);
    await c.session.newChat();
    await c.session.send('where do we retry on rate limits', [], false);
    const offer = c.ofType('answeredBefore').at(-1)!.offer!;
    await c.session.handle({ type: 'answeredBeforeChoice', offerId: 'forged', choice: 'use' });
    assert.equal(c.session.current!.messages.length, 1, 'a forged id is ignored');
    const from = c.posted.length;
    await c.session.send('Another question meanwhile', [], false);
    assert.match(c.ofType('notice', from)[0]!.text, /Use it.*Ask again/);

    await c.session.handle({ type: 'answeredBeforeChoice', offerId: offer.offerId, choice: 'ask' });
    assert.equal(chats(), 2, 'asked again');
    assert.equal(c.session.current!.messages.at(-1)!.status, 'complete');
    await c.session.handle({ type: 'answeredBeforeChoice', offerId: offer.offerId, choice: 'use' });
    assert.equal(c.session.current!.messages.length, 2, 'the offer is gone once chosen');

    const entries = JSON.parse(fs.readFileSync(file(), 'utf8')).entries as unknown[];
    assert.equal(entries.length, 2, 'both answered questions are remembered');
    const text = fs.readFileSync(file(), 'utf8');
    assert.ok(!text.includes('retry'), 'the file holds vectors and ids, no question or answer text');
  });

  it('offers nothing for an unrelated question, a plain question against an @workspace one, or a deleted chat', async () => {
    const ws = await indexedWorkspace(h.client());
    await ws.build();
    const c = await chat(undefined, { workspaceIndex: async () => ws.index });
    harnesses.push({ close: () => ws.close() } as ChatHarness);
    await c.session.send('@workspace where do we retry on rate limits?', [], false);
    assert.equal(c.session.current!.messages.at(-1)!.status, 'complete');
    const workspaceChat = c.session.current!.id;
    await c.session.newChat();
    await c.session.send('where do we retry on rate limits?', [], false);
    assert.equal(c.ofType('answeredBefore').length, 0, 'a plain question is not an @workspace one');
    await c.session.newChat();
    await c.session.send('How are invoices rendered to PDF?', [], false);
    assert.equal(c.ofType('answeredBefore').length, 0, 'unrelated');

    await c.session.handle({ type: 'deleteConversation', id: workspaceChat });
    await c.session.newChat();
    const before = chats();
    await c.session.send('@workspace where do we retry on rate limits', [], false);
    assert.equal(c.ofType('answeredBefore').length, 0, 'the deleted conversation is not offered');
    assert.equal(chats(), before + 1);
  });

  it('with the setting off no embedding is requested and nothing is offered', async () => {
    settings = { enabled: false, threshold: 0.95 };
    const c = await chat();
    await c.session.send('Where do we retry on rate limits?', [], false);
    await c.session.send('Where do we retry on rate limits?', [], false);
    assert.equal(embeddings(), 0);
    assert.equal(c.ofType('answeredBefore').length, 0);
    assert.equal(chats(), 2);
  });

  it('remembers across a reload of the window (a new store over the same file), threshold from the settings', async () => {
    const first = await chat();
    await first.session.send('Where do we retry on rate limits?', [], false);
    const second = await chat(first);
    settings = { enabled: true, threshold: 1.01 };
    await second.session.send('Where do we retry on rate limits?', [], false);
    assert.equal(second.ofType('answeredBefore').length, 0, 'above any similarity: never offered');
    settings = { enabled: true, threshold: 0.95 };
    await second.session.newChat();
    await second.session.send('Where do we retry on rate limits?', [], false);
    assert.equal(second.ofType('answeredBefore').length, 1);
  });

  it('cosine similarity', () => {
    assert.equal(cosine([1, 0], [1, 0]), 1);
    assert.equal(cosine([1, 0], [0, 1]), 0);
    assert.ok(Math.abs(cosine([1, 1], [1, 0]) - Math.SQRT1_2) < 1e-12);
    assert.equal(cosine([1], [1, 0]), 0);
  });
});
