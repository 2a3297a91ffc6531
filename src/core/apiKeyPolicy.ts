// What we accept as an OpenAI API key, how old a key may get before we nag, and how a key is checked against
// the API. Pure logic (plus one request through the Workbench in verifyApiKey) so it is unit-tested without VS Code. No function here
// ever puts the key itself into a message: messages name the kind and the last four characters only.
import { scrubKeys } from './errorMapping';
import { ApiError } from './errors';

export type ApiKeyKind = 'project' | 'service_account' | 'admin' | 'legacy_user' | 'custom' | 'invalid';

export interface KeyClassification {
  kind: ApiKeyKind;
  /** False for admin and invalid keys: they are never stored. */
  accepted: boolean;
  /** Why a key was refused (only when `accepted` is false). */
  reason?: string;
  /** A caution to show with an accepted key (legacy user keys). */
  warning?: string;
}

/** Days after which a stored key gets a rotation reminder. */
export const ROTATION_DAYS = 90;
/** The reminder is shown at most once per this many milliseconds. */
export const REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
// Real keys are long (legacy 51 characters, project keys ~160); anything much shorter is a paste accident.
const MIN_KEY_LENGTH = 20;
const KEY_CHARSET = /^[A-Za-z0-9_-]+$/;

const KIND_LABELS: Record<ApiKeyKind, string> = {
  project: 'project key',
  service_account: 'service account key',
  admin: 'admin key',
  legacy_user: 'legacy user key',
  custom: 'custom endpoint token',
  invalid: 'unrecognised key',
};

export function describeKeyKind(kind: ApiKeyKind): string {
  return KIND_LABELS[kind];
}

export interface ClassifyOptions {
  /**
   * Requests go to a base URL of the user's own (Ollama, LM Studio, vLLM, a gateway): any non-empty token without
   * whitespace is accepted there as kind `custom`, except the OpenAI shapes we know (their kind is kept, and an
   * admin key is still refused: it cannot call the model API anywhere).
   */
  customEndpoint?: boolean;
}

/** Recognise a key by its prefix. The input is trimmed by the caller's UI; inner whitespace is refused here. */
export function classifyApiKey(raw: string, options: ClassifyOptions = {}): KeyClassification {
  const openai = classifyOpenAIKey(raw);
  if (!options.customEndpoint || openai.accepted || openai.kind === 'admin') return openai;
  const token = raw.trim();
  if (token.length === 0 || /\s/.test(token)) return openai;
  return { kind: 'custom', accepted: true };
}

function classifyOpenAIKey(raw: string): KeyClassification {
  const key = raw.trim();
  if (key.length === 0) {
    return { kind: 'invalid', accepted: false, reason: 'The key is empty.' };
  }
  if (!key.startsWith('sk-')) {
    return {
      kind: 'invalid',
      accepted: false,
      reason: 'An OpenAI API key starts with "sk-" (a project key with "sk-proj-").',
    };
  }
  if (!KEY_CHARSET.test(key)) {
    return {
      kind: 'invalid',
      accepted: false,
      reason: 'The key contains spaces or characters an OpenAI key never has; paste it again.',
    };
  }
  if (key.startsWith('sk-admin-')) {
    return {
      kind: 'admin',
      accepted: false,
      reason:
        'This is an admin key (sk-admin-): it manages the organization and cannot call the model API. Create a project key instead.',
    };
  }
  if (key.length < MIN_KEY_LENGTH) {
    return { kind: 'invalid', accepted: false, reason: 'The key is too short to be an OpenAI API key.' };
  }
  if (key.startsWith('sk-proj-')) return { kind: 'project', accepted: true };
  if (key.startsWith('sk-svcacct-')) return { kind: 'service_account', accepted: true };
  return {
    kind: 'legacy_user',
    accepted: true,
    warning:
      'This legacy user key reaches every project of your account; a project key (sk-proj-) limited to one project is safer.',
  };
}

/** The last four characters, for display as `…abcd`. */
export function keyLast4(key: string): string {
  return key.trim().slice(-4);
}

/** Whole days between `setAt` and `now` (never negative). */
export function keyAgeDays(setAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - setAt.getTime()) / DAY_MS));
}

/** A stored key older than ROTATION_DAYS gets a reminder, at most once per REMINDER_INTERVAL_MS. */
export function shouldRemindRotation(
  setAt: Date | undefined,
  lastReminderAt: Date | undefined,
  now: Date,
): boolean {
  if (!setAt || keyAgeDays(setAt, now) < ROTATION_DAYS) return false;
  if (!lastReminderAt) return true;
  return now.getTime() - lastReminderAt.getTime() >= REMINDER_INTERVAL_MS;
}

/** "today", "1 day", "12 days". */
export function formatAge(days: number): string {
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * Remove every known key and anything shaped like an OpenAI key or a bearer token from a text (log lines).
 * One mechanism with the error messages' scrubber (`scrubKeys`), only the marker differs.
 */
export function redactKeys(text: string, knownKeys: readonly string[]): string {
  return scrubKeys(text, knownKeys, '[redacted key]');
}

export type KeyVerification =
  | { outcome: 'ok'; modelCount: number }
  | { outcome: 'rejected'; status: number }
  /** The key could not be checked (network, timeout, server error, quota): the caller stores it with a warning. */
  | { outcome: 'unchecked'; reason: string };

/**
 * Check a key with `GET /v1/models` through a Workbench over a client built with it, so the check is paced and
 * recorded in the ledger like every request. One attempt: the user is waiting. Never throws.
 */
export async function verifyApiKey(
  door: { listModels(feature: string, options?: { signal?: AbortSignal; retry?: false }): Promise<string[]> },
  signal?: AbortSignal,
): Promise<KeyVerification> {
  try {
    const ids = await door.listModels('apiKey.verify', { signal, retry: false });
    return { outcome: 'ok', modelCount: ids.length };
  } catch (err) {
    if (!(err instanceof ApiError)) return { outcome: 'unchecked', reason: 'an unexpected error occurred' };
    if (err.kind === 'auth') return { outcome: 'rejected', status: err.status ?? 401 };
    if (err.kind === 'aborted') return { outcome: 'unchecked', reason: 'the check was cancelled' };
    if (err.kind === 'network' || (err.kind === 'timeout' && err.status === undefined)) {
      return { outcome: 'unchecked', reason: 'the API could not be reached (network error or timeout)' };
    }
    return { outcome: 'unchecked', reason: `the API answered HTTP ${err.status ?? 'error'}` };
  }
}
