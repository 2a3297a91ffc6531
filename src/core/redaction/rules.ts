// Our own vendor and structure patterns. They overlap the secretlint preset on purpose: secretlint's
// shapes are exact-length (and miss Stripe, Google, Azure, JWTs, Twilio and redis/amqp URLs), ours are
// looser prefixes, and the merge step keeps one finding per span either way.
import type { Candidate, RedactionKind } from './kinds';
import { looksRandom } from './entropy';
import { isPlaceholderAssignment, isPlaceholderSecret } from './placeholders';

interface PatternRule {
  readonly kind: RedactionKind;
  /** Global regex; with the `d` flag, capture group `group` (default 1) is the secret, else the whole match. */
  readonly pattern: RegExp;
  readonly group?: number;
  /** Extra check on the secret text; vendor placeholders are always filtered afterwards. */
  readonly accept?: (value: string, match: RegExpExecArray) => boolean;
  /** Per-match kind, for patterns that cover several kinds. */
  readonly kindOf?: (match: RegExpExecArray) => RedactionKind;
}

// Token bodies must not continue into a longer word on either side.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';
const rx = (source: string, flags = 'g'): RegExp => new RegExp(source, flags);

const DATABASE_SCHEMES =
  /^(?:postgres(?:ql)?|mysqlx?|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j(?:\+s)?|cassandra|memcached?)$/i;
/** Passwords that docker-compose files and tutorials use for local databases. */
const DEV_DEFAULT_PASSWORDS =
  /^(?:postgres|mysql|mongo|mongodb|redis|rabbit|rabbitmq|guest|pass|pwd|root|admin|user)$/i;

/** A URL's password is real unless it is a stand-in, the user name again or a local-dev default. */
export function acceptUrlPassword(password: string, user: string): boolean {
  return (
    password.length >= 4 &&
    password !== user &&
    !DEV_DEFAULT_PASSWORDS.test(password) &&
    !isPlaceholderAssignment(password)
  );
}

/** PEM body with markers, whitespace and JSON `\n` escapes removed must be substantial base64. */
function isRealPemBody(block: string): boolean {
  const body = block
    .replace(/-----(?:BEGIN|END)[^-]*-----/g, '')
    .replace(/^[A-Za-z-]+: .*$/gm, '') // PGP armor headers ("Version: …")
    .replace(/\\[nr]|\s|["'+,]/g, '');
  return /^[A-Za-z0-9+/=]{40,}$/.test(body) && !isPlaceholderSecret(body);
}

/** `Basic …` must decode to `user:password`, otherwise it is just the word Basic and some text. */
function decodesToCredentials(value: string): boolean {
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded);
}

const PATTERN_RULES: readonly PatternRule[] = [
  {
    kind: 'PRIVATE_KEY',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{1,20000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    accept: isRealPemBody,
  },
  { kind: 'ANTHROPIC_API_KEY', pattern: rx(`${B}sk-ant-[A-Za-z0-9_-]{20,400}${E}`) },
  { kind: 'OPENAI_API_KEY', pattern: rx(`${B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,400}${E}`) },
  { kind: 'OPENAI_API_KEY', pattern: rx(`${B}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${E}`) },
  // Other `sk-` keys (older OpenAI formats, OpenAI-compatible vendors).
  { kind: 'API_KEY', pattern: rx(`${B}sk-[A-Za-z0-9]{32,200}${E}`), accept: (v) => looksRandom(v) },
  {
    kind: 'AWS_ACCESS_KEY_ID',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  { kind: 'GITHUB_TOKEN', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'GITHUB_TOKEN', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])/g },
  {
    kind: 'GITLAB_TOKEN',
    pattern: rx(`${B}gl(?:pat|dt|ptt|rt|oas|ft|imt|cbt|soat)-[A-Za-z0-9_.-]{20,128}${E}`),
  },
  { kind: 'SLACK_TOKEN', pattern: rx(`${B}(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250}${E}`) },
  {
    kind: 'SLACK_WEBHOOK',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{10,300}/g,
    // The last path segment is the secret; "…/YOUR/WEBHOOK/PATH" in docs is not.
    accept: (url) => looksRandom(url.slice(url.lastIndexOf('/') + 1), 16),
  },
  {
    kind: 'STRIPE_KEY',
    pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,250}(?![A-Za-z0-9_])/g,
  },
  { kind: 'STRIPE_KEY', pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/=]{20,200}(?![A-Za-z0-9_])/g },
  { kind: 'GOOGLE_API_KEY', pattern: rx(`${B}AIza[0-9A-Za-z_-]{35}${E}`) },
  { kind: 'AZURE_STORAGE_KEY', pattern: /AccountKey=([A-Za-z0-9+/]{40,100}={0,2})/dg },
  { kind: 'AZURE_SHARED_ACCESS_KEY', pattern: /SharedAccessKey=([A-Za-z0-9+/]{20,100}={0,2})/dg },
  { kind: 'AZURE_SAS_SIGNATURE', pattern: /[?&]sig=([A-Za-z0-9%+/]{20,200}={0,2})/dg },
  {
    kind: 'JWT',
    pattern: rx(`${B}eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{10,2000}${E}`),
  },
  {
    // scheme://user:password@host — only the password is replaced, so the model still sees the host.
    kind: 'URL_PASSWORD',
    pattern: /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s:@/?#'"`]{0,100}):([^\s@/'"`]{1,200})@(?=[A-Za-z0-9[])/dg,
    group: 3,
    kindOf: (m) => (DATABASE_SCHEMES.test(m[1] ?? '') ? 'DATABASE_PASSWORD' : 'URL_PASSWORD'),
    accept: (password, m) => acceptUrlPassword(password, m[2] ?? ''),
  },
  { kind: 'NPM_TOKEN', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  { kind: 'SENDGRID_API_KEY', pattern: rx(`${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}${E}`) },
  { kind: 'TWILIO_API_KEY', pattern: /(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/g },
  {
    // An account SID followed closely by 32 hex chars: Client("AC…", "<auth token>").
    kind: 'TWILIO_AUTH_TOKEN',
    pattern:
      /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])[^\n]{0,120}?(?<![A-Za-z0-9])([0-9a-f]{32})(?![A-Za-z0-9])/dg,
  },
  {
    kind: 'BEARER_TOKEN',
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{16,4000}=*)/dg,
    accept: (v) => looksRandom(v, 16) && !isPlaceholderAssignment(v),
  },
  {
    kind: 'BASIC_AUTH',
    pattern: /\bBasic[ \t]+([A-Za-z0-9+/]{12,500}={0,2})(?![A-Za-z0-9+/=])/dg,
    accept: (v) =>
      decodesToCredentials(v) && !isPlaceholderAssignment(Buffer.from(v, 'base64').toString('latin1')),
  },
];

/** Runs every pattern rule over `text`. */
export function scanPatternRules(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const rule of PATTERN_RULES) {
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const span = rule.pattern.hasIndices ? match.indices?.[rule.group ?? 1] : undefined;
      const start = span ? span[0] : match.index;
      const end = span ? span[1] : match.index + match[0].length;
      const value = text.slice(start, end);
      if (isPlaceholderSecret(value) || (rule.accept && !rule.accept(value, match))) continue;
      found.push({ start, end, kind: rule.kindOf ? rule.kindOf(match) : rule.kind });
    }
  }
  return found;
}
