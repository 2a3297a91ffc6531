// The ledger store (JSON lines, one file a month, append-only), its summaries and exports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LedgerStore,
  formatLedgerLine,
  ledgerToCsv,
  ledgerToJsonl,
  summarizeUsage,
  endpointLabel,
  type LedgerEntry,
} from '../../src/core';
import { ledgerEntry as entry } from './helpers/ledger';

describe('ledger store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-ledger-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends one JSON line per entry into one file per UTC month', async () => {
    const store = new LedgerStore({ dir });
    await store.append(entry('2026-10-31T23:59:59.000Z', { requestId: 'req_oct' }));
    await store.append(entry('2026-11-01T00:00:00.000Z', { requestId: 'req_nov1' }));
    await store.append(entry('2026-11-15T10:00:00.000Z', { requestId: 'req_nov2' }));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ledger-2026-10.jsonl', 'ledger-2026-11.jsonl']);
    const lines = fs.readFileSync(path.join(dir, 'ledger-2026-11.jsonl'), 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as LedgerEntry).requestId),
      ['req_nov1', 'req_nov2'],
    );
    const range = await store.readRange(new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T00:00:00Z'));
    assert.deepEqual(
      range.map((e) => e.requestId),
      ['req_oct', 'req_nov1'],
    );
    assert.equal((await store.readAll()).length, 3);
  });

  it('keeps order under concurrent appends and tells listeners after each write', async () => {
    const store = new LedgerStore({ dir });
    const heard: string[] = [];
    const sub = store.onEntry((e) => heard.push(e.requestId ?? ''));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(entry('2026-11-02T00:00:00Z', { requestId: `r${i}` })),
      ),
    );
    sub.dispose();
    await store.append(entry('2026-11-02T00:00:00Z', { requestId: 'after-dispose' }));
    const ids = (await store.readMonth('2026-11')).map((e) => e.requestId);
    assert.deepEqual(
      ids.slice(0, 20),
      Array.from({ length: 20 }, (_, i) => `r${i}`),
    );
    assert.deepEqual(heard, ids.slice(0, 20));
  });

  it("sees another window's appends and skips a torn last line", async () => {
    const store = new LedgerStore({ dir });
    await store.append(entry('2026-11-03T00:00:00Z', { requestId: 'mine' }));
    assert.equal((await store.readMonth('2026-11')).length, 1);
    fs.appendFileSync(
      path.join(dir, 'ledger-2026-11.jsonl'),
      `${JSON.stringify(entry('2026-11-03T01:00:00Z', { requestId: 'other' }))}\n{"time":"2026-11`,
    );
    const ids = (await store.readMonth('2026-11')).map((e) => e.requestId);
    assert.deepEqual(ids, ['mine', 'other']);
    assert.equal(store.skippedLines, 1);
  });

  it('starts a fresh line after a torn tail left by a crash, so the next entry survives', async () => {
    fs.writeFileSync(
      path.join(dir, 'ledger-2026-11.jsonl'),
      `${JSON.stringify(entry('2026-11-03T00:00:00Z', { requestId: 'old' }))}\n{"time":"2026`,
    );
    const store = new LedgerStore({ dir });
    await store.append(entry('2026-11-03T02:00:00Z', { requestId: 'new' }));
    assert.deepEqual(
      (await store.readMonth('2026-11')).map((e) => e.requestId),
      ['old', 'new'],
    );
  });

  it('prints a log line that names model, feature, tokens and cost', () => {
    const line = formatLedgerLine(entry('2026-11-03T00:00:00Z'));
    assert.match(
      line,
      /^chat gpt-4\.1-mini feature=chat ok attempts=1 tokens=100\+20 cached=0 reasoning=0 \$0\.001000/,
    );
    assert.match(formatLedgerLine(entry('2026-11-03T00:00:00Z', { costUsd: null })), /cost unknown/);
  });

  it('strips credentials and query strings from endpoint labels', () => {
    assert.equal(
      endpointLabel('https://user:secret@proxy.example.com/v1/?api-key=abc'),
      'https://proxy.example.com/v1',
    );
  });
});

describe('usage summary and export', () => {
  const now = new Date('2026-11-26T15:00:00Z');
  const entries = [
    entry('2026-10-30T10:00:00Z', { costUsd: 5 }), // last month: counted nowhere below
    entry('2026-11-02T10:00:00Z', { model: 'gpt-4.1', feature: 'task.explain', costUsd: 0.25 }),
    entry('2026-11-26T01:00:00Z', { costUsd: 0.01 }),
    entry('2026-11-26T02:00:00Z', {
      costUsd: 0.02,
      tokens: { prompt: 2_000, cached: 1_024, completion: 50, reasoning: 0 },
    }),
    entry('2026-11-26T03:00:00Z', { costUsd: 0, cacheHit: true, requestId: null }),
    entry('2026-11-26T04:00:00Z', { model: 'llama3', costUsd: null }),
    entry('2026-11-26T05:00:00Z', { status: 'error', errorKind: 'rate_limit', httpStatus: 429, costUsd: 0 }),
  ];

  it('totals today and this month, by model and by feature, and lists the most expensive', () => {
    const s = summarizeUsage(entries, now, 2);
    // today: 0.01 + 0.02 + 0 + (unknown) + 0 = 0.03 over 5 requests, 1 unknown, 1 error, 1 cache hit
    assert.equal(s.today.costUsd, 0.03);
    assert.deepEqual(
      [s.today.requests, s.today.unknownCost, s.today.errors, s.today.cacheHits],
      [5, 1, 1, 1],
    );
    // month: 0.25 + 0.03 = 0.28 over 6 requests
    assert.equal(s.thisMonth.costUsd, 0.28);
    assert.equal(s.thisMonth.requests, 6);
    assert.equal(s.today.tokens.cached, 1_024);
    assert.deepEqual(
      s.byModel.map((g) => [g.key, g.costUsd]),
      [
        ['gpt-4.1', 0.25],
        ['gpt-4.1-mini', 0.03],
        ['llama3', 0],
      ],
    );
    assert.deepEqual(
      s.byFeature.map((g) => [g.key, g.requests]),
      [
        ['task.explain', 1],
        ['chat', 5],
      ],
    );
    assert.deepEqual(
      s.mostExpensive.map((e) => e.costUsd),
      [0.25, 0.02],
    );
  });

  it('exports CSV with a header, quoting and no spreadsheet formulas', () => {
    const csv = ledgerToCsv([entry('2026-11-26T01:00:00Z', { feature: '=HYPERLINK("x")', model: 'a,b' })]);
    const [header, row] = csv.trimEnd().split('\r\n');
    assert.equal(header!.split(',')[0], 'time');
    assert.ok(header!.includes('cachedTokens') && header!.includes('costUsd'));
    assert.ok(row!.includes(`"'=HYPERLINK(""x"")"`), row);
    assert.ok(row!.includes('"a,b"'));
  });

  it('exports JSONL that parses back to the same entries', () => {
    const back = ledgerToJsonl(entries)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as LedgerEntry);
    assert.deepEqual(back, entries);
  });
});
