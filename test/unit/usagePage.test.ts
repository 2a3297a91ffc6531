// Show Usage says what it means: a failed or stopped request without usage is $0 with its error (not "unpriced"),
// "unpriced" is kept for models whose price is unknown, non-model operations are grouped as operations, and no
// table is wider than an ordinary editor shows without wrapping.
import * as assert from 'node:assert/strict';
import {
  ApiError,
  ModelCatalogue,
  entryFromError,
  summarizeUsage,
  usageMarkdown,
  type EntryContext,
} from '../../src/core';
import { ledgerEntry as entry } from './helpers/ledger';

const catalogue = new ModelCatalogue();
const ctx = (feature: string): EntryContext => ({
  startedAt: Date.parse('2026-11-26T10:00:00Z'),
  endpoint: 'https://api.openai.com/v1',
  feature,
  catalogue,
});

describe('usage page', () => {
  it('bills a failed or stopped request without usage at $0, and leaves only unpriced models unknown', () => {
    const stopped = entryFromError(
      new Error('aborted'),
      'gpt-4.1-mini',
      Date.parse('2026-11-26T10:00:02Z'),
      ctx('chat'),
    );
    assert.equal(stopped.status, 'error');
    assert.equal(stopped.costUsd, 0);
    const unpriced = entryFromError(
      new Error('aborted'),
      'my-local-llama',
      Date.parse('2026-11-26T10:00:02Z'),
      ctx('chat'),
    );
    assert.equal(unpriced.costUsd, null);
    const s = summarizeUsage([stopped, unpriced], new Date('2026-11-26T12:00:00Z'));
    assert.equal(s.today.errors, 2);
    assert.equal(s.today.unknownCost, 1, 'only the unpriced model');
  });

  it('groups the model list, files and batches by operation, not as models', () => {
    const s = summarizeUsage(
      [
        entry('2026-11-26T01:00:00Z', { costUsd: 0.01 }),
        entry('2026-11-26T02:00:00Z', {
          operation: 'other',
          model: 'models.list',
          feature: 'apiKey.verify',
          costUsd: 0,
        }),
        entry('2026-11-26T03:00:00Z', {
          operation: 'file',
          model: 'files.create',
          feature: 'batch',
          costUsd: 0,
        }),
      ],
      new Date('2026-11-26T12:00:00Z'),
    );
    assert.deepEqual(
      s.byModel.map((g) => g.key),
      ['gpt-4.1-mini'],
    );
    assert.deepEqual(s.byOperation.map((g) => g.key).sort(), ['file', 'other']);
    const page = usageMarkdown(s, { ledgerDir: '/tmp/ledger' });
    const byModel = page.split('## By model')[1]!.split('## By operation')[0]!;
    assert.ok(!byModel.includes('models.list'), byModel);
    assert.match(page, /## By operation\n\n\| Operation \| Requests \|/);
  });

  it('keeps every table to six columns or fewer, so cells do not wrap in a normal editor width', () => {
    const failed = entryFromError(
      new ApiError({ kind: 'rate_limit', message: 'slow down', status: 429, model: 'gpt-4.1-mini' }),
      'gpt-4.1-mini',
      Date.parse('2026-11-26T10:00:01Z'),
      ctx('chat'),
    );
    const page = usageMarkdown(
      summarizeUsage(
        [entry('2026-11-26T01:00:00Z', { costUsd: 0.5, requestId: 'req_1234567890abcdef' }), failed],
        new Date('2026-11-26T12:00:00Z'),
      ),
      { ledgerDir: '/tmp/ledger' },
    );
    const rows = page.split('\n').filter((l) => l.startsWith('|'));
    assert.ok(rows.length > 6);
    for (const row of rows) {
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      assert.ok(cells <= 6, `${cells} columns: ${row}`);
    }
    assert.match(page, /\| chat \| 2 \| 1 \|/, 'the failed request is counted, with its error');
    assert.ok(!/unpriced/.test(page.split('---')[0]!), 'nothing is unpriced here');
  });
});
