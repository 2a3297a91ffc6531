// The chunker: definitions along the syntax tree in TypeScript, Python, Go, Rust and Java (with their comments),
// big classes split into their methods, overlapping line windows elsewhere, every chunk within the token limit.
import * as assert from 'node:assert/strict';
import { SyntaxParsers, chunkFile, loadEmbeddingTokenCounter, type Chunk } from '../../src/core';

const parsers = new SyntaxParsers();
const summary = (chunks: Chunk[]) =>
  chunks.map((c) => `${c.kind}:${c.symbol ?? '-'}@${c.startLine}-${c.endLine}`);

describe('workspace index: chunker', () => {
  let count: (t: string) => number;
  before(async () => {
    count = await loadEmbeddingTokenCounter();
  });

  it('cuts TypeScript along functions, classes, interfaces and arrow functions, comments included', async () => {
    const src = [
      "import { x } from './x';", // 1
      '', // 2
      '/** Retries on 429. */', // 3
      'export async function retryOnRateLimit(fn: () => Promise<void>) {', // 4
      '  await fn();', // 5
      '}', // 6
      '', // 7
      'export interface Options { retries: number }', // 8
      'const handler = async (req: Request) => {', // 9
      '  return req;', // 10
      '};', // 11
      'class Cache {', // 12
      '  get(key: string) { return key; }', // 13
      '}', // 14
    ].join('\n');
    const chunks = await chunkFile('src/retry.ts', src, { count }, parsers);
    assert.deepEqual(summary(chunks), [
      'window:-@1-2',
      'function:retryOnRateLimit@3-6',
      'type:Options@8-8',
      'function:handler@9-11',
      'class:Cache@12-14',
    ]);
    assert.ok(chunks[1]!.text.startsWith('/** Retries on 429. */'));
  });

  it('splits a class too big for one chunk into its methods, keeping the class name', async () => {
    const body = (n: string) => [
      `  ${n}() {`,
      ...Array.from({ length: 30 }, (_, i) => `    step${i}(); // work`),
      '  }',
    ];
    const src = ['class Big {', '  field = 1;', ...body('first'), ...body('second'), '}'].join('\n');
    const chunks = await chunkFile('big.ts', src, { count, maxTokens: 200 }, parsers);
    const symbols = chunks.map((c) => c.symbol);
    assert.ok(symbols.includes('Big.first') && symbols.includes('Big.second'), symbols.join());
    assert.equal(chunks[0]!.symbol, 'Big');
    assert.equal(chunks[0]!.startLine, 1);
    for (const c of chunks) assert.ok(count(c.text) <= 200, `${c.symbol} has ${count(c.text)} tokens`);
  });

  it('knows Python (decorators, methods), Go, Rust and Java definitions', async () => {
    const py =
      '@cache\ndef load(path):\n    return open(path)\n\nclass Store:\n    def put(self, k):\n        pass\n';
    assert.deepEqual(summary(await chunkFile('a.py', py, { count }, parsers)), [
      'function:load@1-3',
      'class:Store@5-7',
    ]);
    const go =
      'package main\n\n// Run starts it.\nfunc Run() {}\n\nfunc (s *Server) Stop() error { return nil }\n\ntype Server struct{ port int }\n';
    assert.deepEqual(summary(await chunkFile('a.go', go, { count }, parsers)), [
      'window:-@1-2',
      'function:Run@3-4',
      'method:Stop@6-6',
      'type:Server@8-8',
    ]);
    const rs =
      'use std::io;\n\nfn parse(s: &str) -> u32 { 0 }\n\nstruct Point { x: i32 }\n\nimpl Point {\n    fn new() -> Self { Point { x: 0 } }\n}\n';
    assert.deepEqual(summary(await chunkFile('a.rs', rs, { count }, parsers)), [
      'window:-@1-2',
      'function:parse@3-3',
      'type:Point@5-5',
      'class:Point@7-9',
    ]);
    const java = 'package a;\n\npublic class Greeter {\n  public String greet(String n) { return n; }\n}\n';
    assert.deepEqual(summary(await chunkFile('A.java', java, { count }, parsers)), [
      'window:-@1-2',
      'class:Greeter@3-5',
    ]);
  });

  it('windows other files with overlap, within the token limit, and cuts a huge line', async () => {
    const md = Array.from({ length: 150 }, (_, i) => `Line ${i + 1} of the guide.`).join('\n');
    const chunks = await chunkFile(
      'docs/guide.md',
      md,
      { count, windowLines: 60, overlapLines: 10 },
      parsers,
    );
    assert.deepEqual(
      chunks.map((c) => [c.startLine, c.endLine]),
      [
        [1, 60],
        [51, 110],
        [101, 150],
      ],
    );
    assert.ok(chunks.every((c) => c.kind === 'window' && c.symbol === undefined));
    const minified = `var a=${'[1,2,3],'.repeat(3000)}0;`;
    const pieces = await chunkFile('min.js', minified, { count, maxTokens: 800 }, undefined);
    assert.ok(pieces.length > 1);
    assert.equal(pieces.map((p) => p.text).join(''), minified, 'nothing lost');
    for (const p of pieces) assert.ok(count(p.text) <= 800);
  });

  it('falls back to windows when a file does not parse as its extension claims', async () => {
    const chunks = await chunkFile(
      'notes.ts',
      'this is not ) code {{{ at all\nsecond line',
      { count },
      parsers,
    );
    assert.ok(chunks.length >= 1);
    assert.ok(
      chunks
        .map((c) => c.text)
        .join('\n')
        .includes('second line'),
    );
  });
});
