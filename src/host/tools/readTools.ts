// The read tools over VS Code's APIs: list files, read a file (its editor text when open), search text
// (ripgrep), diagnostics and the selection. They run without asking; every path goes through the guard, and
// a file that only files.exclude / .gitignore leave out may be read after the user approves.
import * as vscode from 'vscode';
import type { ToolDefinition } from '../../core';
import { searchText } from './ripgrep';
import { mustResolve, type WorkspaceGuard } from './workspaceGuard';

const MAX_LINES = 2_000;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** `api/src/a.ts` in a multi-root workspace, `src/a.ts` with one folder. */
export function displayPath(guard: WorkspaceGuard, uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.fsPath;
  const rel = vscode.workspace.asRelativePath(uri, false);
  return guard.roots().length > 1 ? `${folder.name}/${rel}` : rel;
}

function severity(s: vscode.DiagnosticSeverity): string {
  return ['error', 'warning', 'info', 'hint'][s] ?? 'info';
}

export function readTools(guard: WorkspaceGuard): ToolDefinition[] {
  return [
    {
      name: 'list_files',
      description:
        'Lists workspace files matching a glob (VS Code glob syntax, e.g. `src/**/*.ts`), up to `limit` paths.',
      kind: 'read',
      parameters: {
        type: 'object',
        properties: { glob: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
        required: ['glob'],
        additionalProperties: false,
      },
      async run(args) {
        const limit = int(args.limit) ?? 200;
        // findFiles applies files.exclude; the guard also drops .gitignore'd and secret files.
        const uris = await vscode.workspace.findFiles(str(args.glob) ?? '**/*', undefined, limit * 2);
        const paths = uris
          .filter((u) => {
            const folder = vscode.workspace.getWorkspaceFolder(u);
            const root = folder && guard.roots().find((r) => r.name === folder.name);
            return root ? guard.visible(root, vscode.workspace.asRelativePath(u, false)) : false;
          })
          .map((u) => displayPath(guard, u))
          .sort()
          .slice(0, limit);
        return paths.length ? paths.join('\n') : 'No files match.';
      },
    },
    {
      name: 'read_file',
      description:
        'Reads a workspace file (the editor text when it is open), with line numbers. Optional 1-based ' +
        '`startLine` / `endLine` read a part.',
      kind: 'read',
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string' },
          startLine: { type: 'integer', minimum: 1 },
          endLine: { type: 'integer', minimum: 1 },
        },
        required: ['path'],
        additionalProperties: false,
      },
      needsApproval: (args) => guard.isOnlyExcluded(String(args.path)),
      async run(args, ctx) {
        const target = mustResolve(guard, args.path, { allowExcluded: ctx.approved });
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target.absolute));
        const first = Math.max(1, int(args.startLine) ?? 1);
        const last = Math.min(doc.lineCount, int(args.endLine) ?? doc.lineCount, first + MAX_LINES - 1);
        const lines: string[] = [`${target.relative} (lines ${first}–${last} of ${doc.lineCount})`];
        for (let i = first; i <= last; i++) lines.push(`${i}| ${doc.lineAt(i - 1).text}`);
        if (last < (int(args.endLine) ?? doc.lineCount))
          lines.push(`[… more lines: ask for startLine ${last + 1}]`);
        return lines.join('\n');
      },
    },
    {
      name: 'search_text',
      description:
        'Searches the workspace text (ripgrep, honouring .gitignore and files.exclude). Returns `path:line: text` ' +
        'per match. `isRegex` for a regular expression; `glob` limits the files.',
      kind: 'read',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' }, glob: { type: 'string' }, isRegex: { type: 'boolean' } },
        required: ['query'],
        additionalProperties: false,
      },
      async run(args, ctx) {
        const hits = await searchText(guard, {
          query: String(args.query),
          glob: str(args.glob),
          isRegex: args.isRegex === true,
          signal: ctx.signal,
        });
        if (hits.matches.length === 0) return 'No matches.';
        const more = hits.truncated ? `\n[… more matches: narrow the query or the glob]` : '';
        return `${hits.matches.length} matches\n${hits.matches.join('\n')}${more}`;
      },
    },
    {
      name: 'get_diagnostics',
      description: 'Problems (errors, warnings) VS Code reports, for one file or the whole workspace.',
      kind: 'read',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, additionalProperties: false },
      async run(args) {
        const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = str(args.path)
          ? (() => {
              const uri = vscode.Uri.file(mustResolve(guard, args.path).absolute);
              return [[uri, vscode.languages.getDiagnostics(uri)]];
            })()
          : vscode.languages.getDiagnostics().filter(([uri]) => guard.resolve(uri.fsPath).ok);
        const lines = entries.flatMap(([uri, diags]) =>
          diags.map(
            (d) =>
              `${displayPath(guard, uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ` +
              `${severity(d.severity)}: ${d.message}${d.source ? ` (${d.source})` : ''}`,
          ),
        );
        return lines.length ? lines.join('\n') : 'No problems reported.';
      },
    },
    {
      name: 'get_selection',
      description: 'The text selected in the active editor, with its file and lines.',
      kind: 'read',
      parameters: { type: 'object', properties: {}, additionalProperties: false },
      async run() {
        const editor = vscode.window.activeTextEditor;
        if (!editor) return 'No editor is active.';
        const target = mustResolve(guard, editor.document.uri.fsPath);
        const sel = editor.selection;
        if (sel.isEmpty)
          return `${target.relative}: nothing selected (cursor at line ${sel.active.line + 1}).`;
        return (
          `${target.relative} lines ${sel.start.line + 1}–${sel.end.line + 1}\n` +
          editor.document.getText(sel)
        );
      },
    },
  ];
}
