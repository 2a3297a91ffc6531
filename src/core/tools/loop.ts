// The tool loop of one user turn: each round is one workbench.chat request (so redaction, budget, cache rules,
// retries and the ledger apply to it, tagged with the turn), the calls the model made run in parallel (bounded),
// and their results go back as `tool` messages in the order of the calls. Whatever goes wrong with a call —
// unknown tool, bad JSON, arguments off the schema, a rejected approval, a tool that throws — becomes an error
// result the model reads; only Stop (or a failed request) ends the turn. After `maxRounds` rounds with calls the
// model is asked for a final answer without tools, and the caller is told why.
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatToolCall } from '../chat/types';
import { ApiError } from '../errors';
import type { ChatDraft } from '../models/requestBuilder';
import type { Workbench, WorkbenchChatOptions, WorkbenchChatResult } from '../workbench';
import { runBounded } from './bounded';
import {
  DEFAULT_RESULT_LIMIT,
  TOOL_RULES,
  errorMessage,
  formatError,
  formatResult,
  parseArguments,
} from './results';
import { addUsage, emptyTotals } from './totals';
import type {
  ApprovalDecision,
  ApprovalRequest,
  FileEdit,
  ToolCallRecord,
  ToolDefinition,
  ToolLoopEvent,
  ToolLoopResult,
  ToolRunContext,
} from './types';
import { imagesMessage, sortImages } from './toolImages';
import { wireName } from './wireNames';

export const DEFAULT_MAX_ROUNDS = 8;
export const DEFAULT_TOOL_PARALLELISM = 4;

export interface ToolLoopOptions {
  workbench: Pick<Workbench, 'chat'>;
  /** The turn's request: system prompt, history and the user's message. Its messages are not modified. */
  draft: ChatDraft;
  tools: readonly ToolDefinition[];
  /** Tags every round in the ledger; edits are checkpointed per turn. */
  turnId: string;
  /** Rounds that may call tools (default 8); one more request then asks for the final answer without tools. */
  maxRounds?: number;
  /** Calls of one round running at the same time (default 4). */
  parallelism?: number;
  /** Asked before a call that needs approval; false (or `{approved: false}`) sends an error result instead. */
  approve: (request: ApprovalRequest) => Promise<ApprovalDecision>;
  signal?: AbortSignal;
  onEvent?: (event: ToolLoopEvent) => void;
  /** The ledger's feature (default `chat`). */
  feature?: string;
  /** Cap of one result in characters (default 16,000). */
  resultLimit?: number;
  /** Every file a write tool changed (the turn's checkpoint). */
  onEdit?: (edit: FileEdit) => void;
  /**
   * The model reads images: images tools return are sent to it after the round's tool messages. Otherwise the
   * result's text says each image was left out.
   */
  readsImages?: boolean;
  /** Passed to every round (budget / moderation confirmations, hooks). */
  chatOptions?: Omit<WorkbenchChatOptions, 'feature' | 'signal' | 'onDelta' | 'turn'>;
  now?: () => number;
}

type ToolMessage = Extract<ChatCompletionMessageParam, { role: 'tool' }>;

export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const now = options.now ?? Date.now;
  const maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  const signal = options.signal ?? new AbortController().signal;
  const emit = (event: ToolLoopEvent): void => options.onEvent?.(event);
  const byWire = new Map<string, ToolDefinition>();
  for (const tool of options.tools) byWire.set(wireName(tool.name), tool);
  const offered: ChatCompletionTool[] = [...byWire].map(([name, tool]) => ({
    type: 'function',
    function: { name, description: tool.description, parameters: tool.parameters },
  }));

  const added: ChatCompletionMessageParam[] = [];
  const calls: ToolCallRecord[] = [];
  const totals = emptyTotals();
  let content = '';
  let roundLimit: string | undefined;
  let firstTokenAt: number | undefined;
  const startedAt = now();
  let last: WorkbenchChatResult | undefined;
  // A secret keeps its placeholder over the rounds (a tool result may repeat what the user's message held).
  let knownRedactions: WorkbenchChatResult['knownRedactions'] | undefined;

  for (let round = 1; ; round++) {
    const withTools = offered.length > 0 && round <= maxRounds;
    emit({ type: 'round', round, withTools });
    // The texts of the rounds are one answer to the user, a blank line apart.
    let streamed = false;
    const onDelta = (text: string): void => {
      if (!streamed && content) emit({ type: 'delta', text: '\n\n' });
      streamed = true;
      firstTokenAt ??= now();
      emit({ type: 'delta', text });
    };
    last = await options.workbench.chat(requestOf(options.draft, added, offered, withTools, roundLimit), {
      ...options.chatOptions,
      feature: options.feature ?? 'chat',
      signal,
      onDelta,
      turn: { id: options.turnId, round },
      ...(knownRedactions ? { knownRedactions } : {}),
      // The user's message is the same in every round: moderated once.
      ...(round > 1 ? { moderate: false } : {}),
    });
    addUsage(totals, last);
    knownRedactions = last.knownRedactions;
    if (last.content) content += (content ? '\n\n' : '') + last.content;
    const toolCalls = withTools ? last.toolCalls : [];
    added.push(assistantMessage(last.content, toolCalls));
    if (toolCalls.length === 0) break;

    for (const c of toolCalls)
      emit({ type: 'toolCall', round, id: c.id, name: c.name, arguments: c.arguments });
    const records = await runBounded(
      toolCalls,
      options.parallelism ?? DEFAULT_TOOL_PARALLELISM,
      (call) => runCall(call, round, byWire, options, signal, now, emit),
      signal,
    );
    stopIfAborted(signal);
    for (const record of records) {
      calls.push(record);
      added.push({ role: 'tool', tool_call_id: record.id, content: record.result } satisfies ToolMessage);
    }
    const images = imagesMessage(records);
    if (images) added.push(images);
    if (round === maxRounds) {
      roundLimit =
        `The tool-round limit (${maxRounds} rounds, setting gptWorkbench.tools.maxRounds) was reached: the ` +
        'model was asked to answer with what it has, without more tools.';
      emit({ type: 'roundLimit', maxRounds, message: roundLimit });
    }
  }
  return {
    content,
    model: last.model,
    finishReason: last.finishReason,
    messages: added,
    calls,
    totals,
    ...(roundLimit ? { roundLimit } : {}),
    ...(firstTokenAt !== undefined ? { timeToFirstTokenMs: firstTokenAt - startedAt } : {}),
  };
}

