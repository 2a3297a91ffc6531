// The one search behind Semantic Search…, `@workbench /search` and the agent's search tool, over the fake server:
// keyword-only (and no request) before the index was built, hybrid with one query embedding after, keywords again
// when the query cannot be embedded; and the words of the answers (chat list, tool text, `path:lines` read back).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LedgerStore,
  ModelCatalogue,
  SyntaxParsers,
  WorkspaceIndex,
  createWorkbench,
  embedThroughWorkbench,
  hitLocation,
  parseCodeLocation,
  searchEmbedsQuery,
  searchHitsMarkdown,
  searchHitsText,
  searchWorkspace,
  type EmbedFn,
  type SearchHit,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

const FILES: Record<string, string> = {
  'src/http/retry.ts': [
    '/** Waits and tries again when the API answers 429 (rate limited). */',
    'export async function retryOnRateLimit(send: () => Promise<Response>) {',
    '  const res = await send();',
    '  if (res.status === 429) return send();',
    '  return res;',
    '}',
  ].join('\n'),
  'src/ui/render.ts': 'export function renderMarkdown(text: string) {\n  return text.trim();\n}\n',
  'src/db/users.py':
    'def load_user(user_id):\n    """Reads one user row from the database."""\n    return db.get(user_id)\n',
};

describe('workspace search: one search for every door', () => {
  const h = useFakeOpenAI();
  let root: string;
  let storage: string;
  const parsers = new SyntaxParsers();
  const embeddingRequests = () => h.fake.requests.filter((r) => r.path === '/v1/embeddings');

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-ws-'));
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-ix-'));
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  function open(embed?: EmbedFn) {
    const ledger = new LedgerStore({ dir: path.join(storage, 'ledger') });
    const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue() });
    return WorkspaceIndex.open({
      root,
      storageDir: path.join(storage, 'index'),
      model: 'text-embedding-3-small',
      dimensions: 256,
      embed: embed ?? embedThroughWorkbench(wb),
      parsers,
    });
  }

  it('before the index is built: scans, matches keywords only and sends nothing', async () => {
    const index = await open();
    assert.equal(searchEmbedsQuery(index.status()), false);
    const result = await searchWorkspace(index, 'load_user database');
    assert.equal(result.mode, 'keyword');
    assert.equal(result.embedded, 0);
    assert.equal(result.hits[0]!.path, 'src/db/users.py');
    assert.equal(embeddingRequests().length, 0, 'no request: keyword search reads local data only');
    assert.match(
      searchHitsText(result, 'load_user database'),
      /no embeddings yet \(run "GPT Workbench: Index Workspace"\)/,
    );
  });

  it('with embeddings: hybrid, one embeddings request for the query, the matching code first', async () => {
    const index = await open();
    await index.scan();
    await index.embedPending();
    assert.equal(searchEmbedsQuery(index.status()), true);
    const before = embeddingRequests().length;
    const result = await searchWorkspace(index, 'where do we retry when rate limited (429)?', { k: 2 });
    assert.equal(result.mode, 'hybrid');
    assert.equal(result.embedded, 3, 'one chunk per file, all embedded');
    assert.equal(result.hits.length, 2);
    assert.equal(result.hits[0]!.path, 'src/http/retry.ts');
    assert.equal(embeddingRequests().length, before + 1, 'the query was embedded once');
  });

  it('falls back to keywords when the query cannot be embedded, and says why', async () => {
    let fail = false;
    const ledger = new LedgerStore({ dir: path.join(storage, 'ledger') });
    const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue() });
    const through = embedThroughWorkbench(wb);
    const index = await open(async (req) => {
      if (fail) throw new Error('No API key is set');
      return through(req);
    });
    await index.scan();
    await index.embedPending();
    fail = true;
    const result = await searchWorkspace(index, 'load_user');
    assert.equal(result.mode, 'keyword');
    assert.equal(result.fallback, 'No API key is set');
    assert.equal(result.hits[0]!.path, 'src/db/users.py');
    assert.match(
      searchHitsText(result, 'load_user'),
      /the query could not be embedded \(No API key is set\)/,
    );

    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
      searchWorkspace(index, 'load_user', { signal: abort.signal }),
      'a cancelled search is not retried',
    );
  });

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

  it('writes the chat list: links to the line, symbol and preview as code that survives backticks', () => {
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

  it('writes the tool text: location, symbol and at most maxLines lines of code per hit', () => {
    const long = hit({ text: Array.from({ length: 5 }, (_, i) => `line ${i}`).join('\n'), symbol: 'run' });
    const text = searchHitsText({ hits: [long], mode: 'hybrid', embedded: 4 }, 'q', 2);
    assert.equal(
      text,
      '1 result(s) for "q". Matched by keywords and by meaning (embeddings).\n\n' +
        '1. src/a[1].ts:3-9 (run)\n```\nline 0\nline 1\n…\n```',
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
});
