// POST /v1/chat/completions — streamed (SSE chunks exactly as the API frames them) and not streamed, with the
// stream-level faults: reset / stall / malformed line mid-stream, and byte-for-byte replay of recorded streams.
import { randomBytes } from 'node:crypto';
import { type ChatBody, type ChatPlan, messageText, planChat } from '../chatPlan';
import { type Fault, numberParam } from '../faults';
import { sendError, standardHeaders, writeJson } from '../http';
import { findModel, isReasoningModel } from '../models';
import { replay } from '../replay';
import { splitSmall } from '../answers';
import { DONE_FRAME, flushed, frame, isGone, sseHeaders, stall, writeFrames } from '../sse';
import type { Route, RouteContext } from '../types';

const DEFAULT_AFTER = 3;

export const chatCompletions: Route = {
  method: 'POST',
  pattern: '/chat/completions',
  markerText: (body) => {
    const messages = (body as ChatBody | undefined)?.messages;
    return Array.isArray(messages) ? messageText(messages[messages.length - 1]) : '';
  },
  model: (body) => (body as ChatBody | undefined)?.model,
  handle: async (ctx) => {
    const body = ctx.body as ChatBody;
    const replayFault = ctx.faults.find((f) => f.name === 'replay');
    if (replayFault) return replay(ctx, replayFault.value ?? '');
    if (rejectForModel(ctx, body)) return;
    const plan = planChat(body, ctx.faults, ctx.state.promptCache, ctx.state.demoPaceMs !== undefined);
    const meta = answerMeta(body);
    if (body.stream === true) await streamAnswer(ctx, body, plan, meta);
    else await jsonAnswer(ctx, plan, meta);
  },
};

/** Flex processing is offered for the o-series here, as on the API; other models are served at the default tier. */
const FLEX_MODELS = new Set(['o3', 'o4-mini']);

/**
 * The tier a request is served with, which the response reports (it may differ from the one asked for): `flex`
 * only where flex is offered, `priority` as asked, everything else (`auto`, none, `default`) the default tier.
 */
export function servedTier(body: ChatBody): string {
  const asked = body.service_tier;
  if (asked === 'flex') return FLEX_MODELS.has(body.model) ? 'flex' : 'default';
  if (asked === 'priority' || asked === 'fast') return 'priority';
  return 'default';
}

export interface Meta {
  id: string;
  created: number;
  model: string;
  serviceTier: string;
}

export function answerMeta(body: ChatBody): Meta {
  return {
    id: `chatcmpl-${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`,
    created: Math.floor(Date.now() / 1000),
    model: findModel(body.model)?.snapshot ?? body.model,
    serviceTier: servedTier(body),
  };
}

/** A whole (not streamed) chat.completion object: the JSON answer, and the body of a batch output line. */
export function completionBody(plan: ChatPlan, meta: Meta): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.content,
    refusal: plan.refusal,
    annotations: [],
  };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage: plan.usage,
    service_tier: meta.serviceTier,
    system_fingerprint: FINGERPRINT,
  };
}

/** What the API refuses before generating: non-chat models, and sampling parameters o-series models do not take. */
function rejectForModel(ctx: RouteContext, body: ChatBody): boolean {
  const info = findModel(body.model);
  if (info && info.kind !== 'chat') {
    sendError(ctx, 404, {
      message:
        'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?',
      type: 'invalid_request_error',
      param: 'model',
      code: null,
    });
    return true;
  }
  if (!isReasoningModel(body.model)) return false;
  const b = body as ChatBody & { temperature?: number | null };
  if (b.max_tokens != null) {
    sendError(ctx, 400, {
      message:
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: 'unsupported_parameter',
    });
    return true;
  }
  if (b.temperature != null && b.temperature !== 1) {
    sendError(ctx, 400, {
      message: `Unsupported value: 'temperature' does not support ${b.temperature} with this model. Only the default (1) value is supported.`,
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'unsupported_value',
    });
    return true;
  }
  return false;
}

const FINGERPRINT = 'fp_fa4e0pen1a';

