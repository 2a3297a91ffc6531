// The workbench facade against the fake server over real HTTP: ledger lines and their costs (arithmetic written
// out), the response cache (a hit makes no request), routing and fallback. Budgets and moderation:
// workbench.policies.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApiError,
  LedgerStore,
  ModelCatalogue,
  ResponseCache,
  createWorkbench,
  type LedgerEntry,
  type WorkbenchDeps,
} from '../../src/core';
import { recordingSleep } from './helpers/clock';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function ledgerLines(dir: string): Promise<LedgerEntry[]> {
  return new LedgerStore({ dir }).readAll();
}

describe('workbench: ledger and cost (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  beforeEach(() => (dir = tempDir('gw-wb-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function bench(extra: Partial<WorkbenchDeps> = {}) {
    const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
    const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue(), ...extra });
    return { wb, ledger };
  }

  it('records a successful chat with its tokens, timings and cost at the answering model price', async () => {
    const { wb } = bench();
    const deltas: string[] = [];
    const r = await wb.chat(
      { model: 'gpt-4.1-mini', messages: [userMessage('Tell me about queues')] },
      { feature: 'chat', onDelta: (d) => deltas.push(d) },
    );
    assert.equal(deltas.join(''), r.content);
    const [line] = await ledgerLines(path.join(dir, 'ledger'));
    const u = r.usage!;
    assert.equal(line!.model, 'gpt-4.1-mini-2025-04-14', 'the model that answered');
    assert.deepEqual(line!.tokens, {
      prompt: u.promptTokens,
      cached: u.cachedTokens,
      completion: u.completionTokens,
      reasoning: 0,
    });
    assert.ok(u.promptTokens > 0 && u.completionTokens > 0);
    // gpt-4.1-mini: (prompt − cached) × $0.40/1M + cached × $0.10/1M + completion × $1.60/1M
    const expected =
      ((u.promptTokens - u.cachedTokens) * 0.4 + u.cachedTokens * 0.1 + u.completionTokens * 1.6) / 1e6;
    assert.ok(Math.abs(line!.costUsd! - expected) < 1e-12, `${line!.costUsd} vs ${expected}`);
    assert.equal(r.costUsd, line!.costUsd);
    assert.match(line!.requestId!, /^req_/);
    assert.deepEqual(
      [line!.status, line!.httpStatus, line!.attempts, line!.cacheHit, line!.feature],
      ['ok', 200, 1, false, 'chat'],
    );
    assert.equal(line!.endpoint, h.fake.baseURL);
    assert.ok(line!.ttftMs !== null && line!.ttftMs <= line!.latencyMs);
  });

  it('bills cached prompt tokens at the cached-input price when a long static prefix repeats', async () => {
    const { wb } = bench();
    const system = { role: 'system' as const, content: 'You are a careful reviewer. '.repeat(250) }; // ~7,000 chars
    await wb.chat(
      { model: 'gpt-4.1', messages: [system, userMessage('first question')] },
      { feature: 'task.review' },
    );
    const r = await wb.chat(
      { model: 'gpt-4.1', messages: [system, userMessage('second question')] },
      { feature: 'task.review' },
    );
    const [, second] = await ledgerLines(path.join(dir, 'ledger'));
    const t = second!.tokens;
    assert.ok(t.cached >= 1024 && t.cached % 128 === 0, `cached ${t.cached}`);
    assert.equal(t.cached, r.usage!.cachedTokens);
    // gpt-4.1: (prompt − cached) × $2/1M + cached × $0.50/1M + completion × $8/1M
    const expected = ((t.prompt - t.cached) * 2 + t.cached * 0.5 + t.completion * 8) / 1e6;
    const undiscounted = (t.prompt * 2 + t.completion * 8) / 1e6;
    assert.ok(Math.abs(second!.costUsd! - expected) < 1e-12);
    assert.ok(second!.costUsd! < undiscounted);
  });

  it('records a failed request: kind, status, attempts, $0 for an HTTP error, and rethrows the ApiError', async () => {
    const { wb } = bench({ chatOptions: { retry: false } });
    await assert.rejects(
      wb.chat(
        { model: 'gpt-4.1-mini', messages: [userMessage('hi', 'insufficient_quota')] },
        { feature: 'chat' },
      ),
      (e: unknown) => e instanceof ApiError && e.kind === 'quota',
    );
    const [line] = await ledgerLines(path.join(dir, 'ledger'));
    assert.deepEqual(
      [line!.status, line!.errorKind, line!.httpStatus, line!.attempts, line!.costUsd],
      ['error', 'quota', 429, 1, 0],
    );
    assert.match(line!.requestId!, /^req_/);
  });

  it('records every attempt of a retried request, and $0 with the error when a stream broke without usage', async () => {
    const sleep = recordingSleep();
    const { wb } = bench({ chatOptions: { sleep: sleep.sleep } });
    const ok = await wb.chat(
      { model: 'gpt-4.1-nano', messages: [userMessage('hi', 'rate_limit;times=2')] },
      { feature: 'chat' },
    );
    assert.equal(ok.attempts, 3);
    await assert.rejects(
      wb.chat(
        { model: 'gpt-4.1-nano', messages: [userMessage('hi', 'reset_mid_stream')] },
        { feature: 'chat' },
      ),
    );
    const [retried, broken] = await ledgerLines(path.join(dir, 'ledger'));
    assert.equal(retried!.attempts, 3);
    assert.equal(sleep.waits.length, 2);
    assert.equal(broken!.status, 'error');
    assert.equal(broken!.costUsd, 0, 'no usage arrived: $0, counted under errors, not as unpriced');
    assert.equal(broken!.errorKind, 'network');
  });

  it('routes `auto` by kind and bills a fallback at the price of the model that answered', async () => {
    const { wb } = bench({ chatOptions: { retry: false, fallbackModels: ['gpt-4.1-nano'] } });
    const routed = await wb.chat(
      { model: 'auto', kind: 'extraction', messages: [userMessage('names: Ann, Bo')] },
      { feature: 'task.extract' },
    );
    assert.equal(routed.request.model, 'gpt-4.1-nano');
    assert.equal(routed.model, 'gpt-4.1-nano-2025-04-14');
    const fb = await wb.chat(
      { model: 'gpt-9-imaginary', messages: [userMessage('hi')] },
      { feature: 'chat' },
    );
    assert.equal(fb.requestedModel, 'gpt-4.1-nano');
    const line = (await ledgerLines(path.join(dir, 'ledger'))).at(-1)!;
    const u = fb.usage!;
    // gpt-4.1-nano: prompt × $0.10/1M + completion × $0.40/1M (no cached tokens on a short prompt)
    assert.equal(u.cachedTokens, 0);
    assert.ok(Math.abs(line.costUsd! - (u.promptTokens * 0.1 + u.completionTokens * 0.4) / 1e6) < 1e-12);
    assert.equal(line.attempts, 2);
  });

  it('mirrors each entry to a listener (the log channel) with no key in it', async () => {
    const { wb, ledger } = bench();
    const mirrored: string[] = [];
    ledger.onEntry((e) => mirrored.push(JSON.stringify(e)));
    await wb.chat({ model: 'gpt-4.1-mini', messages: [userMessage('hi')] }, { feature: 'chat' });
    assert.equal(mirrored.length, 1);
    assert.ok(!mirrored[0]!.includes('sk-proj-TESTKEY'));
  });
});

