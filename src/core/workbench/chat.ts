// The Workbench's chat, its stages in order: redaction → request builder (model rules, `auto` routing) → context
// fit (when asked) → response
// cache → moderation → budget → a scheduler slot → runChat (each attempt through the pacing gate; retries,
// timeouts, fallbacks) → ledger → cache store → the answer restored. A feature that goes through here cannot
// forget any of these.
import type OpenAI from 'openai';
import type { runChat as defaultRunChat } from '../chat/runChat';
import type { ChatOptions, ChatResult } from '../chat/types';
import type { BudgetGuard } from '../budget/budget';
import { isDeterministicRequest, responseCacheKey } from '../cache/cacheKey';
import { ResponseCache, type CachedResult } from '../cache/responseCache';
import { createStreamRestorer } from '../chat/redactMessages';
import { clientSecrets, toApiError } from '../errorMapping';
import { ApiError } from '../errors';
import { FLEX_TIMEOUTS, isFlexUnavailable } from '../retry/policy';
import { entryForCacheHit, entryFromError, entryFromResult, type EntryContext } from '../ledger/entries';
import type { LedgerEntry } from '../ledger/types';
import type { ModelCatalogue } from '../models/catalogue';
import { buildChatRequest, type ChatDraft, type GenerationSettings } from '../models/requestBuilder';
import { approxPromptTokens } from '../models/router';
import type { ModerationMode } from '../moderation/moderation';
import { checkModeration, decideBudget, type createModeration } from './checks';
import { fitToContext } from './contextFit';
import { findingsForAnswer, redactDraft, restoreError, restoreResult } from './redactionStage';
import type { RequestScheduler } from './scheduler';
import type { WorkbenchChatOptions, WorkbenchChatResult } from './types';

export interface ChatStageDeps {
  client: OpenAI;
  endpoint: { baseURL: string; label: string; identity: string };
  catalogue: () => ModelCatalogue;
  settings: () => GenerationSettings;
  chatOptions: () => ChatOptions;
  cache: () => ResponseCache | null;
  pureTools?: readonly string[];
  budget?: BudgetGuard | null;
  moderationMode: () => ModerationMode;
  moderate: ReturnType<typeof createModeration>;
  /** undefined: redaction off (only for tests of other stages). */
  personalData: (() => boolean) | undefined;
  scheduler: RequestScheduler;
  record(entry: LedgerEntry): Promise<void>;
  trackCacheWrite(write: Promise<void>): void;
  run: typeof defaultRunChat;
  /** Whether a flex request without capacity may go again at the default tier (the setting). */
  flexFallback: () => boolean;
  now: () => number;
}

