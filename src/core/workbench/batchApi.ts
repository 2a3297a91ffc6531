// The Files and Batches endpoints as Workbench operations, on top of its generic door (call.ts): upload a JSONL
// input file, create, retrieve and cancel a batch, download and delete files. Each gets the door's stages — pacing
// (background priority: a job never holds up the chat), retries, abort and a ledger line. These endpoints are free
// ($0 lines); a batch's answers are priced when they arrive (batch/results.ts).
import { toFile } from 'openai';
import type OpenAI from 'openai';
import type { LedgerOperation } from '../ledger/types';
import type { CallContext, CallMeta, CallOutcome, CallResult } from './types';

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

/** The narrow door batch jobs use: `workbench.batches`. */
export interface BatchApi {
  uploadBatchFile(name: string, jsonl: string, signal?: AbortSignal): Promise<{ id: string; bytes: number }>;
  createBatch(
    inputFileId: string,
    metadata?: Record<string, string>,
    signal?: AbortSignal,
    /** The endpoint every line of the file is for (default chat completions). */
    endpoint?: '/v1/chat/completions' | '/v1/embeddings',
  ): Promise<BatchSnapshot>;
  retrieveBatch(batchId: string, signal?: AbortSignal): Promise<BatchSnapshot>;
  cancelBatch(batchId: string, signal?: AbortSignal): Promise<BatchSnapshot>;
  fileContent(fileId: string, signal?: AbortSignal): Promise<string>;
  deleteFile(fileId: string, signal?: AbortSignal): Promise<void>;
}

/** The Workbench's generic door. */
export type Door = <T>(
  operation: LedgerOperation,
  meta: CallMeta,
  fn: (ctx: CallContext) => Promise<CallOutcome<T>>,
) => Promise<CallResult<T>>;

type RawBatch = Awaited<ReturnType<OpenAI['batches']['retrieve']>>;

export function toSnapshot(b: RawBatch): BatchSnapshot {
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
    ...(b.expires_at ? { expiresAt: b.expires_at * 1000 } : {}),
    errors: (b.errors?.data ?? []).map(
      (e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line != null ? ` (line ${e.line})` : ''}`,
    ),
  };
}

export interface BatchApiOptions {
  /** The ledger's feature for these requests (default `batch`). */
  feature?: string;
  /** Injectable wait between retries (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function createBatchApi(door: Door, options: BatchApiOptions = {}): BatchApi {
  const feature = options.feature ?? 'batch';
  async function op<T>(
    operation: LedgerOperation,
    model: string,
    signal: AbortSignal | undefined,
    fn: (client: OpenAI, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    // A signal of its own per request: the SDK leaves a listener on the signal it gets, and a job's signal lives
    // for days of polling.
    const own = new AbortController();
    const onAbort = (): void => own.abort(signal?.reason);
    if (signal?.aborted) own.abort(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const meta: CallMeta = {
        feature,
        model,
        signal: own.signal,
        priority: 'background',
        ...(options.sleep ? { sleep: options.sleep } : {}),
      };
      const { value } = await door(operation, meta, async (ctx) => ({
        value: await fn(ctx.client, ctx.signal ?? own.signal),
      }));
      return value;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
  return {
    uploadBatchFile: (name, jsonl, signal) =>
      op('file', 'files.create', signal, async (client, s) => {
        const file = await client.files.create(
          {
            file: await toFile(Buffer.from(jsonl, 'utf8'), name, { type: 'application/jsonl' }),
            purpose: 'batch',
          },
          { signal: s },
        );
        return { id: file.id, bytes: file.bytes };
      }),
    createBatch: (inputFileId, metadata, signal, endpoint = '/v1/chat/completions') =>
      op('batch', 'batches.create', signal, async (client, s) =>
        toSnapshot(
          await client.batches.create(
            {
              input_file_id: inputFileId,
              endpoint,
              completion_window: '24h',
              ...(metadata ? { metadata } : {}),
            },
            { signal: s },
          ),
        ),
      ),
    retrieveBatch: (batchId, signal) =>
      op('batch', 'batches.retrieve', signal, async (client, s) =>
        toSnapshot(await client.batches.retrieve(batchId, { signal: s })),
      ),
    cancelBatch: (batchId, signal) =>
      op('batch', 'batches.cancel', signal, async (client, s) =>
        toSnapshot(await client.batches.cancel(batchId, { signal: s })),
      ),
    fileContent: (fileId, signal) =>
      op('file', 'files.content', signal, async (client, s) =>
        (await client.files.content(fileId, { signal: s })).text(),
      ),
    deleteFile: (fileId, signal) =>
      op('file', 'files.delete', signal, async (client, s) => {
        await client.files.delete(fileId, { signal: s });
      }),
  };
}
