// Refactor-shaped batch results as edits: applied only where the file still holds the text that was sent, bottom
// to top within a file, never with redaction placeholders in the code.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { planBatchEdits, type BatchItem, type BatchJob } from '../../src/core';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

function job(file: string, chunks: { start: number; end: number; code: string }[]): BatchJob {
  const lines = file.split('\n');
  const items: Record<string, BatchItem> = {};
  const results: BatchJob['results'] = {};
  chunks.forEach((c, i) => {
    const id = `r${i + 1}`;
    items[id] = {
      customId: id,
      path: 'src/a.ts',
      languageId: 'typescript',
      startLine: c.start,
      endLine: c.end,
      sha256: sha(lines.slice(c.start - 1, c.end).join('\n')),
      redactedKinds: [],
    };
    results[id] = {
      customId: id,
      ok: true,
      value: { code: c.code, explanation: '', changes: [] },
      costUsd: 0,
    };
  });
  return { items, results, refactor: true } as unknown as BatchJob;
}

describe('batch refactor results as edits', () => {
  const file = 'line1\nline2\nline3\nline4\n';

  it('replaces each sent range, bottom to top, keeping the final newline', () => {
    const j = job(file, [
      { start: 1, end: 2, code: 'ONE' },
      { start: 3, end: 5, code: 'THREE\nFOUR' },
    ]);
    const plan = planBatchEdits(j, () => file);
    assert.deepEqual(plan.refused, []);
    assert.equal(plan.changes[0]?.proposed, 'ONE\nTHREE\nFOUR\n');
    assert.deepEqual(plan.changes[0]?.customIds, ['r1', 'r2']);
  });

  it('refuses a range that changed since it was sent, and applies the others', () => {
    const j = job(file, [
      { start: 1, end: 2, code: 'ONE' },
      { start: 3, end: 5, code: 'THREE' },
    ]);
    const edited = 'line1\nline2 edited\nline3\nline4\n';
    const plan = planBatchEdits(j, () => edited);
    assert.deepEqual(
      plan.refused.map((r) => [r.customId, r.reason]),
      [['r1', 'lines 1–2 changed since they were sent']],
    );
    assert.equal(plan.changes[0]?.proposed, 'line1\nline2 edited\nTHREE\n');
  });

  it('refuses code that holds redaction placeholders, and files that are gone', () => {
    const j = job(file, [{ start: 1, end: 5, code: 'const k = "«REDACTED:GITHUB_TOKEN_1»";' }]);
    assert.match(planBatchEdits(j, () => file).refused[0]!.reason, /placeholders/);
    assert.equal(planBatchEdits(j, () => undefined).refused[0]!.reason, 'the file no longer exists');
    assert.deepEqual(planBatchEdits(j, () => undefined).changes, []);
  });
});
