// Commands, status bar and file watcher of the workspace index: Index Workspace (cost shown and confirmed before
// the first full index, a large one offered through the Batch API at half price, progress with cancel), Rebuild
// Index, Delete Index, Show Index Status and Semantic Search… (semanticSearch.ts).
import * as vscode from 'vscode';
import {
  asksCostQuestion,
  indexCostQuestion,
  ModelCatalogue,
  semanticSearchTool,
  type Caps,
  type IndexStatus,
  type ToolRegistry,
  type WorkspaceIndex,
} from '../../core';
import { COMMANDS } from '../commandIds';
import type { CommandManager } from '../commandManager';
import { onDidChangeConfig } from '../config';
import { readIndexSettings } from '../featureSettings';
import type { BatchFeature } from '../batch/registerBatch';
import type { WorkbenchLog } from '../log';
import { batchWorthOffering, indexEmbeddingSink, runningIndexJob, startBatchIndex } from './batchIndex';
import { IndexService, type IndexServiceDeps } from './indexService';
import { semanticSearch } from './semanticSearch';

export interface WorkspaceIndexFeature extends vscode.Disposable {
  readonly service: IndexService;
  /**
   * Runs Index Workspace (integration tests): `confirm: false` skips the cost question, `batch` picks the Batch
   * API, `caps` packs smaller requests than the API's so a small workspace takes several (to cancel between them).
   */
  indexNow(options?: IndexOptions): Promise<void>;
}

export interface IndexOptions {
  confirm?: boolean;
  batch?: boolean;
  caps?: Caps;
}

const BATCH_CHOICE = 'Index with Batch API (half price, within 24 h)';

export function statusText(status: IndexStatus): string {
  switch (status.state) {
    case 'empty':
      return '$(database) Index: not built';
    case 'indexing':
      return `$(sync~spin) Indexing ${status.embedded} of ${status.total}`;
    case 'partial':
      return `$(database) Index: ${status.embedded} of ${status.chunks} chunks`;
    case 'stale':
      return `$(database) Index: stale`;
    case 'ready':
      return `$(database) Index: ${status.chunks} chunks`;
  }
}

