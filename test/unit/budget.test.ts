// Budgets: the limit check, the spike check, the pre-request estimate (real gpt-tokenizer, loaded lazily) and the
// guard reading spend from a real ledger directory. Budget warn/block around real requests: workbench.test.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BudgetGuard,
  LedgerStore,
  ModelCatalogue,
  DEFAULT_TYPICAL_OUTPUT_TOKENS,
  checkLimits,
  decideBudget,
  detectSpike,
  estimateRequest,
  expectedOutput,
  medianOf,
} from '../../src/core';
import { ledgerEntry } from './helpers/ledger';

/** A ledger line that spent `costUsd` at `time` (budgets add up costs only). */
const spent = (time: string, costUsd: number | null) => ledgerEntry(time, { costUsd });

const cat = new ModelCatalogue();

describe('budget limits', () => {
  it('is ok below 80 %, warns from 80 %, blocks past the limit', () => {
    // daily $1: spent 0.70 + 0.05 = 0.75 (75 %) ok; + 0.10 = 0.80 (80 %) warn; + 0.35 = 1.05 blocks
    assert.equal(checkLimits(0.7, 0.7, 0.05, { dailyUsd: 1 }).level, 'ok');
    const warn = checkLimits(0.7, 0.7, 0.1, { dailyUsd: 1 });
    assert.deepEqual([warn.level, warn.limit, warn.projectedUsd], ['warn', 'daily', 0.8]);
    const block = checkLimits(0.7, 0.7, 0.35, { dailyUsd: 1 });
    assert.deepEqual([block.level, block.limit, block.projectedUsd], ['block', 'daily', 1.05]);
    assert.match(block.reasons.join(' '), /over the \$1 limit/);
  });

  it('takes the stricter of daily and monthly; no limit set means ok', () => {
    // daily 10 → 0.2 + 0.1 = 0.3 fine; monthly 20 → 19.9 + 0.1 = 20.0 ≥ 16 warn (100 % is not yet over)
    const r = checkLimits(0.2, 19.9, 0.1, { dailyUsd: 10, monthlyUsd: 20 });
    assert.deepEqual([r.level, r.limit], ['warn', 'monthly']);
    assert.equal(checkLimits(1e6, 1e6, 1, {}).level, 'ok');
    assert.equal(checkLimits(1e6, 1e6, 1, { dailyUsd: 0, monthlyUsd: null }).level, 'ok');
  });

  it('says so when the price is unknown and counts only what was spent', () => {
    const r = checkLimits(0.5, 0.5, null, { dailyUsd: 1 });
    assert.equal(r.level, 'ok');
    assert.match(r.reasons[0]!, /price is unknown/);
  });

  it('flags a day above three times the average of the previous seven', () => {
    const week = [1, 1, 1, 1, 1, 1, 1]; // average $1
    assert.equal(detectSpike(3, week), undefined, 'exactly 3× is not above 3×');
    assert.deepEqual(detectSpike(3.5, week), { todayUsd: 3.5, averageUsd: 1, ratio: 3.5 });
    assert.equal(detectSpike(50, [0, 0, 0, 0, 0, 0, 0]), undefined, 'no history, no baseline');
  });
});

