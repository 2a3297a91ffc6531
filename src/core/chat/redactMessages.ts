// Redaction for chat requests ("Secrets never leave the machine"): every text of a request — system prompt,
// user messages, earlier answers — goes through redactSecrets with the findings of the conversation so far, so a
// value keeps its placeholder across turns and the model can refer to "the key" consistently. Answers come back with
// placeholders, and restoreSecrets (also while streaming, see createStreamRestorer) puts the real values back
// locally. Findings live only in memory (a RedactionMemo per conversation); they are recomputed from the
// conversation's own messages whenever the memo is missing or the history changed.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { describeRedactions, redactSecrets, restoreSecrets, type RedactionFinding } from '../redaction';

export interface RedactMessagesOptions {
  /** Also e-mail addresses, phone numbers, card numbers and IBANs (setting redact.personalData). */
  personalData?: boolean;
  /** Findings to keep stable beyond the messages given (e.g. from an earlier request). */
  known?: readonly RedactionFinding[];
  /** Reuses the work of the previous request of the same conversation (see RedactionMemo). */
  memo?: RedactionMemo;
}

export interface RedactedMessages {
  /** The request to send: same shape, every text redacted. The input is not modified. */
  messages: ChatCompletionMessageParam[];
  /** What this request withholds, one entry per value, in order of first appearance. */
  found: RedactionFinding[];
  /** Everything placeholders may refer to (known + found): what the answer is restored with. */
  known: RedactionFinding[];
}

interface MemoStep {
  text: string;
  redacted: string;
  found: RedactionFinding[];
  knownAfter: RedactionFinding[];
}

/**
 * The texts of the last request, in order, with their redaction. A conversation only grows at its end between
 * turns, so the next request usually shares all but its last texts and only those are scanned again; any change
 * earlier (an edited message, another setting) recomputes from that point on. Holds secret values: keep it in
 * memory only, never persist it.
 */
export class RedactionMemo {
  steps: MemoStep[] = [];
  personalData = false;
  knownKey = '';
}

/** Redacts every text of `messages` (string contents and text parts; images and other parts pass untouched). */
export async function redactMessages(
  messages: readonly ChatCompletionMessageParam[],
  options: RedactMessagesOptions = {},
): Promise<RedactedMessages> {
  const personalData = options.personalData ?? false;
  const initial = [...(options.known ?? [])];
  const memo = options.memo ?? new RedactionMemo();
  const knownKey = initial.map((f) => f.placeholder).join('\n');
  if (memo.personalData !== personalData || memo.knownKey !== knownKey) {
    memo.steps = [];
    memo.personalData = personalData;
    memo.knownKey = knownKey;
  }
  let index = 0;
  let known = initial;
  const found = new Map<string, RedactionFinding>();
  const redact = async (text: string): Promise<string> => {
    const reused = memo.steps[index];
    let step: MemoStep;
    if (reused && reused.text === text) {
      step = reused;
    } else {
      memo.steps.length = index; // everything after a changed text depends on it
      const r = await redactText(text, known, personalData);
      step = { text, redacted: r.text, found: r.found, knownAfter: mergeFindings(known, r.found) };
      memo.steps.push(step);
    }
    index++;
    known = step.knownAfter;
    for (const f of step.found) if (!found.has(f.placeholder)) found.set(f.placeholder, f);
    return step.redacted;
  };

  const out: ChatCompletionMessageParam[] = [];
  for (const message of messages) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') {
      out.push({ ...message, content: await redact(content) } as ChatCompletionMessageParam);
    } else if (Array.isArray(content)) {
      const parts: unknown[] = [];
      for (const part of content as { type?: string; text?: unknown }[]) {
        parts.push(
          part.type === 'text' && typeof part.text === 'string'
            ? { ...part, text: await redact(part.text) }
            : part,
        );
      }
      out.push({ ...message, content: parts } as ChatCompletionMessageParam);
    } else {
      out.push(message);
    }
  }
  memo.steps.length = index; // a shorter history (edit, retry) must not leave stale steps behind
  return { messages: out, found: [...found.values()], known };
}

/**
 * One text: values withheld earlier in the conversation are put back under their placeholders wherever they occur
 * (answers are restored locally, and may quote a value where no detector would recognise it), then the detectors
 * run with those findings as `known`, so a value found again keeps its placeholder.
 */
