// Semantic Search…: a question in words, the index's hybrid search (keywords alone without vectors or a key), and
// a quick pick of results that opens the location.
import * as vscode from 'vscode';
import { previewLine, searchWorkspace } from '../../core';
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
  // The command chunks a never-built index on first use (no request), so keyword search answers at once.
  if (index.status().state === 'empty') await index.scan();
  const { hits } = await searchWorkspace(index, query, { k: 20 });
  if (hits.length === 0) return void vscode.window.showInformationMessage(`Nothing found for "${query}".`);
  const top = hits[0]!.score;
  const picked = await vscode.window.showQuickPick(
    hits.map((h) => ({
      label: `${h.path}:${h.startLine}`,
      description: `${h.symbol ?? ''}  ${Math.round((h.score / top) * 100)}%`,
      detail: previewLine(h),
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
