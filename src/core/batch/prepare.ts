// Turns "run this task on these files" into a batch job: files cut into chunks where they are large, each chunk
// redacted and built into the same request an interactive run of the task would send (model rules applied), one
// JSONL line per chunk, split into input files over the limits; plus the preview figures (requests, tokens, cost at
// the batch price next to the interactive price, number of batches) shown before anything is sent.
import { createHash, randomBytes } from 'node:crypto';
import { estimateCostUsd } from '../cost/cost';
import { priceForTier, type ModelCatalogue } from '../models/catalogue';
import { approxPromptTokens } from '../models/router';
import { buildTaskMessages } from '../tasks/prompts';
import type { Workbench } from '../workbench/types';
import { chooseResponseFormat } from '../tasks/structured';
import type { TaskParameters, TaskSpec } from '../tasks/types';
import {
  BATCH_LIMITS,
  splitIntoFiles,
  type BatchLimits,
  type BatchRequestLine,
  type InputFileChunk,
} from './jsonl';
import { JOB_VERSION, type BatchItem, type BatchJob, type JobEstimate } from './types';

export interface BatchFileInput {
  /** Workspace-relative path. */
  path: string;
  languageId: string;
  text: string;
}

export interface PrepareOptions {
  spec: TaskSpec;
  model: string;
  catalogue: ModelCatalogue;
  parameters?: TaskParameters;
  /** The Workbench's `batchRequest`: redaction and the model's rules, as for any request it sends. */
  build: Workbench['batchRequest'];
  /** The user's words for the task (a refactor goal), outside the data delimiters. */
  instruction?: string;
  /** A file longer than this many characters is sent in chunks of whole lines (default 48,000 ≈ 12k tokens). */
  maxChunkChars?: number;
  limits?: BatchLimits;
  now?: () => number;
}

export interface PreparedJob {
  job: BatchJob;
  /** The input files to upload, in order (one batch each). */
  files: InputFileChunk[];
}

const DEFAULT_CHUNK_CHARS = 48_000;
/** When a task sets no max_tokens, the estimate assumes an answer of this size (a worst case would be the model's). */
const ASSUMED_OUTPUT_TOKENS = 800;

/** Whole-line chunks of at most `maxChars` characters (a single longer line is a chunk of its own). */
export function chunkLines(
  text: string,
  maxChars: number,
): { text: string; startLine: number; endLine: number }[] {
  const lines = text.split('\n');
  const chunks: { text: string; startLine: number; endLine: number }[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const len = lines[i]!.length + 1;
    if (size > 0 && size + len > maxChars) {
      chunks.push({ text: lines.slice(start, i).join('\n'), startLine: start + 1, endLine: i });
      start = i;
      size = 0;
    }
    size += len;
  }
  chunks.push({ text: lines.slice(start).join('\n'), startLine: start + 1, endLine: lines.length });
  return chunks;
}

export function newJobId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function prepareBatchJob(
  files: BatchFileInput[],
  options: PrepareOptions,
): Promise<PreparedJob> {
  const { spec, model, catalogue } = options;
  const info = catalogue.get(model);
  const { format, schemaInPrompt } = chooseResponseFormat(spec, info.structuredOutputs);
  const text = spec.output === 'text';
  const items: Record<string, BatchItem> = {};
  const lines: BatchRequestLine[] = [];
  let promptTokens = 0;
  for (const file of files) {
    for (const chunk of chunkLines(file.text, options.maxChunkChars ?? DEFAULT_CHUNK_CHARS)) {
      const customId = `r${lines.length + 1}-L${chunk.startLine}-${chunk.endLine}`;
      const input = {
        filePath: file.path,
        languageId: file.languageId,
        code: chunk.text,
        startLine: chunk.startLine,
        ...(options.instruction ? { instruction: options.instruction } : {}),
      };
      const messages = buildTaskMessages(spec, input, !text && schemaInPrompt);
      const { request, redactedKinds } = await options.build({
        model,
        messages,
        ...spec.parameters,
        ...options.parameters,
        ...(text ? {} : { response_format: format }),
      });
      promptTokens += approxPromptTokens(messages);
      lines.push({ customId, body: request });
      items[customId] = {
        customId,
        path: file.path,
        languageId: file.languageId,
        startLine: chunk.startLine,
        endLine: chunk.endLine,
        sha256: createHash('sha256').update(chunk.text).digest('hex'),
        redactedKinds,
      };
    }
  }
  const inputFiles = splitIntoFiles(lines, options.limits ?? BATCH_LIMITS);
  const maxOut = options.parameters?.max_tokens ?? spec.parameters.max_tokens ?? ASSUMED_OUTPUT_TOKENS;
  const outputTokens = maxOut * lines.length;
  const estimate: JobEstimate = {
    requests: lines.length,
    promptTokens,
    outputTokens,
    batchCostUsd: estimateCostUsd(promptTokens, outputTokens, priceForTier(info, 'batch')),
    interactiveCostUsd: estimateCostUsd(promptTokens, outputTokens, info.price),
    batches: inputFiles.length,
  };
  const now = (options.now ?? Date.now)();
  const job: BatchJob = {
    version: JOB_VERSION,
    id: newJobId(now),
    title: `${spec.title} on ${files.length} file${files.length === 1 ? '' : 's'}`,
    taskId: spec.id,
    taskTitle: spec.title,
    output: text ? 'text' : 'json',
    ...(text ? {} : { schema: spec.schema }),
    refactor: !text && isRefactorShaped(spec),
    model,
    createdAt: now,
    updatedAt: now,
    status: 'submitting',
    items,
    parts: pendingParts(inputFiles),
    results: {},
    estimate,
    actualCostUsd: 0,
  };
  return { job, files: inputFiles };
}

/** One part per input file, none submitted yet: what every new job starts with. */
export function pendingParts(files: readonly { customIds: string[] }[]): BatchJob['parts'] {
  return files.map((f, index) => ({
    index,
    customIds: f.customIds,
    status: 'pending',
    counts: { total: f.customIds.length, completed: 0, failed: 0 },
    collected: false,
    errors: [],
  }));
}

/** A task whose answer carries replacement `code` (refactor, fix, such user tasks). */
function isRefactorShaped(spec: TaskSpec): boolean {
  const props = (spec.schema as { properties?: Record<string, { type?: unknown }> }).properties;
  return props?.code?.type === 'string';
}
