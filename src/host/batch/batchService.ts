// The host side of batch jobs: one BatchJobManager for the window, its jobs persisted in the extension's global
// storage (so the next window's service resumes polling them after a reload or a restart), every API call through the Workbench's Files/Batches
// operations, results written into the workspace when a job finishes, and a notification that says so.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  BatchJobManager,
  BatchJobStore,
  formatUsd,
  writeJobResults,
  type BatchApi,
  type BatchJob,
  type LedgerEntry,
  type ModelCatalogue,
  type Workbench,
} from '../../core';
import { COMMANDS } from '../commandIds';
import { readBatchPollSeconds } from '../config';
import type { WorkbenchLog } from '../log';

export interface BatchServiceDeps {
  storageDir: string;
  log: WorkbenchLog;
  getWorkbench: () => Promise<Workbench>;
  getCatalogue: () => ModelCatalogue;
  /** The ledger the Workbench writes to (batch answers are recorded when they arrive, after a reload too). */
  record: (entry: LedgerEntry) => Promise<void>;
}

/** The Workbench's Files/Batches operations, fetched on each call: the endpoint or key may change meanwhile. */
function lazyBatchApi(getWorkbench: () => Promise<Workbench>): { api: BatchApi; label: () => string } {
  let label = 'unknown';
  const wb = async (): Promise<Workbench> => {
    const w = await getWorkbench();
    label = w.endpoint.label;
    return w;
  };
  return { label: () => label, api: lazy(wb) };
}

function lazy(getWorkbench: () => Promise<Workbench>): BatchApi {
  return {
    uploadBatchFile: async (...a) => (await getWorkbench()).batches.uploadBatchFile(...a),
    createBatch: async (...a) => (await getWorkbench()).batches.createBatch(...a),
    retrieveBatch: async (...a) => (await getWorkbench()).batches.retrieveBatch(...a),
    cancelBatch: async (...a) => (await getWorkbench()).batches.cancelBatch(...a),
    fileContent: async (...a) => (await getWorkbench()).batches.fileContent(...a),
    deleteFile: async (...a) => (await getWorkbench()).batches.deleteFile(...a),
  };
}

/** Takes an embeddings job's vectors (the workspace index); throws when it cannot yet, so a later poll retries. */
export type EmbeddingSink = (job: BatchJob, vectors: Map<string, Float32Array>) => Promise<void>;

export class BatchService implements vscode.Disposable {
  private readonly current: BatchJobManager;
  private sink: EmbeddingSink | undefined;
  private readonly changed = new vscode.EventEmitter<BatchJob | undefined>();
  readonly onDidChange = this.changed.event;
  private loaded?: Promise<void>;

  constructor(private readonly deps: BatchServiceDeps) {
    this.current = this.createManager();
  }

  get manager(): BatchJobManager {
    return this.current;
  }

  /** The workspace index registers where embeddings jobs' vectors go. */
  useEmbeddingSink(sink: EmbeddingSink): void {
    this.sink = sink;
  }

  private createManager(): BatchJobManager {
    const deps = this.deps;
    const door = lazyBatchApi(deps.getWorkbench);
    return new BatchJobManager({
      api: door.api,
      catalogue: deps.getCatalogue,
      endpoint: door.label,
      record: deps.record,
      applyVectors: (job, vectors) => {
        if (!this.sink)
          return Promise.reject(new Error('the workspace index is not available in this window'));
        return this.sink(job, vectors);
      },
      store: new BatchJobStore(path.join(deps.storageDir, 'batch-jobs')),
      pollBaseMs: () => readBatchPollSeconds() * 1000,
      onChange: (job) => this.changed.fire(job),
      onFinished: (job) => this.finished(job),
      onPollError: (job, err) =>
        deps.log.warn(
          `Batch job ${job.id}: polling failed, will retry: ${err instanceof Error ? err.message : String(err)}`,
        ),
    });
  }

  /** Loads the persisted jobs and resumes polling (once; later calls wait for the same load). */
  load(): Promise<void> {
    this.loaded ??= this.manager.load().then(
      () => this.changed.fire(undefined),
      (err: unknown) => this.deps.log.error('Batch jobs could not be loaded', err),
    );
    return this.loaded;
  }

  workspaceRoot(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  resultsUri(job: BatchJob, file: 'report.md' | 'results.json' | 'errors.json'): vscode.Uri | undefined {
    const root = this.workspaceRoot();
    return root && job.resultsDir ? vscode.Uri.joinPath(root, job.resultsDir, file) : undefined;
  }

  private async finished(job: BatchJob): Promise<void> {
    const root = this.workspaceRoot();
    if (root?.scheme === 'file') {
      try {
        await writeJobResults(job, root.fsPath);
        await this.manager.persist(job);
      } catch (err) {
        this.deps.log.error(`Batch job ${job.id}: results could not be written`, err);
      }
    }
    this.changed.fire(job);
    const ok = Object.values(job.results).filter((r) => r.ok).length;
    const total = Object.keys(job.items).length;
    const message =
      `Batch job "${job.title}" ${job.status.replace(/_/g, ' ')}: ${ok} of ${total} ` +
      `${job.embedding ? 'chunks embedded into the workspace index' : 'done'}, ` +
      `${formatUsd(job.actualCostUsd)} at the batch price.`;
    const actions = [
      ...(job.resultsDir ? ['Open Report'] : []),
      ...(job.refactor && ok > 0 ? ['Review Changes'] : []),
      ...(total > ok && job.status !== 'failed' ? ['Retry Failed'] : []),
    ];
    void vscode.window.showInformationMessage(message, ...actions).then((pick) => {
      if (pick === 'Open Report') void this.openReport(job);
      if (pick === 'Retry Failed') void this.retry(job, 'failed');
      if (pick === 'Review Changes') void vscode.commands.executeCommand(COMMANDS.batchReviewChanges, job.id);
    });
  }

  async openReport(job: BatchJob): Promise<void> {
    const uri = this.resultsUri(job, 'report.md');
    if (!uri) {
      void vscode.window.showWarningMessage(
        `Batch job "${job.title}" has no report yet: it is ${job.status}.`,
      );
      return;
    }
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }

  async retry(job: BatchJob, which: 'failed' | 'incomplete'): Promise<number> {
    const sent = await this.manager.resubmit(job.id, which);
    if (sent === 0)
      void vscode.window.showInformationMessage(`Batch job "${job.title}": nothing to resubmit.`);
    return sent;
  }

  dispose(): void {
    this.current.dispose();
    this.changed.dispose();
  }
}
