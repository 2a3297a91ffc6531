// Batch jobs' one registration call from activate(): the service (jobs persisted, polling resumed), the Batch Jobs
// tree view, Run Task on Files… and the job actions of the view.
import * as vscode from 'vscode';
import type { LedgerEntry, ModelCatalogue, Workbench } from '../../core';
import { COMMANDS } from '../commandIds';
import type { CommandManager } from '../commandManager';
import type { WorkbenchLog } from '../log';
import { BATCH_VIEW_ID, BatchJobsView, jobOf } from './batchJobsView';
import { BatchChanges, type ReviewOptions } from './batchChanges';
import { BatchService } from './batchService';
import { runTaskOnFiles, type RunOnFilesOptions } from './runTaskOnFiles';

export interface BatchFeatureDeps {
  commands: CommandManager;
  log: WorkbenchLog;
  storageDir: string;
  getWorkbench: () => Promise<Workbench>;
  getCatalogue: () => ModelCatalogue;
  record: (entry: LedgerEntry) => Promise<void>;
}

export interface BatchFeature extends vscode.Disposable {
  readonly service: BatchService;
  readonly view: BatchJobsView;
}

export function registerBatch(deps: BatchFeatureDeps): BatchFeature {
  const service = new BatchService(deps);
  const view = new BatchJobsView(service);
  const changes = new BatchChanges();
  const { commands } = deps;
  const withJob =
    (action: (job: NonNullable<ReturnType<typeof jobOf>>) => Promise<unknown>) =>
    async (arg?: unknown): Promise<unknown> => {
      const job = jobOf(service, arg);
      if (!job) {
        void vscode.window.showWarningMessage('Pick a job in the Batch Jobs view first.');
        return undefined;
      }
      try {
        return await action(job);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.log.warn(`Batch job ${job.id}: ${message}`);
        void vscode.window.showErrorMessage(`Batch job "${job.title}": ${message}`);
        return undefined;
      }
    };
  const open = (file: 'results.json' | 'errors.json') =>
    withJob(async (job) => {
      const uri = service.resultsUri(job, file);
      if (!uri) throw new Error(`no results yet: the job is ${job.status.replace(/_/g, ' ')}.`);
      return vscode.window.showTextDocument(uri);
    });
  const disposables: vscode.Disposable[] = [
    service,
    view,
    changes,
    vscode.window.registerTreeDataProvider(BATCH_VIEW_ID, view),
    commands.register(
      COMMANDS.runTaskOnFiles,
      async (clicked?: unknown, selected?: unknown, options?: unknown) => {
        try {
          return await runTaskOnFiles(
            { service, getWorkbench: deps.getWorkbench, getCatalogue: deps.getCatalogue },
            clicked instanceof vscode.Uri ? clicked : undefined,
            Array.isArray(selected)
              ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri)
              : undefined,
            (options && typeof options === 'object' ? options : {}) as RunOnFilesOptions,
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          deps.log.warn(`Run Task on Files: ${message}`);
          void vscode.window.showErrorMessage(`Run Task on Files: ${message}`);
          return undefined;
        }
      },
    ),
    commands.register(
      COMMANDS.batchCancel,
      withJob((job) => service.manager.cancel(job.id)),
    ),
    commands.register(
      COMMANDS.batchOpenResults,
      withJob((job) => service.openReport(job)),
    ),
    commands.register(COMMANDS.batchOpenResultsJson, open('results.json')),
    commands.register(COMMANDS.batchOpenErrors, open('errors.json')),
    commands.register(
      COMMANDS.batchRetryFailed,
      withJob((job) => service.retry(job, 'failed')),
    ),
    commands.register(
      COMMANDS.batchResubmitIncomplete,
      withJob((job) => service.retry(job, 'incomplete')),
    ),
    commands.register(
      COMMANDS.batchRemove,
      withJob((job) => service.manager.remove(job.id)),
    ),
    commands.register(COMMANDS.batchReviewChanges, (arg?: unknown, options?: ReviewOptions) =>
      withJob(async (job) => {
        const root = service.workspaceRoot();
        if (!root) throw new Error('open the workspace folder the job ran on.');
        return changes.review(job, root, options ?? {});
      })(arg),
    ),
  ];
  void service.load();
  return {
    service,
    view,
    dispose: () => disposables.forEach((d) => d.dispose()),
  };
}
