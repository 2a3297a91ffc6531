// The one way features search the workspace index (the chat's @workspace, the semantic_search tool, the Semantic
// Search command): hybrid when the index has embeddings, keyword-only when it has none or the query's embedding
// request fails (no key, offline) — keyword search needs neither. An index that was never built is an error with
// its next step, so a caller never answers "without context" silently.
import type { SearchHit, WorkspaceIndex } from './workspaceIndex';

/** The index is missing (never built, or no folder is open): the caller says so and offers Index Workspace. */
export class WorkspaceIndexMissingError extends Error {
  readonly kind = 'index_missing' as const;
  constructor(readonly reason: 'notBuilt' | 'noFolder') {
    super(
      reason === 'noFolder'
        ? 'No folder is open, so there is no workspace index to search. Open a folder, then run "GPT Workbench: Index Workspace".'
        : 'The workspace index is not built yet. Run "GPT Workbench: Index Workspace" (keyword search works even without embeddings), then ask again.',
    );
    this.name = 'WorkspaceIndexMissingError';
  }
}

export interface WorkspaceSearch {
  hits: SearchHit[];
  /** `keyword` when the index has no embeddings or the query could not be embedded. */
  mode: 'hybrid' | 'keyword';
}

/** Searches `index` (undefined: no folder); throws WorkspaceIndexMissingError when there is nothing to search. */
export async function searchWorkspace(
  index: WorkspaceIndex | undefined,
  query: string,
  options: { k: number; signal?: AbortSignal },
): Promise<WorkspaceSearch> {
  if (!index) throw new WorkspaceIndexMissingError('noFolder');
  const status = index.status();
  if (status.state === 'empty') throw new WorkspaceIndexMissingError('notBuilt');
  const withVectors = status.state === 'indexing' || status.embedded > 0;
  if (withVectors) {
    try {
      return { hits: await index.search(query, { k: options.k, signal: options.signal }), mode: 'hybrid' };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      // The query's embedding failed (no key, offline, budget): the keyword half answers on its own.
    }
  }
  return { hits: await index.search(query, { k: options.k, mode: 'keyword' }), mode: 'keyword' };
}

/** The first line of a hit that says something (for one-line previews). */
export function previewLine(hit: SearchHit, max = 160): string {
  const line = hit.text.split('\n').find((l) => l.trim()) ?? '';
  const flat = line.trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
