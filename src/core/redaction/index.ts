// Secret and personal-data redaction for everything the extension sends to a model.
// redactSecrets() replaces each secret with a stable placeholder («REDACTED:AWS_ACCESS_KEY_1»), so the
// model can still reason about "the key" and move it around; restoreSecrets() puts the originals back
// into the model's answer locally; describeRedactions() tells the user what was withheld.
import { type Candidate, kindInfo } from './kinds';
import { formatPlaceholder, placeholderCore, placeholderPattern } from './placeholders';
import { scanPatternRules } from './rules';
import { scanAssignments } from './assignments';
import { scanConfigPasswords } from './configPasswords';
import { scanVendorTokens } from './vendorTokens';
import { scanWithSecretlint } from './secretlintAdapter';
import { scanPersonalData } from './personalData';

export interface RedactionFinding {
  /** A key of KINDS, e.g. "AWS_ACCESS_KEY_ID"; see kindLabel() for the words shown to users. */
  kind: string;
  /** The original text. Never log it or show it in the webview. */
  value: string;
  placeholder: string;
}

export interface RedactOptions {
  /** Also redact e-mail addresses, phone numbers, card numbers and IBANs (setting redact.personalData). */
  personalData?: boolean;
  /**
   * Findings from earlier calls of the same conversation: a value seen before keeps its placeholder and
   * new placeholders do not reuse their numbers, so restore works across the whole history.
   */
  known?: readonly RedactionFinding[];
}

export interface RedactionResult {
  text: string;
  /** One entry per distinct secret value, in order of first appearance. */
  found: RedactionFinding[];
}

export async function redactSecrets(text: string, options: RedactOptions = {}): Promise<RedactionResult> {
  if (text.length === 0) return { text, found: [] };
  const candidates = [
    ...scanPatternRules(text),
    ...scanAssignments(text),
    ...scanVendorTokens(text),
    ...scanConfigPasswords(text),
    ...(await scanWithSecretlint(text)),
  ];
  if (options.personalData) candidates.push(...scanPersonalData(text));
  const spans = resolveOverlaps(candidates);
  const found = assignPlaceholders(text, spans, options.known ?? []);
  const placeholderOf = new Map(found.map((f) => [f.value, f.placeholder]));
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start) + placeholderOf.get(text.slice(span.start, span.end));
    cursor = span.end;
  }
  return { text: out + text.slice(cursor), found };
}

/**
 * One finding per region: the higher-priority kind wins (a vendor key beats a generic `token = …`
 * guess), then the longer span. Returned sorted by position and disjoint.
 */
function resolveOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const ranked = candidates
    .filter((c) => c.end > c.start)
    .sort(
      (a, b) =>
        kindInfo(b.kind).priority - kindInfo(a.kind).priority ||
        b.end - b.start - (a.end - a.start) ||
        a.start - b.start,
    );
  // `kept` stays sorted by start and disjoint, so only the neighbours of the insertion point can overlap.
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid]?.start ?? 0) < candidate.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if ((before && before.end > candidate.start) || (after && after.start < candidate.end)) continue;
    kept.splice(lo, 0, candidate);
  }
  return kept;
}

function assignPlaceholders(
  text: string,
  spans: readonly Candidate[],
  known: readonly RedactionFinding[],
): RedactionFinding[] {
  const knownByValue = new Map(known.map((f) => [f.value, f]));
  const taken = new Set(known.map((f) => f.placeholder));
  // The strongest kind a value was found as names its placeholder.
  const byValue = new Map<string, Candidate>();
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    const previous = byValue.get(value);
    if (!previous || kindInfo(span.kind).priority > kindInfo(previous.kind).priority) {
      byValue.set(value, previous ? { ...span, start: previous.start } : span);
    }
  }
  const next = new Map<string, number>();
  const found: RedactionFinding[] = [];
  for (const [value, span] of [...byValue].sort((a, b) => a[1].start - b[1].start)) {
    const reused = knownByValue.get(value);
    if (reused) {
      found.push({ ...reused });
      continue;
    }
    let ordinal = next.get(span.kind) ?? 1;
    // Skip numbers already used in this conversation or present literally in the text.
    while (
      taken.has(formatPlaceholder(span.kind, ordinal)) ||
      text.includes(placeholderCore(span.kind, ordinal))
    ) {
      ordinal++;
    }
    next.set(span.kind, ordinal + 1);
    const placeholder = formatPlaceholder(span.kind, ordinal);
    taken.add(placeholder);
    found.push({ kind: span.kind, value, placeholder });
  }
  return found;
}

/**
 * Puts the original values back wherever the model left a placeholder, even moved, repeated or with its
 * brackets rewritten (<<…>>, escapes). Unknown placeholders are left as they are. Apply it to decoded
 * strings (the parsed answer), not to raw JSON, since values are inserted verbatim.
 */
export function restoreSecrets(text: string, found: readonly RedactionFinding[]): string {
  if (found.length === 0) return text;
  const valueOf = new Map(found.map((f) => [f.placeholder.replace(/^«|»$/g, ''), f.value]));
  return text.replace(
    placeholderPattern(),
    (match: string, id: string) => valueOf.get(`REDACTED:${id}`) ?? match,
  );
}

/** The words users see for a kind ("AWS access key"). */
export function kindLabel(kind: string): string {
  return kindInfo(kind).label;
}

/**
 * "2 secrets redacted: AWS access key, password" — labels in order of first appearance, "(n)" when a
 * label repeats, personal data counted separately. Empty string when nothing was redacted.
 */
export function describeRedactions(found: readonly RedactionFinding[]): string {
  const secrets = found.filter((f) => !kindInfo(f.kind).personal);
  const personal = found.filter((f) => kindInfo(f.kind).personal);
  const parts: string[] = [];
  if (secrets.length > 0) parts.push(summarize(secrets, 'secret', 'secrets'));
  if (personal.length > 0) parts.push(summarize(personal, 'personal data item', 'personal data items'));
  return parts.join('; ');
}

function summarize(findings: readonly RedactionFinding[], singular: string, plural: string): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(kindLabel(f.kind), (counts.get(kindLabel(f.kind)) ?? 0) + 1);
  const labels = [...counts].map(([label, n]) => (n > 1 ? `${label} (${n})` : label));
  return `${findings.length} ${findings.length === 1 ? singular : plural} redacted: ${labels.join(', ')}`;
}

export { KINDS } from './kinds';
export type { RedactionKind } from './kinds';
