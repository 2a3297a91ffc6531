// Failure wording, in one place: the message of each ApiError kind (sdkErrors.ts classifies what was thrown), the
// one duration format, and describeError — the cause of any failure of chat or a task in words, with its next
// steps as data. The host only turns steps into buttons (src/host/failureButtons.ts). Messages never carry
// the key: scrubKeys runs on every one.
//
// Choice documented here: a malformed SSE line (JSON that does not parse) is kind `network`, code
// `malformed_sse` — the transport delivered bytes that are not the API's (typically a proxy or a cut
// connection), and its next step is the same as a network failure. `invalid_output` is kept for a model
// answer that arrived intact but does not meet the request (e.g. invalid JSON in JSON mode).
import type { FailureKind } from '../shared/protocol';
import { ApiError, UnplaceableEditError, type ApiErrorKind } from './errors';
import { TaskOutputError } from './tasks/structured';
import { TaskTooLargeError } from './tasks/tokenBudget';
import { UserTaskError } from './tasks/userTasks';
import { WorkspaceIndexMissingError } from './workspaceIndex/retrieval';
import { WorkbenchError } from './workbench';

// Classification lives in sdkErrors.ts; callers keep importing it from here.
export { toApiError } from './sdkErrors';

export interface ErrorContext {
  /** Content received before the failure. */
  partial: string;
  /** The model asked for (messages name it). */
  model: string;
  /** x-request-id of the response, when headers had arrived. */
  requestId?: string;
  /** Strings that must never appear in a message (the API key): replaced before anything is built. */
  secrets?: readonly string[];
  /** The API host, named in network messages (e.g. api.openai.com, or a proxy-less local server). */
  host?: string;
}

const KEY_LIKE = /\b(sk-[A-Za-z0-9_*.-]{3,}|Bearer\s+\S+)/g;

/**
 * Removes the key and anything shaped like a key or a bearer token from a text that may reach a person (error
 * messages here, log lines through `redactKeys`). Known secrets go first, so a key of an unusual shape is caught.
 */
export function scrubKeys(text: string, secrets: readonly string[] = [], marker = '[redacted]'): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(marker);
  return out.replace(KEY_LIKE, marker);
}

/** The client's own key (Azure's too, same field), so a message can be scrubbed of it even if a server echoes it. */
export function clientSecrets(client: { apiKey?: unknown }): string[] {
  const key = client.apiKey;
  return typeof key === 'string' && key.length > 0 ? [key] : [];
}

/** What the classification of a thrown error found (src/core/sdkErrors.ts). */
export interface ApiErrorDetails {
  kind: ApiErrorKind;
  status?: number;
  code?: string;
  serverMessage?: string;
  retryAfterMs?: number;
  requestId?: string;
}

/** An ApiError with our words for its kind (sdkErrors.ts classifies; the wording is here). */
export function makeApiError(d: ApiErrorDetails, ctx: ErrorContext): ApiError {
  const server = d.serverMessage ? ` The server said: "${truncate(d.serverMessage)}"` : '';
  const message = scrubKeys(messageFor(d, ctx) + server, ctx.secrets);
  return new ApiError({
    kind: d.kind,
    message,
    status: d.status,
    requestId: d.requestId ?? ctx.requestId,
    partial: ctx.partial,
    retryAfterMs: d.retryAfterMs,
    code: d.code,
  });
}

