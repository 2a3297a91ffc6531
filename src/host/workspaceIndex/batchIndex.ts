// A large first index through the Batch API: the job is built from the index's pending chunks and run by the batch
// service like any other job (persisted, polled after a reload, shown in the Batch Jobs view); when it completes,
// its vectors come back here and go into this workspace's index by chunk hash.
import * as vscode from 'vscode';
import {
  BATCH_INDEX_MIN_TOKENS,
  isJobFinished,
  prepareEmbeddingJob,
  type BatchJob,
  type ModelCatalogue,
  type ScanSummary,
  type WorkspaceIndex,
} from '../../core';
import type { BatchService } from '../batch/batchService';
import { readIndexSettings } from '../featureSettings';
import type { WorkbenchLog } from '../log';
import type { IndexService } from './indexService';

/** Only a first full index this large is worth a wait of up to 24 hours for half the price. */
export function batchWorthOffering(firstFull: boolean, summary: ScanSummary): boolean {
  return firstFull && summary.pendingTokens >= BATCH_INDEX_MIN_TOKENS;
}

/** The unfinished embeddings job for this workspace, if one is running: indexing again would pay twice. */
export function runningIndexJob(batch: BatchService, root: string): BatchJob | undefined {
  return batch.manager.list().find((j) => j.embedding?.root === root && !isJobFinished(j));
}

export async function startBatchIndex(
  batch: BatchService,
  index: WorkspaceIndex,
  root: string,
  catalogue: ModelCatalogue,
): Promise<BatchJob> {
  const { model, dimensions } = readIndexSettings();
  const prepared = prepareEmbeddingJob(index.pendingChunks(), {
    target: { root, model, dimensions },
    catalogue,
  });
  const job = await batch.manager.start(prepared);
  if (job.message) void vscode.window.showErrorMessage(`Workspace index: ${job.message}`);
  else
    void vscode.window.showInformationMessage(
      `Workspace index: ${job.estimate.requests} chunks sent to the Batch API (results within 24 hours, shown in ` +
        'the Batch Jobs view). Search uses keywords until the vectors arrive.',
    );
  return job;
}

/**
 * Where embeddings jobs' vectors go. The job's folders must be the ones open here (jobs live in global storage, so
 * every window sees them); otherwise the batch stays uncollected for that window to take. Vectors of a model or
 * size the index no longer uses are dropped: they could never be searched.
 */
export function indexEmbeddingSink(service: IndexService, log: WorkbenchLog) {
  return async (job: BatchJob, vectors: Map<string, Float32Array>): Promise<void> => {
    const target = job.embedding;
    if (!target || service.place !== target.root)
      throw new Error(`waiting for a window with ${target?.root ?? 'its folder'} open to store the vectors`);
    const settings = readIndexSettings();
    if (settings.model !== target.model || settings.dimensions !== target.dimensions) {
      log.warn(
        `Batch job ${job.id}: the index now uses ${settings.model} (${settings.dimensions}); the ${target.model} ` +
          `(${target.dimensions}) vectors were not stored.`,
      );
      return;
    }
    const index = await service.get();
    if (!index) throw new Error('the workspace index could not be opened');
    const applied = await index.applyVectors(vectors);
    log.info(`Batch job ${job.id}: ${applied} chunks got their vectors.`);
    service.notify();
  };
}
