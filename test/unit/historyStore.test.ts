// The conversation store on a real temp directory: atomic writes survive a crash before the rename, corrupt files
// are moved aside while the others load, a streaming answer persisted mid-stream comes back "interrupted",
// rename / delete / undo, and Markdown export.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeClock } from './helpers/clock';
import {
  HistoryStore,
  conversationToMarkdown,
  createThrottledSaver,
  nodeFileOps,
  type Conversation,
  type FileOps,
} from '../../src/core';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-history-'));
}

function withMessages(store: HistoryStore, ...texts: string[]): Conversation {
  const c = store.create('gpt-4.1-mini');
  texts.forEach((content, i) =>
    c.messages.push({
      id: `m${i}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content,
      createdAt: 1,
      status: 'complete',
    }),
  );
  return c;
}

describe('history store', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves one JSON file per conversation and loads it back with title from the first message', async () => {
    const store = new HistoryStore(dir);
    await store.load();
    const c = withMessages(store, 'How do I reverse a list in Python?\nsecond line', 'Use reversed().');
    await store.save(c);
    assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);

    const again = new HistoryStore(dir);
    assert.deepEqual(await again.load(), []);
    const list = again.list();
    assert.equal(list.length, 1);
    assert.equal(list[0]!.title, 'How do I reverse a list in Python?');
    assert.equal(list[0]!.messageCount, 2);
    assert.equal(again.get(c.id)!.messages[1]!.content, 'Use reversed().');
  });

  it('a crash between the temp write and the rename leaves the old file intact', async () => {
    const store = new HistoryStore(dir);
    await store.load();
    const c = withMessages(store, 'original question', 'original answer');
    await store.save(c);
    const file = path.join(dir, `${c.id}.json`);
    const before = fs.readFileSync(file, 'utf8');

    // A process that dies right after writing its temp file: the rename never happens, nor any cleanup.
    const crashing = new HistoryStore(dir, {
      ops: {
        ...nodeFileOps,
        rename: () => Promise.reject(new Error('simulated crash before rename')),
        unlink: () => Promise.resolve(),
      },
    });
    await crashing.load();
    const changed = crashing.get(c.id)!;
    changed.messages[1]!.content = 'a new answer that was never committed';
    await assert.rejects(crashing.save(changed), /simulated crash/);

    assert.equal(fs.readFileSync(file, 'utf8'), before);
    const leftovers = fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
    assert.equal(leftovers.length, 1, 'the temp file of the crashed write is still there');
    const tmpText = fs.readFileSync(path.join(dir, leftovers[0]!), 'utf8');
    assert.match(tmpText, /never committed/);

    // The next start loads the old content and cleans the stale temp file away.
    const next = new HistoryStore(dir);
    assert.deepEqual(await next.load(), []);
    assert.equal(next.get(c.id)!.messages[1]!.content, 'original answer');
    assert.deepEqual(fs.readdirSync(dir), [`${c.id}.json`]);
  });

  it('moves a corrupt file aside with a notice and loads the others', async () => {
    const store = new HistoryStore(dir, { now: () => 1_700_000_000_000 });
    await store.load();
    const good = withMessages(store, 'kept conversation', 'answer');
    await store.save(good);
    fs.writeFileSync(path.join(dir, 'c-broken.json'), '{"version":1,"id":"c-broken","messages":[{"id"');
    fs.writeFileSync(path.join(dir, 'c-foreign.json'), JSON.stringify({ hello: 'world' }));

    const next = new HistoryStore(dir, { now: () => 1_700_000_000_000 });
    const notices = await next.load();
    assert.equal(notices.length, 2);
    assert.ok(notices.every((n) => /moved aside/.test(n.message)));
    assert.deepEqual(
      next.list().map((i) => i.id),
      [good.id],
    );
    const names = fs.readdirSync(dir).sort();
    assert.deepEqual(names, [
      'c-broken.json.corrupt-1700000000000',
      'c-foreign.json.corrupt-1700000000000',
      `${good.id}.json`,
    ]);
  });

  it('persists a streaming answer while it grows and marks it interrupted after a reload', async () => {
    const store = new HistoryStore(dir);
    await store.load();
    const c = withMessages(store, 'tell me a long story');
    const answer = {
      id: 'a1',
      role: 'assistant' as const,
      content: '',
      createdAt: 2,
      status: 'streaming' as const,
    };
    c.messages.push(answer);
    const clock = new FakeClock();
    const saves: Promise<void>[] = [];
    const save = (): Promise<void> => {
      const written = store.save(c);
      saves.push(written);
      return written;
    };
    const saver = createThrottledSaver(save, 20, undefined, clock);
    for (const chunk of ['Once ', 'upon ', 'a ', 'time']) {
      answer.content += chunk;
      saver.touch();
      await clock.advance(30);
      await Promise.all(saves); // the interval's save reaches the disk before the next chunk
    }
    // The "crash": the stream never finished and nothing flushed; only throttled saves reached disk.
    saver.cancel();
    await Promise.all(saves);
    assert.equal(saves.length, 4, 'one save per interval with a touch');

    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8')) as Conversation;
    assert.equal(onDisk.messages[1]!.status, 'streaming');
    assert.ok(onDisk.messages[1]!.content.startsWith('Once upon'), onDisk.messages[1]!.content);

    const reloaded = new HistoryStore(dir);
    await reloaded.load();
    const message = reloaded.get(c.id)!.messages[1]!;
    assert.equal(message.status, 'interrupted');
    assert.ok(message.content.startsWith('Once upon'));
    // The mark is written back, so the file itself now says interrupted.
    const rewritten = JSON.parse(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8')) as Conversation;
    assert.equal(rewritten.messages[1]!.status, 'interrupted');
  });

  it('throttles: many touches within one interval give one save', async () => {
    let saves = 0;
    const clock = new FakeClock();
    const saver = createThrottledSaver(
      async () => {
        saves++;
      },
      40,
      undefined,
      clock,
    );
    for (let i = 0; i < 50; i++) saver.touch();
    await clock.advance(39);
    assert.equal(saves, 0, 'not before the interval');
    await clock.advance(41);
    assert.equal(saves, 1);
    saver.touch();
    await saver.flush();
    assert.equal(saves, 2);
  });

  it('renames; the title then no longer follows the first message', async () => {
    const store = new HistoryStore(dir);
    await store.load();
    const c = withMessages(store, 'first question');
    await store.save(c);
    assert.equal(await store.rename(c.id, '  My   chat  '), true);
    c.messages.push({ id: 'x', role: 'user', content: 'more', createdAt: 3, status: 'complete' });
    await store.save(c);
    const next = new HistoryStore(dir);
    await next.load();
    assert.equal(next.get(c.id)!.title, 'My chat');
    assert.equal(await next.rename('no-such-id', 'x'), false);
  });

  it('delete can be undone within the window, and is final after it', async () => {
    const clock = new FakeClock();
    const store = new HistoryStore(dir, { undoMs: 50, timers: clock });
    await store.load();
    const a = withMessages(store, 'conversation a');
    const b = withMessages(store, 'conversation b');
    await store.save(a);
    await store.save(b);

    assert.equal(await store.delete(a.id), true);
    assert.equal(store.get(a.id), undefined);
    assert.ok(!fs.existsSync(path.join(dir, `${a.id}.json`)));
    assert.equal(await store.undoDelete(a.id), true);
    assert.equal(store.get(a.id)!.title, 'conversation a');
    assert.ok(fs.existsSync(path.join(dir, `${a.id}.json`)));

    await store.delete(b.id);
    // A late throttled save of a deleted conversation must not bring it back.
    await store.save(b);
    await clock.advance(49);
    assert.ok(fs.existsSync(path.join(dir, `${b.id}.json.deleted`)), 'still undoable inside the window');
    await clock.advance(1);
    assert.equal(await store.undoDelete(b.id), false);
    await store.close(); // waits for the purge's unlink
    assert.deepEqual(fs.readdirSync(dir), [`${a.id}.json`]);
    const next = new HistoryStore(dir);
    await next.load();
    assert.deepEqual(
      next.list().map((i) => i.id),
      [a.id],
    );
  });

  it('refuses ids that could leave the directory', async () => {
    const store = new HistoryStore(dir);
    await store.load();
    const c = withMessages(store, 'x');
    c.id = '../escape';
    await assert.rejects(store.save(c), /Invalid conversation id/);
    assert.equal(await store.delete('../../etc/passwd'), false);
  });

  it('exports a conversation as Markdown', () => {
    const store = new HistoryStore(dir);
    const c = withMessages(store, 'What is 2+2?', 'It is **4**.\n\n```python\nprint(2 + 2)\n```');
    c.title = 'Arithmetic';
    c.messages[1]!.model = 'gpt-4.1-mini';
    c.messages[1]!.usage = { prompt: 12, cached: 0, completion: 9 };
    c.messages.push({ id: 'u2', role: 'user', content: 'And 3+3?', createdAt: 1, status: 'complete' });
    c.messages.push({ id: 'a2', role: 'assistant', content: 'It is', createdAt: 1, status: 'interrupted' });
    const md = conversationToMarkdown(c);
    assert.ok(md.startsWith('# Arithmetic\n'));
    assert.match(md, /## You\n\nWhat is 2\+2\?/);
    assert.match(
      md,
      /## Assistant \(gpt-4\.1-mini\)\n\nIt is \*\*4\*\*\.\n\n```python\nprint\(2 \+ 2\)\n```/,
    );
    assert.match(md, /12 prompt \/ 0 cached \/ 9 completion/);
    assert.match(md, /It is\n\n_\(interrupted/);
  });

  it('serialises writes of one conversation: the last save wins', async () => {
    const calls: string[] = [];
    const slowOps: FileOps = {
      ...nodeFileOps,
      async writeDurable(file, data) {
        // The first write is slow; without ordering it would land after the second.
        if (calls.length === 0) await new Promise((r) => setImmediate(r));
        calls.push(data);
        await nodeFileOps.writeDurable(file, data);
      },
    };
    const store = new HistoryStore(dir, { ops: slowOps });
    await store.load();
    const c = withMessages(store, 'q', 'first');
    const p1 = store.save(c);
    c.messages[1]!.content = 'second';
    const p2 = store.save(c);
    await Promise.all([p1, p2]);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, `${c.id}.json`), 'utf8')) as Conversation;
    assert.equal(onDisk.messages[1]!.content, 'second');
  });
});
