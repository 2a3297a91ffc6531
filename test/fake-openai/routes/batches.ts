// /v1/batches: create (validates the input file and answers its lines, see batchLines.ts), retrieve, list, cancel.
// The lifecycle runs on the fake's clock (batchWorld.ts).
import { judgeInputFile } from '../batchLines';
import type { StoredBatch } from '../batchWorld';
import { sendError, sendJson } from '../http';
import type { Route, RouteContext } from '../types';

interface CreateBody {
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  metadata?: Record<string, string> | null;
}

/** The fake answers chat and embeddings batches; the API's other batch endpoints are refused plainly. */
const SUPPORTED_ENDPOINTS = new Set(['/v1/chat/completions', '/v1/embeddings']);

function findBatch(ctx: RouteContext): StoredBatch | undefined {
  const batch = ctx.state.batches.batches.get(ctx.params.batch_id ?? '');
  if (!batch) {
    sendError(ctx, 404, {
      message: `No batch found with id '${ctx.params.batch_id}'.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  return batch;
}

export const createBatch: Route = {
  method: 'POST',
  pattern: '/batches',
  handle: (ctx) => {
    const body = ctx.body as CreateBody;
    const world = ctx.state.batches;
    const file = world.files.get(body.input_file_id);
    if (!file) {
      return sendError(ctx, 404, {
        message: `No such File object: ${body.input_file_id}`,
        type: 'invalid_request_error',
        param: 'input_file_id',
        code: null,
      });
    }
    if (file.purpose !== 'batch') {
      return sendError(ctx, 400, {
        message: `The input file must be uploaded with purpose 'batch', not '${file.purpose}'.`,
        type: 'invalid_request_error',
        param: 'input_file_id',
        code: 'invalid_purpose',
      });
    }
    if (!SUPPORTED_ENDPOINTS.has(body.endpoint)) {
      return sendError(ctx, 400, {
        message: `The fake OpenAI server only runs batches for /v1/chat/completions and /v1/embeddings, not ${body.endpoint}.`,
        type: 'invalid_request_error',
        param: 'endpoint',
        code: null,
      });
    }
    const verdict = judgeInputFile(
      file.data.toString('utf8'),
      body.endpoint,
      world.limits,
      ctx.spec,
      ctx.state,
    );
    const batch = world.addBatch({
      endpoint: body.endpoint,
      inputFileId: file.id,
      completionWindow: body.completion_window,
      metadata: body.metadata ?? null,
      answers: verdict.answers ?? [],
      expire: verdict.answers ? verdict.expire : false,
      ...(verdict.errors ? { errors: verdict.errors } : { model: verdict.model }),
    });
    sendJson(ctx, 200, world.render(batch));
  },
};

export const retrieveBatch: Route = {
  method: 'GET',
  pattern: '/batches/{batch_id}',
  handle: (ctx) => {
    const batch = findBatch(ctx);
    if (batch) sendJson(ctx, 200, ctx.state.batches.render(batch));
  },
};

export const listBatches: Route = {
  method: 'GET',
  pattern: '/batches',
  handle: (ctx) => {
    const url = new URL(ctx.req.url ?? '/', 'http://fake');
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
    const after = url.searchParams.get('after');
    const world = ctx.state.batches;
    let all = [...world.batches.values()].reverse();
    if (after) all = all.slice(all.findIndex((b) => b.id === after) + 1);
    const page = all.slice(0, limit).map((b) => world.render(b));
    sendJson(ctx, 200, {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page[page.length - 1]?.id ?? null,
      has_more: all.length > limit,
    });
  },
};

export const cancelBatch: Route = {
  method: 'POST',
  pattern: '/batches/{batch_id}/cancel',
  handle: (ctx) => {
    const batch = findBatch(ctx);
    if (!batch) return;
    const world = ctx.state.batches;
    const status = world.phase(batch).status;
    if (!['validating', 'in_progress', 'finalizing'].includes(status)) {
      return sendError(ctx, 409, {
        message: `Cannot cancel a batch with status '${status}'.`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
    batch.cancellingAt = world.clock.now();
    sendJson(ctx, 200, world.render(batch));
  },
};
