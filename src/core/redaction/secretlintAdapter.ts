// Runs secretlint's maintained recommended preset in-process and turns its messages into candidates.
// Its messages need care: some rules report a range that starts at the key name rather than the secret
// (AWS secret keys), connection strings include the whole URI (and sometimes a trailing quote), and a
// few rules report the whole file (GCP). We re-locate the secret from the message data and narrow URIs
// to their password. `secretlint-disable` comments are NOT honoured: they decide what CI may commit,
// not what may be sent to a third party.
import type { Candidate, RedactionKind } from './kinds';
import { acceptUrlPassword } from './rules';
import { isPlaceholderSecret } from './placeholders';

type LintSource = (typeof import('@secretlint/core'))['lintSource'];
type LintConfig = Parameters<LintSource>[0]['options']['config'];

const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';
const R = '@secretlint/secretlint-rule-';

/** `ruleId` or `ruleId:messageId` → our kind. Rules not listed map to a generic secret. */
const RULE_KINDS: Record<string, RedactionKind> = {
  [`${R}aws:AWSAccessKeyID`]: 'AWS_ACCESS_KEY_ID',
  [`${R}aws:AWSSecretAccessKey`]: 'AWS_SECRET_ACCESS_KEY',
  [`${R}npm:PackageJSON_xOauthToken`]: 'GITHUB_TOKEN',
  [`${R}npm`]: 'NPM_TOKEN',
  [`${R}slack:IncomingWebhook`]: 'SLACK_WEBHOOK',
  [`${R}slack`]: 'SLACK_TOKEN',
  [`${R}basicauth`]: 'URL_PASSWORD',
  [`${R}openai`]: 'OPENAI_API_KEY',
  [`${R}anthropic`]: 'ANTHROPIC_API_KEY',
  [`${R}groq`]: 'GROQ_API_KEY',
  [`${R}huggingface`]: 'HUGGINGFACE_TOKEN',
  [`${R}linear`]: 'LINEAR_API_KEY',
  [`${R}notion`]: 'NOTION_TOKEN',
  [`${R}privatekey`]: 'PRIVATE_KEY',
  [`${R}sendgrid`]: 'SENDGRID_API_KEY',
  [`${R}shopify`]: 'SHOPIFY_TOKEN',
  [`${R}github`]: 'GITHUB_TOKEN',
  [`${R}gitlab`]: 'GITLAB_TOKEN',
  [`${R}grafana`]: 'GRAFANA_TOKEN',
  [`${R}1password`]: 'ONEPASSWORD_TOKEN',
  [`${R}database-connection-string`]: 'DATABASE_PASSWORD',
  [`${R}hashicorp-vault`]: 'VAULT_TOKEN',
  [`${R}vercel`]: 'VERCEL_TOKEN',
  [`${R}databricks`]: 'DATABRICKS_TOKEN',
  [`${R}docker`]: 'DOCKER_TOKEN',
  [`${R}figma`]: 'FIGMA_TOKEN',
};
/** Account ids are not secrets; whole-file reports (GCP) carry no span to redact. */
const IGNORED = new Set([`${R}aws:AWSAccountID`, `${R}gcp`]);
const URL_KINDS = new Set<RedactionKind>(['DATABASE_PASSWORD', 'URL_PASSWORD']);

let engine: Promise<{ lintSource: LintSource; config: LintConfig }> | undefined;

/** Loaded once, lazily: the preset is ~200 KB of rules the extension does not need at activation. */
function loadEngine(): Promise<{ lintSource: LintSource; config: LintConfig }> {
  engine ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
    import('@secretlint/profiler'),
  ]).then(([core, preset, profiler]) => {
    // secretlint's profiler puts a mark for every rule of every scan on Node's global performance timeline and
    // keeps each entry in an array it searches on every new one: in an extension host that redacts every request
    // for days, memory grows without bound and each scan gets slower. Nothing reads those timings here.
    // (package.json pins @secretlint/profiler to the version @secretlint/core pins, so both are this one module.)
    profiler.secretLintProfiler.mark = () => undefined;
    return engineOf(core.lintSource, preset.creator);
  });
  return engine;
}

function engineOf(
  lintSource: LintSource,
  creator: (typeof import('@secretlint/secretlint-rule-preset-recommend'))['creator'],
): { lintSource: LintSource; config: LintConfig } {
  return {
    lintSource,
    config: {
      rules: [
        {
          id: PRESET_ID,
          rule: creator,
          rules: [
            { id: `${R}filter-comments`, disabled: true },
            { id: `${R}gcp`, disabled: true },
            { id: `${R}aws`, options: { enableIDScanRule: true } },
          ],
        },
      ],
    },
  };
}

interface LintMessage {
  ruleId: string;
  messageId: string;
  range: readonly [number, number];
  data?: object;
}

/** Where the reported secret really is: the data value nearest the reported range, else the range. */
function locate(text: string, message: LintMessage): [number, number] {
  const [from, to] = message.range;
  const values = Object.values(message.data ?? {})
    .filter((v): v is string => typeof v === 'string' && v.length >= 8)
    .sort((a, b) => b.length - a.length);
  for (const value of values) {
    const at = text.indexOf(value, from);
    if (at !== -1 && at <= to + 256) return [at, at + value.length];
  }
  return [from, to];
}

/** `scheme://user:password@host…` → the password's span, or undefined when there is none. */
function narrowToPassword(text: string, start: number, end: number): [number, number] | undefined {
  const m = /:\/\/([^\s:@/?#'"`]*):([^\s@/?#'"`]+)@/d.exec(text.slice(start, end));
  const span = m?.indices?.[2];
  if (!m || !span || !acceptUrlPassword(m[2] ?? '', m[1] ?? '')) return undefined;
  return [start + span[0], start + span[1]];
}

export async function scanWithSecretlint(text: string): Promise<Candidate[]> {
  const { lintSource, config } = await loadEngine();
  const result = await lintSource({
    source: { content: text, filePath: 'redaction-input.txt', ext: '.txt', contentType: 'text' },
    options: { config, locale: 'en', maskSecrets: false, noPhysicFilePath: true },
  });
  const found: Candidate[] = [];
  for (const message of result.messages as LintMessage[]) {
    const byMessage = `${message.ruleId}:${message.messageId}`;
    if (IGNORED.has(byMessage) || IGNORED.has(message.ruleId)) continue;
    const kind = RULE_KINDS[byMessage] ?? RULE_KINDS[message.ruleId] ?? 'SECRET';
    let span: [number, number] | undefined = locate(text, message);
    if (URL_KINDS.has(kind)) span = narrowToPassword(text, span[0], span[1]);
    if (!span) continue;
    const start = span[0];
    let end = span[1];
    while (end > start && /["'`]/.test(text[end - 1] ?? '')) end--;
    if (end <= start || isPlaceholderSecret(text.slice(start, end))) continue;
    found.push({ start, end, kind });
  }
  return found;
}
