// The host's one Workbench: the core facade around runChat, built from OpenAIAccess (the only holder
// of the key) and live settings, with the ledger and the response cache under global storage. Chat and tasks call
// `getWorkbench()` before each request: it returns the same facade until the key, the endpoint or the cache
// settings change. Nothing here runs at activation beyond constructing objects: the ledger, the cache file and
// GET /v1/models are touched on first use.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ApiError,
  BudgetGuard,
  LedgerStore,
  ModelCatalogue,
  ResponseCache,
  createWorkbench,
  formatLedgerLine,
  type EndpointClient,
  type Workbench,
  type WorkbenchChatOptions,
} from '../../core';
import type { WorkbenchLog } from '../log';
import {
  readBudgetLimits,
  readCacheSettings,
  readChatOptions,
  readGenerationSettings,
  readMaxConcurrent,
  readModerationMode,
  readPriceOverrides,
  readRedactPersonalData,
  readServiceTierFallback,
} from '../config';

/** A failed GET /v1/models is tried again after this long (the built-in catalogue serves meanwhile). */
const MODELS_RETRY_MS = 10 * 60_000;

export interface EndpointSource {
  getEndpoint(): Promise<EndpointClient | undefined>;
  /** Offers Set API Key when there is none; resolves once the user is done. */
  requireClient(): Promise<unknown>;
}

/** Asked by the facade when a request needs the user's word; default answers for callers that pass none. */
export type DefaultPrompts = Pick<WorkbenchChatOptions, 'confirmBudget' | 'confirmModeration'>;

export interface WorkbenchServiceDeps {
  /** context.globalStorageUri.fsPath: `ledger/` and `cache/` go below it. */
  storageDir: string;
  access: EndpointSource;
  log: WorkbenchLog;
  prompts?: DefaultPrompts;
}

interface ModelList {
  baseURL: string;
  ids?: string[];
  pending?: Promise<void>;
  failedAt?: number;
}

export class WorkbenchService implements vscode.Disposable {
  readonly ledger: LedgerStore;
  readonly budget: BudgetGuard;
  private current?: { endpoint: EndpointClient; cache: ResponseCache | null; workbench: Workbench };
  private cacheState?: { key: string; cache: Promise<ResponseCache> };
  private models?: ModelList;
  private catalogueMemo?: { key: string; catalogue: ModelCatalogue };
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly modelsChanged = new vscode.EventEmitter<void>();
  /** Fires when the endpoint's model list arrived (the catalogue's `available` changed). */
  readonly onDidChangeModels = this.modelsChanged.event;

  constructor(private readonly deps: WorkbenchServiceDeps) {
    this.subscriptions.push(this.modelsChanged);
    const onError = (err: unknown): void => deps.log.error('Ledger write failed', err);
    this.ledger = new LedgerStore({ dir: path.join(deps.storageDir, 'ledger'), onError });
    this.budget = new BudgetGuard({ ledger: this.ledger, limits: readBudgetLimits });
    // Every ledger line is mirrored to the log channel; entries hold no headers, so no key can reach it.
    this.subscriptions.push(this.ledger.onEntry((e) => deps.log.info(formatLedgerLine(e))));
  }

  /**
   * The facade for the next request. Without a key it first offers Set API Key; still none → ApiError `auth`.
   * Callers that pass no confirmBudget/confirmModeration get the host's modals.
   */
  async getWorkbench(): Promise<Workbench> {
    let endpoint = await this.deps.access.getEndpoint();
    if (!endpoint) {
      await this.deps.access.requireClient();
      endpoint = await this.deps.access.getEndpoint();
    }
    if (!endpoint) {
      throw new ApiError({
        kind: 'auth',
        message: 'No OpenAI API key is set. Run "GPT Workbench: Set API Key".',
      });
    }
    const cache = await this.responseCache();
    const current = this.current;
    if (current && current.endpoint === endpoint && current.cache === cache) {
      this.refreshModels(endpoint, current.workbench);
      return current.workbench;
    }
    const inner = createWorkbench({
      client: endpoint.client,
      endpoint: { baseURL: endpoint.baseURL, label: endpoint.label },
      ledger: this.ledger,
      catalogue: () => this.catalogue(),
      cache,
      cacheEnabled: () => readCacheSettings().enabled,
      budget: this.budget,
      moderation: { mode: readModerationMode },
      settings: readGenerationSettings,
      chatOptions: readChatOptions,
      maxConcurrent: readMaxConcurrent,
      redaction: { personalData: readRedactPersonalData },
      flexFallback: readServiceTierFallback,
      // One scheduler per endpoint, kept when only the cache changes.
      ...(current?.endpoint === endpoint ? { scheduler: current.workbench.scheduler } : {}),
    });
    const prompts = this.deps.prompts ?? {};
    const workbench: Workbench = {
      ...inner,
      chat: (draft, options) => inner.chat(draft, { ...prompts, ...options }),
    };
    this.current = { endpoint, cache, workbench };
    this.refreshModels(endpoint, workbench);
    return workbench;
  }

