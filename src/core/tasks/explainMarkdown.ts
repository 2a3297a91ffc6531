// Turns an explanation (complete or still arriving) into markdown for the chat view and its history. The chat
// protocol appends deltas, so the rendering of a longer JSON prefix always extends the rendering of a shorter
// one: sections appear in the order their keys arrive, a concept shows once its name is complete, and only the
// last, still-growing string is ever partial.
import { parsePartialJson } from './partialJson';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0) : [];
}

function section(key: string, value: unknown): string[] {
  switch (key) {
    case 'summary':
      return typeof value === 'string' && value ? [value] : [];
    case 'steps': {
      const steps = strings(value);
      return steps.length ? ['### Steps', '', ...steps.map((s, i) => `${i + 1}. ${s}`)] : [];
    }
    case 'concepts': {
      // `explanation` follows `name`: once its key exists the name is complete and cannot grow any more.
      const done = (Array.isArray(value) ? value : []).filter(
        (c) => isObject(c) && typeof c.name === 'string' && 'explanation' in c,
      );
      if (!done.length) return [];
      const items = done.map((c) => {
        const explanation = typeof c.explanation === 'string' ? c.explanation : '';
        return `- **${String(c.name)}**${explanation ? ` — ${explanation}` : ''}`;
      });
      return ['### Concepts', '', ...items];
    }
    case 'risks': {
      const risks = strings(value);
      return risks.length ? ['### Risks', '', ...risks.map((r) => `- ${r}`)] : [];
    }
    default:
      return [];
  }
}

/** Renders whatever fields have arrived, in arrival order. */
export function explanationToMarkdown(value: unknown): string {
  if (!isObject(value)) return '';
  const blocks = Object.keys(value)
    .map((key) => section(key, value[key]).join('\n'))
    .filter((b) => b !== '');
  return blocks.join('\n\n');
}

/**
 * Feeds raw JSON deltas, returns markdown deltas to append. `finish` returns the rest; if the final answer came from
 * a repair turn and does not extend what was shown, it is appended under a rule as the corrected answer.
 */
export function createExplanationStream(): {
  push(rawDelta: string): string;
  finish(finalValue: unknown): string;
} {
  let raw = '';
  let shown = '';
  const advance = (markdown: string): string => {
    if (!markdown.startsWith(shown) || markdown.length === shown.length) return '';
    const delta = markdown.slice(shown.length);
    shown = markdown;
    return delta;
  };
  return {
    push(rawDelta: string): string {
      raw += rawDelta;
      return advance(explanationToMarkdown(parsePartialJson(raw)));
    },
    finish(finalValue: unknown): string {
      const markdown = explanationToMarkdown(finalValue);
      if (markdown.startsWith(shown)) return advance(markdown);
      const corrected = `${shown ? '\n\n---\n\n_Corrected answer:_\n\n' : ''}${markdown}`;
      shown += corrected;
      return corrected;
    },
  };
}
