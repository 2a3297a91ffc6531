// Where a chat turn's request goes: the Workbench facade (ledger, cache, budget, moderation around runChat), the
// one path every request takes. The turn sees one shape and every failure as { kind, message }; a task turn
// (Explain) passes its own backend of the same shape.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ErrorActionView, HostToWebview, ToolCallView } from '../../shared/protocol';
import type { FileEdit } from '../tools/types';
import { ApiError } from '../errors';
import { ModelCatalogue } from '../models/catalogue';
import { DEFAULT_ROUTE_RULES, approxPromptTokens, routeModel, type RouteRule } from '../models/router';
import { WorkbenchError, type Workbench } from '../workbench';

export interface ChatTurnRequest {
  /** A concrete model id (the turn runner resolves `auto` first, to know the context window). */
  model: string;
  messages: ChatCompletionMessageParam[];
  signal: AbortSignal;
  onDelta: (text: string) => void;
  /** The chat turn this request answers (tool turns show their calls in the view and ask for approvals). */
  turn?: { id: string; conversationId: string; post: (message: HostToWebview) => void };
  /** Set when the chat asks for a JSON object (JSON mode); absent = free text. */
  responseFormat?: 'json_object';
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
  return async ({ model, messages, signal, onDelta, responseFormat }) => {
    const workbench = await deps.getWorkbench();
    const json = responseFormat === 'json_object';
    const r = await workbench.chat(
      {
        model,
        messages,
        kind: 'chat',
        ...(json ? { response_format: { type: 'json_object' as const } } : {}),
      },
      { feature: 'chat', signal, onDelta },
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

/** How the chat picks a model for `auto` and how much of a conversation fits a model. */
export interface ChatModels {
  /** The concrete model for a request when the user chose `auto`. */
  route(messages: readonly ChatCompletionMessageParam[]): string;
  /** Context window and output room of a model. */
  contextOf(model: string): { contextWindow: number; reserveForOutput: number };
}

export interface ChatModelSources {
  /** The host's catalogue (built-ins + price overrides + the endpoint's model list); default: built-ins. */
  catalogue?: () => ModelCatalogue;
  /** Route rules from settings (`gptWorkbench.models.routing`); undefined or empty = the core's defaults. */
  routeRules?: () => readonly RouteRule[] | undefined;
}

/** Read on every turn, so a settings change applies to the next one without a reload. */
export function createChatModels(sources: ChatModelSources = {}): ChatModels {
  const builtIn = new ModelCatalogue();
  const catalogue = sources.catalogue ?? (() => builtIn);
  return {
    route(messages) {
      const rules = sources.routeRules?.();
      return routeModel(
        { kind: 'chat', promptTokens: approxPromptTokens(messages) },
        rules && rules.length > 0 ? rules : DEFAULT_ROUTE_RULES,
      ).model;
    },
    contextOf(model) {
      // Unknown models get a conservative 128k / 4k.
      const info = catalogue().get(model);
      return {
        contextWindow: info.contextWindow ?? 128_000,
        reserveForOutput: Math.min(info.maxOutputTokens ?? 4_096, 16_384),
      };
    },
  };
}