function truncate(s: string): string {
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

function messageFor(d: ApiErrorDetails, ctx: ErrorContext): string {
  const model = ctx.model;
  const tag = d.status ? `${d.status}${d.code ? ` ${d.code}` : ''}` : (d.code ?? '');
  switch (d.kind) {
    case 'auth':
      return `OpenAI rejected the API key (${tag}). Set a valid key with "GPT Workbench: Set API Key".`;
    case 'permission':
      return (
        `OpenAI refused access (${tag}): this key, organization or project may not be allowed to use ` +
        `${model}, or your region is not supported. Check the project's model access on platform.openai.com.`
      );
    case 'quota':
      return (
        'Your OpenAI account has no quota left (insufficient_quota). This is not a rate limit: add credit or ' +
        'raise the limit on the billing page (platform.openai.com/settings/organization/billing).'
      );
    case 'rate_limit': {
      if (d.code === 'resource_unavailable') {
        return (
          `Flex processing has no capacity for ${model} right now (${tag}). Retry later, use the default tier ` +
          '(gptWorkbench.serviceTier), or allow falling back to it (gptWorkbench.serviceTierFallback).'
        );
      }
      const wait =
        d.retryAfterMs !== undefined ? ` The server asks to wait ${formatDuration(d.retryAfterMs)}.` : '';
      return `Rate limit reached for ${model} (${tag}).${wait} Wait a moment and retry, or send fewer/smaller requests.`;
    }
    case 'not_found':
      return (
        `Model "${model}" was not found (${tag}). Pick another model, or check the base URL / Azure ` +
        'deployment name in the settings.'
      );
    case 'context_length':
      return `The conversation is longer than ${model}'s context window (${tag}). Start a new chat or trim the context.`;
    case 'bad_request':
      return `The API rejected the request as invalid (${tag}). This is a bug in the request: report it with the request id.`;
    case 'server':
      return `OpenAI returned a server error (${tag || 'stream error'}) for ${model}. Try again in a moment; status.openai.com lists outages.`;
    case 'timeout':
      return `OpenAI did not answer in time (${tag}). Retry; if it keeps happening, raise the timeout in the settings.`;
    case 'network':
      if (d.code === 'malformed_sse') {
        return (
          'The response stream was corrupted (a line that is not valid JSON), usually by a proxy or a broken ' +
          "connection. Retry; if it persists, check VS Code's http.proxy setting."
        );
      }
      if (ctx.partial) {
        return (
          `The connection to ${ctx.host ?? 'the API'} broke after the answer started (${tag}). What arrived is kept; ` +
          "retry to get the whole answer. If it keeps happening, check your network and VS Code's http.proxy setting."
        );
      }
      return `Could not reach ${ctx.host ?? 'the API'} (${tag || 'connection error'}). Check your network and VS Code's http.proxy setting, then retry.`;
    case 'aborted':
      return 'The request was cancelled. What arrived so far is kept.';
    case 'content_filter':
      return "OpenAI's content filter stopped the answer (finish_reason content_filter). The partial answer is kept; rephrase the request.";
    case 'invalid_output':
      return 'The model did not answer in the requested format. Retry, or make the format clearer in the prompt.';
  }
}

/** The one way a duration is said: below a second in ms, else whole seconds rounded up (never a shorter wait). */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  return whole < 1000 ? `${whole} ms` : `${Math.ceil(whole / 1000)} s`;
}

/** An ApiError we raise ourselves (timeouts, content filter, invalid output), with the same message rules. */
export function ownApiError(kind: ApiErrorKind, code: string, message: string, ctx: ErrorContext): ApiError {
  return new ApiError({
    kind,
    code,
    message: scrubKeys(message, ctx.secrets),
    partial: ctx.partial,
    requestId: ctx.requestId,
  });
}

/** A next step of a failure, as data; the host gives each a button that does it. */
export type FailureStep =
  | { step: 'retry' }
  | { step: 'setApiKey' }
  | { step: 'newChat' }
  | { step: 'openBilling'; url: string }
  | { step: 'showLog' }
  | { step: 'showRawAnswer'; text: string }
  | { step: 'openSetting'; setting: string }
  | { step: 'indexWorkspace' };

export interface FailureDescription {
  kind: FailureKind;
  severity: 'error' | 'warning';
  /** The cause and what to do, ready to show. */
  message: string;
  steps: { label: string; action: FailureStep }[];
}

export interface FailureContext {
  /** What failed, e.g. "Explain": the message starts with it. */
  title?: string;
  /** A code task (not a chat turn): a too-long prompt means too much code, not a too-long conversation. */
  task?: boolean;
  /** Offer Retry where trying again can help (the caller has a way to run the same thing again). */
  retryable?: boolean;
}

export const BILLING_URL = 'https://platform.openai.com/settings/organization/billing';

/** Kinds where the same request can succeed a moment later. */
const RETRYABLE = new Set<FailureKind>([
  'rate_limit',
  'network',
  'timeout',
  'server',
  'bad_request',
  'invalid_output',
  'unplaceable',
  // Once the index is built, the same question finds its context.
  'index_missing',
]);

const TIMEOUT_SETTINGS: Record<string, [string, string]> = {
  first_byte_timeout: [
    'no answer began within the first-byte timeout',
    'gptWorkbench.timeouts.firstByteSeconds',
  ],
  idle_timeout: ['the answer stalled longer than the idle timeout', 'gptWorkbench.timeouts.idleSeconds'],
  total_timeout: ['the request took longer than the total timeout', 'gptWorkbench.timeouts.totalSeconds'],
};

const setting = (label: string, key: string) => ({
  label,
  action: { step: 'openSetting' as const, setting: key },
});
const TASK_MODEL = setting('Task Model Setting', 'gptWorkbench.tasks.model');

/** The cause of any failure in words, with its next steps; undefined for a cancellation the user asked for. */
export function describeError(err: unknown, ctx: FailureContext = {}): FailureDescription | undefined {
  const shown = describe(err, ctx.title ? `${ctx.title}: ` : '', ctx.task === true);
  if (!shown) return undefined;
  const retry =
    ctx.retryable && RETRYABLE.has(shown.kind)
      ? [{ label: 'Retry', action: { step: 'retry' as const } }]
      : [];
  return { ...shown, steps: [...retry, ...shown.steps] };
}

