// Where a chat turn's request goes: the Workbench (redaction, `auto` routing, cache, moderation, budget, pacing,
// retries, ledger, the answer restored), the one door every request takes. The turn sees one shape and every
// failure as { kind, message }; a task turn (Explain) passes its own backend of the same shape.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ErrorActionView, HostToWebview, ToolCallView } from '../../shared/protocol';
import type { FileEdit } from '../tools/types';
import { ApiError } from '../errors';
import type { RedactionFinding } from '../redaction';
import type { RedactionMemo } from './redactMessages';
import { WorkbenchError, type Workbench } from '../workbench';

export interface ChatTurnRequest {
  /** The model the user chose: a model id or `auto` (the Workbench routes it; the result names the model). */
  model: string;
  /** The conversation as API messages, system prompt first, already trimmed to the context window. */
  messages: ChatCompletionMessageParam[];
  signal: AbortSignal;
  /** Answer text as it streams, secrets already restored. */
  onDelta: (text: string) => void;
  /** The chat turn this request answers (tool turns show their calls in the view and ask for approvals). */
  turn?: { id: string; conversationId: string; post: (message: HostToWebview) => void };
  /** The conversation's redaction memo (in memory only: it holds the values), so placeholders stay stable. */
  redactionMemo?: RedactionMemo;
  /** What the request withholds, told before it is sent. */
  onRedacted?: (found: readonly RedactionFinding[]) => void;
}

export interface ChatTurnResult {
  /** The model that answered. */
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
  return async ({ model, messages, signal, onDelta, redactionMemo, onRedacted }) => {
    const workbench = await deps.getWorkbench();
    const r = await workbench.chat(
      { model, messages, kind: 'chat' },
      { feature: 'chat', signal, onDelta, redactionMemo, onRedacted },
    );
    return { model: r.model, usage: usageOf(r.usage), ttftMs: r.timeToFirstTokenMs };
  };
}

function usageOf(u: { promptTokens: number; cachedTokens: number; completionTokens: number } | undefined) {
  return u ? { prompt: u.promptTokens, cached: u.cachedTokens, completion: u.completionTokens } : undefined;
}

/** A failed turn as the view shows it: cause, the raw partial answer, and the next steps offered. */
export interface TurnFailure {
  kind: string;
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
  return {
    kind: 'internal',
    message: 'The request failed unexpectedly (see the GPT Workbench log).',
    partial: '',
    actions: [],
  };
}
