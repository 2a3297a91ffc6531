// Hybrid search over the index: BM25 over the chunks and, when there are vectors and a query vector (given, or
// embedded through the index's embed function), the vector search; the two ranked lists fused by reciprocal rank.
import type { IndexState } from './indexState';
import type { SearchHit, SearchMode, WorkspaceIndexOptions } from './indexTypes';
import { reciprocalRankFusion, searchVectors } from './search';

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  queryVector?: ArrayLike<number>;
  signal?: AbortSignal;
}

/** Keyword search works with no embeddings at all; vectors join when there are some and an embed function. */
export async function searchIndex(
  state: IndexState,
  index: Pick<WorkspaceIndexOptions, 'embed' | 'model' | 'dimensions'>,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  const k = options.k ?? 10;
  const pool = Math.max(50, k * 5);
  const mode = options.mode ?? 'hybrid';
  const via = new Map<string, Set<'keyword' | 'vector'>>();
  const mark = (id: string, how: 'keyword' | 'vector'): void => {
    if (!via.has(id)) via.set(id, new Set());
    via.get(id)!.add(how);
  };
  const keywordIds = mode === 'vector' ? [] : state.keywords.search(query, pool).map((r) => r.id);
  keywordIds.forEach((id) => mark(id, 'keyword'));
  let vectorIds: string[] = [];
  if (mode !== 'keyword' && state.embeddedCount > 0) {
    let vector = options.queryVector;
    if (!vector && index.embed) {
      const res = await index.embed({
        inputs: [query],
        model: index.model,
        dimensions: index.dimensions,
        signal: options.signal,
        purpose: 'query',
      });
      vector = res.vectors[0];
    }
    if (vector) {
      vectorIds = searchVectors(state.space, vector, pool)
        .map((s) => state.chunkOfRow(s.row)?.id)
        .filter((id): id is string => id !== undefined);
      vectorIds.forEach((id) => mark(id, 'vector'));
    }
  }
  const fused =
    mode === 'hybrid'
      ? reciprocalRankFusion([keywordIds, vectorIds])
      : (mode === 'keyword' ? keywordIds : vectorIds).map((id, i) => ({ id, score: 1 / (60 + i + 1) }));
  const hits: SearchHit[] = [];
  for (const { id, score } of fused) {
    const c = state.chunks.get(id);
    if (!c) continue;
    hits.push({
      path: c.path,
      startLine: c.startLine,
      endLine: c.endLine,
      ...(c.symbol !== undefined ? { symbol: c.symbol } : {}),
      text: c.text,
      score,
      via: [...(via.get(id) ?? [])],
    });
    if (hits.length >= k) break;
  }
  return hits;
}