  /**
   * The catalogue with the endpoint's model list, waiting for GET /v1/models when it is under way (VS Code's model
   * picker asks for the models the account can use). Undefined without a key; `prompt` first offers Set API Key.
   */
  async endpointCatalogue(prompt: boolean): Promise<ModelCatalogue | undefined> {
    if (!prompt && !(await this.deps.access.getEndpoint())) return undefined;
    try {
      await this.getWorkbench(); // offers Set API Key when there is none; starts GET /v1/models
    } catch {
      return undefined; // still no key
    }
    await this.models?.pending;
    return this.catalogue();
  }

  /**
   * A Workbench over a client that is not (yet) the endpoint's, e.g. Set API Key's check of a candidate key: no
   * cache, budget or moderation, but the same pacing rules and the same ledger.
   */
  verificationDoor(endpoint: EndpointClient): Workbench {
    return createWorkbench({
      client: endpoint.client,
      endpoint: { baseURL: endpoint.baseURL, label: endpoint.label },
      ledger: this.ledger,
      catalogue: () => this.catalogue(),
      chatOptions: readChatOptions,
      maxConcurrent: readMaxConcurrent,
    });
  }

  /** Built-ins + price overrides from settings + the endpoint's model list once fetched. */
  catalogue(): ModelCatalogue {
    const overrides = readPriceOverrides();
    const ids = this.models?.ids;
    const key = JSON.stringify([overrides, ids?.length ?? -1, this.models?.baseURL]);
    if (this.catalogueMemo?.key !== key) {
      this.catalogueMemo = {
        key,
        catalogue: new ModelCatalogue({ overrides, ...(ids ? { available: ids } : {}) }),
      };
    }
    return this.catalogueMemo.catalogue;
  }

  /** The cache with the current TTL and size settings (re-opened from disk when they change). */
  responseCache(): Promise<ResponseCache> {
    const { ttlMs, maxEntries } = readCacheSettings();
    const key = `${ttlMs}|${maxEntries}`;
    if (this.cacheState?.key !== key) {
      const previous = this.cacheState?.cache;
      const dir = path.join(this.deps.storageDir, 'cache');
      const onError = (err: unknown): void => this.deps.log.warn(`Response cache: ${errorText(err)}`);
      // Wait for the old instance's pending write, so the new one reads what it saved.
      const open = async (): Promise<ResponseCache> => {
        await (await previous?.catch(() => undefined))?.flush();
        return ResponseCache.open({ dir, ttlMs, maxEntries, onError });
      };
      this.cacheState = { key, cache: open() };
    }
    return this.cacheState.cache;
  }

  /** Empties the response cache; resolves with how many answers were dropped. */
  async clearCache(): Promise<number> {
    const cache = await this.responseCache();
    const dropped = cache.size;
    await cache.clear();
    return dropped;
  }

  /** GET /v1/models once per endpoint, in the background: never blocks a request or activation. */
  private refreshModels(endpoint: EndpointClient, workbench: Workbench): void {
    const known = this.models?.baseURL === endpoint.baseURL ? this.models : undefined;
    if (known && (known.ids || known.pending)) return;
    if (known?.failedAt !== undefined && Date.now() - known.failedAt < MODELS_RETRY_MS) return;
    const list: ModelList = { baseURL: endpoint.baseURL };
    this.models = list;
    // Through the Workbench like every request: paced, retried, and recorded in the ledger ($0).
    list.pending = workbench
      .listModels('models')
      .then((ids) => {
        list.ids = ids;
        this.modelsChanged.fire();
      })
      .catch((err: unknown) => {
        list.failedAt = Date.now();
        this.deps.log.warn(
          `Could not list the endpoint's models (the built-in catalogue is used): ${errorText(err)}`,
        );
      })
      .finally(() => (list.pending = undefined));
  }

  /** Waits for pending ledger and cache writes. */
  async flush(): Promise<void> {
    await this.current?.workbench.flush();
    await this.ledger.flush();
    await (await this.cacheState?.cache.catch(() => undefined))?.flush();
  }

  dispose(): void {
    void this.flush().catch(() => undefined);
    for (const s of this.subscriptions) s.dispose();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
