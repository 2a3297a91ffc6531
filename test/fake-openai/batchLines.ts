// How the fake answers the lines of a batch input file: each line is checked like the API checks it (JSONL shape,
// the batch's endpoint, one model per file, the request body against the official spec) and really answered: chat
// lines with the same planner as POST /v1/chat/completions, embeddings lines with the same vectors and limits as
// POST /v1/embeddings (and the Batch API's cap of 50,000 embedding inputs per batch). HTTP fault markers in a line's last message (`[[fake:server_error]]`,
// `times=N` included) make that line fail with that error, so per-line failures come on demand.
import { randomBytes } from 'node:crypto';
import { type ChatBody, planChat } from './chatPlan';
import { collectFaults, dueFaults, httpFault } from './faults';
import { modelNotFound, newRequestId } from './http';
import { findModel } from './models';
import { answerMeta, chatCompletions, completionBody } from './routes/chat';
import { answerEmbeddings, embeddings, type EmbeddingBody } from './routes/embeddings';
import type { OpenApiSpec } from './spec';
import type { ServerState } from './types';

export interface BatchLimits {
  /** Requests per input file (the API: 50,000). */
  maxRequests: number;
  /** Bytes per input file (the API: 200 MB). */
  maxBytes: number;
}

export const API_BATCH_LIMITS: Readonly<BatchLimits> = Object.freeze({
  maxRequests: 50_000,
  maxBytes: 200 * 1024 * 1024,
});

/** Embedding inputs summed over every line of one embeddings batch (the API's limit). */
export const MAX_BATCH_EMBEDDING_INPUTS = 50_000;

export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** One line's outcome; `ok` lines go to the output file, the others to the error file. */
export interface LineAnswer {
  customId: string;
  ok: boolean;
  statusCode: number;
  body: Record<string, unknown>;
  usage?: { prompt_tokens: number; completion_tokens: number; cached: number; reasoning: number };
}

/** The file's verdict at validation: either the batch fails with these errors, or every line has its answer. */
export type FileVerdict =
  | { errors: BatchError[]; answers?: undefined; model?: undefined }
  | {
      errors?: undefined;
      answers: LineAnswer[];
      model: string;
      /** A `[[fake:batch_expire]]` marker in any line: the window runs out half-way through. */
      expire: boolean;
    };

interface InputLine {
  custom_id?: unknown;
  method?: unknown;
  url?: unknown;
  body?: ChatBody;
}

const err = (code: string, message: string, line: number | null = null, param: string | null = null) => ({
  code,
  message,
  param,
  line,
});

function parseLines(text: string): { lines: InputLine[]; errors: BatchError[] } {
  const lines: InputLine[] = [];
  const errors: BatchError[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      lines.push(JSON.parse(raw) as InputLine);
    } catch {
      errors.push(err('invalid_json_line', `Line ${i + 1} is not valid JSON.`, i + 1));
    }
  });
  return { lines, errors };
}

/** The checks the API makes before a batch starts (status `validating` → `failed` when any fails). */
function checkFile(lines: InputLine[], endpoint: string, limits: BatchLimits): BatchError[] {
  const errors: BatchError[] = [];
  if (lines.length === 0) errors.push(err('empty_file', 'The input file contains no requests.'));
  if (lines.length > limits.maxRequests) {
    errors.push(
      err(
        'too_many_requests',
        `The input file contains ${lines.length} requests; a batch takes at most ${limits.maxRequests}.`,
      ),
    );
  }
  const seen = new Set<string>();
  const models = new Set<string>();
  lines.forEach((l, i) => {
    const n = i + 1;
    if (typeof l.custom_id !== 'string' || !l.custom_id)
      errors.push(err('missing_custom_id', `Line ${n} has no custom_id.`, n, 'custom_id'));
    else if (seen.has(l.custom_id))
      errors.push(err('duplicate_custom_id', `custom_id "${l.custom_id}" is used twice.`, n, 'custom_id'));
    else seen.add(l.custom_id);
    if (l.method !== 'POST')
      errors.push(err('invalid_method', `Line ${n}: method must be POST.`, n, 'method'));
    if (l.url !== endpoint)
      errors.push(
        err(
          'mismatched_endpoint',
          `Line ${n} is for ${String(l.url)}, the batch is for ${endpoint}.`,
          n,
          'url',
        ),
      );
    if (typeof l.body?.model === 'string') models.add(l.body.model);
    else errors.push(err('missing_model', `Line ${n} names no model.`, n, 'body.model'));
  });
  if (endpoint === '/v1/embeddings') {
    const inputs = lines.reduce((n, l) => {
      const input = (l.body as { input?: unknown } | undefined)?.input;
      return n + (Array.isArray(input) && typeof input[0] !== 'number' ? input.length : 1);
    }, 0);
    if (inputs > MAX_BATCH_EMBEDDING_INPUTS) {
      errors.push(
        err(
          'too_many_embedding_inputs',
          `The input file contains ${inputs} embedding inputs; an embeddings batch takes at most ${MAX_BATCH_EMBEDDING_INPUTS}.`,
        ),
      );
    }
  }
  if (models.size > 1) {
    errors.push(
      err(
        'mismatched_model',
        `The input file uses ${models.size} models (${[...models].join(', ')}); a batch takes one model per file.`,
      ),
    );
  }
  return errors;
}

