// The words of a workspace search answered in VS Code's chat (`@workbench /search`): a numbered list of links to
// the hits with symbol and preview, the `path:start-end` a follow-up hands to `/explain` (read back here), and the
// note that says when the answer is keyword matches only. The search itself is retrieval.ts's, as everywhere.
import { previewLine, type WorkspaceSearch } from './retrieval';
import type { SearchHit } from './workspaceIndex';

/** `path:start-end` (or `path:line`), the form a follow-up names a hit in; parseCodeLocation reads it back. */
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

/**
 * Why an answer is keyword matches only, or undefined when it is not: the index has no embeddings yet (`embedded`
 * 0: never indexed, only chunked), or it has some but the query could not be embedded (no key, offline, budget).
 */
export function keywordOnlyNote(search: Pick<WorkspaceSearch, 'mode'>, embedded: number): string | undefined {
  if (search.mode === 'hybrid') return undefined;
  return embedded === 0
    ? 'The workspace index is not built yet, so these are keyword matches only. Index the workspace to search by meaning too (the cost is shown before anything is sent).'
    : 'Keyword matches only: the query could not be embedded (no key, offline or the budget).';
}

/** Inline code that survives backticks in the text (the fence is one longer than the longest run inside). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

/** The chat answer: a numbered list of hits, each a link to its first line, its symbol and a preview. */
export function searchHitsMarkdown(hits: SearchHit[], linkOf: (hit: SearchHit) => string): string {
  return hits
    .map((h, i) => {
      const label = `${h.path}:${h.startLine}`.replace(/[[\]]/g, '\\$&');
      const symbol = h.symbol ? ` — ${codeSpan(h.symbol)}` : '';
      const preview = previewLine(h);
      return `${i + 1}. [${label}](${linkOf(h)})${symbol}${preview ? `\n   ${codeSpan(preview)}` : ''}`;
    })
    .join('\n');
}
