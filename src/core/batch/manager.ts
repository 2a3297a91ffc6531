// Keeps the batch jobs: creates them, persists every change, polls each unfinished job with backoff (the first
// wait short, growing while nothing changes, back to short when something does), resumes polling for the jobs it
// finds on disk, and says when a job finishes. Time is injectable, so tests run a lifecycle without waiting.
import { abortableSleep } from '../retry/backoff';
import type { BatchJobStore } from './jobStore';
import type { PreparedJob } from './prepare';
import {
  cancelJob,
  failedIds,
  incompleteIds,
  refreshJob,
  resubmit,
  submitJob,
  type BatchRunnerDeps,
} from './runner';
import { isJobFinished, type BatchJob } from './types';

export interface BatchManagerDeps extends BatchRunnerDeps {
  store: BatchJobStore;
  /** First wait between polls (default 5 s); it doubles while nothing changes, up to `pollMaxMs` (default 5 min). */
  pollBaseMs?: number | (() => number);
  pollMaxMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** After every persisted change (the tree view refreshes). */
  onChange?: (job: BatchJob | undefined) => void;
  /** Once, when a job reaches a final state (write the results, notify). */
  onFinished?: (job: BatchJob) => Promise<void> | void;
  /** A poll that failed (network, 5xx after retries): polling goes on with the longer wait. */
  onPollError?: (job: BatchJob, err: unknown) => void;
}

export class BatchJobManager {
  private readonly jobs = new Map<string, BatchJob>();
  private readonly loops = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(private readonly deps: BatchManagerDeps) {}

  list(): BatchJob[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): BatchJob | undefined {
    return this.jobs.get(id);
  }

  /** Loads the jobs on disk and resumes polling the unfinished ones. */
  async load(): Promise<BatchJob[]> {
    for (const job of await this.deps.store.loadAll()) {
      if (this.jobs.has(job.id)) continue;
      if (job.status === 'submitting') abandonUnsent(job);
      this.jobs.set(job.id, job);
      if (!isJobFinished(job)) this.poll(job);
    }
    return this.list();
  }

  /** Submits a prepared job and starts polling it. */
  async start(prepared: PreparedJob): Promise<BatchJob> {
    const { job } = prepared;
    this.jobs.set(job.id, job);
    await this.save(job);
    await submitJob(job, new Map(prepared.files.map((f, i) => [i, f])), this.deps, this.stop.signal);
    await this.save(job);
    await this.afterStep(job);
    return job;
  }

  async cancel(id: string): Promise<void> {
    const job = this.require(id);
    await cancelJob(job, this.deps, this.stop.signal);
    await this.save(job);
    this.poll(job);
  }

  /** Retry Failed (`failed`) or resubmit what did not complete (`incomplete`); returns how many lines were sent. */
  async resubmit(id: string, which: 'failed' | 'incomplete'): Promise<number> {
    const job = this.require(id);
    const ids = which === 'failed' ? failedIds(job) : incompleteIds(job);
    if (ids.length === 0) return 0;
    const sent = await resubmit(job, ids, this.deps, this.stop.signal);
    await this.save(job);
    await this.afterStep(job);
    return sent;
  }

  /** Saves a job changed outside the manager's steps (its results folder recorded). */
  async persist(job: BatchJob): Promise<void> {
    await this.save(job);
  }

  async remove(id: string): Promise<void> {
    this.jobs.delete(id);
    await this.deps.store.delete(id);
    this.deps.onChange?.(undefined);
  }

  /** Resolves when every poll loop has ended (tests; dispose). */
  async settled(): Promise<void> {
    while (this.loops.size > 0) await Promise.all([...this.loops.values()]);
  }

  dispose(): void {
    this.stop.abort();
  }

  private require(id: string): BatchJob {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`No batch job ${id}.`);
    return job;
  }

  private async save(job: BatchJob): Promise<void> {
    await this.deps.store.save(job);
    this.deps.onChange?.(job);
  }

  private async afterStep(job: BatchJob): Promise<void> {
    if (isJobFinished(job)) await this.deps.onFinished?.(job);
    else this.poll(job);
  }

  private poll(job: BatchJob): void {
    if (this.loops.has(job.id) || this.stop.signal.aborted) return;
    const loop = this.pollLoop(job).finally(() => this.loops.delete(job.id));
    this.loops.set(job.id, loop);
  }

  private async pollLoop(job: BatchJob): Promise<void> {
    const setting = this.deps.pollBaseMs ?? 5_000;
    const base = typeof setting === 'function' ? setting() : setting;
    const max = Math.max(base, this.deps.pollMaxMs ?? 300_000);
    const sleep = this.deps.sleep ?? abortableSleep;
    const signal = this.stop.signal;
    let delay = base;
    while (!isJobFinished(job) && !signal.aborted) {
      try {
        await sleep(delay, signal);
      } catch {
        return; // disposed
      }
      let changed = false;
      try {
        changed = await refreshJob(job, this.deps, signal);
      } catch (err) {
        if (signal.aborted) return;
        this.deps.onPollError?.(job, err);
      }
      delay = changed ? base : Math.min(max, delay * 2);
      if (changed) await this.save(job);
    }
    if (isJobFinished(job) && !signal.aborted) await this.deps.onFinished?.(job);
  }
}

/** A job whose submission a reload interrupted: the unsent lines are gone with the old window. */
function abandonUnsent(job: BatchJob): void {
  const unsent = job.parts.filter((p) => p.status === 'pending');
  for (const part of unsent) {
    part.status = 'failed';
    part.collected = true;
    part.errors = ['not submitted: VS Code closed while the job was being submitted'];
  }
  const lines = unsent.reduce((n, p) => n + p.customIds.length, 0);
  job.message = `${lines} request(s) were not submitted before VS Code closed; run the task again on those files.`;
  job.status = job.parts.some((p) => !p.collected) ? 'running' : 'failed';
}
