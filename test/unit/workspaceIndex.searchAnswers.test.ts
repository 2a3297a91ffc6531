// The words of `@workbench /search`: links to the hits with symbol and a preview that survives backticks, the
// `path:start-end` its follow-up hands to /explain (read back, nothing else accepted), and the keyword-only note.
import * as assert from 'node:assert/strict';
import {
  hitLocation,
  keywordOnlyNote,
  parseCodeLocation,
  searchHitsMarkdown,
  type SearchHit,
} from '../../src/core';

const hit = (extra: Partial<SearchHit> = {}): SearchHit => ({
  path: 'src/a[1].ts',
  startLine: 3,
  endLine: 9,
  symbol: 'run`it',
  text: '\n\n  export function run() { return `x`; }\n  more\n',
  score: 1,
  via: ['keyword'],
  ...extra,
});

describe('workspace search answers in the chat', () => {
  it('lists each hit as a link to its line, with symbol and preview as code that survives backticks', () => {
    const md = searchHitsMarkdown(
      [hit(), hit({ path: 'b.ts', symbol: undefined, startLine: 1 })],
      (x) => `file:///w/${x.path}#L${x.startLine}`,
    );
    assert.equal(
      md,
      '1. [src/a\\[1\\].ts:3](file:///w/src/a[1].ts#L3) — `` run`it ``\n' +
        '   `` export function run() { return `x`; } ``\n' +
        '2. [b.ts:1](file:///w/b.ts#L1)\n' +
        '   `` export function run() { return `x`; } ``',
    );
  });

  it('reads `path:line` and `path:start-end` back (the /search follow-up), and nothing else', () => {
    assert.equal(hitLocation({ path: 'src/x.ts', startLine: 4, endLine: 4 }), 'src/x.ts:4');
    assert.deepEqual(parseCodeLocation(hitLocation(hit())), {
      path: 'src/a[1].ts',
      startLine: 3,
      endLine: 9,
    });
    assert.deepEqual(parseCodeLocation(' lib/y.py:12 '), { path: 'lib/y.py', startLine: 12, endLine: 12 });
    for (const bad of [
      'explain this',
      'src/x.ts',
      'src/x.ts:0',
      'src/x.ts:9-3',
      'a b.ts:3',
      'where is x.ts:3',
    ])
      assert.equal(parseCodeLocation(bad), undefined, bad);
  });

  it('says why an answer is keyword matches only: no embeddings yet, or the query could not be embedded', () => {
    assert.equal(keywordOnlyNote({ mode: 'hybrid' }, 12), undefined);
    assert.match(keywordOnlyNote({ mode: 'keyword' }, 0)!, /^The workspace index is not built yet/);
    assert.match(keywordOnlyNote({ mode: 'keyword' }, 12)!, /the query could not be embedded/);
  });
});
