// Which code a task works on: the selection, or — with no selection — the innermost document symbol around the
// cursor (function, method, class…), and the TaskInput built from it (path, language, nearby lines, start line).
import * as vscode from 'vscode';
import type { TaskInput } from '../../core';
import { readTaskContextLines } from '../featureSettings';

export interface CodeTarget {
  document: vscode.TextDocument;
  range: vscode.Range;
  /** Document version when the code was read: Apply checks it. */
  version: number;
  text: string;
  /** How the range was chosen, shown to the user ("selection", "function greet", "whole file"). */
  source: string;
  symbolName?: string;
  /** Nearby lines sent around the code; unset = `gptWorkbench.tasks.contextLines`, 0 when they did not fit. */
  contextLines?: number;
}

const RANGE_KINDS = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace,
  vscode.SymbolKind.Variable,
  vscode.SymbolKind.Constant,
  vscode.SymbolKind.Property,
]);

/** Innermost symbols first: every symbol around `position`, smallest range first. */
export async function enclosingSymbols(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.DocumentSymbol[]> {
  let symbols: (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
  } catch {
    symbols = undefined;
  }
  const found: vscode.DocumentSymbol[] = [];
  const visit = (list: vscode.DocumentSymbol[]): void => {
    for (const s of list) {
      if (!s.range.contains(position)) continue;
      if (RANGE_KINDS.has(s.kind)) found.push(s);
      visit(s.children ?? []);
    }
  };
  visit((symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s));
  return found.sort(
    (a, b) =>
      document.offsetAt(a.range.end) -
      document.offsetAt(a.range.start) -
      (document.offsetAt(b.range.end) - document.offsetAt(b.range.start)),
  );
}

export function symbolLabel(symbol: vscode.DocumentSymbol): string {
  const kind = vscode.SymbolKind[symbol.kind]?.toLowerCase() ?? 'symbol';
  return `${kind} ${symbol.name}`;
}

/**
 * A symbol's code, from the start of its first line when only indentation precedes it: the model then sees the
 * block's real indentation, and the proposal replaces whole lines.
 */
export function symbolTarget(document: vscode.TextDocument, symbol: vscode.DocumentSymbol): CodeTarget {
  const { start, end } = symbol.range;
  const before = document.lineAt(start.line).text.slice(0, start.character);
  const range =
    before.trim() === '' ? new vscode.Range(start.line, 0, end.line, end.character) : symbol.range;
  return targetOf(document, range, symbolLabel(symbol), symbol.name);
}

function targetOf(
  document: vscode.TextDocument,
  range: vscode.Range,
  source: string,
  symbolName?: string,
): CodeTarget {
  return { document, range, version: document.version, text: document.getText(range), source, symbolName };
}

/**
 * The selection when there is one; else the enclosing symbol; else (with `allowWholeFile`) the whole file.
 * Returns undefined with nothing to work on.
 */
export async function resolveTarget(
  editor: vscode.TextEditor,
  options: { range?: vscode.Range; allowWholeFile?: boolean } = {},
): Promise<CodeTarget | undefined> {
  const { document } = editor;
  if (options.range && !options.range.isEmpty) return targetOf(document, options.range, 'selection');
  const selection = editor.selection;
  if (!selection.isEmpty && document.getText(selection).trim() !== '')
    return targetOf(document, selection, 'selection');
  const [symbol] = await enclosingSymbols(document, selection.active);
  if (symbol) return symbolTarget(document, symbol);
  if (options.allowWholeFile && document.getText().trim() !== '') {
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    return targetOf(document, whole, 'whole file');
  }
  return undefined;
}

/** "src/a.ts:3-10 (selection)" — what the user is told about the range used. */
export function describeTarget(target: CodeTarget): string {
  const { start: from, end: to } = target.range;
  const start = from.line + 1;
  // A selection that ends at column 0 of a line does not include that line (Select All ends there too).
  const end = to.character === 0 && to.line > from.line ? to.line : to.line + 1;
  return `${relativePath(target.document)}:${start === end ? start : `${start}-${end}`} (${target.source})`;
}

export function relativePath(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote'
    ? vscode.workspace.asRelativePath(document.uri, false)
    : document.uri.path.split('/').pop() || document.uri.toString();
}

/** Path, language, start line, a few lines before and after, and the code. */
export function taskInputOf(target: CodeTarget, instruction?: string): TaskInput {
  const lines = Math.max(0, target.contextLines ?? readTaskContextLines());
  const doc = target.document;
  const beforeStart = Math.max(0, target.range.start.line - lines);
  const before = doc.getText(new vscode.Range(beforeStart, 0, target.range.start.line, 0));
  const afterEnd = Math.min(doc.lineCount - 1, target.range.end.line + lines);
  const after =
    target.range.end.line + 1 <= afterEnd
      ? doc.getText(new vscode.Range(target.range.end.line + 1, 0, afterEnd + 1, 0))
      : '';
  return {
    filePath: relativePath(doc),
    languageId: doc.languageId,
    startLine: target.range.start.line + 1,
    code: target.text,
    ...(before.trim() ? { contextBefore: before.replace(/\n$/, '') } : {}),
    ...(after.trim() ? { contextAfter: after.replace(/\n$/, '') } : {}),
    ...(instruction ? { instruction } : {}),
  };
}
