// The agent's workspace search: the same search as Semantic Search… (hybrid with embeddings, keyword-only before the
// index was built or without a key), answered as locations with their code. It asks for no confirmation: keyword
// search reads local data only, and a hybrid search embeds just the query (a few dozen tokens, a fraction of a
// millionth of a dollar with text-embedding-3-small); that request still goes through the Workbench, so the budget
// (with its own question when a limit is reached) and the ledger apply as to any other.
import * as vscode from 'vscode';
import { searchEmbedsQuery, searchHitsText, searchWorkspace } from '../../core';
import type { IndexService } from '../workspaceIndex/indexService';

export const SEMANTIC_SEARCH_TOOL = 'gptWorkbench_semanticSearch';

export interface SemanticSearchInput {
  query: string;
  /** How many results (default 10, at most 50). */
  limit?: number;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

export class SemanticSearchTool implements vscode.LanguageModelTool<SemanticSearchInput> {
  constructor(private readonly index: IndexService) {}

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<SemanticSearchInput>,
  ): Promise<vscode.PreparedToolInvocation> {
    const index = await this.index.get().catch(() => undefined);
    const embeds = index ? searchEmbedsQuery(index.status()) : false;
    return {
      invocationMessage: `Searching the workspace index for "${options.input.query}"${embeds ? ' (the query is embedded: one small request)' : ''}`,
    };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<SemanticSearchInput>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const text = (value: string) =>
      new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
    const query = options.input.query?.trim();
    if (!query) return text('Give a query: what the code you are looking for does, or names in it.');
    const index = await this.index.get();
    if (!index) return text('No folder is open in VS Code, so there is no workspace to search.');
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.input.limit ?? DEFAULT_LIMIT)));
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const result = await searchWorkspace(index, query, { k: limit, signal: abort.signal });
      return text(searchHitsText(result, query));
    } finally {
      cancel.dispose();
      this.index.notify();
    }
  }
}