function chunkFrames(body: ChatBody, plan: ChatPlan, meta: Meta): { frames: string[]; tail: string[] } {
  const includeUsage = body.stream_options?.include_usage === true;
  const base = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: meta.serviceTier,
    system_fingerprint: FINGERPRINT,
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
    frame({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const frames: string[] = [];
  if (plan.toolCalls.length > 0) {
    plan.toolCalls.forEach((call, index) => {
      const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      frames.push(
        chunk(
          index === 0
            ? { role: 'assistant', content: null, tool_calls: [head], refusal: null }
            : { tool_calls: [head] },
          null,
        ),
      );
      for (const piece of splitSmall(call.arguments))
        frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    });
  } else if (plan.refusal !== null) {
    frames.push(chunk({ role: 'assistant', content: null, refusal: '' }, null));
    for (const piece of plan.pieces) frames.push(chunk({ refusal: piece }, null));
  } else {
    frames.push(chunk({ role: 'assistant', content: '', refusal: null }, null));
    for (const piece of plan.pieces) frames.push(chunk({ content: piece }, null));
  }
  const tail = [chunk({}, plan.finishReason)];
  if (includeUsage) tail.push(frame({ ...base, choices: [], usage: plan.usage }));
  tail.push(DONE_FRAME);
  return { frames, tail };
}

/** The mid-stream fault of this request, if any (only one applies: the first given). */
function midStreamFault(faults: Fault[]): Fault | undefined {
  return faults.find((f) => ['reset_mid_stream', 'stall_mid_stream', 'malformed_sse'].includes(f.name));
}

async function streamAnswer(ctx: RouteContext, body: ChatBody, plan: ChatPlan, meta: Meta): Promise<void> {
  const { frames, tail } = chunkFrames(body, plan, meta);
  ctx.recordStatus(200);
  ctx.res.writeHead(200, { ...standardHeaders(ctx.requestId, ctx.startedAt, ctx.state), ...sseHeaders() });
  ctx.res.flushHeaders(); // the API sends a stream's headers at once, before the first chunk
  const fault = midStreamFault(ctx.faults);
  if (fault) {
    // The role chunk plus `after` content chunks go out before the fault strikes; after=0 means nothing at all
    // (only the headers), which is how tests get a first-byte timeout or a reset right after the headers.
    const after = numberParam(fault, 'after') ?? DEFAULT_AFTER;
    const cut = after <= 0 ? 0 : 1 + after;
    if (!(await writeFrames(ctx.res, frames.slice(0, cut)))) return;
    if (fault.name === 'reset_mid_stream') {
      await flushed(ctx.res);
      ctx.res.socket?.destroy();
      return;
    }
    if (fault.name === 'malformed_sse') {
      ctx.res.end('data: {not json\n\n');
      return;
    }
    if (!(await stall(ctx.res, numberParam(fault, 'ms')))) return;
    if (!(await writeFrames(ctx.res, frames.slice(cut)))) return;
  } else if (!(await writeFrames(ctx.res, frames, ctx.state.demoPaceMs))) return;
  if (!(await writeFrames(ctx.res, tail))) return;
  if (body.stream_options?.include_usage === true) ctx.recordUsage(plan.usage);
  if (!isGone(ctx.res)) ctx.res.end();
}

async function jsonAnswer(ctx: RouteContext, plan: ChatPlan, meta: Meta): Promise<void> {
  const answer = completionBody(plan, meta);
  const fault = midStreamFault(ctx.faults);
  const headers = standardHeaders(ctx.requestId, ctx.startedAt, ctx.state);
  if (!fault) {
    ctx.recordStatus(200);
    ctx.recordUsage(plan.usage);
    writeJson(ctx.res, 200, headers, answer);
    return;
  }
  // Not streamed, the "mid-stream" faults break the JSON body instead: cut, stalled half-way, or not JSON.
  const text = fault.name === 'malformed_sse' ? '{not json' : JSON.stringify(answer);
  ctx.recordStatus(200);
  ctx.res.writeHead(200, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  if (fault.name === 'malformed_sse') return void ctx.res.end(text);
  const half = text.slice(0, Math.floor(text.length / 2));
  ctx.res.write(half);
  if (fault.name === 'reset_mid_stream') {
    await flushed(ctx.res);
    ctx.res.socket?.destroy();
    return;
  }
  if (await stall(ctx.res, numberParam(fault, 'ms'))) ctx.res.end(text.slice(half.length));
}
