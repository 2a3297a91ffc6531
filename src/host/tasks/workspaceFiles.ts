// Reads `.gptworkbench/` files of the workspace (task and schema files) through vscode.workspace.fs, so remote and
// virtual workspaces work too.
import * as vscode from 'vscode';

export const WORKBENCH_DIR = '.gptworkbench';

export interface WorkspaceJsonFile {
  /** Workspace-relative path, e.g. `.gptworkbench/tasks/jsdoc.json` (used in messages). */
  file: string;
  uri: vscode.Uri;
  text: string;
}

function roots(): vscode.Uri[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, WORKBENCH_DIR));
}

/** Every `*.json` directly in `.gptworkbench/<sub>/` of each workspace folder, sorted by path. */
export async function readJsonFiles(sub: 'tasks' | 'schemas'): Promise<WorkspaceJsonFile[]> {
  const out: WorkspaceJsonFile[] = [];
  for (const root of roots()) {
    const dir = vscode.Uri.joinPath(root, sub);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      continue; // no such folder: nothing to load
    }
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      out.push({ file: vscode.workspace.asRelativePath(uri, true), uri, text });
    }
  }
  return out;
}

/** A file under `.gptworkbench/` by relative path (`schemas/x.json`), from the first folder that has it. */
export async function readWorkbenchFile(relPath: string): Promise<string | undefined> {
  if (relPath.split(/[\\/]/).includes('..')) return undefined; // stay inside .gptworkbench/
  for (const root of roots()) {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, relPath)));
    } catch {
      // try the next folder
    }
  }
  return undefined;
}
