// The one door to chat completions for every feature: it builds the request by the model's rules, answers from the
// response cache when it may, moderates the input, checks the budget, calls runChat (retries, timeouts, fallbacks)
// and records the ledger entry — success or failure — with its cost. A feature that goes through here cannot
// forget any of these.
import type OpenAI from 'openai';
import { runChat as defaultRunChat } from './chat/runChat';
import type { ChatCallbacks, ChatOptions, ChatRequest, ChatResult } from './chat/types';
import type { BudgetDecision, BudgetGuard } from './budget/budget';
import { isDeterministicRequest, responseCacheKey } from './cache/cacheKey';
import { ResponseCache, type CachedResult } from './cache/responseCache';
import {
  entryForCacheHit,
  entryFromError,
  entryFromModeration,
  entryFromResult,
  type EntryContext,
} from './ledger/entries';
import type { LedgerStore } from './ledger/ledgerStore';
import { endpointLabel, type LedgerEntry } from './ledger/types';
import { MODERATION_MODEL, type ModelCatalogue } from './models/catalogue';
import { FLEX_TIMEOUTS, isFlexUnavailable } from './retry/policy';
import { ApiError } from './errors';
import { createBatchApi, type BatchApi } from './api/batchApi';
import { buildChatRequest, type ChatDraft, type GenerationSettings } from './models/requestBuilder';
import type { RouteDecision } from './models/router';
import {
  lastUserText,
  moderate,
  moderationDecision,
  type ModerationDecision,
  type ModerationMode,
  type ModerationResult,
} from './moderation/moderation';

