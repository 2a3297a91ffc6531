// The core's public face: the host and the tests import from here and nowhere deeper.
export { ApiError, UnplaceableEditError } from './errors';
export type { ApiErrorKind, ApiErrorInit } from './errors';
export { createOpenAIClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './openaiClient';
export type { OpenAIClientOptions, OpenAI } from './openaiClient';
export {
  classifyApiKey,
  describeKeyKind,
  keyLast4,
  keyAgeDays,
  shouldRemindRotation,
  formatAge,
  redactKeys,
  verifyApiKey,
  ROTATION_DAYS,
  REMINDER_INTERVAL_MS,
} from './apiKeyPolicy';
export type { ApiKeyKind, ClassifyOptions, KeyClassification, KeyVerification } from './apiKeyPolicy';
export { runChat } from './chat/runChat';
export type {
  ChatRequest,
  ChatResult,
  ChatToolCall,
  ChatUsage,
  ChatHooks,
  ChatCallbacks,
  ChatOptions,
  RetryOptions,
  TimeoutOptions,
} from './chat/types';
export {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  FLEX_TIMEOUTS,
  isFlexUnavailable,
  isRetryable,
  retryDelayMs,
  allowsFallback,
} from './retry/policy';
export { backoffDelayMs, retryAfterMsFromHeaders, abortableSleep } from './retry/backoff';
export { toApiError, scrubKeys, describeError, formatDuration, BILLING_URL } from './errorMapping';
export type { FailureContext, FailureDescription, FailureStep } from './errorMapping';
// Production discipline: models, cost, ledger, budgets, response cache, moderation, endpoints, facade.
export {
  ModelCatalogue,
  priceForTier,
  offersFlex,
  tierOfServed,
  BUILTIN_MODELS,
  BATCH_DISCOUNT,
  DEFAULT_MODEL,
  MODERATION_MODEL,
  PRICE_SOURCE,
  PRICE_DATE,
  baseModelId,
  fetchAvailableModelIds,
} from './models/catalogue';
export type {
  ModelInfo,
  ModelKind,
  ModelPrice,
  ModelOverride,
  ModelOverrides,
  CatalogueOptions,
} from './models/catalogue';
export { TIER_PRICES, TIER_PRICE_SOURCE, TIER_PRICE_DATE } from './models/tierPrices';
export type { PriceTier } from './models/tierPrices';
export {
  AUTO_MODEL,
  DEFAULT_ROUTE_RULES,
  routeModel,
  routeCandidates,
  approxPromptTokens,
} from './models/router';
export type { RouteRule, RouteInput, RouteDecision, TaskKind } from './models/router';
export { buildChatRequest, assemblePrompt } from './models/requestBuilder';
export type {
  ChatDraft,
  GenerationSettings,
  BuiltRequest,
  PromptParts,
  ResponseFormat,
  ServiceTierSetting,
} from './models/requestBuilder';
export { computeCostUsd, estimateCostUsd, formatUsd, roundUsd } from './cost/cost';
export type { TokenCounts, CostOptions } from './cost/cost';
export { LedgerStore } from './ledger/ledgerStore';
export type { LedgerStoreOptions, LedgerListener, Disposable } from './ledger/ledgerStore';
export {
  monthKey,
  dayKey,
  ledgerFileName,
  endpointLabel,
  formatLedgerLine,
  ZERO_LEDGER_TOKENS,
} from './ledger/types';
export type { LedgerEntry, LedgerTokens, LedgerOperation } from './ledger/types';
export {
  summarizeUsage,
  totalsOf,
  previousDailyTotals,
  spendSoFar,
  isModelOperation,
} from './ledger/summary';
export { usageMarkdown, spendReportMarkdown, type UsagePageInfo } from './ledger/usageMarkdown';
export type { UsageSummary, UsageTotals, UsageGroup } from './ledger/summary';
export { ledgerToCsv, ledgerToJsonl, CSV_COLUMNS } from './ledger/export';
export { entryFromResult, entryFromError, entryFromModeration, entryForCacheHit } from './ledger/entries';
export type { EntryContext } from './ledger/entries';
export { BudgetGuard, checkLimits, detectSpike, DEFAULT_WARN_RATIO, SPIKE_FACTOR } from './budget/budget';
export type { BudgetLimits, BudgetDecision, BudgetLevel, SpikeInfo, LedgerReader } from './budget/budget';
export {
  estimateRequest,
  countRequestTokens,
  expectedOutput,
  medianOf,
  DEFAULT_TYPICAL_OUTPUT_TOKENS,
} from './budget/estimate';
export type { OutputHistory } from './budget/estimate';
export type { RequestEstimate } from './budget/estimate';
export { loadTokenCounter, isTokenCounterLoaded, countMessageTokens } from './tokens';
export type { TokenCounter } from './tokens';
export {
  ResponseCache,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_CACHE_MAX_ENTRIES,
  DEFAULT_CACHE_MAX_BYTES,
} from './cache/responseCache';
export type { CachedResponse, CachedResult, ResponseCacheOptions } from './cache/responseCache';
export { isDeterministicRequest, responseCacheKey, canonicalJson } from './cache/cacheKey';
export { moderate, moderationDecision, lastUserText } from './moderation/moderation';
export type {
  ModerationMode,
  ModerationResult,
  ModerationDecision,
  ModerationAction,
} from './moderation/moderation';
export { createClientForEndpoint, resolveHeaderValues, NO_KEY_PLACEHOLDER } from './endpoints/endpoints';
export { plainHttpWarning } from './endpoints/transportSecurity';
export {
  resolveEndpointConfig,
  isCustomBaseUrl,
  azureKeyMissingMessage,
  EndpointKeyMissingError,
} from './endpoints/endpointConfig';
export type { EndpointSettingsInput, EndpointCredentials } from './endpoints/endpointConfig';
export type {
  EndpointConfig,
  OpenAIEndpointConfig,
  CompatibleEndpointConfig,
  AzureEndpointConfig,
  EndpointClient,
} from './endpoints/endpoints';
export {
  createWorkbench,
  WorkbenchError,
  decideBudget,
  RequestScheduler,
  DEFAULT_MAX_CONCURRENT,
  readRateLimits,
  parseResetDuration,
  endpointIdentity,
  createBatchApi,
  toSnapshot,
  createEmbeddingsApi,
} from './workbench';
export type {
  Workbench,
  WorkbenchDeps,
  WorkbenchChatOptions,
  WorkbenchChatResult,
  WorkbenchErrorKind,
  CallMeta,
  CallContext,
  CallOutcome,
  CallResult,
  PreparedRequest,
  RequestPriority,
  SchedulerClock,
  SchedulerOptions,
  RateLimitReading,
  BatchApi,
  BatchApiOptions,
  BatchSnapshot,
  BatchStatus,
  Door,
  EmbeddingsApi,
  EmbeddingsRequest,
  EmbeddingsResult,
} from './workbench';
// Code tasks: explain, refactor, extract, fix, user tasks; and the pure edit planning for refactors.
export * from './tasks';
export * from './edits';
// Secret and personal-data redaction. (`scrubKeys` above only scrubs keys out of error messages.)
export { redactSecrets, restoreSecrets, describeRedactions, kindLabel } from './redaction';
export type { RedactionFinding, RedactOptions, RedactionResult, RedactionKind } from './redaction';
export {
  redactMessages,
  RedactionMemo,
  createStreamRestorer,
  describeRequestRedactions,
} from './chat/redactMessages';
export type { RedactMessagesOptions, RedactedMessages, StreamRestorer } from './chat/redactMessages';
// Chat history (atomic one-file-per-conversation store) and context-window trimming.
export * from './history';
export { trimToContextWindow } from './chat/contextWindow';
export type { TrimOptions, TrimResult } from './chat/contextWindow';
// Batch jobs: a task over many files through the Batch API, and the Files/Batches door they use.
export * from './batch';
// The chat turn and the conversation state, behind the port the host implements (chat/chatPort.ts).
export { ChatSession } from './chat/chatSession';
export type { ChatSessionDeps } from './chat/chatSession';
export { TurnRunner } from './chat/chatTurn';
export { CHAT_SYSTEM_PROMPT, chatSystemPrompt } from './chat/systemPrompt';
export type { TurnRunnerDeps } from './chat/chatTurn';
export type {
  ChatPort,
  ChatSettings,
  ChatHistoryPort,
  ChatEditorPort,
  ChatViewSink,
  OfferedAction,
  FailurePresentation,
} from './chat/chatPort';
export { toApiMessages, newUserMessage, snapshotOf, conversationSummaries } from './chat/conversation';
export { DeltaBatcher } from './chat/deltaBatcher';
export {
  workspaceQuestion,
  buildWorkspaceContext,
  WORKSPACE_CHUNKS,
  WORKSPACE_CONTEXT_CHARS,
} from './chat/workspaceContext';
export type { WorkspaceContext } from './chat/workspaceContext';
export { AnsweredQuestions, cosine } from './chat/answeredQuestions';
export type {
  AnsweredBeforeSettings,
  AnsweredQuestionsOptions,
  QuestionVector,
} from './chat/answeredQuestions';
export { AnsweredBeforeOffers } from './chat/answeredBeforeOffers';
export { buildWelcome, formatChord, isOfferedWelcomeAction } from './chat/welcome';
export type { ManifestCommand, ManifestKeybinding, WelcomeInput } from './chat/welcome';
export { OfferedActions, RETRY_ACTION, presentFailure, sameAction } from './chat/offeredActions';
export { ChatModels, cannotReadImages } from './chat/chatModels';
export type { ChatModelSources } from './chat/chatModels';
export { MessageActions } from './chat/messageActions';
export { createChatBackend, describeFailure } from './chat/turnBackend';
export type {
  ChatBackend,
  ChatBackendDeps,
  ChatTurnRequest,
  ChatTurnResult,
  TurnFailure,
} from './chat/turnBackend';
// Function calling: the tool loop over the Workbench, the tool registry and the workspace path guards.
export * from './tools';
// Workspace index: embeddings + keyword search over the user's code.
export * from './workspaceIndex';
// VS Code's language-model chat (model picker, participants) ↔ our drafts, without vscode types.
export {
  toChatDraft,
  classifyPart,
  countLmTokens,
  answerTail,
  toolCallInput,
  LmRequestError,
} from './languageModels/messages';
export type {
  LmMessage,
  LmRole,
  LmTool,
  LmRequestOptions,
  LmPart,
  LmAnswerPart,
} from './languageModels/messages';
export { lmModelInformation } from './languageModels/modelInformation';
export type { LmModelInformation } from './languageModels/modelInformation';
