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
