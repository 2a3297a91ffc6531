// Cuts a file into chunks an embedding can hold: along its syntax where tree-sitter knows the language (functions,
// methods, classes, types — with the comments right above them), and in overlapping line windows elsewhere, for
// the lines between definitions and for definitions too big for one chunk. Every chunk stays within `maxTokens`.
import { createHash } from 'node:crypto';
import { languageOf, type LanguageRules, type SyntaxNode, type SyntaxParsers } from './syntax';

export type ChunkKind = 'function' | 'method' | 'class' | 'type' | 'window';

export interface Chunk {
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** `Class.method`, `function`…; absent for windows outside any definition. */
  symbol?: string;
  kind: ChunkKind;
  /** The lines as in the file. */
  text: string;
}

export interface ChunkerOptions {
  /** Default 800. */
  maxTokens?: number;
  /** Line windows: lines per window (default 60) and lines shared with the next window (default 10). */
  windowLines?: number;
  overlapLines?: number;
  count: (text: string) => number;
}

export const DEFAULT_MAX_CHUNK_TOKENS = 800;

interface Span {
  start: number; // 0-based line, inclusive
  end: number; // inclusive
  symbol?: string;
  kind: ChunkKind;
}

/** Chunks of one file; `parsers` undefined (or a language it does not know) → line windows only. */
export async function chunkFile(
  filePath: string,
  text: string,
  options: ChunkerOptions,
  parsers?: SyntaxParsers,
): Promise<Chunk[]> {
  const lines = text.split(/\r?\n/);
  // Tokens of a line range = the lines' own counts plus one per line break: never below the exact count of the
  // joined text (BPE merges across a break at most), and linear instead of recounting a growing window.
  const prefix = [0];
  for (const line of lines) prefix.push(prefix[prefix.length - 1]! + options.count(line) + 1);
  const tokensOf = (start: number, end: number): number => prefix[end + 1]! - prefix[start]! - 1;
  const rules = parsers ? languageOf(filePath) : undefined;
  let spans: Span[] | undefined;
  if (rules && parsers) {
    const tree = await parsers.parse(rules, text).catch(() => undefined);
    if (tree) {
      try {
        spans = definitionSpans(tree.root, rules, tokensOf, options);
      } finally {
        tree.dispose();
      }
    }
  }
  const out: Chunk[] = [];
  const emit = (span: Span): void => {
    for (const piece of windows(lines, span, tokensOf, options)) out.push({ path: filePath, ...piece });
  };
  let cursor = 0;
  for (const span of spans ?? []) {
    if (span.start > cursor) emit({ start: cursor, end: span.start - 1, kind: 'window' });
    emit(span);
    cursor = span.end + 1;
  }
  if (cursor < lines.length) emit({ start: cursor, end: lines.length - 1, kind: 'window' });
  return out;
}

/** Definitions in line order, never overlapping: a too-big container gives way to its members. */
type RangeTokens = (start: number, end: number) => number;

function definitionSpans(
  root: SyntaxNode,
  rules: LanguageRules,
  tokensOf: RangeTokens,
  options: ChunkerOptions,
): Span[] {
  const max = options.maxTokens ?? DEFAULT_MAX_CHUNK_TOKENS;
  const spans: Span[] = [];
  const visit = (node: SyntaxNode, owner: string | undefined): void => {
    for (const child of node.namedChildren) {
      const def = definitionOf(child, rules);
      if (!def) {
        visit(child, owner);
        continue;
      }
      const symbol = owner ? `${owner}.${def.name}` : def.name;
      const start = leadingCommentStart(def.outer);
      const end = def.outer.endPosition.row;
      const tokens = tokensOf(start, end);
      const before = spans.length;
      if (tokens > max && (def.kind === 'class' || def.kind === 'type')) {
        // Members become chunks of their own; the rest of the container is windowed under its name.
        visit(def.inner, symbol);
        if (spans.length > before) {
          fillGaps(spans, before, start, end, symbol, def.kind);
          continue;
        }
      }
      spans.push({ start, end, symbol, kind: def.kind });
    }
  };
  visit(root, undefined);
  spans.sort((a, b) => a.start - b.start);
  // Comments pulled up into a chunk may reach into the previous one; the earlier chunk keeps its lines.
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1]!;
    const cur = spans[i]!;
    if (cur.start <= prev.end) cur.start = prev.end + 1;
  }
  return spans.filter((s) => s.start <= s.end);
}

