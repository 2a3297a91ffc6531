// The one door to the API for every feature. createWorkbench wires the stages (see chat.ts for their order, call.ts
// for the generic door every other endpoint uses) around one client, one scheduler and one ledger.
import { runChat as defaultRunChat } from '../chat/runChat';
import { toApiError, clientSecrets } from '../errorMapping';
import { endpointLabel, type LedgerEntry } from '../ledger/types';
import { buildChatRequest, resolveModel, type ChatDraft } from '../models/requestBuilder';
import { createBatchApi } from './batchApi';
import { createEmbeddingsApi } from './embeddingsApi';
import { redactDraft } from './redactionStage';
import { createCall } from './call';
import { createChat } from './chat';
import { createModeration } from './checks';
import { endpointIdentity } from './identity';
import { DEFAULT_MAX_CONCURRENT, RequestScheduler } from './scheduler';
import { read, type Workbench, type WorkbenchDeps } from './types';

export function createWorkbench(deps: WorkbenchDeps): Workbench {
  const now = deps.now ?? Date.now;
  const redaction = deps.redaction;
  const baseURL = deps.endpoint?.baseURL ?? deps.client.baseURL;
  const endpoint = {
    baseURL,
    label: deps.endpoint?.label ?? endpointLabel(baseURL),
    identity: deps.endpoint?.identity ?? endpointIdentity(deps.client, baseURL),
  };
  const scheduler =
    deps.scheduler ??
    new RequestScheduler({
      maxConcurrent: () => read(deps.maxConcurrent ?? DEFAULT_MAX_CONCURRENT),
      clock: deps.clock,
    });
  // Every answer through this client feeds the scheduler's pacing (rate-limit headers, retry-after).
  const client = observed(deps.client, scheduler);
  const catalogue = () => read(deps.catalogue);
  const chatOptions = () => (deps.chatOptions ? read(deps.chatOptions) : {});
  const pendingCacheWrites = new Set<Promise<void>>();
  const record = async (entry: LedgerEntry): Promise<void> => {
    await deps.ledger.append(entry);
  };
  const paced = async <T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    const release = await scheduler.acquire('interactive', signal).catch((err: unknown) => {
      throw toApiError(err, { partial: '', model: 'request', secrets: clientSecrets(client) });
    });
    try {
      await scheduler.admit('interactive', 0, signal);
      return await fn();
    } finally {
      release();
    }
  };
  const moderate = createModeration({ client, endpointLabel: endpoint.label, catalogue, record, now, paced });
  const call = createCall({
    client,
    scheduler,
    endpointLabel: endpoint.label,
    catalogue,
    budget: deps.budget,
    chatOptions,
    record,
    now,
  });
  const chat = createChat({
    client,
    endpoint,
    catalogue,
    settings: () => (deps.settings ? read(deps.settings) : {}),
    chatOptions,
    cache: () =>
      deps.cache != null && (deps.cacheEnabled === undefined || read(deps.cacheEnabled)) ? deps.cache : null,
    pureTools: deps.pureTools,
    budget: deps.budget,
    moderationMode: () => (deps.moderation ? read(deps.moderation.mode) : 'off'),
    moderate,
    personalData: redaction === false ? undefined : () => read(redaction?.personalData ?? false),
    scheduler,
    record,
    trackCacheWrite(write) {
      pendingCacheWrites.add(write);
      void write.finally(() => pendingCacheWrites.delete(write));
    },
    run: deps.runChat ?? defaultRunChat,
    flexFallback: () => (deps.flexFallback === undefined ? false : read(deps.flexFallback)),
    now,
  });

  return {
    chat,
    resolveModel: (draft) => resolveModel(draft, deps.settings ? read(deps.settings) : {}),
    moderate,
    call,
    async listModels(feature, options = {}) {
      const { value } = await call(
        'other',
        { feature, model: 'models.list', signal: options.signal, retry: options.retry },
        async ({ client: c, signal }) => {
          const ids: string[] = [];
          for await (const m of c.models.list({ signal })) ids.push(m.id);
          return { value: ids };
        },
      );
      return value;
    },
    record,
    batches: createBatchApi(call),
    embeddings: createEmbeddingsApi(call, catalogue),
    async batchRequest(draft: ChatDraft) {
      // The same stages a chat applies before sending, for a request that travels inside a batch input file.
      const redacted =
        redaction === false
          ? undefined
          : await redactDraft(draft, { personalData: read(redaction?.personalData ?? false) });
      const { serviceTier: _tier, ...settings } = deps.settings ? read(deps.settings) : {};
      const built = buildChatRequest(redacted?.draft ?? draft, catalogue(), settings);
      // A batch line is served by the Batch API at its own price: a task's tier (flex, priority) has no place in it.
      delete built.request.service_tier;
      return {
        request: built.request,
        adjustments: built.adjustments,
        redactedKinds: [...new Set((redacted?.found ?? []).map((f) => f.kind))],
      };
    },
    endpoint: { baseURL: endpoint.baseURL, label: endpoint.label },
    scheduler,
    async flush() {
      await Promise.all([...pendingCacheWrites]);
      await deps.ledger.flush();
      await deps.cache?.flush();
    },
  };
}

/** The same client with a fetch that shows every answer's headers to the scheduler. */
function observed(client: WorkbenchDeps['client'], scheduler: RequestScheduler): WorkbenchDeps['client'] {
  if (typeof client.withOptions !== 'function') return client;
  // The SDK keeps its fetch private; withOptions would reuse it, but we wrap it.
  const inner = (client as unknown as { fetch: typeof fetch }).fetch;
  // AzureOpenAI's constructor needs its api-version and deployment again; withOptions does not carry them over.
  const azure = client as unknown as { apiVersion?: string; deploymentName?: string };
  return client.withOptions({
    fetch: scheduler.observingFetch(inner),
    ...(typeof azure.apiVersion === 'string'
      ? { apiVersion: azure.apiVersion, deployment: azure.deploymentName }
      : {}),
  } as Parameters<typeof client.withOptions>[0]);
}

export { WorkbenchError } from './types';
export { decideBudget } from './checks';
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
} from './types';
export { RequestScheduler, DEFAULT_MAX_CONCURRENT } from './scheduler';
export type { RequestPriority, SchedulerClock, SchedulerOptions } from './scheduler';
export { readRateLimits, parseResetDuration } from './rateLimits';
export type { RateLimitReading } from './rateLimits';
export { endpointIdentity } from './identity';
export { createBatchApi, toSnapshot } from './batchApi';
export { createEmbeddingsApi } from './embeddingsApi';
export type { EmbeddingsApi, EmbeddingsRequest, EmbeddingsResult } from './embeddingsApi';
export type { BatchApi, BatchApiOptions, BatchSnapshot, BatchStatus, Door } from './batchApi';