describe('pre-request estimate', () => {
  it('counts prompt tokens with gpt-tokenizer and prices prompt + max output', async () => {
    const request = {
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user' as const, content: 'hello world' }],
      max_tokens: 1_000,
    };
    const est = await estimateRequest(request, cat.get('gpt-4.1-mini'));
    // o200k: "hello world" = 2 tokens; + 3 per message + 3 reply priming = 8
    assert.equal(est.promptTokens, 8);
    assert.equal(est.maxOutputTokens, 1_000);
    // 8 × $0.40/1M + 1,000 × $1.60/1M = 0.0000032 + 0.0016 = 0.0016032
    assert.equal(est.costUsd, 0.0016032);
  });

  it('without an output cap and without history assumes a typical answer (not the model maximum) and says so', async () => {
    const request = { model: 'o3', messages: [{ role: 'user' as const, content: 'hello world' }] };
    const est = await estimateRequest(request, cat.get('o3'));
    assert.equal(est.maxOutputTokens, DEFAULT_TYPICAL_OUTPUT_TOKENS);
    // 8 × $2/1M + 1,000 × $8/1M = 0.000016 + 0.008 = 0.008016 (the model's 100,000-token maximum would be $0.80)
    assert.equal(est.costUsd, 0.008016);
    assert.match(est.outputBasis ?? '', /1000 output tokens, a typical answer \(no history yet/);
    assert.equal((await estimateRequest({ ...request, model: 'x' }, cat.get('x'))).costUsd, null);
  });

  it("uses the feature's median answer on that model when there is history, and the request's cap over both", () => {
    const request = { model: 'gpt-4.1-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    const history = { feature: 'task.explain', completionTokens: [300, 100, 900, 200, 400] };
    const typical = expectedOutput(request, cat.get('gpt-4.1-mini'), history);
    assert.equal(typical.tokens, 300);
    assert.equal(
      typical.basis,
      '300 output tokens, the median answer of task.explain on gpt-4.1-mini (5 earlier requests)',
    );
    assert.equal(medianOf([1, 2, 3, 4]), 3);
    const capped = expectedOutput({ ...request, max_tokens: 50 }, cat.get('gpt-4.1-mini'), history);
    assert.deepEqual(capped, { tokens: 50, basis: "the request's cap of 50 output tokens" });
  });

  it('does not load the tokenizer when the core is imported', () => {
    const script =
      "require('./src/core'); process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('gpt-tokenizer'))));";
    const out = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, 'false');
  });
});

describe('budget guard over a ledger directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-budget-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const now = Date.parse('2026-11-26T12:00:00Z');
  const request = {
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user' as const, content: 'hello world' }],
    max_tokens: 1_000,
  };

  it('adds up today and this month from the ledger and warns on a spike once a day', async () => {
    const ledger = new LedgerStore({ dir });
    for (let d = 19; d <= 25; d++) await ledger.append(spent(`2026-11-${d}T09:00:00Z`, 0.1)); // 7 days × $0.10
    await ledger.append(spent('2026-10-31T09:00:00Z', 9)); // last month: not in this month's total
    await ledger.append(spent('2026-11-26T08:00:00Z', 0.25));
    await ledger.append(spent('2026-11-26T09:00:00Z', 0.1));
    await ledger.append(spent('2026-11-26T10:00:00Z', null)); // unknown cost adds nothing
    const guard = new BudgetGuard({ ledger, limits: { dailyUsd: 10, monthlyUsd: 100 }, now: () => now });
    const first = await guard.check(request, cat.get('gpt-4.1-mini'));
    assert.equal(first.spentTodayUsd, 0.35); // 0.25 + 0.10
    assert.equal(first.spentMonthUsd, 1.05); // 7 × 0.10 + 0.35
    // today 0.35 > 3 × 0.10 = 0.30 → spike, ratio 3.5
    assert.deepEqual(first.spike, { todayUsd: 0.35, averageUsd: 0.1, ratio: 3.5 });
    assert.equal(first.level, 'warn');
    const second = await guard.check(request, cat.get('gpt-4.1-mini'));
    assert.equal(second.level, 'ok', 'the spike is raised once a day');
  });

  it('blocks when the ledger already holds the daily limit; limits are read live', async () => {
    const ledger = new LedgerStore({ dir });
    await ledger.append(spent('2026-11-26T08:00:00Z', 0.5));
    let limits = { dailyUsd: 0.5 };
    const guard = new BudgetGuard({ ledger, limits: () => limits, now: () => now });
    const d = await guard.check(request, cat.get('gpt-4.1-mini'));
    // 0.5 + 0.0016032 = 0.5016032 > 0.5
    assert.deepEqual([d.level, d.projectedUsd], ['block', 0.5016032]);
    limits = { dailyUsd: 5 };
    assert.equal((await guard.check(request, cat.get('gpt-4.1-mini'))).level, 'ok');
  });

  it('reads the median answer of the feature and model from the ledger, and the warning says what it assumed', async () => {
    const ledger = new LedgerStore({ dir });
    for (const completion of [200, 600, 400])
      await ledger.append(
        ledgerEntry('2026-11-25T09:00:00Z', {
          feature: 'task.explain',
          costUsd: 0.3,
          tokens: { prompt: 10, cached: 0, completion, reasoning: 0 },
        }),
      );
    // Another feature's and another model's answers do not count.
    await ledger.append(
      ledgerEntry('2026-11-25T09:00:00Z', {
        feature: 'chat',
        costUsd: 0,
        tokens: { prompt: 1, cached: 0, completion: 9000, reasoning: 0 },
      }),
    );
    const guard = new BudgetGuard({ ledger, limits: { dailyUsd: 1, monthlyUsd: 1 }, now: () => now });
    const open = { model: 'gpt-4.1-mini', messages: [{ role: 'user' as const, content: 'hello world' }] };
    const d = await guard.check(open, cat.get('gpt-4.1-mini'), 'task.explain');
    assert.equal(d.estimate.maxOutputTokens, 400);
    assert.equal(d.level, 'warn', '0.9 spent this month of $1, plus the estimate');
    assert.match(
      d.reasons.join(' '),
      /The estimate assumes 400 output tokens, the median answer of task\.explain on gpt-4\.1-mini \(3 earlier requests\)\./,
    );
  });

  it('onLimit "block" is a hard stop: refused without asking, even when the caller would say yes', async () => {
    const ledger = new LedgerStore({ dir });
    await ledger.append(spent('2026-11-26T08:00:00Z', 0.5));
    let onLimit: 'confirm' | 'block' = 'block';
    const guard = new BudgetGuard({ ledger, limits: () => ({ dailyUsd: 0.5, onLimit }), now: () => now });
    let asked = 0;
    const yes = async () => (asked++, true);
    const d = await guard.check(request, cat.get('gpt-4.1-mini'));
    assert.equal(d.hardStop, true);
    await assert.rejects(decideBudget(d, yes), (err: Error & { kind?: string }) => {
      assert.equal(err.kind, 'budget_blocked');
      assert.match(err.message, /onLimit is "block"/);
      return true;
    });
    assert.equal(asked, 0, 'nobody was asked');
    onLimit = 'confirm';
    const again = await guard.check(request, cat.get('gpt-4.1-mini'));
    assert.equal(again.hardStop, undefined);
    assert.equal((await decideBudget(again, yes)).level, 'block', '"Send anyway" goes through with confirm');
    assert.equal(asked, 1);
  });
});
