// Vector search speed and accuracy over 100,000 × 512 vectors, and request packing:
// - `rag.query_100k_vs_js`: one top-10 query with the int8 WebAssembly SIMD kernel (every row scored, 100 candidates
//   re-ranked in float with their residuals) vs a plain JavaScript float32 brute force over the same vectors (one contiguous
//   Float32Array, the same bounded heap). Medians of interleaved runs. Goal: the kernel ≥ 8× faster.
// - `rag.recall_at_10`: the kernel's top-10 against exact float32 search, over 100 queries. Goal ≥ 0.99.
// - `rag.requests_vs_min`: requests the packer makes for 100,000 chunks of realistic sizes vs the minimum the
//   2,048-input and 300,000-token caps allow. Goal 1.00.
// Vectors are clustered like real embeddings (topics with variation); queries are near a topic, not copies.
import { performance } from 'node:perf_hooks';
import {
  VectorSpace,
  loadScoreKernel,
  minimumRequests,
  packRequests,
  quantize,
  searchVectors,
  topIndexes,
} from '../src/core';
import { seededRandom } from '../test/helpers/prng';
import { figure, type BenchFigure } from './report';

const { assembleKernel } = require('../scripts/assembleKernel') as { assembleKernel(): Promise<Uint8Array> };

const N = 100_000;
const DIM = 512;
const ROUNDS = 15;

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

function clustered(n: number, rnd: () => number, centroids: Float32Array[]): Float32Array {
  const flat = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    const c = centroids[Math.floor(rnd() * centroids.length)]!;
    const v = new Float32Array(DIM);
    for (let j = 0; j < DIM; j++) v[j] = c[j]! + (0.9 * gaussian(rnd)) / Math.sqrt(DIM);
    flat.set(normalise(v), i * DIM);
  }
  return flat;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const rnd = seededRandom(20261201);
  const centroids = Array.from({ length: 2000 }, () =>
    normalise(Float32Array.from({ length: DIM }, () => gaussian(rnd))),
  );
  const data = clustered(N, rnd, centroids);
  const queries = Array.from({ length: 100 }, () => clustered(1, rnd, centroids));
  const kernel = await loadScoreKernel(await assembleKernel());
  if (!kernel) throw new Error('bench: the WebAssembly SIMD kernel did not load');
  const space = new VectorSpace(DIM, kernel, N);
  for (let i = 0; i < N; i++) {
    space.add(quantize(data.subarray(i * DIM, (i + 1) * DIM), space.stride));
  }
  const scores = new Float32Array(N);
  const bruteForce = (query: Float32Array) => {
    for (let i = 0; i < N; i++) {
      let s = 0;
      const base = i * DIM;
      for (let j = 0; j < DIM; j++) s += data[base + j]! * query[j]!;
      scores[i] = s;
    }
    return topIndexes(scores, 10);
  };

  // Speed: interleaved, after a warm-up of both.
  const kernelMs: number[] = [];
  const jsMs: number[] = [];
  for (let r = -3; r < ROUNDS; r++) {
    const q = queries[(r + 3) % queries.length]!;
    let t = performance.now();
    searchVectors(space, q, 10);
    const k = performance.now() - t;
    t = performance.now();
    bruteForce(q);
    const j = performance.now() - t;
    if (r >= 0) {
      kernelMs.push(k);
      jsMs.push(j);
    }
  }

  // Recall against exact float search.
  let found = 0;
  for (const q of queries) {
    const exact = new Set(bruteForce(q).map((s) => s.row));
    found += searchVectors(space, q, 10).filter((s) => exact.has(s.row)).length;
  }
  const recall = found / (queries.length * 10);

  // Packing: chunk sizes as the chunker makes them (mostly small functions, some full 800-token windows).
  const tokens = Array.from({ length: 100_000 }, () =>
    rnd() < 0.2 ? 700 + Math.floor(rnd() * 100) : 20 + Math.floor(rnd() * 300),
  );
  const requests = packRequests(tokens).length;
  const minimum = minimumRequests(tokens);

  const js = median(jsMs);
  const wasm = median(kernelMs);
  console.log(`rag: top-10 over ${N} × ${DIM}: kernel ${wasm.toFixed(2)} ms, JS float32 ${js.toFixed(2)} ms`);
  return [
    figure('rag.query_100k_vs_js', js, wasm, 'ms (value: JS float32, baseline: int8 SIMD kernel)', '>= 8'),
    figure('rag.recall_at_10', recall, 1, 'recall', '>= 0.99'),
    figure('rag.requests_vs_min', requests, minimum, 'requests', '1.00'),
  ];
}
