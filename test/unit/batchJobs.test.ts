// Batch jobs in the core against the fake's Files and Batches endpoints over real HTTP, on the fake's clock: the
// manager's sleep advances the clock by the wait it asked for, so a 24-hour API runs in milliseconds while every
// poll interval is still checked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchJobManager,
  BatchJobStore,
  EXPLAIN_TASK,
  ModelCatalogue,
  REVIEW_TASK,
  computeCostUsd,
  createWorkbench,
  prepareBatchJob,
  priceForTier,
  type BatchFileInput,
  type BatchJob,
  type LedgerEntry,
  type TaskSpec,
  type Workbench,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

const catalogue = new ModelCatalogue();
const file = (p: string, text: string): BatchFileInput => ({ path: p, languageId: 'typescript', text });

describe('batch jobs (core) against the fake Batch API', () => {
  const server = useFakeOpenAI();
  let dir: string;
  let ledger: LedgerEntry[];
  let waits: number[];

  let builder: Workbench;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-batch-'));
    ledger = [];
    waits = [];
    builder = createWorkbench({
      client: server.client(),
      ledger: { append: async () => undefined, flush: async () => undefined },
      catalogue,
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function manager(extra: Partial<ConstructorParameters<typeof BatchJobManager>[0]> = {}) {
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      server.fake.clock.advance(ms);
    };
    const record = async (e: LedgerEntry): Promise<void> => void ledger.push(e);
    const wb = createWorkbench({
      client: server.client(),
      endpoint: { baseURL: server.fake.baseURL, label: 'fake' },
      ledger: { append: record, flush: async () => undefined },
      catalogue,
      chatOptions: { sleep },
    });
    const api = wb.batches;
    const finished: BatchJob[] = [];
    const m = new BatchJobManager({
      api,
      catalogue: () => catalogue,
      endpoint: 'fake',
      record,
      store: new BatchJobStore(path.join(dir, 'jobs')),
      sleep,
      pollBaseMs: 1_000,
      pollMaxMs: 8_000,
      onFinished: (job) => void finished.push(job),
      ...extra,
    });
    return { m, finished };
  }

  const prepare = (
    files: BatchFileInput[],
    spec: TaskSpec = EXPLAIN_TASK,
    limits?: { maxRequests: number; maxBytes: number },
  ) =>
    prepareBatchJob(files, {
      spec,
      model: 'gpt-4.1-mini',
      catalogue,
      build: (d) => builder.batchRequest(d),
      ...(limits ? { limits } : {}),
    });

  it('builds one JSONL line per file, or per chunk of a large file, with custom_id mapped to path and range', async () => {
    const big = Array.from({ length: 30 }, (_, i) => `const v${i} = ${i}; // ${'x'.repeat(30)}`).join('\n');
    const prepared = await prepareBatchJob(
      [file('src/a.ts', 'export const a = 1;'), file('src/big.ts', big)],
      {
        spec: EXPLAIN_TASK,
        model: 'gpt-4.1-mini',
        catalogue,
        build: (d) => builder.batchRequest(d),
        maxChunkChars: 500,
      },
    );
    const items = Object.values(prepared.job.items);
    assert.equal(items[0]?.path, 'src/a.ts');
    const chunks = items.filter((i) => i.path === 'src/big.ts');
    assert.ok(chunks.length >= 3, `big file cut into ${chunks.length} chunks`);
    assert.equal(chunks[0]?.startLine, 1);
    assert.equal(chunks[chunks.length - 1]?.endLine, 30);
    for (let i = 1; i < chunks.length; i++) assert.equal(chunks[i]!.startLine, chunks[i - 1]!.endLine + 1);
    const first = JSON.parse(prepared.files[0]!.lines[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), ['custom_id', 'method', 'url', 'body']);
    assert.equal(first.url, '/v1/chat/completions');
    assert.equal(prepared.job.estimate.requests, items.length);
    assert.ok(prepared.job.estimate.batchCostUsd! < prepared.job.estimate.interactiveCostUsd!);
  });

  it('leaves a task tier out of batch lines: the Batch API serves them at its own price', async () => {
    const prepared = await prepareBatchJob([file('src/a.ts', 'export const a = 1;')], {
      spec: EXPLAIN_TASK,
      model: 'gpt-4.1-mini',
      catalogue,
      parameters: { service_tier: 'priority' },
      build: (d) => builder.batchRequest(d),
    });
    const line = JSON.parse(prepared.files[0]!.lines[0]!) as { body: Record<string, unknown> };
    assert.equal(line.body.service_tier, undefined);
  });

  it('redacts secrets in the Workbench before a line is written, and notes the kinds on the item', async () => {
    // Built at run time, so no secret scanner flags this file.
    const secret = `gh${'p_'}${'Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVcXz'.slice(0, 36)}`;
    const prepared = await prepare([file('cfg.ts', `export const awsKey = '${secret}';`)]);
    const text = prepared.files[0]!.lines.join('\n');
    assert.doesNotMatch(text, new RegExp(secret));
    assert.match(text, /REDACTED/);
    assert.ok(Object.values(prepared.job.items)[0]!.redactedKinds.length > 0);
  });

  it('splits a job over the request and byte limits into several batches', async () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.ts`, `export const ${n} = 1;`));
    const byCount = await prepare(files, EXPLAIN_TASK, { maxRequests: 2, maxBytes: 10_000_000 });
    assert.deepEqual(
      byCount.files.map((f) => f.lines.length),
      [2, 2, 1],
    );
    const oneLine = byCount.files[0]!.bytes / 2;
    const byBytes = await prepare(files, EXPLAIN_TASK, {
      maxRequests: 100,
      maxBytes: Math.ceil(oneLine * 3.5),
    });
    assert.deepEqual(
      byBytes.files.map((f) => f.lines.length),
      [3, 2],
    );
    assert.equal(byBytes.job.parts.length, 2);
    await assert.rejects(
      prepare(files, EXPLAIN_TASK, { maxRequests: 100, maxBytes: 100 }),
      /over the Batch API/,
    );
  });

  it('uploads, creates, polls with backoff, downloads and maps every answer back; ledger at the batch price', async () => {
    const { m, finished } = manager();
    const prepared = await prepare([
      file('src/a.ts', 'export const a = 1;'),
      file('src/b.ts', 'export const b = 2;'),
    ]);
    const job = await m.start(prepared);
    await m.settled();
    assert.equal(job.status, 'completed');
    assert.equal(finished.length, 1);
    for (const item of Object.values(job.items)) {
      const r = job.results[item.customId]!;
      assert.equal(r.ok, true, r.error);
      assert.equal(typeof (r.value as { summary: string }).summary, 'string');
    }
    // The first waits are short; they double while nothing changes and come back when something does.
    assert.equal(waits[0], 1_000);
    assert.ok(
      waits.some((w) => w > 1_000),
      `waits: ${waits.join(', ')}`,
    );
    const lines = ledger.filter((e) => e.operation === 'chat');
    assert.equal(lines.length, 2);
    const price = priceForTier(catalogue.get('gpt-4.1-mini'), 'batch');
    for (const e of lines) {
      assert.equal(e.batch, true);
      assert.equal(e.feature, 'batch.explain');
      const usage = {
        promptTokens: e.tokens.prompt,
        cachedTokens: e.tokens.cached,
        completionTokens: e.tokens.completion,
        reasoningTokens: 0,
      };
      assert.equal(e.costUsd, computeCostUsd(usage, price));
      assert.ok(e.costUsd! > 0);
    }
    assert.ok(ledger.some((e) => e.operation === 'file' && e.model === 'files.create'));
    assert.ok(ledger.some((e) => e.operation === 'batch' && e.model === 'batches.create'));
    assert.equal(
      job.actualCostUsd,
      lines.reduce((s, e) => s + e.costUsd!, 0),
    );
  });

  it('keeps partial failures apart: a line error and an answer that breaks the schema; Retry Failed resends only those', async () => {
    const { m } = manager();
    const prepared = await prepare(
      [
        file('ok.ts', 'export const ok = 1;'),
        file('err.ts', 'export const e = 1; // [[fake:server_error;times=1]]'),
        file('bad.ts', 'export const b = 1; // [[fake:invalid_json;times=1]]'),
      ],
      REVIEW_TASK,
    );
    const job = await m.start(prepared);
    await m.settled();
    assert.equal(job.status, 'completed_with_errors');
    const byPath = (p: string) => job.results[Object.values(job.items).find((i) => i.path === p)!.customId]!;
    assert.equal(byPath('ok.ts').ok, true);
    assert.match(byPath('err.ts').error ?? '', /^500/);
    assert.match(byPath('bad.ts').error ?? '', /does not match the schema/);
    assert.ok(byPath('bad.ts').raw);
    const uploadsBefore = server.fake.requests.filter(
      (r) => r.path === '/v1/files' && r.method === 'POST',
    ).length;
    const sent = await m.resubmit(job.id, 'failed');
    assert.equal(sent, 2);
    const retryUpload = server.fake.requests.filter((r) => r.path === '/v1/files' && r.method === 'POST');
    assert.equal(retryUpload.length, uploadsBefore + 1);
    const body = String(retryUpload[retryUpload.length - 1]!.body);
    assert.match(body, /err\.ts/);
    assert.match(body, /bad\.ts/);
    assert.doesNotMatch(body, /ok\.ts/);
    await m.settled();
    assert.equal(job.status, 'completed');
    assert.equal(job.parts.length, 2);
  });

  it('expiry: what finished is kept, the rest can be resubmitted', async () => {
    const { m } = manager();
    const prepared = await prepare([
      file('a.ts', 'export const a = 1; // [[fake:batch_expire]]'),
      file('b.ts', 'export const b = 1;'),
    ]);
    const job = await m.start(prepared);
    await m.settled();
    assert.equal(job.status, 'expired');
    const ids = Object.keys(job.items);
    assert.equal(job.results[ids[0]!]?.ok, true);
    assert.equal(job.results[ids[1]!]?.ok, false);
    assert.match(job.results[ids[1]!]?.error ?? '', /batch_expired/);
    // Expired lines are reported in the error file: they are failed lines, and Retry Failed sends exactly them.
    assert.equal(await m.resubmit(job.id, 'failed'), 1);
    await m.settled();
    assert.equal(job.status, 'completed');
  });

  it('cancel: cancelling, then cancelled with what had finished', async () => {
    const holder: { m?: BatchJobManager } = {};
    let asked = false;
    const { m } = manager({
      onChange: (job) => {
        if (job && !asked && job.status === 'running' && job.parts[0]?.status === 'in_progress') {
          asked = true;
          void holder.m!.cancel(job.id);
        }
      },
    });
    holder.m = m;
    const job = await m.start(await prepare([file('a.ts', 'export const a = 1;')]));
    await m.settled();
    assert.equal(asked, true);
    assert.equal(job.status, 'cancelled');
    assert.equal(job.parts[0]?.status, 'cancelled');
  });

  it('resumes a persisted job after a reload and runs it to completion', async () => {
    const first = manager();
    const job = await first.m.start(await prepare([file('a.ts', 'export const a = 1;')]));
    first.m.dispose();
    await first.m.settled();
    assert.equal(job.status, 'running');
    const second = manager();
    const loaded = await second.m.load();
    assert.equal(loaded.length, 1);
    assert.equal(loaded[0]!.parts[0]?.batchId, job.parts[0]?.batchId);
    await second.m.settled();
    assert.equal(second.m.get(job.id)?.status, 'completed');
    assert.equal(second.finished.length, 1);
  });

  it("an input file the API refuses at validation fails the job with the API's reason", async () => {
    const { m } = manager();
    const prepared = await prepare([file('a.ts', 'export const a = 1;')]);
    const job = await m.start({
      ...prepared,
      files: [{ ...prepared.files[0]!, lines: ['{"custom_id":1}'] }],
    });
    await m.settled();
    assert.equal(job.status, 'failed');
    assert.match(job.parts[0]!.errors.join(' '), /custom_id/);
  });
});
