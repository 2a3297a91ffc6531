// The generic door: any non-chat request (model list, embeddings, files, batches) gets the same stages as a chat —
// budget (when an estimate is given), a slot and the pacing gate of the scheduler, our retry policy, abort, and a
// ledger entry whether it succeeds or fails. `fn` makes one attempt with the Workbench's client.
import type OpenAI from 'openai';
import type { ChatOptions } from '../chat/types';
import type { BudgetGuard } from '../budget/budget';
import { clientSecrets, toApiError } from '../errorMapping';
import { ApiError } from '../errors';
import { entryFromError, type EntryContext } from '../ledger/entries';
import { ZERO_LEDGER_TOKENS, type LedgerEntry, type LedgerOperation } from '../ledger/types';
import type { ModelCatalogue } from '../models/catalogue';
import { abortableSleep } from '../retry/backoff';
import { isRetryable, resolveRetry, retryDelayMs } from '../retry/policy';
import { decideBudget } from './checks';
import type { RequestScheduler } from './scheduler';
import type { CallContext, CallMeta, CallOutcome, CallResult } from './types';

export interface CallDeps {
  client: OpenAI;
  scheduler: RequestScheduler;
  endpointLabel: string;
  catalogue: () => ModelCatalogue;
  budget?: BudgetGuard | null;
  chatOptions: () => ChatOptions;
  record(entry: LedgerEntry): Promise<void>;
  now: () => number;
}

export function createCall(deps: CallDeps) {
  return async function call<T>(
    operation: LedgerOperation,
    meta: CallMeta,
    fn: (ctx: CallContext) => Promise<CallOutcome<T>>,
  ): Promise<CallResult<T>> {
    const startedAt = deps.now();
    const ctx: EntryContext = {
      startedAt,
      endpoint: deps.endpointLabel,
      feature: meta.feature,
      operation,
      catalogue: deps.catalogue(),
      ...(meta.batch ? { batch: true } : {}),
    };
    if (meta.estimate && deps.budget) {
      await decideBudget(await deps.budget.checkEstimate(meta.estimate), meta.confirmBudget);
    }
    const secrets = clientSecrets(deps.client);
    const mapped = (err: unknown): ApiError => toApiError(err, { partial: '', model: meta.model, secrets });
    const retry = resolveRetry(meta.retry ?? deps.chatOptions().retry);
    const sleep = meta.sleep ?? deps.chatOptions().sleep ?? abortableSleep;
    const priority = meta.priority ?? 'background';
    let attempts = 0;
    let release: (() => void) | undefined;
    try {
      release = await deps.scheduler.acquire(priority, meta.signal).catch((err: unknown) => {
        throw mapped(err);
      });
      for (;;) {
        let outcome: CallOutcome<T>;
        try {
          await deps.scheduler.admit(priority, meta.tokens ?? 0, meta.signal);
          attempts++;
          outcome = await fn({ client: deps.client, signal: meta.signal, attempt: attempts });
        } catch (err) {
          const e = mapped(err);
          e.attempts = attempts;
          if (!isRetryable(e, false) || attempts >= retry.maxAttempts) throw e;
          const delay = retryDelayMs(e, attempts, retry, Math.random);
          if (delay === undefined) throw e;
          await sleep(delay, meta.signal).catch((abort: unknown) => {
            throw mapped(abort);
          });
          continue;
        }
        const entry = entryOf(outcome, attempts, ctx, meta.model, deps.now());
        await deps.record(entry);
        return { value: outcome.value, entry };
      }
    } catch (err) {
      const e = err instanceof ApiError ? err : mapped(err);
      e.attempts = attempts;
      const failed = entryFromError(e, meta.model, deps.now(), ctx);
      // A request priced by nobody (listing, uploads) costs nothing when it fails either.
      if (!meta.estimate) failed.costUsd = 0;
      await deps.record(failed);
      throw e;
    } finally {
      release?.();
    }
  };
}

function entryOf<T>(
  outcome: CallOutcome<T>,
  attempts: number,
  ctx: EntryContext,
  model: string,
  endedAt: number,
): LedgerEntry {
  const entry: LedgerEntry = {
    time: new Date(ctx.startedAt).toISOString(),
    requestId: outcome.requestId ?? null,
    endpoint: ctx.endpoint,
    operation: ctx.operation ?? 'other',
    model: outcome.model ?? model,
    feature: ctx.feature,
    status: 'ok',
    httpStatus: 200,
    attempts,
    tokens: { ...ZERO_LEDGER_TOKENS, ...outcome.tokens },
    ttftMs: null,
    latencyMs: endedAt - ctx.startedAt,
    costUsd: outcome.costUsd === undefined ? 0 : outcome.costUsd,
    cacheHit: false,
  };
  if (ctx.batch) entry.batch = true;
  return entry;
}
