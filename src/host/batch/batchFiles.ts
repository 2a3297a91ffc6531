// Which files a batch job reads: the explorer's selection (files as they are, folders expanded by the glob) or the
// whole workspace by the glob, minus what the user keeps out of view (files.exclude, the root .gitignore), secret
// files (.env, keys, credential stores: never read at all), binaries and files over the size cap.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { secretReason, type BatchFileInput } from '../../core';
import { WorkspaceGuard } from '../tools/workspaceGuard';

export const DEFAULT_GLOB =
  '**/*.{ts,tsx,js,jsx,mjs,cjs,py,go,rs,java,kt,cs,rb,php,swift,c,h,cpp,hpp,scala,sh,sql}';
/** Folders no task is meant for, excluded before any rule is read. */
const ALWAYS_EXCLUDED = '**/{node_modules,.git,dist,out,build,coverage,.gptworkbench,.vscode-test}/**';
/** One file above this is skipped (a batch line carries it whole, in chunks). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface CollectedFiles {
  files: BatchFileInput[];
  /** Path → why it was left out (shown in the preview). */
  skipped: Map<string, string>;
}

const LANGUAGE_BY_EXT: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  cs: 'csharp',
  rb: 'ruby',
  php: 'php',
  swift: 'swift',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  hpp: 'cpp',
  scala: 'scala',
  sh: 'shellscript',
  sql: 'sql',
  md: 'markdown',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
};

function languageOf(path: string): string {
  return LANGUAGE_BY_EXT[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'plaintext';
}

export async function collectFiles(selection: vscode.Uri[], glob: string): Promise<CollectedFiles> {
  const candidates = new Map<string, vscode.Uri>();
  const explicit = new Set<string>();
  if (selection.length === 0) {
    for (const uri of await vscode.workspace.findFiles(glob, ALWAYS_EXCLUDED))
      candidates.set(uri.toString(), uri);
  }
  for (const uri of selection) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      for (const found of await vscode.workspace.findFiles(
        new vscode.RelativePattern(uri, glob),
        ALWAYS_EXCLUDED,
      ))
        candidates.set(found.toString(), found);
    } else {
      candidates.set(uri.toString(), uri);
      explicit.add(uri.toString());
    }
  }
  const skipped = new Map<string, string>();
  const files: BatchFileInput[] = [];
  // The same rules as for what the chat's tools may show the model: files.exclude and the root .gitignore.
  const guard = new WorkspaceGuard();
  for (const uri of [...candidates.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (!folder) {
      skipped.set(uri.fsPath, 'outside the workspace');
      continue;
    }
    const secret = secretReason(rel);
    if (secret) {
      skipped.set(rel, 'a secret file (never read)');
      continue;
    }
    const root = guard.roots().find((r) => r.name === folder.name);
    const relInFolder = path.posix.relative(folder.uri.path, uri.path);
    if (!explicit.has(uri.toString()) && root && !guard.visible(root, relInFolder)) {
      skipped.set(rel, 'ignored (files.exclude or .gitignore)');
      continue;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.length > MAX_FILE_BYTES) {
      skipped.set(rel, `over ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      continue;
    }
    if (bytes.subarray(0, 8000).includes(0)) {
      skipped.set(rel, 'binary');
      continue;
    }
    files.push({ path: rel, languageId: languageOf(rel), text: new TextDecoder().decode(bytes) });
  }
  return { files, skipped };
}