/** An embeddings line: the spec's check, then the same answer POST /v1/embeddings gives. */
function answerEmbeddingLine(line: InputLine, spec: OpenApiSpec | undefined, state: ServerState): LineAnswer {
  const customId = line.custom_id as string;
  const body = line.body as unknown as EmbeddingBody;
  const violations = spec?.validateRequest('POST', '/embeddings', body);
  if (violations && violations.length > 0) {
    return {
      customId,
      ok: false,
      statusCode: 400,
      body: {
        error: {
          message: `Request does not conform to the OpenAI spec: ${violations.map((v) => v.message).join('; ')}`,
          type: 'invalid_request_error',
          param: violations[0]?.param ?? null,
          code: 'spec_violation',
        },
      },
    };
  }
  const faults = dueFaults(
    collectFaults(undefined, embeddings.markerText?.(body) ?? ''),
    state.faultCounts,
    state.random,
  );
  for (const fault of faults) {
    const failure = httpFault(fault, body.model);
    if (failure && failure !== 'reset_before_headers')
      return { customId, ok: false, statusCode: failure.status, body: { error: { ...failure.error } } };
  }
  const answer = answerEmbeddings(body);
  if ('error' in answer)
    return { customId, ok: false, statusCode: answer.status, body: { error: answer.error } };
  return {
    customId,
    ok: true,
    statusCode: 200,
    body: answer.body,
    usage: { prompt_tokens: answer.tokens, completion_tokens: 0, cached: 0, reasoning: 0 },
  };
}

function answerLine(line: InputLine, spec: OpenApiSpec | undefined, state: ServerState): LineAnswer {
  const customId = line.custom_id as string;
  const body = line.body as ChatBody;
  const fail = (statusCode: number, error: Record<string, unknown>): LineAnswer => ({
    customId,
    ok: false,
    statusCode,
    body: { error },
  });
  const violations = spec?.validateRequest('POST', '/chat/completions', body);
  if (violations && violations.length > 0) {
    return fail(400, {
      message: `Request does not conform to the OpenAI spec: ${violations.map((v) => v.message).join('; ')}`,
      type: 'invalid_request_error',
      param: violations[0]?.param ?? null,
      code: 'spec_violation',
    });
  }
  if (body.stream === true) {
    return fail(400, {
      message: 'Streaming is not supported in the Batch API.',
      type: 'invalid_request_error',
      param: 'stream',
      code: null,
    });
  }
  const faults = dueFaults(
    collectFaults(undefined, chatCompletions.markerText?.(body) ?? ''),
    state.faultCounts,
    state.random,
  );
  for (const fault of faults) {
    const answer = httpFault(fault, body.model);
    if (answer && answer !== 'reset_before_headers') return fail(answer.status, { ...answer.error });
  }
  if (!findModel(body.model)) return fail(404, { ...modelNotFound(body.model) });
  const plan = planChat(body, faults, state.promptCache);
  const u = plan.usage;
  return {
    customId,
    ok: true,
    statusCode: 200,
    body: { ...completionBody(plan, answerMeta(body)), service_tier: 'default' },
    usage: {
      prompt_tokens: u.prompt_tokens,
      completion_tokens: u.completion_tokens,
      cached: u.prompt_tokens_details.cached_tokens,
      reasoning: u.completion_tokens_details.reasoning_tokens,
    },
  };
}

/** Validates an input file for a batch and, when it passes, answers every line (in file order). */
export function judgeInputFile(
  text: string,
  endpoint: string,
  limits: BatchLimits,
  spec: OpenApiSpec | undefined,
  state: ServerState,
): FileVerdict {
  const { lines, errors } = parseLines(text);
  errors.push(...checkFile(lines, endpoint, limits));
  if (errors.length > 0) return { errors };
  const fileMarkers = collectFaults(undefined, text).map((f) => f.name);
  if (fileMarkers.includes('batch_fail'))
    return { errors: [err('batch_failed', 'The batch failed (fake: batch_fail marker).')] };
  return {
    answers: lines.map((l) =>
      endpoint === '/v1/embeddings' ? answerEmbeddingLine(l, spec, state) : answerLine(l, spec, state),
    ),
    model: (lines[0]?.body as ChatBody).model,
    expire: fileMarkers.includes('batch_expire'),
  };
}

/** An output/error file line as the API writes it. */
export function outputLine(answer: LineAnswer): string {
  return JSON.stringify({
    id: `batch_req_${randomBytes(12).toString('hex')}`,
    custom_id: answer.customId,
    response: { status_code: answer.statusCode, request_id: newRequestId(), body: answer.body },
    error: null,
  });
}

/** A line that never ran (expired): no response, the batch-level error code. */
export function unfinishedLine(customId: string, code: 'batch_expired' | 'batch_cancelled'): string {
  const message =
    code === 'batch_expired'
      ? 'This request could not be executed before the completion window expired.'
      : 'This request was cancelled before it was executed.';
  return JSON.stringify({
    id: `batch_req_${randomBytes(12).toString('hex')}`,
    custom_id: customId,
    response: null,
    error: { code, message },
  });
}
