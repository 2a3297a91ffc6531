// The steps of a batch job against the Batch API door: submit (upload each input file, create its batch), refresh
// (retrieve each batch; when one reaches a final state, download its output and error files, map them back, record
// each line in the ledger), cancel, and resubmit a chosen set of lines (Retry Failed, or what did not complete
// before expiry) as new batches built from the input files already uploaded. Each step mutates the job in place;
// the manager persists it after every step.
import type { BatchApi, BatchSnapshot } from '../workbench/batchApi';
import { ApiError } from '../errors';
import type { LedgerEntry } from '../ledger/types';
import type { ModelCatalogue } from '../models/catalogue';
import { roundUsd } from '../cost/cost';
import { BATCH_LIMITS, jsonlText, parseJsonl, type BatchLimits, type InputFileChunk } from './jsonl';
import { mapEmbeddingFile } from './embeddingJob';
import { mapResultFile } from './results';
import { FINAL_BATCH_STATUSES, type BatchJob, type BatchPart, type JobStatus } from './types';

export interface BatchRunnerDeps {
  api: BatchApi;
  catalogue: () => ModelCatalogue;
  /** Ledger label of the endpoint (a function when the endpoint may change between polls). */
  endpoint: string | (() => string);
  record(entry: LedgerEntry): Promise<void>;
  limits?: BatchLimits;
  now?: () => number;
  /**
   * Where an embeddings job's vectors go (the workspace index), by chunk hash. Until it succeeds the batch is not
   * marked collected, so a poll later downloads the output again: no vector is lost to an index that was busy or
   * not open in this window.
   */
  applyVectors?: (job: BatchJob, vectors: Map<string, Float32Array>) => Promise<void>;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function submitPart(
  job: BatchJob,
  part: BatchPart,
  text: string,
  deps: BatchRunnerDeps,
  signal?: AbortSignal,
) {
  const file = await deps.api.uploadBatchFile(`${job.id}-${part.index}.jsonl`, text, signal);
  part.inputFileId = file.id;
  const snap = await deps.api.createBatch(
    file.id,
    { job: job.id, part: String(part.index) },
    signal,
    job.endpoint,
  );
  applySnapshot(part, snap);
}

/** Uploads and creates every pending part; a refusal stops the job with the API's reason (nothing is lost). */
export async function submitJob(
  job: BatchJob,
  /** The input file of each pending part, by part index. */
  files: ReadonlyMap<number, InputFileChunk>,
  deps: BatchRunnerDeps,
  signal?: AbortSignal,
): Promise<void> {
  for (const part of job.parts) {
    if (part.status !== 'pending') continue;
    const file = files.get(part.index);
    if (!file) continue;
    try {
      await submitPart(job, part, jsonlText(file), deps, signal);
    } catch (err) {
      part.status = 'failed';
      part.collected = true;
      part.errors = [messageOf(err)];
      job.message = `Batch ${part.index + 1} of ${job.parts.length} could not be submitted: ${messageOf(err)}`;
    }
  }
  job.status = deriveStatus(job);
  job.updatedAt = (deps.now ?? Date.now)();
}

function applySnapshot(part: BatchPart, snap: BatchSnapshot): void {
  part.batchId = snap.id;
  part.status = snap.status;
  if (snap.counts.total > 0) part.counts = snap.counts;
  part.createdAt = snap.createdAt;
  if (snap.expiresAt !== undefined) part.expiresAt = snap.expiresAt;
  if (snap.outputFileId) part.outputFileId = snap.outputFileId;
  if (snap.errorFileId) part.errorFileId = snap.errorFileId;
  part.errors = snap.errors;
}

async function collectPart(job: BatchJob, part: BatchPart, deps: BatchRunnerDeps, signal?: AbortSignal) {
  const now = (deps.now ?? Date.now)();
  const m = {
    ctx: {
      startedAt: part.createdAt ?? now,
      endpoint: typeof deps.endpoint === 'function' ? deps.endpoint() : deps.endpoint,
      feature: `batch.${job.taskId}`,
      catalogue: deps.catalogue(),
    },
    batchCreatedAt: part.createdAt ?? now,
    now,
  };
  if (job.endpoint === '/v1/embeddings') return collectEmbeddings(job, part, m, deps, signal);
  for (const fileId of [part.outputFileId, part.errorFileId]) {
    if (!fileId) continue;
    const { lines } = mapResultFile(job, await deps.api.fileContent(fileId, signal), m);
    for (const line of lines) {
      job.results[line.result.customId] = line.result;
      await deps.record(line.entry);
    }
  }
  part.collected = true;
}

/** Vectors into the index first; the results and ledger lines only once the index has them. */
async function collectEmbeddings(
  job: BatchJob,
  part: BatchPart,
  m: Parameters<typeof mapEmbeddingFile>[2],
  deps: BatchRunnerDeps,
  signal?: AbortSignal,
): Promise<void> {
  if (!deps.applyVectors) throw new Error('no workspace index here to take the vectors');
  const lines = [];
  for (const fileId of [part.outputFileId, part.errorFileId]) {
    if (fileId) lines.push(...mapEmbeddingFile(job, await deps.api.fileContent(fileId, signal), m));
  }
  const vectors = new Map<string, Float32Array>();
  for (const line of lines) if (line.vector) vectors.set(line.vector.hash, line.vector.values);
  await deps.applyVectors(job, vectors);
  for (const line of lines) {
    job.results[line.result.customId] = line.result;
    await deps.record(line.entry);
  }
  part.collected = true;
}

/** Retrieves every running batch once; returns true when anything changed. */
export async function refreshJob(
  job: BatchJob,
  deps: BatchRunnerDeps,
  signal?: AbortSignal,
): Promise<boolean> {
  let changed = false;
  for (const part of job.parts) {
    if (!part.batchId || part.collected) continue;
    const before = JSON.stringify([part.status, part.counts]);
    applySnapshot(part, await deps.api.retrieveBatch(part.batchId, signal));
    if (JSON.stringify([part.status, part.counts]) !== before) changed = true;
    if (FINAL_BATCH_STATUSES.has(part.status)) {
      await collectPart(job, part, deps, signal);
      changed = true;
    }
  }
  const status = deriveStatus(job);
  if (status !== job.status) changed = true;
  job.status = status;
  job.actualCostUsd = actualCost(job);
  const now = (deps.now ?? Date.now)();
  if (changed) job.updatedAt = now;
  if (!['submitting', 'running', 'cancelling'].includes(status)) job.finishedAt ??= now;
  return changed;
}

function actualCost(job: BatchJob): number | null {
  let sum = 0;
  for (const r of Object.values(job.results)) {
    if (r.costUsd === null) return null;
    sum += r.costUsd;
  }
  return roundUsd(sum);
}

export function deriveStatus(job: BatchJob): JobStatus {
  const parts = job.parts;
  if (parts.some((p) => p.status === 'pending')) return 'submitting';
  if (parts.some((p) => !p.collected))
    return parts.some((p) => p.status === 'cancelling') ? 'cancelling' : 'running';
  const ids = Object.keys(job.items);
  if (ids.every((id) => job.results[id]?.ok)) return 'completed';
  // Only the latest batch of each line counts: a Retry Failed that completed supersedes the expired first try.
  const latest = new Map<string, BatchPart>();
  for (const part of parts) for (const id of part.customIds) latest.set(id, part);
  const effective = new Set(latest.values());
  const has = (status: string): boolean => [...effective].some((p) => p.status === status);
  if (has('cancelled')) return 'cancelled';
  if (has('expired')) return 'expired';
  if ([...effective].every((p) => p.status === 'failed')) return 'failed';
  return 'completed_with_errors';
}

/** Asks the API to cancel every batch still running; refresh() then follows them to `cancelled`. */
export async function cancelJob(job: BatchJob, deps: BatchRunnerDeps, signal?: AbortSignal): Promise<void> {
  for (const part of job.parts) {
    if (!part.batchId || FINAL_BATCH_STATUSES.has(part.status) || part.status === 'cancelling') continue;
    applySnapshot(part, await deps.api.cancelBatch(part.batchId, signal));
  }
  job.status = deriveStatus(job);
  job.updatedAt = (deps.now ?? Date.now)();
}

/** Lines that failed (an error or an answer that did not validate), or that have no result at all. */
export function failedIds(job: BatchJob): string[] {
  return Object.keys(job.items).filter((id) => job.results[id] !== undefined && !job.results[id]!.ok);
}

export function incompleteIds(job: BatchJob): string[] {
  return Object.keys(job.items).filter((id) => job.results[id] === undefined);
}

/**
 * A new batch (or several, over the limits) of exactly these lines, taken byte for byte from the input files that
 * were uploaded for them, so the retry sends what the first attempt sent.
 */
export async function resubmit(
  job: BatchJob,
  ids: readonly string[],
  deps: BatchRunnerDeps,
  signal?: AbortSignal,
): Promise<number> {
  const wanted = new Set(ids);
  const lines: { id: string; text: string }[] = [];
  for (const part of job.parts) {
    if (!part.inputFileId || !part.customIds.some((id) => wanted.has(id))) continue;
    const { records } = parseJsonl(await deps.api.fileContent(part.inputFileId, signal));
    for (const rec of records as { custom_id?: string }[]) {
      if (rec.custom_id && wanted.has(rec.custom_id))
        lines.push({ id: rec.custom_id, text: JSON.stringify(rec) });
    }
  }
  if (lines.length === 0) {
    throw new ApiError({
      kind: 'not_found',
      message:
        'None of those requests could be found in the uploaded input files (they may have expired after 30 days). Run the task again on those files.',
    });
  }
  const files = chunkLines(lines, deps.limits ?? BATCH_LIMITS);
  const first = job.parts.length;
  files.forEach((f, i) =>
    job.parts.push({
      index: first + i,
      customIds: f.customIds,
      status: 'pending',
      counts: { total: f.customIds.length, completed: 0, failed: 0 },
      collected: false,
      errors: [],
    }),
  );
  for (const { id } of lines) delete job.results[id];
  delete job.finishedAt;
  delete job.message;
  await submitJob(job, new Map(files.map((f, i) => [first + i, f])), deps, signal);
  return lines.length;
}

function chunkLines(lines: { id: string; text: string }[], limits: BatchLimits): InputFileChunk[] {
  const out: InputFileChunk[] = [];
  let cur: InputFileChunk = { lines: [], customIds: [], bytes: 0 };
  for (const l of lines) {
    const size = Buffer.byteLength(l.text, 'utf8') + 1;
    if (
      cur.lines.length >= limits.maxRequests ||
      (cur.bytes + size > limits.maxBytes && cur.lines.length > 0)
    ) {
      out.push(cur);
      cur = { lines: [], customIds: [], bytes: 0 };
    }
    cur.lines.push(l.text);
    cur.customIds.push(l.id);
    cur.bytes += size;
  }
  if (cur.lines.length > 0) out.push(cur);
  return out;
}