/** The draft's messages with the tool rules in the system prompt, then what the turn has added so far. */
function requestOf(
  draft: ChatDraft,
  added: readonly ChatCompletionMessageParam[],
  offered: ChatCompletionTool[],
  withTools: boolean,
  roundLimit: string | undefined,
): ChatDraft {
  const messages = [...draft.messages];
  const first = messages[0];
  if (offered.length > 0) {
    if (first?.role === 'system' && typeof first.content === 'string')
      messages[0] = { role: 'system', content: `${first.content}\n\n${TOOL_RULES}` };
    else messages.unshift({ role: 'system', content: TOOL_RULES });
  }
  messages.push(...added);
  if (offered.length === 0) return { ...draft, messages };
  if (!withTools && roundLimit)
    messages.push({
      role: 'system',
      content: 'The tool-round limit is reached. Answer the user now with what you have; no more tool calls.',
    });
  // Without tools the offer stays (an unchanged prefix for prompt caching) but no call can be made.
  return { ...draft, messages, tools: offered, ...(withTools ? {} : { tool_choice: 'none' as const }) };
}

function assistantMessage(content: string, calls: readonly ChatToolCall[]): ChatCompletionMessageParam {
  if (calls.length === 0) return { role: 'assistant', content };
  return {
    role: 'assistant',
    content: content || null,
    tool_calls: calls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: c.arguments },
    })),
  };
}

async function runCall(
  call: ChatToolCall,
  round: number,
  byWire: Map<string, ToolDefinition>,
  options: ToolLoopOptions,
  signal: AbortSignal,
  now: () => number,
  emit: (event: ToolLoopEvent) => void,
): Promise<ToolCallRecord> {
  const started = now();
  const limit = options.resultLimit ?? DEFAULT_RESULT_LIMIT;
  const tool = byWire.get(call.name);
  const name = tool?.name ?? call.name;
  const record = (ok: boolean, result: string, display: string, extra: Partial<ToolCallRecord> = {}) => {
    const r: ToolCallRecord = {
      round,
      id: call.id,
      name,
      arguments: call.arguments,
      ok,
      result,
      display,
      durationMs: now() - started,
      ...extra,
    };
    emit({ type: 'toolResult', record: r });
    return r;
  };
  const fail = (reason: string, extra?: Partial<ToolCallRecord>) =>
    record(false, formatError(name, reason), reason, extra);

  if (!tool) {
    const names = [...byWire.keys()].join(', ') || 'none';
    return fail(`there is no tool named "${call.name}". Tools offered: ${names}.`);
  }
  const parsed = parseArguments(tool, call.arguments);
  if (!parsed.ok) return fail(parsed.reason);
  let approval: ToolCallRecord['approval'];
  const context = (approved: boolean): ToolRunContext => ({
    signal,
    turnId: options.turnId,
    callId: call.id,
    approved,
    recordEdit: (edit) => options.onEdit?.(edit),
  });
  if (tool.prepare) {
    try {
      await tool.prepare(parsed.args, context(false));
    } catch (err) {
      stopIfAborted(signal);
      return fail(errorMessage(err));
    }
  }
  if (tool.needsApproval ? tool.needsApproval(parsed.args) : tool.kind !== 'read') {
    const decision = await options.approve({
      turnId: options.turnId,
      round,
      call,
      tool,
      args: parsed.args,
      signal,
    });
    stopIfAborted(signal);
    const approved = typeof decision === 'boolean' ? decision : decision.approved;
    approval = approved ? 'approved' : 'rejected';
    emit({ type: 'approval', round, id: call.id, name, decision: approval });
    if (!approved) {
      const why = typeof decision === 'object' && decision.reason ? ` (${decision.reason})` : '';
      return fail(`the user rejected this call${why}. Do not repeat it; go on without it.`, { approval });
    }
  }
  try {
    const output = await tool.run(parsed.args, context(approval === 'approved'));
    stopIfAborted(signal);
    const images = sortImages(
      typeof output === 'string' ? [] : (output.images ?? []),
      options.readsImages === true,
    );
    const text = (typeof output === 'string' ? output : output.text) + images.note;
    const display = (typeof output === 'string' ? output : (output.display ?? output.text)) + images.note;
    return record(true, formatResult(name, text, limit), display, {
      ...(approval ? { approval } : {}),
      ...(images.sent.length > 0 ? { images: images.sent } : {}),
    });
  } catch (err) {
    stopIfAborted(signal);
    return fail(`${name} failed: ${errorMessage(err)}`, approval ? { approval } : {});
  }
}

function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted)
    throw new ApiError({
      kind: 'aborted',
      message: 'Stopped: the turn and its running tools were cancelled.',
    });
}
