// The persisted shape of a batch job: a task run over many files through the Batch API. Everything needed to
// resume after a reload is here (batch ids, which custom_id is which file and range, the schema to validate
// against); the file contents are not: they live in the uploaded input files until the job is done.
import type { BatchStatus } from '../workbench/batchApi';
import type { JsonSchema } from '../tasks/types';
import type { BatchEndpoint } from './jsonl';

export const JOB_VERSION = 1;

/** What one request of the job is about: a file, or a line range of a large file. */
export interface BatchItem {
  customId: string;
  path: string;
  languageId: string;
  startLine: number;
  endLine: number;
  /** sha256 of the text that was sent (before redaction): a refactor result applies only to this version. */
  sha256: string;
  /** Secrets found and replaced before sending (kinds only; values never leave the machine or the job file). */
  redactedKinds: string[];
}

/** The outcome of one request, as mapped back by custom_id. */
export interface ItemResult {
  customId: string;
  ok: boolean;
  /** The validated answer (JSON tasks) or the text (text tasks). */
  value?: unknown;
  /** The model's raw content, kept when it did not validate. */
  raw?: string;
  /** Why it failed: the API's error, or the validation errors. */
  error?: string;
  requestId?: string;
  model?: string;
  costUsd: number | null;
}

export type PartStatus = 'pending' | BatchStatus;

/** One batch of the job (a job over the limits is split into several). */
export interface BatchPart {
  index: number;
  customIds: string[];
  status: PartStatus;
  inputFileId?: string;
  batchId?: string;
  counts: { total: number; completed: number; failed: number };
  createdAt?: number;
  expiresAt?: number;
  outputFileId?: string;
  errorFileId?: string;
  /** Output and error files downloaded and mapped back. */
  collected: boolean;
  errors: string[];
}

export type JobStatus =
  | 'submitting'
  | 'running'
  | 'cancelling'
  | 'completed'
  | 'completed_with_errors'
  | 'failed'
  | 'expired'
  | 'cancelled';

/** Which index an embeddings job fills: its vectors go there when they arrive, and nowhere else. */
export interface EmbeddingTarget {
  /** The workspace folder the index is of (absolute path). */
  root: string;
  model: string;
  dimensions: number;
}

export interface BatchJob {
  version: typeof JOB_VERSION;
  id: string;
  /** Absent for task jobs (chat completions); `/v1/embeddings` for a workspace index built through the Batch API. */
  endpoint?: BatchEndpoint;
  /** An embeddings job: one item per chunk hash (`sha256`), its vector stored in the index, not in the job. */
  embedding?: EmbeddingTarget;
  title: string;
  taskId: string;
  taskTitle: string;
  /** `json`: answers validated against `schema`; `text`: free markdown. */
  output: 'json' | 'text';
  schema?: JsonSchema;
  /** A refactor-shaped task (answers carry `code`): results can open as a multi-file diff. */
  refactor: boolean;
  model: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  status: JobStatus;
  items: Record<string, BatchItem>;
  parts: BatchPart[];
  results: Record<string, ItemResult>;
  estimate: JobEstimate;
  /** Sum of the ledger costs of the lines that arrived (null when a price is unknown). */
  actualCostUsd: number | null;
  /** A failure of the job itself (upload or create refused), in words a person can act on. */
  message?: string;
  /** Workspace-relative folder of the results, once written. */
  resultsDir?: string;
}

export interface JobEstimate {
  requests: number;
  promptTokens: number;
  outputTokens: number;
  batchCostUsd: number | null;
  interactiveCostUsd: number | null;
  batches: number;
}

/** Final states of a batch: its files can be collected. */
export const FINAL_BATCH_STATUSES: ReadonlySet<PartStatus> = new Set([
  'completed',
  'failed',
  'expired',
  'cancelled',
]);

export function isJobFinished(job: BatchJob): boolean {
  return !['submitting', 'running', 'cancelling'].includes(job.status);
}
