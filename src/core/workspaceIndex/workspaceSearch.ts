// One search over the workspace index for every door that asks (Semantic Search…, `@workbench /search`, the agent's
// semantic search tool): hybrid when the index has embeddings, keyword-only before it was built or when embedding
// the query fails (no key, the endpoint refused), and the same words for what was found.
import type { IndexStatus, SearchHit, WorkspaceIndex } from './workspaceIndex';

export type SearchableIndex = Pick<WorkspaceIndex, 'status' | 'scan' | 'search'>;

export interface WorkspaceSearchResult {
  hits: SearchHit[];
  mode: 'hybrid' | 'keyword';
  /** Chunks with embeddings when the search ran; 0 means the index was never built (keyword matches only). */
  embedded: number;
  /** Why a hybrid search fell back to keywords (the query could not be embedded). */
  fallback?: string;
}

export const DEFAULT_SEARCH_HITS = 20;

/**
 * Whether a search embeds the query (one small embeddings request, on the ledger under feature `index`): only when
 * the index has embeddings and is not busy indexing. Keyword search reads local data only.
 */
export function searchEmbedsQuery(status: IndexStatus): boolean {
  return status.state !== 'empty' && status.state !== 'indexing' && status.embedded > 0;
}

export async function searchWorkspace(
  index: SearchableIndex,
  query: string,
  options: { k?: number; signal?: AbortSignal } = {},
): Promise<WorkspaceSearchResult> {
  const k = options.k ?? DEFAULT_SEARCH_HITS;
  // Never built: chunk the files (local, no request) so that keyword search has something to match.
  if (index.status().state === 'empty') await index.scan();
  const status = index.status();
  const embedded = status.state === 'empty' || status.state === 'indexing' ? 0 : status.embedded;
  if (!searchEmbedsQuery(status)) {
    return { hits: await index.search(query, { k, mode: 'keyword' }), mode: 'keyword', embedded };
  }
  try {
    const hits = await index.search(query, {
      k,
      mode: 'hybrid',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { hits, mode: 'hybrid', embedded };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    // No key or the request failed: keyword search needs neither.
    const fallback = err instanceof Error ? err.message : String(err);
    return { hits: await index.search(query, { k, mode: 'keyword' }), mode: 'keyword', embedded, fallback };
  }
}

/** The first line of a hit that says something, as a one-line preview. */
export function hitPreview(hit: SearchHit, max = 160): string {
  return (
    hit.text
      .split('\n')
      .find((l) => l.trim())
      ?.trim()
      .slice(0, max) ?? ''
  );
}

/** `path:start-end`, the form a follow-up names a hit in (and parseCodeLocation reads back). */
export function hitLocation(hit: Pick<SearchHit, 'path' | 'startLine' | 'endLine'>): string {
  return hit.endLine > hit.startLine
    ? `${hit.path}:${hit.startLine}-${hit.endLine}`
    : `${hit.path}:${hit.startLine}`;
}

/** Reads `path:12` or `path:12-30` (the whole text, surrounding space aside); undefined for anything else. */
export function parseCodeLocation(
  text: string,
): { path: string; startLine: number; endLine: number } | undefined {
  const m = /^\s*([^\s:][^\s]*?):(\d+)(?:-(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const startLine = Number(m[2]);
  const endLine = m[3] ? Number(m[3]) : startLine;
  if (startLine < 1 || endLine < startLine) return undefined;
  return { path: m[1]!, startLine, endLine };
}

/** What kind of search ran, in one sentence for a person or a model. */
export function searchModeNote(result: WorkspaceSearchResult): string {
  if (result.fallback) return `Keyword matches only: the query could not be embedded (${result.fallback}).`;
  if (result.mode === 'hybrid') return 'Matched by keywords and by meaning (embeddings).';
  return 'Keyword matches only: the workspace index has no embeddings yet (run "GPT Workbench: Index Workspace").';
}

/** Inline code that survives backticks in the text (the fence is one longer than the longest run inside). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** The chat answer: a numbered list of hits, each a link to its lines, its symbol and a preview. */
export function searchHitsMarkdown(hits: SearchHit[], linkOf: (hit: SearchHit) => string): string {
  return hits
    .map((h, i) => {
      const label = `${h.path}:${h.startLine}`.replace(/[[\]]/g, '\\$&');
      const symbol = h.symbol ? ` — ${codeSpan(h.symbol)}` : '';
      const preview = hitPreview(h);
      return `${i + 1}. [${label}](${linkOf(h)})${symbol}${preview ? `\n   ${codeSpan(preview)}` : ''}`;
    })
    .join('\n');
}

/** The tool's answer for a model: each hit's location and symbol, then its code (at most `maxLines` lines). */
export function searchHitsText(result: WorkspaceSearchResult, query: string, maxLines = 30): string {
  const head = `${result.hits.length} result(s) for "${query}". ${searchModeNote(result)}`;
  if (result.hits.length === 0) return head;
  const blocks = result.hits.map((h, i) => {
    const lines = h.text.split('\n');
    const code = lines.slice(0, maxLines).join('\n') + (lines.length > maxLines ? '\n…' : '');
    return `${i + 1}. ${hitLocation(h)}${h.symbol ? ` (${h.symbol})` : ''}\n\`\`\`\n${code.replace(/```/g, '`\u200b``')}\n\`\`\``;
  });
  return [head, ...blocks].join('\n\n');
}
