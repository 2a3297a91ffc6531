// The fake's files and batches, and the batch lifecycle on a test clock: `validating → in_progress → finalizing →
// completed`, or `failed` (the input file did not pass), `expired` (a `[[fake:batch_expire]]` marker: the window
// runs out half-way), `cancelling → cancelled` (POST …/cancel). Status is derived from the clock whenever a batch
// is read, so a test that advances the clock (`fake.clock.advance(ms)`) runs a whole lifecycle in milliseconds.
import { randomBytes } from 'node:crypto';
import {
  API_BATCH_LIMITS,
  type BatchError,
  type BatchLimits,
  type LineAnswer,
  outputLine,
  unfinishedLine,
} from './batchLines';

export interface BatchTimings {
  validatingMs: number;
  inProgressMs: number;
  finalizingMs: number;
  cancellingMs: number;
}

/** Default phase lengths: short enough for a real-time test, long enough to see every state. */
export const DEFAULT_BATCH_TIMINGS: Readonly<BatchTimings> = Object.freeze({
  validatingMs: 1_000,
  inProgressMs: 3_000,
  finalizingMs: 1_000,
  cancellingMs: 1_000,
});

const WINDOW_MS = 24 * 3600_000;

/** Real time plus an offset that tests move forward. */
export class FakeClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += Math.max(0, ms);
  }
}

export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  data: Buffer;
  createdAt: number;
}

export interface StoredBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAt: number;
  model?: string;
  /** Set when validation failed. */
  errors?: BatchError[];
  answers: LineAnswer[];
  expire: boolean;
  cancellingAt?: number;
  outputFileId?: string;
  errorFileId?: string;
  filesWritten: boolean;
}

type Status =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

interface Phase {
  status: Status;
  /** Lines finished so far (the first `done` lines, in file order). */
  done: number;
  times: Partial<Record<`${Status}_at` | 'in_progress_at' | 'expires_at', number>>;
}

export class BatchWorld {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, StoredBatch>();

  constructor(
    readonly clock: FakeClock,
    readonly timings: BatchTimings,
    readonly limits: BatchLimits = API_BATCH_LIMITS,
  ) {}

  addFile(filename: string, purpose: string, data: Buffer): StoredFile {
    const file = { id: newId('file-'), filename, purpose, data, createdAt: this.clock.now() };
    this.files.set(file.id, file);
    return file;
  }

  addBatch(init: Omit<StoredBatch, 'id' | 'createdAt' | 'filesWritten'>): StoredBatch {
    const batch: StoredBatch = {
      ...init,
      id: newId('batch_'),
      createdAt: this.clock.now(),
      filesWritten: false,
    };
    this.batches.set(batch.id, batch);
    return batch;
  }

  /** Where a batch stands now on the clock. */
  phase(b: StoredBatch): Phase {
    const t = this.timings;
    const now = this.clock.now();
    const startAt = b.createdAt + t.validatingMs;
    const runEnd = startAt + t.inProgressMs;
    const expiresAt = b.expire ? runEnd : b.createdAt + WINDOW_MS;
    const doneAt = (at: number): number => {
      const total = b.answers.length;
      const upTo = b.expire ? Math.floor(total / 2) : total;
      const f = Math.min(1, Math.max(0, (at - startAt) / t.inProgressMs));
      return Math.min(upTo, Math.floor(f * total));
    };
    const times: Phase['times'] = {};
    if (b.cancellingAt !== undefined && b.cancellingAt <= now) {
      const done = doneAt(b.cancellingAt);
      times.cancelling_at = b.cancellingAt;
      if (b.cancellingAt >= startAt) times.in_progress_at = startAt;
      const cancelledAt = b.cancellingAt + t.cancellingMs;
      if (now < cancelledAt) return { status: 'cancelling', done, times };
      return { status: 'cancelled', done, times: { ...times, cancelled_at: cancelledAt } };
    }
    if (now < startAt) return { status: 'validating', done: 0, times };
    if (b.errors) return { status: 'failed', done: 0, times: { failed_at: startAt } };
    times.in_progress_at = startAt;
    times.expires_at = expiresAt;
    if (b.expire && now >= expiresAt)
      return { status: 'expired', done: doneAt(expiresAt), times: { ...times, expired_at: expiresAt } };
    if (now < runEnd) return { status: 'in_progress', done: doneAt(now), times };
    times.finalizing_at = runEnd;
    const completedAt = runEnd + t.finalizingMs;
    if (now < completedAt) return { status: 'finalizing', done: b.answers.length, times };
    return { status: 'completed', done: b.answers.length, times: { ...times, completed_at: completedAt } };
  }

  /** The Batch object as the API returns it. */
  render(b: StoredBatch): Record<string, unknown> {
    const phase = this.phase(b);
    if (['completed', 'expired', 'cancelled'].includes(phase.status)) this.writeResults(b, phase);
    const finished = b.answers.slice(0, phase.done);
    const usage = finished.reduce(
      (sum, a) => {
        if (!a.usage) return sum;
        sum.input_tokens += a.usage.prompt_tokens;
        sum.input_tokens_details.cached_tokens += a.usage.cached;
        sum.output_tokens += a.usage.completion_tokens;
        sum.output_tokens_details.reasoning_tokens += a.usage.reasoning;
        sum.total_tokens += a.usage.prompt_tokens + a.usage.completion_tokens;
        return sum;
      },
      {
        input_tokens: 0,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 0,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 0,
      },
    );
    const seconds = (ms: number | undefined): number | null =>
      ms === undefined ? null : Math.floor(ms / 1000);
    const failedCount = finished.filter((a) => !a.ok).length;
    return {
      id: b.id,
      object: 'batch',
      endpoint: b.endpoint,
      ...(b.model ? { model: b.model } : {}),
      errors: b.errors && phase.status === 'failed' ? { object: 'list', data: b.errors } : null,
      input_file_id: b.inputFileId,
      completion_window: b.completionWindow,
      status: phase.status,
      output_file_id: b.outputFileId ?? null,
      error_file_id: b.errorFileId ?? null,
      created_at: seconds(b.createdAt),
      in_progress_at: seconds(phase.times.in_progress_at),
      expires_at: seconds(phase.times.expires_at),
      finalizing_at: seconds(phase.times.finalizing_at),
      completed_at: seconds(phase.times.completed_at),
      failed_at: seconds(phase.times.failed_at),
      expired_at: seconds(phase.times.expired_at),
      cancelling_at: seconds(phase.times.cancelling_at),
      cancelled_at: seconds(phase.times.cancelled_at),
      request_counts: {
        total: b.errors ? 0 : b.answers.length,
        completed: phase.done - failedCount,
        failed: failedCount,
      },
      usage,
      metadata: b.metadata,
    };
  }

  /** Output and error files appear once, when the batch reaches its final state (like the API's). */
  private writeResults(b: StoredBatch, phase: Phase): void {
    if (b.filesWritten) return;
    b.filesWritten = true;
    const finished = b.answers.slice(0, phase.done);
    const out = finished.filter((a) => a.ok).map(outputLine);
    const errs = finished.filter((a) => !a.ok).map(outputLine);
    if (phase.status === 'expired')
      errs.push(...b.answers.slice(phase.done).map((a) => unfinishedLine(a.customId, 'batch_expired')));
    const write = (lines: string[], name: string): string | undefined =>
      lines.length === 0
        ? undefined
        : this.addFile(`${b.id}_${name}.jsonl`, 'batch_output', Buffer.from(`${lines.join('\n')}\n`)).id;
    b.outputFileId = write(out, 'output');
    b.errorFileId = write(errs, 'error');
  }
}

function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}
