// The workspace index end to end against the fake server, through the Workbench's embeddings door: scan, embed in
// packed requests with a ledger line each, hybrid search, only changed chunks re-embedded, a reload with no request,
// cancel and resume, keyword search with no key, a model change or a damaged store rebuilt with a notice.
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
  type WorkspaceIndexOptions,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';
import { WORKSPACE_FILES } from './helpers/indexedWorkspace';

// The shared small workspace, plus a secret file that must never be read.
const FILES: Record<string, string> = {
  ...WORKSPACE_FILES,
  '.env': 'OPENAI_API_KEY=sk-should-never-be-read',
};

describe('workspace index: indexing and search over the fake server', () => {
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

  function options(extra: Partial<WorkspaceIndexOptions> = {}): WorkspaceIndexOptions {
    const ledger = new LedgerStore({ dir: path.join(storage, 'ledger') });
    const wb = createWorkbench({ client: h.client(), ledger, catalogue: new ModelCatalogue() });
    return {
      root,
      storageDir: path.join(storage, 'index'),
      model: 'text-embedding-3-small',
      dimensions: 256,
      embed: embedThroughWorkbench(wb),
      parsers,
      ...extra,
    };
  }

  it('indexes, embeds in one packed request with a priced ledger line, and finds code by a question', async () => {
    const index = await WorkspaceIndex.open(options());
    assert.deepEqual(index.status(), { state: 'empty' });
    const scan = await index.scan();
    assert.equal(scan.files, 4, '.env is a secret file and never read');
    assert.equal(scan.pendingChunks, scan.chunks);
    assert.equal(scan.requests, 1);
    assert.equal(embeddingRequests().length, 0, 'a scan sends nothing');
    const progress: number[] = [];
    const run = await index.embedPending({ onProgress: (p) => progress.push(p.embedded) });
    assert.equal(run.embedded, scan.chunks);
    assert.equal(embeddingRequests().length, 1);
    assert.deepEqual(progress, [scan.chunks]);
    const body = embeddingRequests()[0]!.body as { dimensions: number; input: string[] };
    assert.equal(body.dimensions, 256);
    assert.ok(body.input.every((t) => !t.includes('sk-should-never-be-read')));
    assert.deepEqual(index.status(), {
      state: 'ready',
      files: 4,
      chunks: scan.chunks,
      embedded: scan.chunks,
    });
    const lines = fs
      .readFileSync(path.join(storage, 'ledger', fs.readdirSync(path.join(storage, 'ledger'))[0]!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines[0].operation, 'embedding');
    assert.equal(lines[0].model, 'text-embedding-3-small');
    assert.ok(lines[0].costUsd > 0 && lines[0].tokens.prompt > 0);

    const hits = await index.search('where do we retry when rate limited?', { k: 3 });
    assert.equal(hits[0]!.path, 'src/http/retry.ts');
    assert.equal(hits[0]!.symbol, 'retryOnRateLimit');
    assert.deepEqual(hits[0]!.via.sort(), ['keyword', 'vector']);
    const vectorOnly = await index.search('reads a user from the database', { k: 1, mode: 'vector' });
    assert.equal(vectorOnly[0]!.path, 'src/db/users.py');
  });

  it('a watcher event is stale only until the update that applies it, even when nothing changed', async () => {
    const index = await WorkspaceIndex.open(options());
    await index.scan();
    await index.embedPending();
    assert.equal(index.status().state, 'ready');
    index.markStale();
    assert.equal(index.status().state, 'stale');
    assert.deepEqual(await index.updateFiles(['README.md', 'src/ignored-by-nobody.ts']), {
      changed: 0,
      removed: 0,
    });
    assert.equal(index.status().state, 'ready');
  });

  it('re-embeds only the chunks of an edited function; reloading sends nothing', async () => {
    const index = await WorkspaceIndex.open(options());
    await index.scan();
    await index.embedPending();
    h.fake.reset();
    const file = path.join(root, 'src/ui/render.ts');
    fs.writeFileSync(
      file,
      'export function renderMarkdown(text: string) {\n  return text.trim().toUpperCase();\n}\n',
    );
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = await index.updateFiles(['src/ui/render.ts', 'src/http/retry.ts']);
    assert.deepEqual(changed, { changed: 1, removed: 0 });
    const run = await index.embedPending();
    assert.equal(run.embedded, 1);
    assert.deepEqual((embeddingRequests()[0]!.body as { input: string[] }).input.length, 1);

    h.fake.reset();
    const reopened = await WorkspaceIndex.open(options());
    const rescan = await reopened.scan();
    assert.equal(rescan.pendingChunks, 0);
    await reopened.embedPending();
    assert.equal(embeddingRequests().length, 0, 'nothing re-embedded after a reload');
    const hits = await reopened.search('render markdown', { k: 1, mode: 'keyword' });
    assert.equal(hits[0]!.path, 'src/ui/render.ts');

    fs.unlinkSync(path.join(root, 'README.md'));
    assert.deepEqual(await reopened.updateFiles(['README.md']), { changed: 0, removed: 1 });
    assert.equal((await reopened.search('Demo small project', { mode: 'keyword' })).length, 0);
  });

  it('a cancelled run keeps what arrived and the next run embeds only the rest', async () => {
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(root, `note${i}.md`), `Note number ${i}.\n`);
    const controller = new AbortController();
    const index = await WorkspaceIndex.open(options({ maxInFlight: 1 }));
    const scan = await index.scan();
    // Tiny caps force one request per chunk, so the cancel lands between requests.
    const run = await index.embedPending({
      signal: controller.signal,
      onProgress: (p) => p.embedded >= 5 && controller.abort(),
      caps: { maxInputsPerRequest: 1, maxTokensPerRequest: 300_000, maxTokensPerInput: 8192 },
    });
    assert.equal(run.cancelled, true);
    assert.equal(run.embedded, 5);
    assert.equal(index.status().state, 'partial');
    h.fake.reset();
    // A new window (as after a crash or reload) continues with the rest only.
    const resumed = await WorkspaceIndex.open(options());
    const again = await resumed.scan();
    assert.equal(again.pendingChunks, scan.chunks - 5);
    const rest = await resumed.embedPending();
    assert.equal(rest.embedded, scan.chunks - 5);
    assert.equal(resumed.status().state, 'ready');
  });

  it('keyword search works with no embed function (no key), and a model change rebuilds with a notice', async () => {
    const keywordOnly = await WorkspaceIndex.open(options({ embed: undefined }));
    await keywordOnly.scan();
    const hits = await keywordOnly.search('load_user database');
    assert.equal(hits[0]!.path, 'src/db/users.py');
    assert.deepEqual(hits[0]!.via, ['keyword']);
    assert.equal(embeddingRequests().length, 0);

    const notices: string[] = [];
    const other = await WorkspaceIndex.open(options({ dimensions: 512, onNotice: (n) => notices.push(n) }));
    assert.deepEqual(other.status(), { state: 'empty' });
    assert.match(notices[0]!, /built with text-embedding-3-small \(256 dimensions\); it will be rebuilt/);
  });

  it('a damaged store never throws: it opens empty with a notice and is rebuilt', async () => {
    const index = await WorkspaceIndex.open(options());
    await index.scan();
    fs.writeFileSync(path.join(storage, 'index', 'index.json'), 'garbage');
    const notices: string[] = [];
    const reopened = await WorkspaceIndex.open(options({ onNotice: (n) => notices.push(n) }));
    assert.match(
      notices[0]!,
      /could not be read \(the index file is damaged \(not valid JSON\)\); it will be rebuilt/,
    );
    assert.equal((await reopened.scan()).files, 4);
  });

  it('redacts secrets in code before they are embedded or stored', async () => {
    const secret = `sk-proj-${'a1B2c3D4e5F6g7H8'.repeat(3)}`;
    fs.writeFileSync(path.join(root, 'src/settings.ts'), `export const openaiKey = "${secret}";\n`);
    const index = await WorkspaceIndex.open(options());
    await index.scan();
    await index.embedPending();
    const sent = JSON.stringify(embeddingRequests().map((r) => r.body));
    assert.ok(sent.includes('openaiKey') && !sent.includes(secret));
    const stored = fs.readFileSync(path.join(storage, 'index', 'index.json'), 'utf8');
    assert.ok(stored.includes('openaiKey') && !stored.includes(secret));
  });

  it('a failed request (quota) stops the run, keeps the chunks embedded so far and names the cause', async () => {
    const index = await WorkspaceIndex.open(options());
    fs.writeFileSync(path.join(root, 'src/quota.md'), 'trigger [[fake:insufficient_quota]]');
    await index.scan();
    await assert.rejects(index.embedPending(), (e: Error) => /quota/i.test(e.message));
    assert.equal(index.status().state, 'partial');
  });
});
