// Semantic Search…: a question in words, the index's hybrid search (keywords alone without vectors or a key), and
// a quick pick of results that opens the location.
import * as vscode from 'vscode';
import type { IndexService } from './indexService';

export async function semanticSearch(service: IndexService): Promise<void> {
  const index = await service.get();
  const folder = service.folder;
  if (!index || !folder) return void vscode.window.showWarningMessage('Open a folder to search it.');
  const query = await vscode.window.showInputBox({
    title: 'Semantic Search',
    prompt: 'Ask in words, e.g. "where do we retry on 429?"',
  });
  if (!query?.trim()) return;
  const status = index.status();
  if (status.state === 'empty') await index.scan();
  const withVectors = status.state !== 'empty' && status.state !== 'indexing' && status.embedded > 0;
  let hits;
  try {
    hits = await index.search(query, { k: 20, mode: withVectors ? 'hybrid' : 'keyword' });
  } catch {
    // No key or the request failed: keyword search needs neither.
    hits = await index.search(query, { k: 20, mode: 'keyword' });
  }
  if (hits.length === 0) return void vscode.window.showInformationMessage(`Nothing found for "${query}".`);
  const top = hits[0]!.score;
  const picked = await vscode.window.showQuickPick(
    hits.map((h) => ({
      label: `${h.path}:${h.startLine}`,
      description: `${h.symbol ?? ''}  ${Math.round((h.score / top) * 100)}%`,
      detail:
        h.text
          .split('\n')
          .find((l) => l.trim())
          ?.trim()
          .slice(0, 160) ?? '',
      hit: h,
    })),
    { title: `Semantic Search: ${query}`, matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return;
  const uri = vscode.Uri.joinPath(folder.uri, picked.hit.path);
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = Math.max(0, picked.hit.startLine - 1);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
}