describe('workbench: response cache (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  beforeEach(() => (dir = tempDir('gw-wbc-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function bench(cacheEnabled = true) {
    const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
    const cache = await ResponseCache.open({ dir: path.join(dir, 'cache') });
    const wb = createWorkbench({
      client: h.client(),
      ledger,
      cache,
      cacheEnabled,
      catalogue: new ModelCatalogue(),
    });
    return { wb, cache };
  }
  const draft = { model: 'gpt-4.1-mini', temperature: 0, messages: [userMessage('What is a monad?')] };

  it('a deterministic request is answered from the cache the second time: no request, same deltas, $0', async () => {
    const { wb, cache } = await bench();
    const live: string[] = [];
    const first = await wb.chat(draft, { feature: 'chat', onDelta: (d) => live.push(d) });
    await wb.flush();
    assert.equal(h.chatRequests(), 1);
    const replayed: string[] = [];
    const second = await wb.chat(draft, { feature: 'chat', onDelta: (d) => replayed.push(d) });
    assert.equal(h.chatRequests(), 1, 'a hit makes no request');
    assert.deepEqual(replayed, live);
    assert.equal(second.content, first.content);
    assert.deepEqual([second.cacheHit, second.costUsd, second.attempts], [true, 0, 0]);
    const lines = await ledgerLines(path.join(dir, 'ledger'));
    assert.deepEqual(
      lines.map((l) => [l.cacheHit, l.costUsd === 0, l.requestId === null]),
      [
        [false, false, false],
        [true, true, true],
      ],
    );
    assert.equal(cache.size, 1);
    const reopened = await ResponseCache.open({ dir: path.join(dir, 'cache') });
    assert.equal(reopened.size, 1, 'persisted');
  });

  it('misses for sampled requests, different parameters, or with the cache turned off', async () => {
    const { wb } = await bench();
    const sampled = { ...draft, temperature: undefined };
    await wb.chat(sampled, { feature: 'chat' });
    await wb.chat(sampled, { feature: 'chat' });
    assert.equal(h.chatRequests(), 2);
    await wb.chat(draft, { feature: 'chat' });
    await wb.chat({ ...draft, max_tokens: 50 }, { feature: 'chat' });
    assert.equal(h.chatRequests(), 4);
    const off = await bench(false);
    await off.wb.chat(draft, { feature: 'chat' });
    assert.equal(h.chatRequests(), 5);
  });

  it('does not cache a cut or failed answer', async () => {
    const { wb, cache } = await bench();
    const cut = { ...draft, messages: [userMessage('long please', 'length')] };
    await wb.chat(cut, { feature: 'chat' });
    await wb.chat(cut, { feature: 'chat' });
    assert.equal(h.chatRequests(), 2);
    assert.equal(cache.size, 0);
  });
});
