// Retrieval: exact top-k over the int8 vectors (every row scored by the kernel), the best candidates re-ranked in
// float (the query unquantised against each candidate's row plus its residual, see vectorSpace.ts: the int8 row
// alone carries the rounding error that put near-ties in the wrong order), BM25 keyword search over identifiers
// and text (MiniSearch), and the two lists fused by reciprocal rank fusion.
import MiniSearch from 'minisearch';
import { quantize, type VectorSpace } from './vectorSpace';

export interface Scored {
  row: number;
  score: number;
}

/** The `k` highest of `scores` (descending), by a bounded min-heap: O(n log k). */
export function topIndexes(scores: ArrayLike<number>, k: number): Scored[] {
  const heap: Scored[] = [];
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (heap.length < k) {
      heap.push({ row: i, score: s });
      siftUp(heap, heap.length - 1);
    } else if (k > 0 && s > heap[0]!.score) {
      heap[0] = { row: i, score: s };
      siftDown(heap, 0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.row - b.row);
}

function siftUp(h: Scored[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]!.score <= h[i]!.score) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function siftDown(h: Scored[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l]!.score < h[m]!.score) m = l;
    if (r < h.length && h[r]!.score < h[m]!.score) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}

export interface VectorSearchOptions {
  /** Candidates re-ranked in float (default max(10k, 100)). */
  candidates?: number;
  /** Score with the TypeScript loop even when the kernel is loaded (tests, bench). */
  plainLoop?: boolean;
}

/** Top-k rows by cosine similarity (vectors are unit length, so the dot product). */
export function searchVectors(
  space: VectorSpace,
  query: ArrayLike<number>,
  k: number,
  options: VectorSearchOptions = {},
): Scored[] {
  if (space.size === 0 || k <= 0) return [];
  const { q } = quantize(query, space.stride);
  const coarse = space.scoreAll(q, !options.plainLoop);
  const candidates = topIndexes(coarse, Math.min(space.size, options.candidates ?? Math.max(10 * k, 100)));
  const reranked = candidates.map(({ row }) => ({ row, score: space.refinedScore(row, query) }));
  return reranked.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
}

export interface KeywordDoc {
  id: string;
  path: string;
  symbol: string;
  text: string;
}

/** Splits identifiers into their parts as well (`retryAfterMs` → retryafterms, retry, after, ms). */
export function keywordTokens(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[A-Za-z0-9_$]+/g) ?? []) {
    out.push(word.toLowerCase());
    const parts = word
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_$]+/)
      .filter(Boolean);
    if (parts.length > 1) for (const p of parts) out.push(p.toLowerCase());
  }
  return out;
}

const STOP = new Set(
  'a an and are as at be by do does for from how i in is it of on or the to we what where which why with'.split(
    ' ',
  ),
);

/** BM25 over chunks (MiniSearch): path and symbol weigh more than the body; prefixes and one typo are forgiven. */
export class KeywordIndex {
  private readonly mini = new MiniSearch<KeywordDoc>({
    fields: ['path', 'symbol', 'text'],
    idField: 'id',
    tokenize: keywordTokens,
    processTerm: (term) => (STOP.has(term) || term.length < 2 ? null : term),
    searchOptions: {
      boost: { symbol: 3, path: 2 },
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
      combineWith: 'OR',
    },
  });

  get size(): number {
    return this.mini.documentCount;
  }

  add(doc: KeywordDoc): void {
    if (this.mini.has(doc.id)) this.mini.discard(doc.id);
    this.mini.add(doc);
  }

  remove(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
  }

  search(query: string, k: number): Array<{ id: string; score: number }> {
    return this.mini
      .search(query)
      .slice(0, k)
      .map((r) => ({ id: String(r.id), score: r.score }));
  }
}

/** Reciprocal rank fusion: score(d) = Σ 1 / (k + rank in each list), rank from 1. k = 60 as in the paper. */
export function reciprocalRankFusion(
  lists: ReadonlyArray<readonly string[]>,
  k = 60,
): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  }
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
}
