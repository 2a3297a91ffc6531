// `@workbench /search <question>`: what Semantic Search… does (an index never built is chunked first, locally, so
// keyword search answers; hybrid with embeddings), answered as a list of links to the code with symbol and preview.
// Each hit is a reference of the response; the top one is what the "Explain the top result" follow-up explains.
// Without embeddings the answer says so and offers Index Workspace (whose own dialog shows the cost first).
import * as vscode from 'vscode';
import { hitLocation, keywordOnlyNote, searchHitsMarkdown, searchWorkspace } from '../../core';
import { COMMANDS } from '../commandIds';
import type { IndexService } from '../workspaceIndex/indexService';

/** What the follow-up provider needs from a /search answer: where the top hit is, as `path:start-end`. */
export interface SearchAnswer {
  command: 'search';
  top?: string;
}

const HITS = 20;

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
  const workspaceIndex = await index.get();
  if (!workspaceIndex) {
    stream.markdown('Open a folder to search it: the workspace index covers the workspace folders on disk.');
    return { command: 'search' };
  }
  stream.progress(`Searching the workspace for "${query}"…`);
  if (workspaceIndex.status().state === 'empty') await workspaceIndex.scan();
  const status = workspaceIndex.status();
  const embedded = status.state === 'empty' || status.state === 'indexing' ? 0 : status.embedded;
  const found = await searchWorkspace(workspaceIndex, query, { k: HITS, signal });
  index.notify();
  const note = keywordOnlyNote(found, embedded);
  if (note) stream.markdown(`${note}\n\n`);
  if (embedded === 0) stream.button({ command: COMMANDS.indexWorkspace, title: 'Index Workspace' });
  if (found.hits.length === 0) {
    stream.markdown(`Nothing found for "${query}".`);
    return { command: 'search' };
  }
  // Index paths start with the folder's name in a multi-root workspace; the index knows where each one is.
  const uriOf = (path: string) => vscode.Uri.file(workspaceIndex.absolutePath(path) ?? path);
  stream.markdown(`**${found.hits.length} result(s) for "${query}":**\n\n`);
  stream.markdown(searchHitsMarkdown(found.hits, (h) => lineLink(uriOf(h.path), h.startLine)));
  for (const h of found.hits) {
    stream.reference(
      new vscode.Location(uriOf(h.path), new vscode.Range(h.startLine - 1, 0, h.endLine - 1, 0)),
    );
  }
  return { command: 'search', top: hitLocation(found.hits[0]!) };
}
