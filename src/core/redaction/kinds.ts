// The kinds of secret and personal data the redactor knows, with the words the user sees
// ("2 secrets redacted: AWS access key, password") and how strongly each detector is trusted
// when two findings overlap (higher wins; a vendor-specific shape beats a generic `password =` guess).

export interface KindInfo {
  /** What the user reads in "N secrets redacted: …". */
  readonly label: string;
  /** Overlap resolution: the higher priority keeps its span. */
  readonly priority: number;
  /** Personal data is only looked for when the user opted in, and is counted separately. */
  readonly personal?: boolean;
}

const VENDOR = 50;
const STRUCTURED = 40;
const CONTEXTUAL = 30;
const PERSONAL = 20;
const GENERIC = 10;

export const KINDS = {
  PRIVATE_KEY: { label: 'private key', priority: 90 },
  OPENAI_API_KEY: { label: 'OpenAI API key', priority: VENDOR },
  ANTHROPIC_API_KEY: { label: 'Anthropic API key', priority: VENDOR },
  AWS_ACCESS_KEY_ID: { label: 'AWS access key', priority: VENDOR },
  AWS_SECRET_ACCESS_KEY: { label: 'AWS secret access key', priority: VENDOR },
  GITHUB_TOKEN: { label: 'GitHub token', priority: VENDOR },
  GITLAB_TOKEN: { label: 'GitLab token', priority: VENDOR },
  SLACK_TOKEN: { label: 'Slack token', priority: VENDOR },
  SLACK_WEBHOOK: { label: 'Slack webhook', priority: VENDOR },
  STRIPE_KEY: { label: 'Stripe key', priority: VENDOR },
  GOOGLE_API_KEY: { label: 'Google API key', priority: VENDOR },
  AZURE_STORAGE_KEY: { label: 'Azure storage key', priority: VENDOR },
  AZURE_SHARED_ACCESS_KEY: { label: 'Azure shared access key', priority: VENDOR },
  AZURE_SAS_SIGNATURE: { label: 'Azure SAS signature', priority: VENDOR },
  NPM_TOKEN: { label: 'npm token', priority: VENDOR },
  SENDGRID_API_KEY: { label: 'SendGrid API key', priority: VENDOR },
  TWILIO_API_KEY: { label: 'Twilio API key', priority: VENDOR },
  TWILIO_AUTH_TOKEN: { label: 'Twilio auth token', priority: VENDOR },
  GROQ_API_KEY: { label: 'Groq API key', priority: VENDOR },
  HUGGINGFACE_TOKEN: { label: 'Hugging Face token', priority: VENDOR },
  LINEAR_API_KEY: { label: 'Linear API key', priority: VENDOR },
  NOTION_TOKEN: { label: 'Notion token', priority: VENDOR },
  SHOPIFY_TOKEN: { label: 'Shopify token', priority: VENDOR },
  GRAFANA_TOKEN: { label: 'Grafana token', priority: VENDOR },
  ONEPASSWORD_TOKEN: { label: '1Password token', priority: VENDOR },
  VAULT_TOKEN: { label: 'HashiCorp Vault token', priority: VENDOR },
  VERCEL_TOKEN: { label: 'Vercel token', priority: VENDOR },
  DATABRICKS_TOKEN: { label: 'Databricks token', priority: VENDOR },
  DOCKER_TOKEN: { label: 'Docker token', priority: VENDOR },
  FIGMA_TOKEN: { label: 'Figma token', priority: VENDOR },
  DIGITALOCEAN_TOKEN: { label: 'DigitalOcean token', priority: VENDOR },
  MAILGUN_API_KEY: { label: 'Mailgun API key', priority: VENDOR },
  ADOBE_SECRET: { label: 'Adobe client secret', priority: VENDOR },
  AGE_SECRET_KEY: { label: 'age secret key', priority: VENDOR },
  ALIBABA_ACCESS_KEY: { label: 'Alibaba Cloud access key', priority: VENDOR },
  ARTIFACTORY_TOKEN: { label: 'Artifactory token', priority: VENDOR },
  ATLASSIAN_TOKEN: { label: 'Atlassian API token', priority: VENDOR },
  AZURE_AD_CLIENT_SECRET: { label: 'Azure AD client secret', priority: VENDOR },
  CLICKHOUSE_KEY: { label: 'ClickHouse Cloud key', priority: VENDOR },
  CLOJARS_TOKEN: { label: 'Clojars token', priority: VENDOR },
  CLOUDFLARE_KEY: { label: 'Cloudflare key', priority: VENDOR },
  DOPPLER_TOKEN: { label: 'Doppler token', priority: VENDOR },
  DUFFEL_TOKEN: { label: 'Duffel token', priority: VENDOR },
  DYNATRACE_TOKEN: { label: 'Dynatrace token', priority: VENDOR },
  EASYPOST_TOKEN: { label: 'EasyPost token', priority: VENDOR },
  FACEBOOK_TOKEN: { label: 'Facebook token', priority: VENDOR },
  FLUTTERWAVE_KEY: { label: 'Flutterwave key', priority: VENDOR },
  FLYIO_TOKEN: { label: 'Fly.io token', priority: VENDOR },
  FRAMEIO_TOKEN: { label: 'Frame.io token', priority: VENDOR },
  HARNESS_TOKEN: { label: 'Harness token', priority: VENDOR },
  TERRAFORM_TOKEN: { label: 'Terraform Cloud token', priority: VENDOR },
  HEROKU_API_KEY: { label: 'Heroku API key', priority: VENDOR },
  INFRACOST_TOKEN: { label: 'Infracost token', priority: VENDOR },
  INTRA42_SECRET: { label: 'Intra42 client secret', priority: VENDOR },
  MAXMIND_KEY: { label: 'MaxMind license key', priority: VENDOR },
  NEW_RELIC_KEY: { label: 'New Relic key', priority: VENDOR },
  OCTOPUS_API_KEY: { label: 'Octopus Deploy API key', priority: VENDOR },
  OPENSHIFT_TOKEN: { label: 'OpenShift token', priority: VENDOR },
  PERPLEXITY_API_KEY: { label: 'Perplexity API key', priority: VENDOR },
  PLANETSCALE_TOKEN: { label: 'PlanetScale token', priority: VENDOR },
  POSTMAN_TOKEN: { label: 'Postman token', priority: VENDOR },
  PREFECT_TOKEN: { label: 'Prefect token', priority: VENDOR },
  PULUMI_TOKEN: { label: 'Pulumi token', priority: VENDOR },
  PYPI_TOKEN: { label: 'PyPI token', priority: VENDOR },
  README_TOKEN: { label: 'ReadMe token', priority: VENDOR },
  RUBYGEMS_TOKEN: { label: 'RubyGems token', priority: VENDOR },
  SCALINGO_TOKEN: { label: 'Scalingo token', priority: VENDOR },
  SENDINBLUE_KEY: { label: 'Brevo (Sendinblue) key', priority: VENDOR },
  SENTRY_TOKEN: { label: 'Sentry token', priority: VENDOR },
  SETTLEMINT_TOKEN: { label: 'SettleMint token', priority: VENDOR },
  SHIPPO_TOKEN: { label: 'Shippo token', priority: VENDOR },
  SOURCEGRAPH_TOKEN: { label: 'Sourcegraph token', priority: VENDOR },
  SQUARE_TOKEN: { label: 'Square token', priority: VENDOR },
  TYPEFORM_TOKEN: { label: 'Typeform token', priority: VENDOR },
  YANDEX_KEY: { label: 'Yandex Cloud key', priority: VENDOR },
  TEAMS_WEBHOOK: { label: 'Microsoft Teams webhook', priority: VENDOR },
  VENDOR_CREDENTIAL: { label: 'service credential', priority: STRUCTURED + 1 },
  JWT: { label: 'JWT', priority: STRUCTURED },
  DATABASE_PASSWORD: { label: 'database password', priority: STRUCTURED },
  URL_PASSWORD: { label: 'URL password', priority: STRUCTURED },
  API_KEY: { label: 'API key', priority: STRUCTURED },
  BEARER_TOKEN: { label: 'bearer token', priority: CONTEXTUAL },
  BASIC_AUTH: { label: 'basic auth credentials', priority: CONTEXTUAL },
  PASSWORD: { label: 'password', priority: GENERIC },
  SECRET: { label: 'secret', priority: GENERIC },
  TOKEN: { label: 'token', priority: GENERIC },
  EMAIL: { label: 'e-mail address', priority: PERSONAL, personal: true },
  PHONE: { label: 'phone number', priority: PERSONAL, personal: true },
  CARD_NUMBER: { label: 'card number', priority: PERSONAL + 1, personal: true },
  IBAN: { label: 'IBAN', priority: PERSONAL + 2, personal: true },
} as const satisfies Record<string, KindInfo>;

export type RedactionKind = keyof typeof KINDS;

export function kindInfo(kind: string): KindInfo {
  return (KINDS as Record<string, KindInfo>)[kind] ?? { label: 'secret', priority: GENERIC };
}

/** A detector's raw hit: a half-open span [start, end) of the input and what it is. */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly kind: RedactionKind;
}
