// The agent's workspace search: the chat's own `semantic_search` tool (the core's, the same search as Semantic
// Search… and `@workspace`), offered to VS Code's agent. It asks for no confirmation: keyword search reads local data
// only, and a hybrid search embeds just the query (a few dozen tokens, a fraction of a millionth of a dollar with
// text-embedding-3-small); that request still goes through the Workbench, so the budget (with its own question when
// a limit is reached) and the ledger apply as to any other. An index that is not built answers how to build it.
import * as vscode from 'vscode';
import { semanticSearchTool, WorkspaceIndexMissingError } from '../../core';
import type { IndexService } from '../workspaceIndex/indexService';

export const VSCODE_SEMANTIC_SEARCH_TOOL = 'gptWorkbench_semanticSearch';

export interface SemanticSearchInput {
  query: string;
  /** How many results (default and cap: the core tool's). */
  limit?: number;
}

export class SemanticSearchTool implements vscode.LanguageModelTool<SemanticSearchInput> {
  private readonly tool;

  constructor(private readonly index: IndexService) {
    this.tool = semanticSearchTool(() => index.get());
  }

  prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<SemanticSearchInput>,
  ): vscode.PreparedToolInvocation {
    return { invocationMessage: `Searching the workspace index for "${options.input.query}"` };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<SemanticSearchInput>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const text = (value: string) =>
      new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
    const query = String(options.input.query ?? '').trim();
    if (!query) return text('Give a query: what the code you are looking for does, or names in it.');
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    try {
      const args = {
        query,
        ...(typeof options.input.limit === 'number' ? { limit: options.input.limit } : {}),
      };
      // A read tool: no turn, no edits, nothing to approve.
      const output = await this.tool.run(args, {
        signal: abort.signal,
        turnId: 'vscode-agent',
        callId: 'vscode-agent',
        approved: false,
        recordEdit: () => undefined,
      });
      return text(typeof output === 'string' ? output : output.text);
    } catch (err) {
      if (err instanceof WorkspaceIndexMissingError) return text(err.message);
      throw err;
    } finally {
      cancel.dispose();
      this.index.notify();
    }
  }
}