export function createChat(deps: ChatStageDeps) {
  return async function chat(
    original: ChatDraft,
    options: WorkbenchChatOptions,
  ): Promise<WorkbenchChatResult> {
    const startedAt = deps.now();
    const redaction =
      deps.personalData === undefined
        ? undefined
        : await redactDraft(original, {
            personalData: deps.personalData(),
            known: options.knownRedactions,
            memo: options.redactionMemo,
          });
    const draft = redaction?.draft ?? original;
    const known = redaction?.known ?? [];
    const catalogue = deps.catalogue();
    const built = buildChatRequest(draft, catalogue, deps.settings());
    const fitted = options.fitContext ? await fitToContext(built.request, built.modelInfo) : undefined;
    const request = fitted?.request ?? built.request;
    const leftOutTurns = fitted?.leftOutTurns ?? 0;
    options.onPrepared?.({
      model: request.model,
      redactions: redaction?.found ?? [],
      leftOutTurns,
      ...(built.route ? { route: built.route } : {}),
    });
    const ctx: EntryContext = {
      startedAt,
      endpoint: deps.endpoint.label,
      feature: options.feature,
      catalogue,
    };
    const turn = options.turn;
    const tagged = (entry: LedgerEntry): LedgerEntry =>
      turn ? { ...entry, turnId: turn.id, round: turn.round } : entry;
    const extras = {
      request,
      adjustments: built.adjustments,
      redactions: redaction?.found ?? [],
      knownRedactions: known,
      leftOutTurns,
      ...(built.route ? { route: built.route } : {}),
    };
    const forAnswer = findingsForAnswer(known, request);
    const restorer = known.length > 0 ? createStreamRestorer(forAnswer) : undefined;
    const callerOnDelta = options.onDelta;
    const show = callerOnDelta && (restorer ? (t: string) => callerOnDelta(restorer.push(t)) : callerOnDelta);
    const endShow = (): void => {
      const rest = restorer?.flush();
      if (rest) callerOnDelta?.(rest);
    };

    const cache = deps.cache();
    const useCache =
      cache !== null &&
      options.cache !== false &&
      isDeterministicRequest(request, { pureTools: deps.pureTools });
    // The key is of the redacted request, and the cache keeps the redacted answer: no secret reaches the disk.
    const key = useCache ? responseCacheKey(deps.endpoint.identity, request) : undefined;
    const hit = key !== undefined ? cache!.get(key) : undefined;
    if (hit) {
      ResponseCache.replay(hit, show);
      endShow();
      const latencyMs = deps.now() - startedAt;
      await deps.record(tagged(entryForCacheHit(hit.result.model, latencyMs, ctx)));
      return restoreResult(
        {
          ...hit.result,
          attempts: 0,
          latencyMs,
          timeToFirstTokenMs: latencyMs,
          costUsd: 0,
          cacheHit: true,
          ...extras,
        },
        known,
        forAnswer,
      );
    }

    const moderation = await checkModeration(deps.moderationMode(), draft, options, deps.moderate);
    const budget = deps.budget
      ? await decideBudget(
          await deps.budget.check(request, built.modelInfo, options.feature),
          options.confirmBudget,
        )
      : undefined;

    // The deltas are only collected for the cache; without a key the stream goes straight to the caller.
    const deltas: string[] = [];
    const onDelta =
      key === undefined
        ? show
        : (text: string): void => {
            deltas.push(text);
            show?.(text);
          };
    const priority = options.priority ?? 'interactive';
    const tokens =
      approxPromptTokens(request.messages) + (request.max_completion_tokens ?? request.max_tokens ?? 0);
    let result: ChatResult;
    let release: (() => void) | undefined;
    try {
      release = await deps.scheduler.acquire(priority, options.signal).catch((err: unknown) => {
        throw toApiError(err, { partial: '', model: request.model, secrets: clientSecrets(deps.client) });
      });
      const send = (): Promise<ChatResult> => {
        const policy = { ...deps.chatOptions(), ...options.hooks };
        // Flex may queue before it starts: it gets the longer first-byte and total timeouts.
        const timeouts =
          request.service_tier === 'flex' && policy.timeouts !== false
            ? { ...policy.timeouts, ...FLEX_TIMEOUTS }
            : policy.timeouts;
        return deps.run(deps.client, request, {
          ...policy,
          timeouts,
          signal: options.signal,
          onDelta,
          beforeAttempt: (_attempt, signal) => deps.scheduler.admit(priority, tokens, signal),
          now: deps.now,
        });
      };
      try {
        result = await send();
      } catch (err) {
        if (!(err instanceof ApiError && isFlexUnavailable(err) && request.service_tier === 'flex'))
          throw err;
        if (!deps.flexFallback()) throw err;
        // Flex was full: the same request at the default tier, on a ledger line of its own at its own price.
        await deps.record(tagged(entryFromError(err, request.model, deps.now(), ctx)));
        request.service_tier = 'default';
        extras.adjustments.push(
          'flex had no capacity (429 resource_unavailable); sent again at the default tier',
        );
        ctx.startedAt = deps.now();
        result = await send();
      }
      endShow();
    } catch (err) {
      endShow();
      await deps.record(tagged(entryFromError(err, request.model, deps.now(), ctx)));
      throw restoreError(err, forAnswer);
    } finally {
      release?.();
    }
    const entry = tagged(entryFromResult(result, ctx));
    await deps.record(entry);
    if (key !== undefined && isCacheableAnswer(result)) {
      const { attempts: _a, latencyMs: _l, timeToFirstTokenMs: _t, ...kept } = result;
      deps.trackCacheWrite(cache!.set(key, deltas, kept satisfies CachedResult).catch(() => undefined));
    }
    return restoreResult(
      {
        ...result,
        costUsd: entry.costUsd,
        cacheHit: false,
        ...extras,
        ...(budget ? { budget } : {}),
        ...(moderation ? { moderation } : {}),
      },
      known,
      forAnswer,
    );
  };
}

/** Only complete, normal answers are replayed; a refusal or a cut answer is worth asking again. */
function isCacheableAnswer(result: ChatResult): boolean {
  return (
    (result.finishReason === 'stop' || result.finishReason === 'tool_calls') && result.refusal === undefined
  );
}
