// Generic `password = …`, `"api_key": "…"`, `SECRET_TOKEN=…` assignments in code, JSON, YAML and .env
// files. No vendor shape to lean on, so the value must look random, must not be a placeholder, and an
// unquoted value must not look like code (a call, a property path, an identifier).
import type { Candidate, RedactionKind } from './kinds';
import { looksRandom } from './entropy';
import { isPlaceholderAssignment } from './placeholders';

/**
 * The secret word must end the key (`DB_PASSWORD`, `githubToken`, `"api-key"`), and an assignment operator
 * must follow. Matching the keyword first and looking around it keeps the scan linear on large files.
 */
const KEYWORD =
  /(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|api[_-]?key|apikey|(?:access|secret|private|signing|encryption|master|auth|client)[_-]?key)(?=["'`]?[ \t]*(?::=|=>|=|:))/gi;

/** After the keyword: optional closing quote, operator, then a quoted or bare value (group 1..4). */
const VALUE =
  /["'`]?[ \t]*(?::=|=>|=|:)[ \t]*(?:"([^"\r\n]{1,400})"|'([^'\r\n]{1,400})'|`([^`\r\n]{1,400})`|([^\s'"`,;)}\]]{1,400}))/y;

const KEY_CHAR = /[A-Za-z0-9_.$-]/;

function kindForKeyword(keyword: string, key: string, value: string): RedactionKind {
  const k = keyword.toLowerCase();
  // AWS secret keys are exactly 40 base64 characters; the key name says which service they belong to.
  if (/^[A-Za-z0-9/+]{40}$/.test(value) && /aws|secret_?access|secretaccess/i.test(key))
    return 'AWS_SECRET_ACCESS_KEY';
  if (/^[0-9a-f]{32}$/.test(value) && /twilio/i.test(key)) return 'TWILIO_AUTH_TOKEN';
  if (k.startsWith('pass') || k === 'pwd') return 'PASSWORD';
  if (k === 'token') return 'TOKEN';
  if (/^api[_-]?key$|^apikey$/.test(k)) return 'API_KEY';
  return 'SECRET';
}

/** The keyword must start a word of the key: `db_password`, `dbPassword`, not `bypass`. */
function startsKeyWord(text: string, keywordStart: number, keyword: string): boolean {
  const before = text[keywordStart - 1];
  if (before === undefined || !KEY_CHAR.test(before)) return true;
  if (/[_.$-]/.test(before)) return true;
  return /[a-z0-9]/.test(before) && /^[A-Z]/.test(keyword);
}

/** Values that are code, not literals: calls, property paths, expressions, identifiers, references. */
function looksLikeCode(value: string): boolean {
  if (/[([{<]/.test(value) || /^[^A-Za-z0-9_/+]/.test(value)) return true;
  // A property access anywhere (this.options.apiKey, t.tokens.length-1). Bare JWTs have their own rule.
  if (/[A-Za-z_$][\w$]*\.[A-Za-z_$]/.test(value)) return true;
  // A bare identifier is a variable unless it is long and digit-laden like a token.
  if (/^[A-Za-z_$][\w$]*$/.test(value)) return value.length < 16 || (value.match(/\d/g)?.length ?? 0) < 2;
  return false;
}

function plausibleSecretValue(value: string, quoted: boolean): boolean {
  if (value.length < 8 || /\s/.test(value)) return false;
  if (isPlaceholderAssignment(value)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // CONSTANT_NAME, e.g. an env var name
  if (/^[a-z]+(?:[-_.][a-z]+)+$/.test(value)) return false; // kebab-case or dotted words
  if (/:\/\/|\\[nrt]/.test(value)) return false; // a URL (they have their own rule) or escaped text
  if (isPathLike(value)) return false; // PWD: '/Users/maciej'
  if (/^[\w./~-]+\.(?:json|ya?ml|pem|key|crt|p12|txt|env|ini|toml)$/i.test(value)) return false; // a file name
  if (/^[A-Za-z]+$/.test(value) && (value.length < 20 || caseSwitches(value) < 6)) return false; // a word
  if (!quoted && looksLikeCode(value)) return false;
  return looksRandom(value);
}

/** /home/user/.config, ./secrets/api_token, ~/keys: word-like segments separated by slashes. */
function isPathLike(value: string): boolean {
  if (!/^(?:~|\.{1,2})?\/(?:[\w.-]+\/)*[\w.-]+\/?$/.test(value)) return false;
  return value.split('/').every((segment) => caseSwitches(segment) <= 2);
}

function caseSwitches(value: string): number {
  let switches = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value[i - 1] ?? '';
    const b = value[i] ?? '';
    if ((a >= 'a' && a <= 'z') !== (b >= 'a' && b <= 'z')) switches++;
  }
  return switches;
}

export function scanAssignments(text: string): Candidate[] {
  const found: Candidate[] = [];
  KEYWORD.lastIndex = 0;
  for (const match of text.matchAll(KEYWORD)) {
    const keyword = match[0];
    if (!startsKeyWord(text, match.index, keyword)) continue;
    let keyStart = match.index;
    while (keyStart > 0 && keyStart > match.index - 80 && KEY_CHAR.test(text[keyStart - 1] ?? '')) keyStart--;
    const key = text.slice(keyStart, match.index + keyword.length);
    VALUE.lastIndex = match.index + keyword.length;
    const value = VALUE.exec(text);
    if (!value) continue;
    const groupIndex = [1, 2, 3, 4].find((g) => value[g] !== undefined) ?? 4;
    let literal = value[groupIndex] ?? '';
    // The literal sits at the end of the match, before a closing quote when it was quoted.
    let end = value.index + value[0].length - (groupIndex === 4 ? 0 : 1);
    // In a query string (?token=…&page=2) a bare value stops at the next parameter.
    const inQuery = /[?&]/.test(text[keyStart - 1] ?? '');
    if (groupIndex === 4 && inQuery && literal.includes('&')) {
      end -= literal.length - literal.indexOf('&');
      literal = literal.slice(0, literal.indexOf('&'));
    }
    if (!plausibleSecretValue(literal, groupIndex !== 4)) continue;
    found.push({ start: end - literal.length, end, kind: kindForKeyword(keyword, key, literal) });
  }
  return found;
}
