// The Files and Batches endpoints as the Workbench offers them to features: upload a JSONL input file, create,
// retrieve and cancel a batch, download and delete files. Each call is retried by the core's one retry policy
// (backoff with jitter, retry-after honoured), mapped to an ApiError (the key scrubbed) and recorded in the
// ledger. These endpoints are free: their lines cost $0; the batch's answers are priced when they arrive.
import { toFile } from 'openai';
import type OpenAI from 'openai';
import { clientSecrets, toApiError } from '../errorMapping';
import type { ApiError } from '../errors';
import type { LedgerEntry, LedgerOperation } from '../ledger/types';
import { ZERO_LEDGER_TOKENS } from '../ledger/types';
import { abortableSleep } from '../retry/backoff';
import { DEFAULT_RETRY, isRetryable, retryDelayMs } from '../retry/policy';
import type { RetryOptions } from '../chat/types';

export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** What a feature needs of a Batch object (times in ms since the epoch). */
export interface BatchSnapshot {
  id: string;
  status: BatchStatus;
  counts: { total: number; completed: number; failed: number };
  inputFileId: string;
  outputFileId?: string;
  errorFileId?: string;
  createdAt: number;
  expiresAt?: number;
  /** Why validation failed, in the API's words (`code: message (line n)`). */
  errors: string[];
}

/** The narrow door batch jobs use. The host gets it from the Workbench; tests build it over the fake. */
export interface BatchApi {
  uploadBatchFile(name: string, jsonl: string, signal?: AbortSignal): Promise<{ id: string; bytes: number }>;
  createBatch(
    inputFileId: string,
    metadata?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<BatchSnapshot>;
  retrieveBatch(batchId: string, signal?: AbortSignal): Promise<BatchSnapshot>;
  cancelBatch(batchId: string, signal?: AbortSignal): Promise<BatchSnapshot>;
  fileContent(fileId: string, signal?: AbortSignal): Promise<string>;
  deleteFile(fileId: string, signal?: AbortSignal): Promise<void>;
}

export interface BatchApiDeps {
  client: OpenAI;
  /** Ledger label of the endpoint. */
  endpoint: string;
  record(entry: LedgerEntry): Promise<void>;
  /** Which feature's requests these are (the ledger's grouping). */
  feature?: string;
  retry?: Partial<RetryOptions>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

type RawBatch = Awaited<ReturnType<OpenAI['batches']['retrieve']>>;

export function toSnapshot(b: RawBatch): BatchSnapshot {
  const ms = (s: number | null | undefined): number | undefined => (s == null ? undefined : s * 1000);
  return {
    id: b.id,
    status: b.status,
    counts: {
      total: b.request_counts?.total ?? 0,
      completed: b.request_counts?.completed ?? 0,
      failed: b.request_counts?.failed ?? 0,
    },
    inputFileId: b.input_file_id,
    ...(b.output_file_id ? { outputFileId: b.output_file_id } : {}),
    ...(b.error_file_id ? { errorFileId: b.error_file_id } : {}),
    createdAt: b.created_at * 1000,
    ...(b.expires_at ? { expiresAt: ms(b.expires_at) } : {}),
    errors: (b.errors?.data ?? []).map(
      (e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line != null ? ` (line ${e.line})` : ''}`,
    ),
  };
}

export function createBatchApi(deps: BatchApiDeps): BatchApi {
  const now = deps.now ?? Date.now;
  const policy = { ...DEFAULT_RETRY, ...deps.retry };
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const secrets = clientSecrets(deps.client);

  async function call<T>(
    operation: LedgerOperation,
    name: string,
    fn: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const startedAt = now();
    let attempts = 0;
    for (;;) {
      attempts++;
      // A signal of its own per attempt: the SDK leaves a listener on the signal it gets, and a job's signal lives
      // for days of polling.
      const attempt = new AbortController();
      const onAbort = (): void => attempt.abort(signal?.reason);
      if (signal?.aborted) attempt.abort(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const value = await fn(attempt.signal);
        await deps.record(entry(operation, name, startedAt, attempts, 'ok'));
        return value;
      } catch (raw) {
        const err: ApiError = toApiError(raw, { partial: '', model: name, secrets });
        err.attempts = attempts;
        const wait =
          isRetryable(err, false) && attempts < policy.maxAttempts && !signal?.aborted
            ? retryDelayMs(err, attempts, policy, random)
            : undefined;
        if (wait === undefined) {
          await deps.record({
            ...entry(operation, name, startedAt, attempts, 'error'),
            errorKind: err.kind,
            ...(err.status !== undefined ? { httpStatus: err.status } : {}),
            requestId: err.requestId ?? null,
          });
          throw err;
        }
        await sleep(wait, signal);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  function entry(
    operation: LedgerOperation,
    name: string,
    startedAt: number,
    attempts: number,
    status: 'ok' | 'error',
  ): LedgerEntry {
    return {
      time: new Date(startedAt).toISOString(),
      requestId: null,
      endpoint: deps.endpoint,
      operation,
      model: name,
      feature: deps.feature ?? 'batch',
      status,
      ...(status === 'ok' ? { httpStatus: 200 } : {}),
      attempts,
      tokens: { ...ZERO_LEDGER_TOKENS },
      ttftMs: null,
      latencyMs: now() - startedAt,
      costUsd: 0,
      cacheHit: false,
    };
  }

  return {
    uploadBatchFile: (name, jsonl, signal) =>
      call(
        'file',
        'files.create',
        async (s) => {
          const file = await deps.client.files.create(
            {
              file: await toFile(Buffer.from(jsonl, 'utf8'), name, { type: 'application/jsonl' }),
              purpose: 'batch',
            },
            { signal: s },
          );
          return { id: file.id, bytes: file.bytes };
        },
        signal,
      ),
    createBatch: (inputFileId, metadata, signal) =>
      call(
        'batch',
        'batches.create',
        async (s) =>
          toSnapshot(
            await deps.client.batches.create(
              {
                input_file_id: inputFileId,
                endpoint: '/v1/chat/completions',
                completion_window: '24h',
                ...(metadata ? { metadata } : {}),
              },
              { signal: s },
            ),
          ),
        signal,
      ),
    retrieveBatch: (batchId, signal) =>
      call(
        'batch',
        'batches.retrieve',
        async (s) => toSnapshot(await deps.client.batches.retrieve(batchId, { signal: s })),
        signal,
      ),
    cancelBatch: (batchId, signal) =>
      call(
        'batch',
        'batches.cancel',
        async (s) => toSnapshot(await deps.client.batches.cancel(batchId, { signal: s })),
        signal,
      ),
    fileContent: (fileId, signal) =>
      call(
        'file',
        'files.content',
        async (s) => (await deps.client.files.content(fileId, { signal: s })).text(),
        signal,
      ),
    deleteFile: (fileId, signal) =>
      call(
        'file',
        'files.delete',
        async (s) => {
          await deps.client.files.delete(fileId, { signal: s });
        },
        signal,
      ),
  };
}
