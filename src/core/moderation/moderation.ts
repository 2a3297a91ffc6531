// Input moderation: user chat input goes through /v1/moderations (omni-moderation-latest) before it is sent, when
// the setting asks. `warn` shows the flagged categories and lets the user send anyway; `block` never sends flagged
// input. Moderation is free, but it is still a request: it is timed and recorded in the ledger like any other.
import type OpenAI from 'openai';
import { clientSecrets, toApiError } from '../errorMapping';
import { MODERATION_MODEL } from '../models/catalogue';

export type ModerationMode = 'off' | 'warn' | 'block';

export interface ModerationResult {
  flagged: boolean;
  /** Flagged category names (`harassment`, `self-harm/intent`, …), sorted, across all inputs. */
  categories: string[];
  model: string;
  requestId?: string;
  latencyMs: number;
}

export interface ModerateOptions {
  signal?: AbortSignal;
  model?: string;
  now?: () => number;
}

export async function moderate(
  client: OpenAI,
  input: string | string[],
  options: ModerateOptions = {},
): Promise<ModerationResult> {
  const now = options.now ?? Date.now;
  const model = options.model ?? MODERATION_MODEL;
  const started = now();
  try {
    const { data, request_id } = await client.moderations
      .create({ model, input }, { signal: options.signal, maxRetries: 0 })
      .withResponse();
    const categories = new Set<string>();
    let flagged = false;
    for (const r of data.results) {
      flagged ||= r.flagged;
      for (const [name, on] of Object.entries(r.categories ?? {})) if (on) categories.add(name);
    }
    const result: ModerationResult = {
      flagged,
      categories: [...categories].sort(),
      model: data.model ?? model,
      latencyMs: now() - started,
    };
    if (request_id) result.requestId = request_id;
    return result;
  } catch (err) {
    throw toApiError(err, { partial: '', model, secrets: clientSecrets(client) });
  }
}

export type ModerationAction = 'send' | 'warn' | 'block';

export interface ModerationDecision {
  action: ModerationAction;
  /** What to show the user; empty when the input passed. */
  message: string;
}

export function moderationDecision(mode: ModerationMode, result: ModerationResult): ModerationDecision {
  if (mode === 'off' || !result.flagged) return { action: 'send', message: '' };
  const list = result.categories.length ? result.categories.join(', ') : 'unspecified';
  return mode === 'block'
    ? { action: 'block', message: `Not sent: the moderation check flagged this input (${list}).` }
    : { action: 'warn', message: `The moderation check flagged this input (${list}). Send it anyway?` };
}

/** The text moderation looks at: the last user message (earlier turns were checked when they were new). */
export function lastUserText(messages: readonly { role: string; content?: unknown }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return (m.content as { type?: string; text?: string }[])
        .map((p) => (typeof p.text === 'string' ? p.text : ''))
        .join('\n');
    }
    return '';
  }
  return '';
}