type Live<T> = T | (() => T);
const read = <T>(v: Live<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

export interface WorkbenchDeps {
  client: OpenAI;
  /** Base URL (cache key) and ledger label; default: the client's base URL. */
  endpoint?: { baseURL: string; label: string };
  ledger: Pick<LedgerStore, 'append' | 'flush'>;
  catalogue: Live<ModelCatalogue>;
  cache?: ResponseCache | null;
  /** Turns the cache off without dropping it (the setting). Default on when a cache is given. */
  cacheEnabled?: Live<boolean>;
  /** Tools without side effects: requests offering only these stay cacheable. */
  pureTools?: readonly string[];
  budget?: BudgetGuard | null;
  moderation?: { mode: Live<ModerationMode> } | null;
  /** Generation defaults from settings. */
  settings?: Live<GenerationSettings>;
  /** runChat policies from settings (retry, timeouts, fallbackModels). */
  chatOptions?: Live<ChatOptions>;
  now?: () => number;
  /** Injectable for tests; default the core's runChat. */
  runChat?: typeof defaultRunChat;
  /** A flex request that finds no capacity (429 resource_unavailable) is sent again at the default tier. */
  flexFallback?: Live<boolean>;
}

export interface WorkbenchChatOptions {
  /** Which feature asks (`chat`, `task.explain`…): the ledger's grouping. */
  feature: string;
  signal?: AbortSignal;
  onDelta?: (text: string) => void;
  /** Asked on a budget warn or block; false cancels. Without it a warn proceeds and a block cancels. */
  confirmBudget?: (decision: BudgetDecision) => Promise<boolean>;
  /** Asked when moderation flags input in `warn` mode; false cancels. Without it the input is sent. */
  confirmModeration?: (result: ModerationResult, decision: ModerationDecision) => Promise<boolean>;
  /** Moderate this request's last user message (default true; the mode setting still decides). */
  moderate?: boolean;
  /** Use the response cache for this request (default true). */
  cache?: boolean;
  /** The user turn and round this request belongs to (tool loops): kept on its ledger line. */
  turn?: { id: string; round: number };
  /** Other runChat callbacks and per-call policy overrides. */
  hooks?: Omit<ChatCallbacks, 'signal' | 'onDelta'> & ChatOptions;
}

export interface WorkbenchChatResult extends ChatResult {
  costUsd: number | null;
  cacheHit: boolean;
  /** The request as sent (after the model rules). */
  request: ChatRequest;
  adjustments: string[];
  route?: RouteDecision;
  budget?: BudgetDecision;
  moderation?: ModerationResult;
}

export type WorkbenchErrorKind = 'budget_blocked' | 'moderation_blocked' | 'cancelled';

/** A request the workbench did not send, by policy or by the user's choice. Nothing was billed. */
export class WorkbenchError extends Error {
  constructor(
    readonly kind: WorkbenchErrorKind,
    message: string,
    readonly budget?: BudgetDecision,
    readonly moderation?: ModerationResult,
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }
}

export interface Workbench {
  chat(draft: ChatDraft, options: WorkbenchChatOptions): Promise<WorkbenchChatResult>;
  /** Moderates `input` and records the request in the ledger. */
  moderate(input: string | string[], feature: string, signal?: AbortSignal): Promise<ModerationResult>;
  /** For features that call other endpoints (embeddings, files, batches): record their requests here. */
  record(entry: LedgerEntry): Promise<void>;
  /** Files and Batches endpoints (retried, key-scrubbed, every call in the ledger): batch jobs use only this. */
  readonly batches: BatchApi;
  /** Waits for pending ledger and cache writes. */
  flush(): Promise<void>;
  readonly endpoint: { baseURL: string; label: string };
}

export function createWorkbench(deps: WorkbenchDeps): Workbench {
  const now = deps.now ?? Date.now;
  const run = deps.runChat ?? defaultRunChat;
  const endpoint = deps.endpoint ?? {
    baseURL: deps.client.baseURL,
    label: endpointLabel(deps.client.baseURL),
  };
  const pendingCacheWrites = new Set<Promise<void>>();

  const record = async (entry: LedgerEntry): Promise<void> => {
    await deps.ledger.append(entry);
  };

  async function moderateAndRecord(input: string | string[], feature: string, signal?: AbortSignal) {
    const ctx: EntryContext = {
      startedAt: now(),
      endpoint: endpoint.label,
      feature,
      operation: 'moderation',
      catalogue: read(deps.catalogue),
    };
    try {
      const result = await moderate(deps.client, input, { signal, now });
      await record(entryFromModeration(result, ctx));
      return result;
    } catch (err) {
      await record(entryFromError(err, MODERATION_MODEL, now(), ctx));
      throw err;
    }
  }

  async function checkModeration(
    draft: ChatDraft,
    options: WorkbenchChatOptions,
  ): Promise<ModerationResult | undefined> {
    const mode = deps.moderation ? read(deps.moderation.mode) : 'off';
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

  async function checkBudget(
    request: ChatRequest,
    built: ReturnType<typeof buildChatRequest>,
    options: WorkbenchChatOptions,
  ): Promise<BudgetDecision | undefined> {
    if (!deps.budget) return undefined;
    const decision = await deps.budget.check(request, built.modelInfo);
    if (decision.level === 'ok') return decision;
    const message = decision.reasons.join(' ');
    if (options.confirmBudget) {
      if (!(await options.confirmBudget(decision))) {
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

  async function chat(draft: ChatDraft, options: WorkbenchChatOptions): Promise<WorkbenchChatResult> {
    const startedAt = now();
    const catalogue = read(deps.catalogue);
    const built = buildChatRequest(draft, catalogue, deps.settings ? read(deps.settings) : {});
    const request = built.request;
    const ctx: EntryContext = { startedAt, endpoint: endpoint.label, feature: options.feature, catalogue };
    const turn = options.turn;
    const tagged = (entry: LedgerEntry): LedgerEntry =>
      turn ? { ...entry, turnId: turn.id, round: turn.round } : entry;
    const extras = {
      request,
      adjustments: built.adjustments,
      ...(built.route ? { route: built.route } : {}),
    };

    const useCache =
      deps.cache != null &&
      options.cache !== false &&
      (deps.cacheEnabled === undefined || read(deps.cacheEnabled)) &&
      isDeterministicRequest(request, { pureTools: deps.pureTools });
    const key = useCache ? responseCacheKey(endpoint.baseURL, request) : undefined;
    const hit = key !== undefined ? deps.cache!.get(key) : undefined;
    if (hit) {
      ResponseCache.replay(hit, options.onDelta);
      const latencyMs = now() - startedAt;
      await record(tagged(entryForCacheHit(hit.result.model, latencyMs, ctx)));
      return {
        ...hit.result,
        attempts: 0,
        latencyMs,
        timeToFirstTokenMs: latencyMs,
        costUsd: 0,
        cacheHit: true,
        ...extras,
      };
    }

    const moderation = await checkModeration(draft, options);
    const budget = await checkBudget(request, built, options);

    // The deltas are only collected for the cache; without a key the caller's callback goes straight to the stream.
    const deltas: string[] = [];
    const callerOnDelta = options.onDelta;
    const onDelta =
      key === undefined
        ? callerOnDelta
        : (text: string): void => {
            deltas.push(text);
            callerOnDelta?.(text);
          };
    const send = (sent: ChatRequest): Promise<ChatResult> => {
      const policy = { ...(deps.chatOptions ? read(deps.chatOptions) : {}), ...options.hooks };
      const timeouts =
        sent.service_tier === 'flex' && policy.timeouts !== false
          ? { ...policy.timeouts, ...FLEX_TIMEOUTS }
          : policy.timeouts;
      return run(deps.client, sent, { ...policy, timeouts, signal: options.signal, onDelta, now });
    };
    let result: ChatResult;
    try {
      result = await send(request);
    } catch (err) {
      await record(tagged(entryFromError(err, request.model, now(), ctx)));
      const fallback = deps.flexFallback === undefined ? false : read(deps.flexFallback);
      if (!(fallback && err instanceof ApiError && isFlexUnavailable(err) && request.service_tier === 'flex'))
        throw err;
      // Flex was full: the same request at the default tier (recorded on its own line, at its own price).
      request.service_tier = 'default';
      extras.adjustments.push(
        'flex had no capacity (429 resource_unavailable); sent again at the default tier',
      );
      try {
        result = await send(request);
      } catch (again) {
        await record(tagged(entryFromError(again, request.model, now(), { ...ctx, startedAt: now() })));
        throw again;
      }
    }
    const entry = tagged(entryFromResult(result, ctx));
    await record(entry);
    if (key !== undefined && isCacheableAnswer(result)) {
      const { attempts: _a, latencyMs: _l, timeToFirstTokenMs: _t, ...kept } = result;
      const write = deps.cache!.set(key, deltas, kept satisfies CachedResult).catch(() => undefined);
      pendingCacheWrites.add(write);
      void write.finally(() => pendingCacheWrites.delete(write));
    }
    return {
      ...result,
      costUsd: entry.costUsd,
      cacheHit: false,
      ...extras,
      ...(budget ? { budget } : {}),
      ...(moderation ? { moderation } : {}),
    };
  }

  return {
    chat,
    moderate: moderateAndRecord,
    record,
    batches: createBatchApi({ client: deps.client, endpoint: endpoint.label, record, now }),
    endpoint,
    async flush() {
      await Promise.all([...pendingCacheWrites]);
      await deps.ledger.flush();
      await deps.cache?.flush();
    },
  };
}

/** Only complete, normal answers are replayed; a refusal or a cut answer is worth asking again. */
function isCacheableAnswer(result: ChatResult): boolean {
  return (
    (result.finishReason === 'stop' || result.finishReason === 'tool_calls') && result.refusal === undefined
  );
}
