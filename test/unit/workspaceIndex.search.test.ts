// Search over the vectors: the WebAssembly SIMD kernel gives the same scores as the TypeScript loop, top-k is exact,
// the float re-rank orders like exact float search, BM25 finds identifiers by their parts, and rank fusion.
import * as assert from 'node:assert/strict';
import {
  KeywordIndex,
  VectorSpace,
  loadScoreKernel,
  quantize,
  reciprocalRankFusion,
  searchVectors,
  topIndexes,
  type ScoreKernel,
} from '../../src/core';
import { seededRandom } from '../helpers/prng';
const { assembleKernel } = require('../../scripts/assembleKernel') as {
  assembleKernel(): Promise<Uint8Array>;
};

function unitVectors(n: number, dim: number, seed: number): Float32Array[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, () => rnd() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('workspace index: vector and keyword search', () => {
  let kernel: ScoreKernel | undefined;
  before(async () => {
    kernel = await loadScoreKernel(await assembleKernel());
  });

  it('loads the SIMD kernel on Node 20, and refuses bytes that are not one', async () => {
    assert.equal(kernel?.kind, 'wasm-simd');
    assert.equal(await loadScoreKernel(new Uint8Array([0, 97, 115, 109, 9, 9])), undefined);
    assert.equal(await loadScoreKernel(undefined), undefined);
  });

  it('scores every row exactly like the TypeScript loop, also across growth and removals', () => {
    for (const dim of [16, 100, 512]) {
      const space = new VectorSpace(dim, kernel, 4);
      const plain = new VectorSpace(dim, undefined, 4);
      const vectors = unitVectors(300, dim, dim);
      for (const v of vectors) {
        const quantized = quantize(v, space.stride);
        space.add(quantized);
        plain.add(quantized);
      }
      for (const row of [5, 0, 298, 42]) {
        space.removeRow(row);
        plain.removeRow(row);
      }
      const { q } = quantize(vectors[7]!, space.stride);
      const a = Array.from(space.scoreAll(q, true));
      const b = Array.from(space.scoreAll(q, false));
      const c = Array.from(plain.scoreAll(q));
      assert.equal(a.length, 296);
      assert.deepEqual(a, b, `dim ${dim}: kernel vs loop`);
      assert.deepEqual(b, c);
    }
  });

  it('quantises to int8 with a per-vector scale, within half a step', () => {
    const v = [0.5, -0.25, 0.125, 0];
    const { q, scale } = quantize(v);
    assert.equal(q.length, 16, 'padded to 16 lanes');
    assert.equal(q[0], 127);
    v.forEach((x, i) => assert.ok(Math.abs(q[i]! * scale - x) <= scale / 2 + 1e-7));
    assert.deepEqual(quantize([0, 0]).scale, 0);
  });

  it('finds the exact top-k, and the re-ranked result agrees with exact float search', () => {
    const scores = [0.1, 0.9, 0.3, 0.9, -1, 0.5];
    assert.deepEqual(
      topIndexes(scores, 3).map((s) => s.row),
      [1, 3, 5],
    );
    const dim = 64;
    const vectors = unitVectors(2000, dim, 11);
    const space = new VectorSpace(dim, kernel);
    for (const v of vectors) space.add(quantize(v, space.stride));
    let agree = 0;
    for (let t = 0; t < 20; t++) {
      const query = vectors[t * 50]!;
      const exact = vectors
        .map((v, row) => ({ row, score: v.reduce((s, x, i) => s + x * query[i]!, 0) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((s) => s.row);
      const found = searchVectors(space, query, 10).map((s) => s.row);
      assert.equal(found[0], t * 50, 'a vector finds itself first');
      agree += found.filter((r) => exact.includes(r)).length;
    }
    assert.ok(agree / 200 >= 0.95, `recall@10 ${agree / 200}`);
  });

  it('re-ranks with the residual: within 1/64,000 of the float dot product, the float order on near-ties', () => {
    // Tight clusters make near-ties: int8 rounding alone (about 1/254 of a component) swaps their order.
    const dim = 256;
    const rnd = seededRandom(7);
    const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
    const unit = (v: Float32Array) => {
      const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
      return v.map((x) => x / norm);
    };
    const centroids = Array.from({ length: 20 }, () => unit(Float32Array.from({ length: dim }, gauss)));
    const near = () => {
      const c = centroids[Math.floor(rnd() * centroids.length)]!;
      return unit(c.map((x) => x + (0.9 * gauss()) / Math.sqrt(dim)));
    };
    const vectors = Array.from({ length: 3000 }, near);
    const space = new VectorSpace(dim, kernel);
    for (const v of vectors) space.add(quantize(v, space.stride));
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    let found = 0;
    for (let t = 0; t < 40; t++) {
      const query = near();
      for (const row of [0, 1, 2999]) {
        const max = Math.max(...vectors[row]!.map(Math.abs));
        const bound = (max * query.reduce((sum, x) => sum + Math.abs(x), 0)) / 64_000;
        assert.ok(Math.abs(space.refinedScore(row, query) - dot(vectors[row]!, query)) <= bound);
      }
      const exact = vectors
        .map((v, row) => ({ row, score: dot(v, query) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((s) => s.row);
      found += searchVectors(space, query, 10).filter((s) => exact.includes(s.row)).length;
    }
    assert.equal(found / 400, 1, 'recall@10 against exact float search');
  });

  it('finds identifiers by their parts with BM25, symbol and path weighing more', () => {
    const kw = new KeywordIndex();
    kw.add({
      id: 'a',
      path: 'src/http/retry.ts',
      symbol: 'retryAfterMs',
      text: 'export function retryAfterMs(h) {}',
    });
    kw.add({
      id: 'b',
      path: 'src/render.ts',
      symbol: 'renderMarkdown',
      text: 'return md.render(text) // retry later',
    });
    kw.add({ id: 'c', path: 'docs/intro.md', symbol: '', text: 'Welcome to the project.' });
    assert.deepEqual(
      kw.search('where do we compute the retry after delay?', 5).map((r) => r.id),
      ['a', 'b'],
    );
    assert.equal(kw.search('markdown', 5)[0]!.id, 'b');
    kw.remove('a');
    assert.deepEqual(
      kw.search('retry', 5).map((r) => r.id),
      ['b'],
    );
  });

  it('fuses ranked lists by reciprocal rank: found by both beats top of one', () => {
    const fused = reciprocalRankFusion([
      ['x', 'both', 'k2'],
      ['v1', 'both', 'v3'],
    ]);
    assert.equal(fused[0]!.id, 'both');
    assert.ok(Math.abs(fused[0]!.score - 2 / 62) < 1e-12);
    assert.deepEqual(
      fused
        .slice(1, 3)
        .map((f) => f.id)
        .sort(),
      ['v1', 'x'],
    );
    assert.deepEqual(reciprocalRankFusion([[], []]), []);
  });
});
