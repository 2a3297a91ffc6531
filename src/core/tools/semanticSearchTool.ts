// `semantic_search`: the workspace index as a read tool, the same search as `@workspace` and Semantic Search…
// (hybrid with embeddings, keyword-only without), each hit one line the model can cite: `path:line`, its symbol
// and a preview. The workspace index feature registers it; an index that is not built is an error result that
// says how to build it.
import { previewLine, searchWorkspace } from '../workspaceIndex/retrieval';
import type { WorkspaceIndex } from '../workspaceIndex/workspaceIndex';
import type { ToolDefinition } from './types';

export const SEMANTIC_SEARCH_TOOL = 'semantic_search';
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 30;

export function semanticSearchTool(index: () => Promise<WorkspaceIndex | undefined>): ToolDefinition {
  return {
    name: SEMANTIC_SEARCH_TOOL,
    description:
      'Searches the workspace index by meaning and keywords (a question in words, or identifiers). Returns up to ' +
      '`limit` places as `path:line (symbol): preview`; read_file then shows the code.',
    kind: 'read',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1 },
        limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
      },
      required: ['query'],
      additionalProperties: false,
    },
    async run(args, ctx) {
      const query = String(args.query).trim();
      const limit = typeof args.limit === 'number' ? Math.min(MAX_LIMIT, args.limit) : DEFAULT_LIMIT;
      // A missing index throws: its message (run Index Workspace) goes back as the error result.
      const { hits, mode } = await searchWorkspace(await index(), query, { k: limit, signal: ctx.signal });
      if (hits.length === 0) return `No places found for "${query}".`;
      const lines = hits.map(
        (h) => `${h.path}:${h.startLine}${h.symbol ? ` (${h.symbol})` : ''}: ${previewLine(h)}`,
      );
      const how =
        mode === 'keyword' ? ' (keyword search: the index has no embeddings to search by meaning)' : '';
      return `${hits.length} ${hits.length === 1 ? 'place' : 'places'}${how}\n${lines.join('\n')}`;
    },
  };
}
