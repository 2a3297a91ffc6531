// Decides where a refactor proposal goes: the exact original range if the document has not changed since the
// request, else the original text found again (nearest occurrence to where it was), else a refusal with the reason.
// Pure logic on offsets and strings; the host turns a plan into one WorkspaceEdit.
import { fitReplacement } from './indentation';

export interface RefactorOrigin {
  /** Offsets in the document as it was when the request was made. */
  start: number;
  end: number;
  text: string;
  version: number;
}

export interface DocumentState {
  text: string;
  version: number;
}

export type RefactorEditPlan =
  | { ok: true; start: number; end: number; newText: string; relocated: boolean }
  | { ok: false; reason: string };

export function detectEol(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function allOccurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Where the original text is now: unchanged range, or the occurrence nearest its old offset. */
export function locateOriginal(
  origin: RefactorOrigin,
  doc: DocumentState,
): { start: number; relocated: boolean } | { reason: string } {
  if (doc.version === origin.version && doc.text.slice(origin.start, origin.end) === origin.text) {
    return { start: origin.start, relocated: false };
  }
  if (origin.text.trim() === '')
    return { reason: 'the original range was empty, and the document has changed since' };
  const hits = allOccurrences(doc.text, origin.text);
  if (hits.length === 0) {
    return {
      reason:
        'the code the proposal replaces was changed or removed after the refactor was requested, so it cannot be ' +
        'applied safely; run the refactor again on the current code',
    };
  }
  const nearest = hits.reduce((a, b) => (Math.abs(b - origin.start) < Math.abs(a - origin.start) ? b : a));
  return { start: nearest, relocated: nearest !== origin.start || doc.version !== origin.version };
}

export function planRefactorEdit(
  origin: RefactorOrigin,
  doc: DocumentState,
  replacement: string,
): RefactorEditPlan {
  const where = locateOriginal(origin, doc);
  if ('reason' in where) return { ok: false, reason: where.reason };
  const lineStart = doc.text.lastIndexOf('\n', where.start - 1) + 1;
  const lineIndent = /^[ \t]*/.exec(doc.text.slice(lineStart))![0];
  const newText = fitReplacement(replacement, {
    original: origin.text,
    lineIndent,
    startColumn: where.start - lineStart,
    eol: detectEol(doc.text),
  });
  return {
    ok: true,
    start: where.start,
    end: where.start + origin.text.length,
    newText,
    relocated: where.relocated,
  };
}