export function registerWorkspaceIndex(
  deps: IndexServiceDeps & {
    commands: CommandManager;
    log: WorkbenchLog;
    catalogue(): ModelCatalogue;
    /** The chat's tools: the index adds `semantic_search` there. */
    tools?: ToolRegistry;
    /** Batch jobs: a large first index can go through them. */
    batch?: BatchFeature;
  },
): WorkspaceIndexFeature {
  const service = new IndexService(deps);
  const subs: vscode.Disposable[] = [service];
  if (deps.tools) subs.push(deps.tools.register(semanticSearchTool(() => service.get())));
  deps.batch?.service.useEmbeddingSink(indexEmbeddingSink(service, deps.log));
  const item = vscode.window.createStatusBarItem('gptWorkbench.index', vscode.StatusBarAlignment.Right, 99);
  item.name = 'GPT Workbench Index';
  item.command = COMMANDS.showIndexStatus;
  subs.push(item);
  const refresh = async (): Promise<void> => {
    if (service.folders.length === 0) return item.hide();
    // Activation never loads the index: until first use the item only offers the status command.
    if (!service.isOpen) {
      item.text = '$(database) Index';
      item.show();
      return;
    }
    const index = await service.get().catch(() => undefined);
    item.text = index ? statusText(index.status()) : '$(database) Index: not built';
    item.show();
  };
  subs.push(service.onDidChange(() => void refresh()));

  async function confirmCost(
    index: WorkspaceIndex,
    summary: Awaited<ReturnType<WorkspaceIndex['scan']>>,
    offerBatch: boolean,
  ): Promise<'index' | 'batch' | undefined> {
    const message = indexCostQuestion(summary, deps.catalogue().get(index.model));
    const choices = offerBatch ? ['Index', BATCH_CHOICE] : ['Index'];
    const pick = await vscode.window.showInformationMessage(message, { modal: true }, ...choices);
    return pick === 'Index' ? 'index' : pick === BATCH_CHOICE ? 'batch' : undefined;
  }

  async function indexWorkspace(options: IndexOptions = {}): Promise<void> {
    const index = await service.get();
    if (!index) {
      void vscode.window.showWarningMessage('Open a folder to index it.');
      return;
    }
    const root = service.place!;
    const running = deps.batch && runningIndexJob(deps.batch.service, root);
    if (running) {
      void vscode.window.showInformationMessage(
        `Batch job "${running.title}" is embedding this workspace (${running.status}); its vectors arrive when it completes. Cancel it in the Batch Jobs view to index interactively.`,
      );
      return;
    }
    const before = index.status();
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Scanning the workspace…' },
      () => index.scan(),
    );
    service.notify();
    if (summary.pendingChunks === 0) {
      void vscode.window.showInformationMessage(`The index is up to date: ${summary.chunks} chunks.`);
      return;
    }
    const ask = asksCostQuestion(before, summary);
    const offerBatch = deps.batch !== undefined && batchWorthOffering(ask, summary);
    let choice: 'index' | 'batch' | undefined = options.batch && deps.batch ? 'batch' : 'index';
    if (ask && options.confirm !== false) choice = await confirmCost(index, summary, offerBatch);
    if (!choice) return;
    if (choice === 'batch') {
      await startBatchIndex(deps.batch!.service, index, root, deps.catalogue());
      return;
    }
    const started = Date.now();
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Indexing the workspace', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let last = 0;
        try {
          return await index.embedPending({
            signal: controller.signal,
            ...(options.caps ? { caps: options.caps } : {}),
            onProgress: (p) => {
              const elapsed = Date.now() - started;
              const eta =
                p.embedded > 0 ? Math.round(((p.total - p.embedded) * elapsed) / p.embedded / 1000) : 0;
              progress.report({
                increment: ((p.embedded - last) / p.total) * 100,
                message: `${p.embedded} of ${p.total} chunks (${summary.files} files), about ${eta} s left`,
              });
              last = p.embedded;
              service.notify();
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    service.notify();
    const text = result.cancelled
      ? `Indexing paused: ${result.embedded} chunks embedded. Index Workspace continues where it stopped.`
      : `Indexed ${summary.files} files: ${summary.chunks} chunks (${result.requests} requests).`;
    void vscode.window.showInformationMessage(text);
  }

  const guarded = (fn: () => Promise<void>) => async (): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      const message = (err as Error).message;
      deps.log.warn(`Workspace index: ${message}`);
      void vscode.window.showErrorMessage(`Workspace index: ${message}`);
    } finally {
      service.notify();
    }
  };

  subs.push(
    deps.commands.register(
      COMMANDS.indexWorkspace,
      guarded(() => indexWorkspace()),
    ),
    deps.commands.register(
      COMMANDS.rebuildIndex,
      guarded(async () => {
        await (await service.get())?.delete();
        await indexWorkspace();
      }),
    ),
    deps.commands.register(
      COMMANDS.deleteIndex,
      guarded(async () => {
        const pick = await vscode.window.showWarningMessage(
          'Delete the workspace index? Searching needs a new index (and its embedding cost) afterwards.',
          { modal: true },
          'Delete',
        );
        if (pick === 'Delete') await (await service.get())?.delete();
      }),
    ),
    deps.commands.register(
      COMMANDS.showIndexStatus,
      guarded(async () => {
        const index = await service.get();
        if (!index) return void vscode.window.showInformationMessage('Open a folder to index it.');
        const s = index.status();
        const settings = readIndexSettings();
        const detail =
          s.state === 'empty'
            ? 'not built. Run "GPT Workbench: Index Workspace".'
            : s.state === 'indexing'
              ? `indexing, ${s.embedded} of ${s.total} chunks.`
              : `${s.state}: ${s.files} files, ${s.chunks} chunks, ${s.embedded} with embeddings.`;
        void vscode.window.showInformationMessage(
          `Workspace index (${settings.model}, ${settings.dimensions} dimensions, search ${index.kernelKind}): ${detail}`,
        );
      }),
    ),
    deps.commands.register(
      COMMANDS.semanticSearch,
      guarded(() => semanticSearch(service)),
    ),
  );

  // Changes re-chunk the touched files after a pause; re-embedding runs when the index had embeddings.
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async (): Promise<void> => {
    const index = await service.get();
    if (!index || pending.size === 0) return;
    const paths = [...pending];
    pending.clear();
    if (index.status().state === 'empty') return;
    await index.updateFiles(paths);
    if (index.status().state !== 'empty' && (index.status() as { embedded?: number }).embedded) {
      await index
        .embedPending()
        .catch((err: unknown) => deps.log.warn(`Workspace index: ${(err as Error).message}`));
    }
    service.notify();
  };
  const onFile = (uri: vscode.Uri): void => {
    // Before the index was used in this window there is nothing to update; the next scan sees the change.
    if (uri.scheme !== 'file' || !service.isOpen) return;
    void service.get().then((index) => {
      const indexPath = index?.indexPathOf(uri.fsPath);
      if (!index || indexPath === undefined) return;
      pending.add(indexPath);
      index.markStale();
      clearTimeout(timer);
      timer = setTimeout(() => void flush().catch(() => undefined), 1500);
    });
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  subs.push(
    watcher,
    watcher.onDidChange(onFile),
    watcher.onDidCreate(onFile),
    watcher.onDidDelete(onFile),
    onDidChangeConfig(() => void refresh(), 'index'),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void refresh()),
    { dispose: () => clearTimeout(timer) },
  );
  void refresh();

  return {
    service,
    indexNow: (options) => indexWorkspace(options),
    dispose: () => subs.forEach((s) => s.dispose()),
  };
}
