// The index end to end against the fake server (in-process), through the Workbench's embeddings door:
// - hit@5 on the labelled fixture (test/fixtures/retrieval: ~110 files in six languages, 52 questions written as a
//   user asks them): keyword only, vectors only and hybrid, in the same run. Goal: hybrid ≥ the better of the two.
// - `rag.index_ms_per_file`: scan (select, parse, chunk, redact, count) + embed of 1,000 generated TypeScript
//   files, per file, against a baseline of only reading and tokenising the same files.
// - `rag.reembedded_after_edit`: chunks re-embedded after one function of one of those files changed, against the
//   chunks of that function (1). Goal 1.00.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  LedgerStore,
  ModelCatalogue,
  SyntaxParsers,
  WorkspaceIndex,
  createOpenAIClient,
  createWorkbench,
  embedThroughWorkbench,
  loadEmbeddingTokenCounter,
  loadScoreKernel,
  type SearchMode,
} from '../src/core';
import { startFakeOpenAI } from '../test/fake-openai/server';
import { figure, type BenchFigure } from './report';

const { assembleKernel } = require('../scripts/assembleKernel') as { assembleKernel(): Promise<Uint8Array> };
const FIXTURE = path.join(__dirname, '..', 'test', 'fixtures', 'retrieval');

interface Query {
  query: string;
  path: string;
}

function generatedFile(i: number): string {
  return [
    `// Module ${i} of the generated workspace.`,
    `export function parseRecord${i}(line: string): string[] {`,
    `  return line.split(',').map((cell) => cell.trim());`,
    '}',
    '',
    `export function formatRecord${i}(cells: string[]): string {`,
    `  return cells.map((c) => c.replace(/"/g, '""')).join(',');`,
    '}',
    '',
    `export class Store${i} {`,
    '  private rows: string[][] = [];',
    `  add(row: string[]): void { this.rows.push(row); }`,
    '  size(): number { return this.rows.length; }',
    '}',
    '',
  ].join('\n');
}

export async function run(): Promise<BenchFigure[]> {
  const fake = await startFakeOpenAI({ quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-rag-'));
  try {
    const client = createOpenAIClient({ apiKey: 'sk-bench-not-a-key', baseURL: fake.baseURL });
    const wb = createWorkbench({
      client,
      ledger: new LedgerStore({ dir: path.join(tmp, 'ledger') }),
      catalogue: new ModelCatalogue(),
    });
    const kernel = await loadScoreKernel(await assembleKernel());
    const parsers = new SyntaxParsers();
    const base = {
      model: 'text-embedding-3-small',
      dimensions: 512,
      embed: embedThroughWorkbench(wb, { feature: 'bench' }),
      kernel,
      parsers,
    };

    // Retrieval quality on the labelled fixture.
    const fixture = await WorkspaceIndex.open({
      ...base,
      root: path.join(FIXTURE, 'repo'),
      storageDir: path.join(tmp, 'fixture'),
    });
    await fixture.scan();
    await fixture.embedPending();
    const queries = (
      JSON.parse(fs.readFileSync(path.join(FIXTURE, 'queries.json'), 'utf8')) as { queries: Query[] }
    ).queries;
    const vectors = await base.embed({
      inputs: queries.map((q) => q.query),
      model: base.model,
      dimensions: base.dimensions,
      purpose: 'query',
    });
    const hitAt5 = async (mode: SearchMode): Promise<number> => {
      let hits = 0;
      for (const [i, q] of queries.entries()) {
        const found = await fixture.search(q.query, { k: 5, mode, queryVector: vectors.vectors[i] });
        if (found.some((h) => h.path === q.path)) hits++;
        else if (process.env.BENCH_VERBOSE)
          console.log(`miss (${mode}): ${q.query} → ${found.map((h) => h.path).join(', ')}`);
      }
      return hits / queries.length;
    };
    const keyword = await hitAt5('keyword');
    const vector = await hitAt5('vector');
    const hybrid = await hitAt5('hybrid');
    console.log(
      `rag hit@5 over ${queries.length} questions: keyword ${keyword.toFixed(3)}, vectors ${vector.toFixed(3)}, hybrid ${hybrid.toFixed(3)}`,
    );

    // Indexing 1,000 files, and one edit.
    const root = path.join(tmp, 'ws');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(root, 'src', `mod${i}.ts`), generatedFile(i));
    const count = await loadEmbeddingTokenCounter();
    let t = performance.now();
    let sink = 0;
    for (let i = 0; i < 1000; i++)
      sink += count(fs.readFileSync(path.join(root, 'src', `mod${i}.ts`), 'utf8'));
    const readMs = performance.now() - t;
    const index = await WorkspaceIndex.open({ ...base, root, storageDir: path.join(tmp, 'ws-index') });
    t = performance.now();
    await index.scan();
    const scanMs = performance.now() - t;
    await index.embedPending();
    const indexMs = performance.now() - t;
    console.log(
      `rag: 1,000 files scanned in ${scanMs.toFixed(0)} ms, embedded in ${(indexMs - scanMs).toFixed(0)} ms`,
    );
    const file = path.join(root, 'src', 'mod500.ts');
    fs.writeFileSync(file, generatedFile(500).replace("split(',')", "split(';')"));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    await index.updateFiles(['src/mod500.ts']);
    const after = await index.embedPending();
    if (sink === 0) throw new Error('bench: nothing was read');
    return [
      figure('rag.hit5_keyword', keyword, 1, 'hit@5', 'reported'),
      figure('rag.hit5_vectors', vector, 1, 'hit@5', 'reported'),
      figure(
        'rag.hit5_hybrid',
        hybrid,
        Math.max(keyword, vector),
        'hit@5 (baseline: better of keyword, vectors)',
        '>= 1.00',
      ),
      figure(
        'rag.index_ms_per_file',
        indexMs / 1000,
        readMs / 1000,
        'ms per file (baseline: read + tokenise)',
        'reported',
      ),
      figure(
        'rag.reembedded_after_edit',
        after.embedded,
        1,
        'chunks (baseline: the edited function)',
        '1.00',
      ),
    ];
  } finally {
    await fake.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
