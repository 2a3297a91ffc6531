// Maps a batch's output and error files back to the job's items by custom_id: each answer is checked like an
// interactive one (refusal, cut off, and for JSON tasks parsed and validated against the task's schema with the
// tasks' ajv validation), and each line becomes a ledger entry at the batch price.
import type { ChatResult } from '../chat/types';
import { entryFromResult, type EntryContext } from '../ledger/entries';
import { ZERO_LEDGER_TOKENS, type LedgerEntry } from '../ledger/types';
import { parseAndValidate } from '../tasks/validation';
import { parseJsonl } from './jsonl';
import type { BatchJob, ItemResult } from './types';

interface OutputRecord extends BatchLineRecord {
  response?: { status_code?: number; request_id?: string; body?: CompletionBody } | null;
}

interface CompletionBody {
  model?: string;
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number };
    completion_tokens_details?: { reasoning_tokens?: number };
  };
  error?: { message?: string; code?: string | null; type?: string };
}

export interface MappedLine {
  result: ItemResult;
  entry: LedgerEntry;
}

export interface MapContext {
  ctx: EntryContext;
  /** When the batch was created: a line's latency is counted from there. */
  batchCreatedAt: number;
  now: number;
}

/** What every output or error line of a batch carries, whatever its endpoint. */
export interface BatchLineRecord {
  custom_id?: string;
  response?: {
    status_code?: number;
    request_id?: string;
    body?: { error?: { message?: string; code?: string | null; type?: string } } | null;
  } | null;
  error?: { code?: string; message?: string } | null;
}

/** Why a line did not answer (an error record, or a non-200 response), or undefined when it answered 200. */
export function lineFailure(rec: BatchLineRecord): { error: string; httpStatus?: number } | undefined {
  const response = rec.response;
  if (!response) return { error: `${rec.error?.code ?? 'error'}: ${rec.error?.message ?? 'no response'}` };
  if (response.status_code === 200) return undefined;
  const e = response.body?.error;
  return {
    error: `${response.status_code} ${e?.code ?? e?.type ?? ''}: ${e?.message ?? 'no message'}`.trim(),
    ...(response.status_code !== undefined ? { httpStatus: response.status_code } : {}),
  };
}

/** A line that failed: its result and a $0 ledger line (`not_run` when it never reached the model). */
export function failedLine(
  job: BatchJob,
  line: {
    customId: string;
    requestId?: string;
    latencyMs: number;
    ctx: EntryContext;
    operation: 'chat' | 'embedding';
  },
  error: string,
  httpStatus?: number,
): MappedLine {
  const { customId, requestId, ctx } = line;
  return {
    result: { customId, ok: false, error, ...(requestId ? { requestId } : {}), costUsd: 0 },
    entry: {
      time: new Date(ctx.startedAt).toISOString(),
      requestId: requestId ?? null,
      endpoint: ctx.endpoint,
      operation: line.operation,
      model: job.model,
      feature: ctx.feature,
      status: 'error',
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      attempts: 1,
      tokens: { ...ZERO_LEDGER_TOKENS },
      ttftMs: null,
      latencyMs: line.latencyMs,
      costUsd: 0,
      cacheHit: false,
      batch: true,
      errorKind: httpStatus === undefined ? 'not_run' : 'batch_line',
    },
  };
}

function judgeAnswer(
  job: BatchJob,
  body: CompletionBody,
): Pick<ItemResult, 'ok' | 'value' | 'raw' | 'error'> {
  const choice = body.choices?.[0];
  const content = choice?.message?.content ?? '';
  if (choice?.message?.refusal) return { ok: false, error: `the model refused: ${choice.message.refusal}` };
  if (choice?.finish_reason === 'length')
    return { ok: false, raw: content, error: 'the answer was cut off at the output token limit' };
  if (choice?.finish_reason === 'content_filter')
    return { ok: false, raw: content, error: 'the answer was stopped by the content filter' };
  if (job.output === 'text' || !job.schema) return { ok: true, value: content };
  const check = parseAndValidate(content, job.schema);
  if (check.ok) return { ok: true, value: check.value };
  return {
    ok: false,
    raw: content,
    error: `the answer does not match the schema: ${check.errors.slice(0, 3).join('; ')}`,
  };
}

function mapRecord(job: BatchJob, rec: OutputRecord, m: MapContext): MappedLine | undefined {
  const customId = rec.custom_id;
  if (!customId || !job.items[customId]) return undefined;
  const response = rec.response;
  const requestId = response?.request_id;
  const latencyMs = Math.max(0, m.now - m.batchCreatedAt);
  const failed = (error: string, httpStatus?: number): MappedLine =>
    failedLine(job, { customId, requestId, latencyMs, ctx: m.ctx, operation: 'chat' }, error, httpStatus);
  const problem = lineFailure(rec);
  if (problem) return failed(problem.error, problem.httpStatus);
  const body = response?.body ?? {};
  const u = body.usage;
  const chat: ChatResult = {
    content: body.choices?.[0]?.message?.content ?? '',
    toolCalls: [],
    finishReason: body.choices?.[0]?.finish_reason ?? 'stop',
    model: body.model ?? job.model,
    requestedModel: job.model,
    ...(requestId ? { requestId } : {}),
    attempts: 1,
    latencyMs,
    ...(u
      ? {
          usage: {
            promptTokens: u.prompt_tokens ?? 0,
            cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
            completionTokens: u.completion_tokens ?? 0,
            reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
          },
        }
      : {}),
  };
  const entry = entryFromResult(chat, { ...m.ctx, batch: true });
  const verdict = judgeAnswer(job, body);
  return {
    result: {
      customId,
      ...verdict,
      ...(requestId ? { requestId } : {}),
      model: chat.model,
      costUsd: entry.costUsd,
    },
    entry,
  };
}

/** Every line of an output or error file that names one of the job's items. */
export function mapResultFile(
  job: BatchJob,
  text: string,
  m: MapContext,
): { lines: MappedLine[]; unreadable: number } {
  const { records, unreadable } = parseJsonl(text);
  const lines: MappedLine[] = [];
  for (const rec of records) {
    const mapped = mapRecord(job, rec as OutputRecord, m);
    if (mapped) lines.push(mapped);
  }
  return { lines, unreadable };
}