function describe(err: unknown, prefix: string, task: boolean): FailureDescription | undefined {
  const fail = (
    kind: FailureKind,
    message: string,
    steps: FailureDescription['steps'] = [],
    severity: 'error' | 'warning' = 'error',
  ) => ({ kind, severity, message, steps });
  if (err instanceof WorkbenchError) {
    if (err.kind === 'cancelled') return undefined;
    const step =
      err.kind === 'budget_blocked'
        ? setting('Raise Budget', 'gptWorkbench.budget')
        : setting('Moderation Settings', 'gptWorkbench.moderation.input');
    return fail(err.kind, prefix + err.message, [step], 'warning');
  }
  if (err instanceof TaskOutputError)
    return fail('invalid_output', prefix + err.message, [
      { label: 'Show Raw Answer', action: { step: 'showRawAnswer', text: err.raw } },
    ]);
  if (err instanceof TaskTooLargeError)
    return fail(
      'too_large',
      `${prefix}the code is too large. ${err.message} Select less code, or put the cursor inside one function to use just that.`,
      [TASK_MODEL],
    );
  if (err instanceof UserTaskError) return fail('task_file', err.message);
  if (err instanceof UnplaceableEditError) return fail('unplaceable', `${prefix}${err.message}.`);
  if (err instanceof WorkspaceIndexMissingError)
    return fail(
      'index_missing',
      prefix + err.message,
      err.reason === 'notBuilt' ? [{ label: 'Index Workspace', action: { step: 'indexWorkspace' } }] : [],
      'warning',
    );
  if (!(err instanceof ApiError))
    return fail('unexpected', `${prefix}The request failed unexpectedly (see the GPT Workbench log).`, [
      { label: 'Show Log', action: { step: 'showLog' } },
    ]);
  // Where the ApiError's own message names the cause and the next step, it is shown as it is.
  const own = prefix + err.message;
  const attempts = err.attempts && err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
  switch (err.kind) {
    case 'aborted':
      return undefined;
    case 'auth':
    case 'permission':
      return fail(err.kind, own, [{ label: 'Set API Key', action: { step: 'setApiKey' } }]);
    case 'quota':
      return fail(
        'quota',
        `${prefix}Your OpenAI account is out of credit or over its spend limit (insufficient_quota). This is not a rate limit: waiting or retrying will not help until billing is fixed.`,
        [{ label: 'Open Billing', action: { step: 'openBilling', url: BILLING_URL } }],
      );
    case 'rate_limit': {
      const wait =
        err.retryAfterMs !== undefined
          ? ` The server asks to wait ${formatDuration(err.retryAfterMs)} before retrying.`
          : '';
      return fail(
        'rate_limit',
        `${prefix}Rate limited by the API (429)${attempts}: too many requests or tokens per minute.${wait}`,
        [setting('Retry Settings', 'gptWorkbench.retry.maxAttempts')],
        'warning',
      );
    }
    case 'context_length':
      if (task)
        return fail(
          'context_length',
          `${prefix}the code is too large for the model's context window. Select less code, or choose a model with a larger window.`,
          [TASK_MODEL],
        );
      return fail(
        'context_length',
        `${prefix}The conversation is too long for the context window of ${err.model ?? 'the model'}. Start a new chat, or remove or shorten earlier messages and attachments.`,
        [{ label: 'New Chat', action: { step: 'newChat' } }],
      );
    case 'network':
      return fail(
        'network',
        `${own}${err.attempts && err.attempts > 1 ? ` (${err.attempts} attempts)` : ''}`,
        [setting('Open Proxy Settings', 'http.proxy')],
      );
    case 'timeout': {
      const [what, key] = TIMEOUT_SETTINGS[err.code ?? ''] ?? [
        'the server did not answer in time',
        'gptWorkbench.timeouts.totalSeconds',
      ];
      return fail('timeout', `${prefix}Timed out${attempts}: ${what} (setting ${key}).`, [
        setting('Timeout Settings', key),
      ]);
    }
    case 'content_filter':
      return fail(
        'content_filter',
        `${prefix}The answer was stopped by OpenAI's content filter. This is a policy decision, not an error to retry.`,
        [],
        'warning',
      );
    case 'not_found':
      return fail('not_found', own, [setting('Model Settings', 'gptWorkbench.models')]);
    case 'server':
      return fail(
        'server',
        `${prefix}The API had a server error${err.status ? ` (${err.status})` : ''}${attempts}. Try again later, or set a fallback model.`,
        [setting('Fallback Models', 'gptWorkbench.models.fallback')],
      );
    default:
      return fail(err.kind, own);
  }
}
