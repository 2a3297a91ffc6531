// `@workbench /search <question>`: the search Semantic Search… runs (hybrid with embeddings, keyword-only before the
// index was built or without a key), answered as a list of links to the code with symbol and preview. Each hit is a
// reference of the response; the top one is what the "Explain the top result" follow-up explains. An index that was
// never built says so and offers Index Workspace (whose own dialog shows the embedding cost first).
import * as vscode from 'vscode';
import { hitLocation, searchHitsMarkdown, searchModeNote, searchWorkspace } from '../../core';
import { COMMANDS } from '../commandIds';
import type { IndexService } from '../workspaceIndex/indexService';

/** What the follow-up provider needs from a /search answer: where the top hit is, as `path:start-end`. */
export interface SearchAnswer {
  command: 'search';
  top?: string;
}

/** Links open the hit's first line (VS Code reads `#L<line>` on a file link in its chat). */
const lineLink = (uri: vscode.Uri, line: number): string => uri.with({ fragment: `L${line}` }).toString();

export async function answerSearch(
  index: IndexService,
  prompt: string,
  stream: vscode.ChatResponseStream,
  signal: AbortSignal,
): Promise<SearchAnswer> {
  const query = prompt.trim();
  if (!query) {
    stream.markdown('Say what to look for, e.g. `/search where do we retry on 429?`');
    return { command: 'search' };
  }
  const folder = index.folder;
  const workspaceIndex = await index.get();
  if (!folder || !workspaceIndex) {
    stream.markdown('Open a folder to search it: the workspace index covers the first workspace folder.');
    return { command: 'search' };
  }
  stream.progress(`Searching the workspace for "${query}"…`);
  const result = await searchWorkspace(workspaceIndex, query, { signal });
  index.notify();
  if (result.embedded === 0) {
    stream.markdown(
      'The workspace index is not built yet, so these are keyword matches only. Index the workspace to search by meaning too (the cost is shown before anything is sent).\n\n',
    );
    stream.button({ command: COMMANDS.indexWorkspace, title: 'Index Workspace' });
  } else if (result.fallback) {
    stream.markdown(`${searchModeNote(result)}\n\n`);
  }
  if (result.hits.length === 0) {
    stream.markdown(`Nothing found for "${query}".`);
    return { command: 'search' };
  }
  const uriOf = (path: string) => vscode.Uri.joinPath(folder.uri, path);
  stream.markdown(`**${result.hits.length} result(s) for "${query}":**\n\n`);
  stream.markdown(searchHitsMarkdown(result.hits, (h) => lineLink(uriOf(h.path), h.startLine)));
  for (const h of result.hits) {
    stream.reference(
      new vscode.Location(uriOf(h.path), new vscode.Range(h.startLine - 1, 0, h.endLine - 1, 0)),
    );
  }
  return { command: 'search', top: hitLocation(result.hits[0]!) };
}
