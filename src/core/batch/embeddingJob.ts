// A first workspace index embedded through the Batch API at half price: one `/v1/embeddings` line per distinct chunk
// text (custom_id → the chunk's content hash, so chunks that share a text share a line), the preview figures at the
// batch and the interactive price, and the mapping of the output back to vectors by custom_id. The vectors go to the
// index when they arrive (the runner's `applyVectors`), never into the job file: a large index would not fit there.
import { estimateCostUsd } from '../cost/cost';
import type { EntryContext } from '../ledger/entries';
import { entryFromResult } from '../ledger/entries';
import { priceForTier, type ModelCatalogue } from '../models/catalogue';
import {
  BATCH_LIMITS,
  EMBEDDINGS_BATCH_ENDPOINT,
  parseJsonl,
  splitIntoFiles,
  type BatchLimits,
  type BatchRequestLine,
} from './jsonl';
import { newJobId, pendingParts, type PreparedJob } from './prepare';
import { failedLine, lineFailure, type BatchLineRecord, type MapContext, type MappedLine } from './results';
import { JOB_VERSION, type BatchItem, type BatchJob, type EmbeddingTarget } from './types';

/** The task id of embeddings jobs: ledger lines are `batch.index`, like the interactive index's `index`. */
export const INDEX_BATCH_TASK = 'index';

/**
 * A first index of at least this many tokens is offered through the Batch API. Below it the interactive path takes
 * minutes and costs cents, so waiting up to 24 hours for half of that is not worth asking about.
 */
export const BATCH_INDEX_MIN_TOKENS = 1_000_000;

/** What the index hands over for each chunk still without a vector. */
export interface EmbeddingChunk {
  hash: string;
  path: string;
  startLine: number;
  endLine: number;
  /** The exact text the interactive path would embed (path line included). */
  text: string;
  tokens: number;
}

export interface EmbeddingJobOptions {
  target: EmbeddingTarget;
  catalogue: ModelCatalogue;
  limits?: BatchLimits;
  now?: () => number;
}

export function prepareEmbeddingJob(chunks: EmbeddingChunk[], options: EmbeddingJobOptions): PreparedJob {
  const { target } = options;
  const items: Record<string, BatchItem> = {};
  const lines: BatchRequestLine[] = [];
  const seen = new Set<string>();
  let tokens = 0;
  for (const chunk of chunks) {
    if (seen.has(chunk.hash)) continue;
    seen.add(chunk.hash);
    const customId = `e${lines.length + 1}-${chunk.hash.slice(0, 16)}`;
    lines.push({
      customId,
      url: EMBEDDINGS_BATCH_ENDPOINT,
      body: {
        model: target.model,
        input: [chunk.text],
        dimensions: target.dimensions,
        encoding_format: 'base64',
      },
    });
    items[customId] = {
      customId,
      path: chunk.path,
      languageId: 'plaintext',
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      sha256: chunk.hash,
      redactedKinds: [],
    };
    tokens += chunk.tokens;
  }
  const files = splitIntoFiles(lines, options.limits ?? BATCH_LIMITS);
  const info = options.catalogue.get(target.model);
  const now = (options.now ?? Date.now)();
  const fileCount = new Set(chunks.map((c) => c.path)).size;
  const job: BatchJob = {
    version: JOB_VERSION,
    id: newJobId(now),
    endpoint: EMBEDDINGS_BATCH_ENDPOINT,
    embedding: target,
    title: `Workspace index: ${lines.length} chunks of ${fileCount} file${fileCount === 1 ? '' : 's'}`,
    taskId: INDEX_BATCH_TASK,
    taskTitle: 'Workspace index',
    output: 'text',
    refactor: false,
    model: target.model,
    createdAt: now,
    updatedAt: now,
    status: 'submitting',
    items,
    parts: pendingParts(files),
    results: {},
    estimate: {
      requests: lines.length,
      promptTokens: tokens,
      outputTokens: 0,
      batchCostUsd: estimateCostUsd(tokens, 0, priceForTier(info, 'batch')),
      interactiveCostUsd: estimateCostUsd(tokens, 0, info.price),
      batches: files.length,
    },
    actualCostUsd: 0,
  };
  return { job, files };
}

interface EmbeddingRecord extends BatchLineRecord {
  response?: {
    status_code?: number;
    request_id?: string;
    body?: {
      model?: string;
      data?: { index?: number; embedding?: string | number[] }[];
      usage?: { prompt_tokens?: number };
      error?: { message?: string; code?: string | null; type?: string };
    };
  } | null;
}

/** A base64 embedding is the little-endian float32 array. */
export function decodeEmbedding(value: string | number[]): Float32Array {
  if (Array.isArray(value)) return Float32Array.from(value);
  const bytes = Buffer.from(value, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

export interface MappedEmbedding extends MappedLine {
  /** The chunk hash and its vector, for a line that succeeded. */
  vector?: { hash: string; values: Float32Array };
}

function mapEmbeddingRecord(job: BatchJob, rec: EmbeddingRecord, m: MapContext): MappedEmbedding | undefined {
  const customId = rec.custom_id;
  const item = customId ? job.items[customId] : undefined;
  if (!customId || !item) return undefined;
  const ctx: EntryContext = { ...m.ctx, operation: 'embedding', batch: true };
  const response = rec.response;
  const requestId = response?.request_id;
  const latencyMs = Math.max(0, m.now - m.batchCreatedAt);
  const failed = (error: string, httpStatus?: number): MappedEmbedding =>
    failedLine(
      job,
      { customId, requestId, latencyMs, ctx: m.ctx, operation: 'embedding' },
      error,
      httpStatus,
    );
  const problem = lineFailure(rec);
  if (problem) return failed(problem.error, problem.httpStatus);
  const body = response?.body ?? {};
  const embedding = body.data?.find((d) => (d.index ?? 0) === 0)?.embedding;
  const values = embedding === undefined ? undefined : decodeEmbedding(embedding);
  if (!values || values.length !== job.embedding?.dimensions)
    return failed(`the answer has no ${job.embedding?.dimensions}-dimension vector`, 200);
  const promptTokens = body.usage?.prompt_tokens ?? 0;
  const entry = entryFromResult(
    {
      content: '',
      toolCalls: [],
      finishReason: 'stop',
      model: body.model ?? job.model,
      requestedModel: job.model,
      ...(requestId ? { requestId } : {}),
      attempts: 1,
      latencyMs,
      usage: { promptTokens, cachedTokens: 0, completionTokens: 0, reasoningTokens: 0 },
    },
    ctx,
  );
  return {
    result: {
      customId,
      ok: true,
      ...(requestId ? { requestId } : {}),
      model: entry.model,
      costUsd: entry.costUsd,
    },
    entry,
    vector: { hash: item.sha256, values },
  };
}

/** Every line of an embeddings output or error file that names one of the job's items. */
export function mapEmbeddingFile(job: BatchJob, text: string, m: MapContext): MappedEmbedding[] {
  const out: MappedEmbedding[] = [];
  for (const rec of parseJsonl(text).records) {
    const mapped = mapEmbeddingRecord(job, rec as EmbeddingRecord, m);
    if (mapped) out.push(mapped);
  }
  return out;
}