async function redactText(
  text: string,
  known: readonly RedactionFinding[],
  personalData: boolean,
): Promise<{ text: string; found: RedactionFinding[] }> {
  let hidden = text;
  const reused: RedactionFinding[] = [];
  // Longest first, so a value that contains another is replaced whole.
  for (const f of [...known].sort((a, b) => b.value.length - a.value.length)) {
    if (f.value.length < 4 || !hidden.includes(f.value)) continue;
    hidden = hidden.split(f.value).join(f.placeholder);
    reused.push(f);
  }
  const r = await redactSecrets(hidden, { personalData, known });
  // Report in order of appearance in the original text.
  const all = mergeFindings(reused, r.found);
  all.sort((a, b) => firstIndex(text, a) - firstIndex(text, b));
  return { text: r.text, found: all };
}

function firstIndex(text: string, f: RedactionFinding): number {
  const i = text.indexOf(f.value);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

function mergeFindings(a: readonly RedactionFinding[], b: readonly RedactionFinding[]): RedactionFinding[] {
  const byPlaceholder = new Map(a.map((f) => [f.placeholder, f]));
  for (const f of b) if (!byPlaceholder.has(f.placeholder)) byPlaceholder.set(f.placeholder, f);
  return [...byPlaceholder.values()];
}

/** "2 secrets redacted before sending: AWS access key, password"; empty when nothing was redacted. */
export function describeRequestRedactions(found: readonly RedactionFinding[]): string {
  return describeRedactions(found).replace(' redacted:', ' redacted before sending:');
}

export interface StreamRestorer {
  /** Takes the next chunk of the answer; returns the text that is safe to show, with values restored. */
  push(chunk: string): string;
  /** The end of the answer: whatever was held back, restored. */
  flush(): string;
}

// Long enough for the longest placeholder with any of its bracket spellings; the spellings are those
// restoreSecrets accepts (placeholderPattern in redaction/placeholders.ts).
const HOLD_WINDOW = 128;
const OPENERS = ['«', '<<', '\\u00ab', '&laquo;', '&#171;', ''];
const CLOSERS = ['»', '>>', '\\u00bb', '&raquo;', '&#187;'];
const CORE = 'REDACTED:';

/**
 * Restores placeholders in a streamed answer. A placeholder may be split across chunks, so the tail that could
 * still become one is held back until the next chunk decides it. With nothing to restore, chunks pass through.
 */
export function createStreamRestorer(known: readonly RedactionFinding[]): StreamRestorer {
  if (known.length === 0) return { push: (chunk) => chunk, flush: () => '' };
  let pending = '';
  return {
    push(chunk) {
      const text = pending + chunk;
      const cut = holdFrom(text);
      pending = text.slice(cut);
      return restoreSecrets(text.slice(0, cut), known);
    },
    flush() {
      const rest = restoreSecrets(pending, known);
      pending = '';
      return rest;
    },
  };
}

/** The earliest index from which the rest of `text` may be an unfinished placeholder (text.length if none). */
function holdFrom(text: string): number {
  for (let i = Math.max(0, text.length - HOLD_WINDOW); i < text.length; i++) {
    if ('«<\\&R'.includes(text[i]!) && isUnfinishedPlaceholder(text.slice(i))) return i;
  }
  return text.length;
}

/** True when `s` is a prefix of some placeholder spelling, or a whole one that more text could still extend. */
function isUnfinishedPlaceholder(s: string): boolean {
  for (const open of OPENERS) {
    if (s.length < open.length) {
      if (open.startsWith(s)) return true;
      continue;
    }
    if (!s.startsWith(open)) continue;
    const rest = s.slice(open.length);
    if (rest.length <= CORE.length) {
      if (CORE.startsWith(rest)) return true;
      continue;
    }
    if (!rest.startsWith(CORE)) continue;
    const id = /^[A-Z][A-Z0-9_]*/.exec(rest.slice(CORE.length))?.[0];
    if (id === undefined) continue;
    const after = rest.slice(CORE.length + id.length);
    if (after === '') return true; // the kind or its number may go on
    if (/_\d+$/.test(id) && CLOSERS.some((c) => after.length < c.length && c.startsWith(after))) return true;
  }
  return false;
}
