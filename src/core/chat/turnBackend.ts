// Where a chat turn's request goes: the Workbench facade (ledger, cache, budget, moderation around runChat), the
// one path every request takes. The turn sees one shape and every failure as { kind, message }; a task turn
// (Explain) passes its own backend of the same shape.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ErrorActionView, FailureKind, HostToWebview, ToolCallView } from '../../shared/protocol';
import type { FileEdit } from '../tools/types';
import { ApiError } from '../errors';
import { describeError } from '../errorMapping';
import { WorkbenchError, type PreparedRequest, type Workbench } from '../workbench';
import type { RedactionMemo } from './redactMessages';

export interface ChatTurnRequest {
  /** The model chosen for the conversation, `auto` included: the Workbench routes it. */
  model: string;
  /** The whole conversation as typed: the Workbench redacts it and fits it to the model's context window. */
  messages: ChatCompletionMessageParam[];
  signal: AbortSignal;
  /** Answer text, secrets already restored. */
  onDelta: (text: string) => void;
  /** The conversation's redaction memo (in memory only), so unchanged earlier turns are not scanned again. */
  redactionMemo?: RedactionMemo;
  /** The request is ready to go: the model it goes to, what was redacted, the turns left out. */
  onPrepared?: (prepared: PreparedRequest) => void;
  /** The chat turn this request answers (tool turns show their calls in the view and ask for approvals). */
  turn?: { id: string; conversationId: string; post: (message: HostToWebview) => void };
  /** Set when the chat asks for a JSON object (JSON mode); absent = free text. */
  responseFormat?: 'json_object';
  /** The model reads images (the catalogue's word): images tools return may go to it. */
  readsImages?: boolean;
}

export interface ChatTurnResult {
  model: string;
  usage?: { prompt: number; cached: number; completion: number };
  ttftMs?: number;
  /** Tool turns: the requests made, their total cost, the calls, the files edited and why tools stopped. */
  rounds?: number;
  costUsd?: number | null;
  toolCalls?: ToolCallView[];
  edits?: FileEdit[];
  note?: string;
}

export type ChatBackend = (request: ChatTurnRequest) => Promise<ChatTurnResult>;

export interface ChatBackendDeps {
  /** The host's one Workbench (it asks for a key first when none is set, and throws auth if still none). */
  getWorkbench: () => Promise<Workbench>;
}

export function createChatBackend(deps: ChatBackendDeps): ChatBackend {
  return async ({ model, messages, signal, onDelta, redactionMemo, onPrepared, responseFormat }) => {
    const workbench = await deps.getWorkbench();
    const json = responseFormat === 'json_object';
    const r = await workbench.chat(
      {
        model,
        messages,
        kind: 'chat',
        ...(json ? { response_format: { type: 'json_object' as const } } : {}),
      },
      { feature: 'chat', signal, onDelta, fitContext: true, redactionMemo, onPrepared },
    );
    return { model: r.model, usage: usageOf(r.usage), ttftMs: r.timeToFirstTokenMs };
  };
}

function usageOf(u: { promptTokens: number; cachedTokens: number; completionTokens: number } | undefined) {
  return u ? { prompt: u.promptTokens, cached: u.cachedTokens, completion: u.completionTokens } : undefined;
}

/** A failed turn as the view shows it: cause, the raw partial answer, and the next steps offered. */
export interface TurnFailure {
  kind: FailureKind;
  message: string;
  partial: string;
  actions: ErrorActionView[];
}

/** Kind and message of any failure, for turnError; the message never carries a key (ApiError builds its own). */
export function describeFailure(err: unknown): TurnFailure {
  if (err instanceof ApiError)
    return { kind: err.kind, message: err.message, partial: err.partial, actions: [] };
  if (err instanceof WorkbenchError)
    return { kind: err.kind, message: err.message, partial: '', actions: [] };
  // A task's own failures (too much code, an edit that cannot be placed…) keep their kind.
  const task = describeError(err);
  if (task && task.kind !== 'unexpected')
    return { kind: task.kind, message: task.message, partial: '', actions: [] };
  return {
    kind: 'unexpected',
    message: 'The request failed unexpectedly (see the GPT Workbench log).',
    partial: '',
    actions: [],
  };
}