/** Inserts spans for the container's own lines around the members found between `from` and the end. */
function fillGaps(
  spans: Span[],
  from: number,
  start: number,
  end: number,
  symbol: string,
  kind: ChunkKind,
): void {
  const members = spans.splice(from).sort((a, b) => a.start - b.start);
  let cursor = start;
  for (const m of members) {
    if (m.start > cursor) spans.push({ start: cursor, end: m.start - 1, symbol, kind });
    spans.push(m);
    cursor = Math.max(cursor, m.end + 1);
  }
  if (cursor <= end) spans.push({ start: cursor, end, symbol, kind });
}

interface Definition {
  /** Range of the chunk (wrappers such as `export` or decorators included). */
  outer: SyntaxNode;
  /** Where members are looked for when the definition is too big. */
  inner: SyntaxNode;
  name: string;
  kind: Exclude<ChunkKind, 'window'>;
}

function definitionOf(node: SyntaxNode, rules: LanguageRules): Definition | undefined {
  if (rules.wrappers.includes(node.type)) {
    const inner = node.namedChildren.find((c) => definitionOf(c, rules));
    const def = inner && definitionOf(inner, rules);
    return def ? { ...def, outer: node } : undefined;
  }
  const kind = rules.definitions[node.type];
  if (kind) {
    const name =
      node.childForFieldName('name')?.text ?? node.childForFieldName('type')?.text ?? typeName(node);
    return { outer: node, inner: node, name: name ?? node.type, kind };
  }
  // `const handler = async (req) => { … }` and `let f = function () {}`.
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    const declarator = node.namedChildren.find((c) => c.type === 'variable_declarator');
    const value = declarator?.childForFieldName('value');
    if (declarator && value && /^(arrow_function|function_expression|function)$/.test(value.type)) {
      return {
        outer: node,
        inner: node,
        name: declarator.childForFieldName('name')?.text ?? 'function',
        kind: 'function',
      };
    }
  }
  return undefined;
}

/** Go's `type X struct` keeps its name one level down; Rust's `impl Trait for X` names the type. */
function typeName(node: SyntaxNode): string | undefined {
  const spec = node.namedChildren.find((c) => c.type === 'type_spec');
  return spec?.childForFieldName('name')?.text;
}

function leadingCommentStart(node: SyntaxNode): number {
  let start = node.startPosition.row;
  let prev = node.previousNamedSibling;
  while (prev && /comment/.test(prev.type) && prev.endPosition.row >= start - 1) {
    start = prev.startPosition.row;
    prev = prev.previousNamedSibling;
  }
  return start;
}

/** One chunk for a span that fits, otherwise windows of ≤ windowLines lines that overlap, each within maxTokens. */
function windows(
  lines: string[],
  span: Span,
  tokensOf: RangeTokens,
  options: ChunkerOptions,
): Omit<Chunk, 'path'>[] {
  const max = options.maxTokens ?? DEFAULT_MAX_CHUNK_TOKENS;
  const windowLines = options.windowLines ?? 60;
  const overlap = Math.min(options.overlapLines ?? 10, windowLines - 1);
  const out: Omit<Chunk, 'path'>[] = [];
  const push = (start: number, end: number, text: string): void => {
    if (!text.trim()) return;
    out.push({
      startLine: start + 1,
      endLine: end + 1,
      kind: span.kind,
      ...(span.symbol !== undefined ? { symbol: span.symbol } : {}),
      text,
    });
  };
  const text = (a: number, b: number): string => lines.slice(a, b + 1).join('\n');
  if (span.kind !== 'window' && tokensOf(span.start, span.end) <= max) {
    push(span.start, span.end, text(span.start, span.end));
    return out;
  }
  let s = span.start;
  while (s <= span.end) {
    let e = s;
    if (tokensOf(s, s) > max) {
      // One line longer than a chunk (minified code, data): cut it by characters.
      for (const piece of splitLongLine(lines[s]!, max, options.count)) push(s, s, piece);
      s++;
      continue;
    }
    while (e + 1 <= span.end && e + 1 - s < windowLines && tokensOf(s, e + 1) <= max) e++;
    push(s, e, text(s, e));
    if (e >= span.end) break;
    s = Math.max(s + 1, e + 1 - overlap);
  }
  return out;
}

function splitLongLine(line: string, max: number, count: (t: string) => number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > 0) {
    let size = Math.min(rest.length, max * 3);
    while (size > 1 && count(rest.slice(0, size)) > max) size = Math.floor(size * 0.8);
    pieces.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return pieces;
}

/** What identifies a chunk's content for incremental indexing: its embedded text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The text sent to the embedding model: the path and symbol help a question find the right file. */
export function embeddingText(chunk: Chunk, redactedText: string): string {
  const head = chunk.symbol ? `${chunk.path} ${chunk.symbol}` : chunk.path;
  return `${head}\n${redactedText}`;
}
