// Vendor tokens recognisable by their own prefix, wherever they stand (a shell line, a comment, a JSON value),
// and vendor credentials recognisable only by the vendor's name on the key they are assigned to. The checklist
// is the kinds of gitleaks' default rule set that can appear in source or configuration; the shapes are ours
// (prefix + a length range loose enough to survive format tweaks), and every value must still look random.
import type { Candidate, RedactionKind } from './kinds';
import { looksRandom } from './entropy';
import { isPlaceholderSecret } from './placeholders';

// A token must not continue a longer word on either side.
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

/** [kind, token body after the left boundary]. Bodies are case-sensitive. */
const PREFIXED: readonly (readonly [RedactionKind, string])[] = [
  ['DIGITALOCEAN_TOKEN', 'do[opr]_v1_[a-f0-9]{64}'],
  ['MAILGUN_API_KEY', '(?:key|pubkey)-[a-f0-9]{32}'],
  ['ONEPASSWORD_TOKEN', 'ops_eyJ[A-Za-z0-9+/]{100,}={0,3}'],
  [
    'ONEPASSWORD_TOKEN',
    'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}',
  ],
  ['ADOBE_SECRET', 'p8e-[A-Za-z0-9]{32}'],
  ['AGE_SECRET_KEY', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'],
  ['ALIBABA_ACCESS_KEY', 'LTAI[A-Za-z0-9]{20}'],
  ['ARTIFACTORY_TOKEN', '(?:AKCp[A-Za-z0-9]{60,80}|cmVmd[A-Za-z0-9]{50,70})'],
  ['ATLASSIAN_TOKEN', 'ATATT3[A-Za-z0-9_=-]{150,250}'],
  ['AZURE_AD_CLIENT_SECRET', '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}'],
  ['CLICKHOUSE_KEY', '4b1d[A-Za-z0-9]{38}'],
  ['CLOJARS_TOKEN', 'CLOJARS_[A-Za-z0-9]{60}'],
  ['CLOUDFLARE_KEY', 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}'],
  ['DATABRICKS_TOKEN', 'dapi[a-f0-9]{32}(?:-\\d)?'],
  ['DOPPLER_TOKEN', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}'],
  ['DUFFEL_TOKEN', 'duffel_(?:test|live)_[A-Za-z0-9_=-]{43}'],
  ['DYNATRACE_TOKEN', 'dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}'],
  ['EASYPOST_TOKEN', 'EZ[AT]K[A-Za-z0-9]{54}'],
  ['FACEBOOK_TOKEN', 'EAA[MC][A-Za-z0-9]{100,}'],
  ['FLUTTERWAVE_KEY', 'FLW(?:SECK|PUBK)_TEST-[a-h0-9]{12,32}(?:-X)?'],
  ['FLYIO_TOKEN', '(?:fo1_[\\w-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})'],
  ['FRAMEIO_TOKEN', 'fio-u-[A-Za-z0-9_=-]{64}'],
  [
    'GITLAB_TOKEN',
    '(?:glagent-[A-Za-z0-9_-]{50}|glffct-[A-Za-z0-9_-]{20}|glimt-[A-Za-z0-9_-]{25}|glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20}|GR1348941[\\w-]{20})',
  ],
  [
    'GRAFANA_TOKEN',
    '(?:eyJrIjoi[A-Za-z0-9]{70,400}={0,3}|glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})',
  ],
  ['HARNESS_TOKEN', '(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}'],
  ['TERRAFORM_TOKEN', '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}'],
  ['HEROKU_API_KEY', 'HRKU-AA[A-Za-z0-9_-]{58}'],
  ['HUGGINGFACE_TOKEN', '(?:hf_|api_org_)[A-Za-z]{34}'],
  ['INFRACOST_TOKEN', 'ico-[A-Za-z0-9]{32}'],
  ['INTRA42_SECRET', 's-s4t2(?:ud|af)-[a-f0-9]{64}'],
  ['LINEAR_API_KEY', 'lin_api_[A-Za-z0-9]{40}'],
  ['MAXMIND_KEY', '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk'],
  ['NEW_RELIC_KEY', '(?:NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}|NRJS-[a-f0-9]{19})'],
  ['NOTION_TOKEN', 'ntn_[0-9]{11}[A-Za-z0-9]{35}'],
  ['OCTOPUS_API_KEY', 'API-[A-Z0-9]{26}'],
  ['OPENSHIFT_TOKEN', 'sha256~[\\w-]{43}'],
  ['PERPLEXITY_API_KEY', 'pplx-[A-Za-z0-9]{48}'],
  ['PLANETSCALE_TOKEN', 'pscale_(?:tkn|oauth|pw)_[\\w=.-]{32,64}'],
  ['POSTMAN_TOKEN', 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}'],
  ['PREFECT_TOKEN', 'pnu_[A-Za-z0-9]{36}'],
  ['PULUMI_TOKEN', 'pul-[a-f0-9]{40}'],
  ['PYPI_TOKEN', 'pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}'],
  ['README_TOKEN', 'rdme_[a-z0-9]{70}'],
  ['RUBYGEMS_TOKEN', 'rubygems_[a-f0-9]{48}'],
  ['SCALINGO_TOKEN', 'tk-us-[\\w-]{48}'],
  ['SENDINBLUE_KEY', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'],
  ['SENTRY_TOKEN', '(?:sntryu_[a-f0-9]{64}|sntrys_eyJpYXQiO[A-Za-z0-9+/_=]{60,400})'],
  ['SETTLEMINT_TOKEN', 'sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}'],
  ['SHIPPO_TOKEN', 'shippo_(?:live|test)_[a-fA-F0-9]{40}'],
  ['SHOPIFY_TOKEN', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'],
  ['SOURCEGRAPH_TOKEN', 'sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}'],
  ['SQUARE_TOKEN', '(?:EAAA|sq0atp-|sq0csp-)[\\w-]{22,60}'],
  ['TYPEFORM_TOKEN', 'tfp_[A-Za-z0-9_.=-]{59}'],
  ['VAULT_TOKEN', '(?:hvs\\.[\\w-]{90,120}|hvb\\.[\\w-]{138,300})'],
  ['JWT', 'ZXlK[A-Za-z0-9+/]{60,}={0,2}'],
  [
    'TEAMS_WEBHOOK',
    'https://[a-z0-9]+\\.webhook\\.office\\.com/webhookb2/[a-z0-9-]{36}@[a-z0-9-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9-]{36}',
  ],
  ['YANDEX_KEY', '(?:AQVN[A-Za-z0-9_-]{35,38}|t1\\.[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]{86}={0,2})'],
];

const PREFIXED_RULES = PREFIXED.map(([kind, body]) => ({
  kind,
  pattern: new RegExp(`${B}${body}${E}`, 'g'),
}));

/**
 * Vendors whose credentials have no prefix of their own: a key naming the vendor (`DATADOG_API_KEY`,
 * `twilio.authToken`, `"sentry_auth"`) assigned a random-looking value. [kind, name pattern].
 */
const NAMED: readonly (readonly [RedactionKind, string])[] = [
  ['MAILGUN_API_KEY', 'mailgun'],
  ['DIGITALOCEAN_TOKEN', 'digital[_-]?ocean|\\bdo[_-]?(?:token|pat)'],
  [
    'VENDOR_CREDENTIAL',
    [
      'adafruit',
      'adobe',
      'airtable',
      'algolia',
      'alibaba',
      'asana',
      'atlassian',
      'confluence',
      'jira',
      'beamer',
      'bitbucket',
      'bittrex',
      'meraki',
      'cloudflare',
      'codecov',
      'cohere',
      'coinbase',
      'confluent',
      'contentful',
      'datadog',
      'discord',
      'droneci',
      'dropbox',
      'etsy',
      'facebook',
      'fastly',
      'finicity',
      'finnhub',
      'flickr',
      'freshbooks',
      'gitter',
      'gocardless',
      'heroku',
      'hubspot',
      'intercom',
      'jfrog',
      'artifactory',
      'kraken',
      'kucoin',
      'launchdarkly',
      'linear',
      'linked[_-]?in',
      'lob',
      'mailchimp',
      'mapbox',
      'mattermost',
      'message[_-]?bird',
      'netlify',
      'new[_-]?relic',
      'nytimes',
      'okta',
      'plaid',
      'private[_-]?ai',
      'rapidapi',
      'sendbird',
      'sentry',
      'snyk',
      'sonar',
      'squarespace',
      'sumo(?:logic)?',
      'telegram',
      'travis',
      'twitch',
      'twitter',
      'yandex',
      'zendesk',
      'sidekiq',
      'contribsys',
    ].join('|'),
  ],
];

/** `<name…>` then an assignment operator, then a quoted or bare value of token characters. */
const NAMED_RULES = NAMED.map(([kind, names]) => ({
  kind,
  pattern: new RegExp(
    `(?<![A-Za-z0-9])[\\w.-]{0,40}?(?:${names})[\\w.-]{0,30}["'\`]?[ \\t]*(?::=|=>|=|:)[ \\t]*["'\`]?([A-Za-z0-9_+/=.:-]{10,200})(?![A-Za-z0-9_+/=.:-])`,
    'dgi',
  ),
}));

export function scanVendorTokens(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const { kind, pattern } of PREFIXED_RULES) {
    for (const m of text.matchAll(pattern)) {
      if (isPlaceholderSecret(m[0]) || !looksRandom(m[0])) continue;
      found.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
  for (const { kind, pattern } of NAMED_RULES) {
    for (const m of text.matchAll(pattern)) {
      const span = m.indices?.[1];
      const value = m[1];
      if (!span || !value || isPlaceholderSecret(value) || !looksRandom(value, 10)) continue;
      // Names, URLs and versions are not credentials: a value needs digits and letters mixed in.
      if (!/\d/.test(value) || !/[A-Za-z]/.test(value) || /^https?:|^\d+(?:\.\d+)+$/.test(value)) continue;
      found.push({ start: span[0], end: span[1], kind });
    }
  }
  return found;
}
