// A first workspace index embedded through the Batch API against the fake (real HTTP, spec-validated lines, the
// fake's clock moved by the manager's waits): one /v1/embeddings line per chunk text, the vectors stored in the index
// by chunk hash exactly as the interactive path would store them, a ledger line per answer at the batch price, and
// vectors kept for a poll later when the index could not take them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchJobManager,
  BatchJobStore,
  ModelCatalogue,
  SyntaxParsers,
  WorkspaceIndex,
  createWorkbench,
  embedThroughWorkbench,
  prepareEmbeddingJob,
  type BatchJob,
  type LedgerEntry,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

const FILES: Record<string, string> = {
  'src/retry.ts':
    '/** Waits and tries again when the API answers 429. */\nexport async function retryOnRateLimit() {\n  return 429;\n}\n',
  'src/render.ts': 'export function renderMarkdown(text: string) {\n  return text.trim();\n}\n',
  'src/copy.ts': 'export function renderMarkdown(text: string) {\n  return text.trim();\n}\n',
  'db/users.py': 'def load_user(user_id):\n    return db.get(user_id)\n',
};

const catalogue = new ModelCatalogue();

describe('workspace index through the Batch API (embeddings batch)', () => {
  const h = useFakeOpenAI();
  let root: string;
  let storage: string;
  let ledger: LedgerEntry[];
  const parsers = new SyntaxParsers();

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bws-'));
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bix-'));
    ledger = [];
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const workbench = () =>
    createWorkbench({
      client: h.client(),
      endpoint: { baseURL: h.fake.baseURL, label: 'fake' },
      ledger: { append: async (e) => void ledger.push(e), flush: async () => undefined },
      catalogue,
      chatOptions: { sleep: async () => undefined },
    });

  const openIndex = (dir: string) =>
    WorkspaceIndex.open({
      root,
      storageDir: path.join(storage, dir),
      model: 'text-embedding-3-small',
      dimensions: 256,
      embed: embedThroughWorkbench(workbench()),
      parsers,
    });

  function manager(applyVectors: (job: BatchJob, v: Map<string, Float32Array>) => Promise<void>) {
    const finished: BatchJob[] = [];
    const m = new BatchJobManager({
      api: workbench().batches,
      catalogue: () => catalogue,
      endpoint: 'fake',
      record: async (e) => void ledger.push(e),
      store: new BatchJobStore(path.join(storage, 'jobs')),
      // The fake's clock moves by each wait: a 24-hour API in milliseconds, every poll still made.
      sleep: async (ms) => h.fake.clock.advance(ms),
      pollBaseMs: 1_000,
      pollMaxMs: 8_000,
      applyVectors,
      onFinished: (job) => void finished.push(job),
    });
    return { m, finished };
  }

  const target = { root: '', model: 'text-embedding-3-small', dimensions: 256 };

  it('embeds every chunk through one embeddings batch, stores the vectors as the interactive path does, and prices each line at the batch price', async () => {
    const index = await openIndex('batch');
    const scan = await index.scan();
    const prepared = prepareEmbeddingJob(index.pendingChunks(), { target: { ...target, root }, catalogue });
    const job = prepared.job;
    assert.equal(scan.pendingChunks, 4);
    // render.ts and copy.ts have different paths, so different texts: only equal texts share a line.
    assert.equal(Object.keys(job.items).length, 4);
    assert.equal(job.endpoint, '/v1/embeddings');
    assert.ok(job.estimate.batchCostUsd! < job.estimate.interactiveCostUsd!);
    const first = JSON.parse(prepared.files[0]!.lines[0]!) as { url: string; body: Record<string, unknown> };
    assert.equal(first.url, '/v1/embeddings');
    assert.deepEqual(Object.keys(first.body).sort(), ['dimensions', 'encoding_format', 'input', 'model']);

    const { m, finished } = manager(async (_job, vectors) => void (await index.applyVectors(vectors)));
    await m.start(prepared);
    await m.settled();
    assert.equal(finished.length, 1);
    assert.equal(finished[0]!.status, 'completed');
    const create = h.fake.requests.find((r) => r.method === 'POST' && r.path === '/v1/batches');
    assert.equal((create?.body as { endpoint: string }).endpoint, '/v1/embeddings');
    assert.equal(
      h.fake.requests.filter((r) => r.path === '/v1/embeddings').length,
      0,
      'no interactive embeddings request',
    );
    assert.deepEqual(index.status(), { state: 'ready', files: 4, chunks: 4, embedded: 4 });

    // The same vectors as an index built interactively: the same vector-only search results and scores.
    const interactive = await openIndex('interactive');
    await interactive.scan();
    await interactive.embedPending();
    const query = Array.from({ length: 256 }, (_, i) => Math.sin(i + 1));
    const a = await index.search('x', { mode: 'vector', queryVector: query, k: 4 });
    const b = await interactive.search('x', { mode: 'vector', queryVector: query, k: 4 });
    assert.deepEqual(
      a.map((x) => [x.path, x.score]),
      b.map((x) => [x.path, x.score]),
    );

    // Reopened from disk: the batch's vectors were saved.
    const reopened = await openIndex('batch');
    assert.deepEqual(reopened.status(), { state: 'ready', files: 4, chunks: 4, embedded: 4 });

    const lines = ledger.filter((e) => e.feature === 'batch.index');
    assert.equal(lines.length, 4);
    for (const l of lines) {
      assert.equal(l.operation, 'embedding');
      assert.equal(l.batch, true);
      assert.ok(l.tokens.prompt > 0);
      // text-embedding-3-small at the batch price: $0.01 per 1M tokens.
      assert.ok(Math.abs(l.costUsd! - (l.tokens.prompt * 0.01) / 1e6) < 1e-12, `${l.costUsd}`);
    }
    assert.ok(Math.abs(finished[0]!.actualCostUsd! - lines.reduce((s, l) => s + l.costUsd!, 0)) < 1e-9);
  });

  it('keeps a finished batch uncollected while the index cannot take its vectors, and stores them on a later poll', async () => {
    const index = await openIndex('retry');
    await index.scan();
    const prepared = prepareEmbeddingJob(index.pendingChunks(), { target: { ...target, root }, catalogue });
    let refusals = 0;
    const { m, finished } = manager(async (_job, vectors) => {
      if (refusals++ === 0) throw new Error('the index is busy');
      await index.applyVectors(vectors);
    });
    await m.start(prepared);
    await m.settled();
    assert.equal(refusals, 2, 'refused once, taken on the next poll');
    assert.equal(finished[0]?.status, 'completed');
    assert.equal(index.status().state, 'ready');
    // One ledger line per answer, not one per attempt.
    assert.equal(ledger.filter((e) => e.feature === 'batch.index').length, 4);
  });

  it('the fake validates embeddings lines: a line over the model dimensions fails alone, the others embed', async () => {
    const index = await openIndex('invalid');
    await index.scan();
    const prepared = prepareEmbeddingJob(index.pendingChunks(), { target: { ...target, root }, catalogue });
    // Rewrite one line's body as a client bug would: dimensions past text-embedding-3-small's 1536.
    const file = prepared.files[0]!;
    const bad = JSON.parse(file.lines[1]!) as { body: { dimensions: number } };
    bad.body.dimensions = 4096;
    file.lines[1] = JSON.stringify(bad);
    const { m, finished } = manager(async (_job, vectors) => void (await index.applyVectors(vectors)));
    await m.start(prepared);
    await m.settled();
    const job = finished[0]!;
    assert.equal(job.status, 'completed_with_errors');
    const failed = Object.values(job.results).filter((r) => !r.ok);
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.error!, /^400 .*maximum dimensions is 1536/);
    assert.deepEqual(index.status(), { state: 'partial', files: 4, chunks: 4, embedded: 3 });
  });
});
