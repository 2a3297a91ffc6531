// The views of workspace answers the host sends the chat webview — the places an `@workspace` answer is based on
// (its footer's links) and the offer of an answer given before to a question like this one — and their guards;
// the message union itself is in protocol.ts.

/** A place in the workspace an answer is based on: opened through `openPath` like any path link. */
export interface SourceView {
  /** Workspace-relative, forward slashes. */
  path: string;
  line: number;
  endLine: number;
  symbol?: string;
}

/** "Answered before — use it, or ask again": the earlier answer to a question very close to the one just sent. */
export interface AnsweredBeforeView {
  /** The offer's id: the view echoes it with the choice. */
  offerId: string;
  /** The earlier question and answer as they were. */
  question: string;
  answer: string;
  /** Cosine similarity of the two questions' embeddings (0–1). */
  similarity: number;
}

export type AnsweredBeforeChoice = 'use' | 'ask';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';
const line = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

export function isSourceView(v: unknown): v is SourceView {
  return (
    isRec(v) &&
    str(v.path) &&
    v.path.length > 0 &&
    line(v.line) &&
    line(v.endLine) &&
    (v.symbol === undefined || str(v.symbol))
  );
}

export const isSourceList = (v: unknown): v is SourceView[] => Array.isArray(v) && v.every(isSourceView);

export function isAnsweredBeforeView(v: unknown): v is AnsweredBeforeView {
  return (
    isRec(v) &&
    str(v.offerId) &&
    str(v.question) &&
    str(v.answer) &&
    typeof v.similarity === 'number' &&
    Number.isFinite(v.similarity)
  );
}

export const isAnsweredBeforeChoice = (v: unknown): v is AnsweredBeforeChoice => v === 'use' || v === 'ask';
