// Two kinds of placeholder live here:
// 1. the ones we write: «REDACTED:AWS_ACCESS_KEY_1». Guillemets never occur in ordinary code, models copy
//    them verbatim, and the ASCII core survives even when a model drops or rewrites the brackets, so
//    restore also accepts <<…>>, JSON/HTML escapes and the bare core;
// 2. the ones people write: values such as "changeme", "<your-token>", "${DB_PASSWORD}" or AWS's documented
//    AKIAIOSFODNN7EXAMPLE, which are not secrets and must pass through untouched.

const OPEN = '«';
const CLOSE = '»';

export function formatPlaceholder(kind: string, ordinal: number): string {
  return `${OPEN}${placeholderCore(kind, ordinal)}${CLOSE}`;
}

/** The ASCII heart of a placeholder, also what collision checks look for in the original text. */
export function placeholderCore(kind: string, ordinal: number): string {
  return `REDACTED:${kind}_${ordinal}`;
}

/** Finds our placeholders in model output, tolerating rewritten brackets. Group 1 is KIND_N. */
export function placeholderPattern(): RegExp {
  return /(?:«|<<|\\u00ab|&laquo;|&#171;)?REDACTED:([A-Z][A-Z0-9_]*_\d+)(?!\d)(?:»|>>|\\u00bb|&raquo;|&#187;)?/g;
}

/** Words and shapes that mark a value as a stand-in, whatever detector found it. */
const PLACEHOLDER_MARKERS =
  /example|dummy|fake|placeholder|sample|changeme|change[_-]me|replace[_-]?me|redacted|your[_/-]|xxxx|\*\*\*|\.\.\.|<[^>\s]*>|\$\{|\{\{|%[A-Z_]{3,}%/i;

/**
 * True for vendor-shaped strings that are obviously not real: documented examples (AWS's keys end with
 * EXAMPLE), xxxx-filled fixtures, template variables, and bodies with almost no variety ('a'.repeat(36)).
 */
export function isPlaceholderSecret(value: string): boolean {
  if (PLACEHOLDER_MARKERS.test(value)) return true;
  if (value.length >= 16 && new Set(value).size < 8) return true;
  return false;
}

/** Values that configuration and code use where a secret will go later. */
const PLACEHOLDER_WORDS = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'changeit',
  'admin',
  'root',
  'guest',
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'string',
  'required',
  'optional',
  'hidden',
  'empty',
  'default',
]);

/** Stricter variant for `password = …` style assignments, where the value has no vendor shape. */
export function isPlaceholderAssignment(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (isPlaceholderSecret(value)) return true;
  if (/test|demo|todo|lorem|foobar|p[a@]ssw[o0]rd|secret|letmein|qwerty|123456/i.test(value)) return true;
  // Environment and template references rather than literals.
  if (/^(?:\$|%|@|env[.:(]|process\.env|os\.environ|import\.meta)/i.test(value)) return true;
  // A single repeated character: "xxx", "********".
  if (/^(.)\1*$/.test(value)) return true;
  return false;
}
