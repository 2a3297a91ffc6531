// The Workbench's stages that may stop a request before it is sent: moderation of the user's input and the budget.
// Both ask the user through the caller's callbacks and throw WorkbenchError when the request must not go out.
import type OpenAI from 'openai';
import type { BudgetDecision } from '../budget/budget';
import { entryFromError, entryFromModeration, type EntryContext } from '../ledger/entries';
import type { LedgerEntry } from '../ledger/types';
import { MODERATION_MODEL, type ModelCatalogue } from '../models/catalogue';
import type { ChatDraft } from '../models/requestBuilder';
import {
  lastUserText,
  moderate,
  moderationDecision,
  type ModerationMode,
  type ModerationResult,
} from '../moderation/moderation';
import { WorkbenchError, type WorkbenchChatOptions } from './types';

export interface ModerationDeps {
  client: OpenAI;
  endpointLabel: string;
  catalogue: () => ModelCatalogue;
  record(entry: LedgerEntry): Promise<void>;
  now: () => number;
  /** Runs the moderation request through the scheduler (slot and pacing). */
  paced<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export function createModeration(deps: ModerationDeps) {
  return async function moderateAndRecord(
    input: string | string[],
    feature: string,
    signal?: AbortSignal,
  ): Promise<ModerationResult> {
    const ctx: EntryContext = {
      startedAt: deps.now(),
      endpoint: deps.endpointLabel,
      feature,
      operation: 'moderation',
      catalogue: deps.catalogue(),
    };
    try {
      const result = await deps.paced(() => moderate(deps.client, input, { signal, now: deps.now }), signal);
      await deps.record(entryFromModeration(result, ctx));
      return result;
    } catch (err) {
      await deps.record(entryFromError(err, MODERATION_MODEL, deps.now(), ctx));
      throw err;
    }
  };
}

/** Moderates the draft's last user message when the mode asks for it; throws when it must not be sent. */
export async function checkModeration(
  mode: ModerationMode,
  draft: ChatDraft,
  options: WorkbenchChatOptions,
  moderateAndRecord: ReturnType<typeof createModeration>,
): Promise<ModerationResult | undefined> {
  if (mode === 'off' || options.moderate === false) return undefined;
  const text = lastUserText(draft.messages);
  if (!text.trim()) return undefined;
  let result: ModerationResult;
  try {
    result = await moderateAndRecord(text, options.feature, options.signal);
  } catch (err) {
    // Fail closed only where the user asked for blocking; in warn mode an outage must not stop the chat.
    if (mode === 'block') throw err;
    return undefined;
  }
  const decision = moderationDecision(mode, result);
  if (decision.action === 'block')
    throw new WorkbenchError('moderation_blocked', decision.message, undefined, result);
  if (decision.action === 'warn' && options.confirmModeration) {
    if (!(await options.confirmModeration(result, decision))) {
      throw new WorkbenchError(
        'cancelled',
        'Not sent: cancelled after the moderation warning.',
        undefined,
        result,
      );
    }
  }
  return result;
}

/**
 * Applies a budget decision: a warn proceeds unless the user says no, a block stops unless the user overrides,
 * and a hard stop stops.
 */
export async function decideBudget(
  decision: BudgetDecision,
  confirm: ((decision: BudgetDecision) => Promise<boolean>) | undefined,
): Promise<BudgetDecision> {
  if (decision.level === 'ok') return decision;
  const message = decision.reasons.join(' ');
  // A hard stop (gptWorkbench.budget.onLimit = block) asks nobody: there is no "Send anyway" to offer.
  if (decision.hardStop) throw new WorkbenchError('budget_blocked', message, decision);
  if (confirm) {
    if (!(await confirm(decision))) {
      throw new WorkbenchError(
        decision.level === 'block' ? 'budget_blocked' : 'cancelled',
        message,
        decision,
      );
    }
  } else if (decision.level === 'block') {
    throw new WorkbenchError('budget_blocked', message, decision);
  }
  return decision;
}
