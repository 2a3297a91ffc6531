// The index on disk: a round trip keeps every chunk and vector; a truncated, damaged or other-version store loads
// as "rebuild" with the reason; a save leaves only the current generation of the vectors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IndexStore, STORE_VERSION, quantize, type IndexSnapshot } from '../../src/core';

function snapshot(): IndexSnapshot {
  const stride = 16;
  const rows = new Int8Array(stride * 2);
  const residuals = new Int8Array(stride * 2);
  const a = quantize([0.6, -0.8], stride);
  const b = quantize([1, 0], stride);
  rows.set(a.q, 0);
  rows.set(b.q, stride);
  residuals.set(a.residual, 0);
  residuals.set(b.residual, stride);
  return {
    model: 'text-embedding-3-small',
    dimensions: 2,
    complete: true,
    updatedAt: 1,
    files: [{ path: 'a.ts', size: 10, mtimeMs: 5, chunkIds: ['a.ts:1:x', 'a.ts:3:y'] }],
    chunks: [
      {
        id: 'a.ts:1:x',
        path: 'a.ts',
        startLine: 1,
        endLine: 2,
        kind: 'function',
        symbol: 'f',
        hash: 'x',
        tokens: 4,
        text: 'f',
        row: 0,
      },
      {
        id: 'a.ts:3:y',
        path: 'a.ts',
        startLine: 3,
        endLine: 3,
        kind: 'window',
        hash: 'y',
        tokens: 2,
        text: 'y',
        row: 1,
      },
    ],
    stride,
    rows,
    scales: Float32Array.from([a.scale, b.scale]),
    residuals,
    residualScales: Float32Array.from([a.residualScale, b.residualScale]),
  };
}

describe('workspace index: store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips chunks, files and int8 vectors with their residuals and scales', async () => {
    const store = new IndexStore(dir);
    assert.deepEqual(await store.load(), { kind: 'missing' });
    const s = snapshot();
    await store.save(s);
    const loaded = await store.load();
    assert.equal(loaded.kind, 'loaded');
    if (loaded.kind !== 'loaded') return;
    assert.deepEqual(loaded.snapshot.chunks, s.chunks);
    assert.deepEqual(loaded.snapshot.files, s.files);
    assert.deepEqual(Array.from(loaded.snapshot.rows), Array.from(s.rows));
    assert.deepEqual(Array.from(loaded.snapshot.scales), Array.from(s.scales));
    assert.ok(
      s.residuals.some((r) => r !== 0),
      'the fixture has residuals to lose',
    );
    assert.deepEqual(Array.from(loaded.snapshot.residuals), Array.from(s.residuals));
    assert.deepEqual(Array.from(loaded.snapshot.residualScales), Array.from(s.residualScales));
    await store.save({ ...s, updatedAt: 2 });
    const bins = fs.readdirSync(dir).filter((n) => n.endsWith('.bin'));
    assert.equal(bins.length, 1, 'the old generation is removed');
    assert.ok(!fs.readdirSync(dir).some((n) => n.endsWith('.tmp')));
  });

  it('saves that overlap (parallel embedding workers) and a delete run one after another: none breaks another', async () => {
    const store = new IndexStore(dir);
    const s = snapshot();
    // Each save removes the temp files and old vectors it finds; running at once, one removed the other's.
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.save({ ...s, updatedAt: i + 1 })));
    const loaded = await store.load();
    assert.equal(loaded.kind, 'loaded', JSON.stringify(loaded));
    if (loaded.kind === 'loaded') assert.equal(loaded.snapshot.updatedAt, 8, 'the last save wins');
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.endsWith('.bin') || n.endsWith('.tmp')).length,
      1,
      'one generation of vectors, no temp file',
    );
    await Promise.all([store.save({ ...s, updatedAt: 9 }), store.delete()]);
    assert.deepEqual(await store.load(), { kind: 'missing' }, 'the delete came after the save');
  });

  const damage = async (how: (file: string, meta: string) => void) => {
    const store = new IndexStore(dir);
    await store.save(snapshot());
    const bin = path.join(
      dir,
      fs.readdirSync(dir).find((n) => n.endsWith('.bin'))!,
    );
    how(bin, path.join(dir, 'index.json'));
    return store.load();
  };

  it('a truncated vectors file loads as rebuild', async () => {
    const r = await damage((bin) => fs.truncateSync(bin, 30));
    assert.deepEqual(r, { kind: 'rebuild', reason: 'the vectors file is damaged' });
  });

  it('a flipped byte, a missing vectors file or broken JSON load as rebuild', async () => {
    const flipped = await damage((bin) => {
      const b = fs.readFileSync(bin);
      b[25] = b[25]! ^ 0xff;
      fs.writeFileSync(bin, b);
    });
    assert.equal(flipped.kind, 'rebuild');
    const missing = await damage((bin) => fs.unlinkSync(bin));
    assert.deepEqual(missing, { kind: 'rebuild', reason: 'the vectors file is missing' });
    const json = await damage((_bin, meta) => fs.writeFileSync(meta, '{"format": "gpt-workb'));
    assert.deepEqual(json, { kind: 'rebuild', reason: 'the index file is damaged (not valid JSON)' });
  });

  it('another format version, or somebody else’s file, loads as rebuild with the reason', async () => {
    const other = await damage((_bin, meta) => {
      const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
      fs.writeFileSync(meta, JSON.stringify({ ...m, version: STORE_VERSION + 1 }));
    });
    assert.deepEqual(other, {
      kind: 'rebuild',
      reason: `the index has format version ${STORE_VERSION + 1}, this version reads ${STORE_VERSION}`,
    });
    const foreign = await damage((_bin, meta) => fs.writeFileSync(meta, '{"hello": 1}'));
    assert.deepEqual(foreign, { kind: 'rebuild', reason: 'the index file is not ours' });
  });

  it('delete removes the index files only', async () => {
    const store = new IndexStore(dir);
    await store.save(snapshot());
    fs.writeFileSync(path.join(dir, 'answers.json'), '{}');
    await store.delete();
    assert.deepEqual(fs.readdirSync(dir), ['answers.json']);
  });
});
