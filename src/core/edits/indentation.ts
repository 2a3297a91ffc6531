// Fits a model's replacement code into the place of the original range: same base indentation, same line ends,
// the same trailing newline. Models often return code dedented to column 0, or with the first line's indentation
// dropped the way a selection starting after the indentation drops it; both must land where the original was.

function leading(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function minIndent(lines: string[]): number {
  const widths = lines.filter((l) => l.trim() !== '').map((l) => leading(l).length);
  return widths.length ? Math.min(...widths) : 0;
}

export interface IndentContext {
  /** The text the replacement stands in for (as it is in the document). */
  original: string;
  /** Leading whitespace of the document line on which the range starts. */
  lineIndent: string;
  /** Column (in characters) at which the range starts on that line. */
  startColumn: number;
  /** The document's end-of-line sequence. */
  eol: '\n' | '\r\n';
}

export function fitReplacement(replacement: string, ctx: IndentContext): string {
  const original = ctx.original.replace(/\r\n/g, '\n');
  const repl = replacement.replace(/\r\n/g, '\n');
  const oLines = original.split('\n');
  let rLines = repl.replace(/\n+$/, '').split('\n');
  const firstInIndent = ctx.startColumn <= ctx.lineIndent.length;
  // Whitespace of the document line that sits before the range (stays in the document, not in the replacement).
  const before = firstInIndent ? ctx.lineIndent.slice(0, ctx.startColumn) : '';

  // The original block's base indentation in document terms.
  const absOriginal = firstInIndent ? [before + oLines[0]!, ...oLines.slice(1)] : oLines.slice(1);
  const baseWidth = minIndent(absOriginal);
  const baseLine = absOriginal.find((l) => l.trim() !== '' && leading(l).length === baseWidth);
  const base = baseLine ? leading(baseLine) : '';

  if (firstInIndent) {
    // Candidate 1: already absolute, first line without the whitespace before the range.
    const first = rLines[0]!;
    const asAbsolute = [leading(first).length > 0 ? first : before + first, ...rLines.slice(1)];
    const absolute = minIndent(asAbsolute) === baseWidth ? asAbsolute : shift(rLines, base);
    rLines = [stripPrefix(absolute[0]!, before), ...absolute.slice(1)];
  } else if (rLines.length > 1) {
    const rest = rLines.slice(1);
    if (minIndent(rest) !== baseWidth) rLines = [rLines[0]!.trimStart(), ...shift(rest, base)];
  } else {
    rLines = [rLines[0]!.trimStart()];
  }

  let out = rLines.map((l) => (l.trim() === '' ? '' : l)).join('\n');
  if (original.endsWith('\n')) out += '\n';
  return ctx.eol === '\r\n' ? out.replace(/\n/g, '\r\n') : out;
}

/** Dedents to column 0, then indents every line with `base`. */
function shift(lines: string[], base: string): string[] {
  const cut = minIndent(lines);
  return lines.map((l) => (l.trim() === '' ? '' : base + l.slice(cut)));
}

function stripPrefix(line: string, prefix: string): string {
  return line.startsWith(prefix) ? line.slice(prefix.length) : line.trimStart();
}
