// Code navigation through the language servers VS Code already runs: a file's symbols, and the definition and
// references of the symbol at a 1-based line and column. Locations outside the workspace are named by file only.
import * as vscode from 'vscode';
import type { ToolDefinition } from '../../core';
import { displayPath } from './readTools';
import { mustResolve, type WorkspaceGuard } from './workspaceGuard';

const POSITION_SCHEMA = {
  type: 'object',
  properties: {
    path: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
  },
  required: ['path', 'line', 'column'],
  additionalProperties: false,
};

const MAX_LOCATIONS = 100;

async function openAt(guard: WorkspaceGuard, args: Record<string, unknown>) {
  const target = mustResolve(guard, args.path);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(target.absolute));
  const line = Math.min(Math.max(1, Number(args.line)), doc.lineCount) - 1;
  const column = Math.max(1, Number(args.column)) - 1;
  return { doc, position: new vscode.Position(line, column) };
}

async function describeLocations(
  guard: WorkspaceGuard,
  found: readonly (vscode.Location | vscode.LocationLink)[] | undefined,
): Promise<string> {
  if (!found?.length) return 'Nothing found.';
  const lines: string[] = [];
  for (const loc of found.slice(0, MAX_LOCATIONS)) {
    const uri = 'targetUri' in loc ? loc.targetUri : loc.uri;
    const range = 'targetUri' in loc ? (loc.targetSelectionRange ?? loc.targetRange) : loc.range;
    const where = `${range.start.line + 1}:${range.start.character + 1}`;
    if (uri.scheme !== 'file' || !guard.resolve(uri.fsPath).ok) {
      lines.push(`(outside the workspace) ${uri.path.split('/').pop()}:${where}`);
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    lines.push(`${displayPath(guard, uri)}:${where}: ${doc.lineAt(range.start.line).text.trim()}`);
  }
  if (found.length > MAX_LOCATIONS) lines.push(`[… ${found.length - MAX_LOCATIONS} more]`);
  return lines.join('\n');
}

function flattenSymbols(symbols: readonly vscode.DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${vscode.SymbolKind[s.kind]} ${s.name} (line ${s.selectionRange.start.line + 1})`,
    ...flattenSymbols(s.children, depth + 1),
  ]);
}

export function languageTools(guard: WorkspaceGuard): ToolDefinition[] {
  return [
    {
      name: 'get_symbols',
      description: 'The symbols (classes, functions, variables…) of a file, nested, with their lines.',
      kind: 'read',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' } },
        required: ['path'],
        additionalProperties: false,
      },
      async run(args) {
        const target = mustResolve(guard, args.path);
        const symbols = await vscode.commands.executeCommand<
          (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined
        >('vscode.executeDocumentSymbolProvider', vscode.Uri.file(target.absolute));
        if (!symbols?.length) return `${target.relative}: no symbols (no language server for this file?).`;
        const tree = symbols.every((s) => 'children' in s)
          ? flattenSymbols(symbols as vscode.DocumentSymbol[])
          : (symbols as vscode.SymbolInformation[]).map(
              (s) => `${vscode.SymbolKind[s.kind]} ${s.name} (line ${s.location.range.start.line + 1})`,
            );
        return `${target.relative}\n${tree.join('\n')}`;
      },
    },
    {
      name: 'get_definition',
      description: 'Where the symbol at a 1-based line and column is defined.',
      kind: 'read',
      parameters: POSITION_SCHEMA,
      async run(args) {
        const { doc, position } = await openAt(guard, args);
        const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
          'vscode.executeDefinitionProvider',
          doc.uri,
          position,
        );
        return describeLocations(guard, found);
      },
    },
    {
      name: 'get_references',
      description: 'Every reference to the symbol at a 1-based line and column.',
      kind: 'read',
      parameters: POSITION_SCHEMA,
      async run(args) {
        const { doc, position } = await openAt(guard, args);
        const found = await vscode.commands.executeCommand<vscode.Location[]>(
          'vscode.executeReferenceProvider',
          doc.uri,
          position,
        );
        return describeLocations(guard, found);
      },
    },
  ];
}
