// The workbench's policies around real requests to the fake server: budget warn and block (with and without the
// confirmation the host shows as a modal) and input moderation (off / warn / block).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BudgetGuard,
  LedgerStore,
  ModelCatalogue,
  WorkbenchError,
  createWorkbench,
  type BudgetDecision,
  type BudgetLimits,
  type ModerationMode,
} from '../../src/core';
import { ledgerEntry } from './helpers/ledger';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

/** A line spent earlier today, before the test's requests. */
const spend = (costUsd: number) => ledgerEntry('2026-11-26T08:00:00.000Z', { costUsd });

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('workbench: budgets and moderation (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  let ledger: LedgerStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-wbp-'));
    ledger = new LedgerStore({ dir });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function bench(limits: BudgetLimits, mode: ModerationMode = 'off') {
    return createWorkbench({
      client: h.client(),
      ledger,
      catalogue: new ModelCatalogue(),
      budget: new BudgetGuard({ ledger, limits, now: () => NOW }),
      moderation: { mode },
      now: () => NOW,
      chatOptions: { retry: false },
    });
  }
  // gpt-4.1-mini, max_tokens 1,000. Prompt "hello world" = 2 tokens + 3 per message + 3 priming = 8.
  // Estimate = 8 × $0.40/1M + 1,000 × $1.60/1M = 0.0000032 + 0.0016 = 0.0016032.
  const draft = { model: 'gpt-4.1-mini', max_tokens: 1_000, messages: [userMessage('hello world')] };

  it('under 80 % of the limit the request just goes', async () => {
    await ledger.append(spend(0.5));
    let asked = 0;
    const r = await bench({ dailyUsd: 1 }).chat(draft, {
      feature: 'chat',
      confirmBudget: async () => (asked++, true),
    });
    assert.equal(asked, 0);
    assert.equal(r.budget?.level, 'ok');
    assert.equal(r.budget?.estimate.costUsd, 0.0016032);
    assert.equal(h.chatRequests(), 1);
  });

  it('warns from 80 % and sends when the user confirms', async () => {
    // spent 0.80 + 0.0016032 = 0.8016032 ≥ 0.8 × $1 → warn, not over $1
    await ledger.append(spend(0.8));
    const asked: BudgetDecision[] = [];
    const r = await bench({ dailyUsd: 1 }).chat(draft, {
      feature: 'chat',
      confirmBudget: async (d) => (asked.push(d), true),
    });
    assert.equal(asked.length, 1);
    assert.deepEqual(
      [asked[0]!.level, asked[0]!.limit, asked[0]!.projectedUsd],
      ['warn', 'daily', 0.8016032],
    );
    assert.equal(r.budget?.level, 'warn');
    assert.equal(h.chatRequests(), 1);
  });

  it('a warn without a confirmation callback proceeds', async () => {
    await ledger.append(spend(0.85));
    const r = await bench({ dailyUsd: 1 }).chat(draft, { feature: 'chat' });
    assert.equal(r.budget?.level, 'warn', 'the request was in the warn band');
    assert.equal(h.chatRequests(), 1);
  });

  it('blocks past the limit: nothing is sent when the user cancels or no one is asked', async () => {
    // spent 0.9995 + 0.0016032 = 1.0011032 > $1 → block
    await ledger.append(spend(0.9995));
    const wb = bench({ dailyUsd: 1 });
    const asked: BudgetDecision[] = [];
    const cancelled = await wb
      .chat(draft, { feature: 'chat', confirmBudget: async (d) => (asked.push(d), false) })
      .catch((e: unknown) => e);
    assert.ok(cancelled instanceof WorkbenchError);
    assert.equal(cancelled.kind, 'budget_blocked');
    assert.equal(asked[0]!.level, 'block');
    assert.equal(asked[0]!.projectedUsd, 1.0011032);
    const silent = await wb.chat(draft, { feature: 'chat' }).catch((e: unknown) => e);
    assert.ok(silent instanceof WorkbenchError && silent.kind === 'budget_blocked');
    assert.equal(h.chatRequests(), 0);
    assert.equal((await ledger.readAll()).length, 1, 'a request never sent is not in the ledger');
  });

  it('"Send anyway" at the block sends the request', async () => {
    await ledger.append(spend(2));
    const r = await bench({ dailyUsd: 1 }).chat(draft, { feature: 'chat', confirmBudget: async () => true });
    assert.equal(r.budget?.level, 'block');
    assert.equal(h.chatRequests(), 1);
  });

  it('moderation block: flagged input is never sent; the moderation request is in the ledger at $0', async () => {
    const wb = bench({}, 'block');
    const err = await wb
      .chat({ ...draft, messages: [userMessage('how to kill a zombie process')] }, { feature: 'chat' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof WorkbenchError);
    assert.equal(err.kind, 'moderation_blocked');
    assert.deepEqual(err.moderation?.categories, ['violence']);
    assert.equal(h.chatRequests(), 0);
    const paths = h.fake.requests.map((r) => r.path);
    assert.deepEqual(paths, ['/v1/moderations']);
    const [line] = await ledger.readAll();
    assert.deepEqual(
      [line!.operation, line!.costUsd, line!.feature, line!.status],
      ['moderation', 0, 'chat', 'ok'],
    );
  });

  it('moderation warn: asks, and cancels or sends as the user says; clean input is not asked about', async () => {
    const wb = bench({}, 'warn');
    const flagged = { ...draft, messages: [userMessage('I hate mondays')] };
    const cancelled = await wb
      .chat(flagged, { feature: 'chat', confirmModeration: async () => false })
      .catch((e: unknown) => e);
    assert.ok(cancelled instanceof WorkbenchError && cancelled.kind === 'cancelled');
    assert.equal(h.chatRequests(), 0);
    const sent = await wb.chat(flagged, {
      feature: 'chat',
      confirmModeration: async (r) => r.categories.includes('hate'),
    });
    assert.deepEqual(sent.moderation?.categories, ['hate']);
    assert.equal(h.chatRequests(), 1);
    let asked = false;
    await wb.chat(draft, { feature: 'chat', confirmModeration: async () => (asked = true) });
    assert.equal(asked, false);
  });

  it('moderation off (default) sends no moderation request', async () => {
    await bench({}).chat({ ...draft, messages: [userMessage('kill -9 it')] }, { feature: 'chat' });
    assert.deepEqual(
      h.fake.requests.map((r) => r.path),
      ['/v1/chat/completions'],
    );
  });
});
