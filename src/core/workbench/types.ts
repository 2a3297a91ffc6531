// The Workbench's public shapes: what it is built from, what a request asks of it, what it answers.
import type OpenAI from 'openai';
import type { runChat } from '../chat/runChat';
import type { ChatCallbacks, ChatOptions, ChatRequest, ChatResult, RetryOptions } from '../chat/types';
import type { BudgetDecision, BudgetGuard } from '../budget/budget';
import type { RequestEstimate } from '../budget/estimate';
import type { ResponseCache } from '../cache/responseCache';
import type { LedgerStore } from '../ledger/ledgerStore';
import type { LedgerEntry, LedgerOperation, LedgerTokens } from '../ledger/types';
import type { ModelCatalogue } from '../models/catalogue';
import type { ChatDraft, GenerationSettings } from '../models/requestBuilder';
import type { RouteDecision } from '../models/router';
import type { ModerationDecision, ModerationMode, ModerationResult } from '../moderation/moderation';
import type { RedactionMemo } from '../chat/redactMessages';
import type { RedactionFinding } from '../redaction';
import type { RequestPriority, RequestScheduler, SchedulerClock } from './scheduler';
import type { EmbeddingsApi } from './embeddingsApi';
import type { BatchApi } from './batchApi';

export type Live<T> = T | (() => T);
export const read = <T>(v: Live<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

export interface WorkbenchDeps {
  client: OpenAI;
  /**
   * Base URL and ledger label; default: the client's base URL. `identity` tells accounts on one base URL apart in
   * the response cache (see `endpointIdentity`); default: derived from the client.
   */
  endpoint?: { baseURL: string; label: string; identity?: string };
  ledger: Pick<LedgerStore, 'append' | 'flush'>;
  catalogue: Live<ModelCatalogue>;
  cache?: ResponseCache | null;
  /** Turns the cache off without dropping it (the setting). Default on when a cache is given. */
  cacheEnabled?: Live<boolean>;
  /** Tools without side effects: requests offering only these stay cacheable. */
  pureTools?: readonly string[];
  budget?: BudgetGuard | null;
  moderation?: { mode: Live<ModerationMode> } | null;
  /** Redaction of every request (secrets always). Default on; `personalData` follows the setting. */
  redaction?: { personalData: Live<boolean> } | false;
  /** Requests in flight at once on this endpoint (default 8). */
  maxConcurrent?: Live<number>;
  /** A scheduler to share (tests, the bench's baseline); default: one per Workbench, pacing on. */
  scheduler?: RequestScheduler;
  /** Generation defaults from settings (route rules for `auto` among them). */
  settings?: Live<GenerationSettings>;
  /** runChat policies from settings (retry, timeouts, fallbackModels). */
  chatOptions?: Live<ChatOptions>;
  now?: () => number;
  /** The clock the scheduler and the generic door wait with (tests). */
  clock?: SchedulerClock;
  /** Injectable for tests; default the core's runChat. */
  runChat?: typeof runChat;
  /** A flex request that finds no capacity (429 resource_unavailable) is sent again at the default tier. */
  flexFallback?: Live<boolean>;
}

export interface WorkbenchChatOptions {
  /** Which feature asks (`chat`, `task.explain`…): the ledger's grouping. */
  feature: string;
  signal?: AbortSignal;
  /** Answer text as it streams, secrets already restored. */
  onDelta?: (text: string) => void;
  /** Interactive requests (default) go ahead of background ones when the endpoint is busy. */
  priority?: RequestPriority;
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
  /**
   * Findings of earlier requests of the same conversation, so a value keeps its placeholder across turns. Holds
   * secret values: keep in memory only.
   */
  knownRedactions?: readonly RedactionFinding[];
  /** Reuses the redaction work of the conversation's previous request (in memory only: it holds the values). */
  redactionMemo?: RedactionMemo;
  /**
   * Leave out the oldest turns that do not fit the context window of the model the request goes to (after `auto`
   * is routed); the system prompt and the newest turn always stay. For conversations; tasks check their size.
   */
  fitContext?: boolean;
  /** Called once the request is ready to go (redacted, routed, fitted), before the cache, checks and sending. */
  onPrepared?: (prepared: PreparedRequest) => void;
  /** Other runChat callbacks and per-call policy overrides. */
  hooks?: Omit<ChatCallbacks, 'signal' | 'onDelta'> & ChatOptions;
}

/** What the Workbench made of a draft before sending it. */
export interface PreparedRequest {
  /** The model asked for (`auto` resolved); the answer's `model` names the one that answered. */
  model: string;
  route?: RouteDecision;
  /** What this request withholds, one entry per value, in order of first appearance. */
  redactions: RedactionFinding[];
  /** Whole turns left out to fit the context window (`fitContext`). */
  leftOutTurns: number;
}

export interface WorkbenchChatResult extends ChatResult {
  costUsd: number | null;
  cacheHit: boolean;
  /** The request as sent (after the model rules, routing and redaction). */
  request: ChatRequest;
  adjustments: string[];
  route?: RouteDecision;
  budget?: BudgetDecision;
  moderation?: ModerationResult;
  /** What this request withheld (one entry per value); the answer has them back. */
  redactions: RedactionFinding[];
  /** Everything placeholders may refer to after this request (pass as `knownRedactions` next time). */
  knownRedactions: RedactionFinding[];
  /** Whole turns left out to fit the context window (`fitContext`). */
  leftOutTurns: number;
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

/** How one request of the generic door is described: the ledger's names, pacing, budget, retries. */
export interface CallMeta {
  feature: string;
  /** The ledger's model column: the model used, or what was called (`models.list`, `files.create`). */
  model: string;
  signal?: AbortSignal;
  /** Default `background`: bulk work (indexing, uploads) waits behind the chat. */
  priority?: RequestPriority;
  /** Tokens this request spends of the endpoint's token rate limit (pacing); default 0. */
  tokens?: number;
  /** When given, the budget is checked first (as for chat); nothing is sent if it blocks. */
  estimate?: RequestEstimate;
  confirmBudget?: (decision: BudgetDecision) => Promise<boolean>;
  /** Retry policy overrides; `false` for one attempt. Default: the chat's retry settings. */
  retry?: Partial<RetryOptions> | false;
  /** Injectable wait between retries (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  batch?: boolean;
}

/** What `fn` gets for each attempt. */
export interface CallContext {
  /** The Workbench's client: use it (never another) so pacing sees the answer's headers. */
  client: OpenAI;
  /** Aborts when the caller's signal does. */
  signal: AbortSignal | undefined;
  /** 1-based. */
  attempt: number;
}

/** What one successful attempt produced, and what the ledger should say about it. */
export interface CallOutcome<T> {
  value: T;
  requestId?: string;
  /** The model that answered, when it differs from `meta.model`. */
  model?: string;
  tokens?: Partial<LedgerTokens>;
  /** Default 0 (listing, uploads); null when unknown. */
  costUsd?: number | null;
}

export interface CallResult<T> {
  value: T;
  entry: LedgerEntry;
}

export interface Workbench {
  chat(draft: ChatDraft, options: WorkbenchChatOptions): Promise<WorkbenchChatResult>;
  /**
   * The model a draft would go to (`auto` routed by the same rules and settings as `chat`), for callers that must
   * know it before building their request (a task's Structured Outputs and size check).
   */
  resolveModel(draft: Pick<ChatDraft, 'model' | 'kind' | 'messages'>): {
    model: string;
    route?: RouteDecision;
  };
  /** Moderates `input` and records the request in the ledger. */
  moderate(input: string | string[], feature: string, signal?: AbortSignal): Promise<ModerationResult>;
  /** GET /v1/models: the ids the endpoint lists, recorded as an `other` request costing $0. */
  listModels(feature: string, options?: { signal?: AbortSignal; retry?: false }): Promise<string[]>;
  /**
   * The generic door for every non-chat request (embeddings, files, batches): pacing, retries, budget (with an
   * estimate), abort and the ledger entry — success or failure — around `fn`, which makes one attempt.
   */
  call<T>(
    operation: LedgerOperation,
    meta: CallMeta,
    fn: (ctx: CallContext) => Promise<CallOutcome<T>>,
  ): Promise<CallResult<T>>;
  /** Files and Batches endpoints over `call` (background priority): batch jobs use only this. */
  readonly batches: BatchApi;
  /** POST /v1/embeddings over `call` (background priority by default, budget from the estimate, priced). */
  readonly embeddings: EmbeddingsApi;
  /**
   * A request as it would be sent, for a batch input line: redacted (secrets always, personal data by the setting)
   * and built by the model's rules. The service tier setting does not apply (a batch has its own price).
   */
  batchRequest(
    draft: ChatDraft,
  ): Promise<{ request: ChatRequest; adjustments: string[]; redactedKinds: string[] }>;
  /** Records a ledger entry the Workbench did not make itself (kept for entries built elsewhere). */
  record(entry: LedgerEntry): Promise<void>;
  /** Waits for pending ledger and cache writes. */
  flush(): Promise<void>;
  readonly endpoint: { baseURL: string; label: string };
  readonly scheduler: RequestScheduler;
}
