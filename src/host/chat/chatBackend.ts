// Where a chat turn's request goes. With the workbench facade (ledger, cache, budget, moderation around runChat)
// when the host provides one; otherwise straight to runChat with a client from OpenAIAccess, which is the only
// way anything gets a client. Either way the caller sees one shape and every failure as { kind, message }.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  ApiError,
  DEFAULT_ROUTE_RULES,
  ModelCatalogue,
  WorkbenchError,
  approxPromptTokens,
  routeModel,
  runChat,
  type OpenAI,
  type RouteRule,
  type Workbench,
} from '../../core';
import type { ErrorActionView } from '../../shared/protocol';

export interface ChatTurnRequest {
  /** A concrete model id (the turn runner resolves `auto` first, to know the context window). */
  model: string;
  messages: ChatCompletionMessageParam[];
  signal: AbortSignal;
  onDelta: (text: string) => void;
}

export interface ChatTurnResult {
  model: string;
  usage?: { prompt: number; cached: number; completion: number };
  ttftMs?: number;
}

export type ChatBackend = (request: ChatTurnRequest) => Promise<ChatTurnResult>;

export interface ChatBackendDeps {
  /** OpenAIAccess.requireClient: undefined when no key is set (it already told the user how to set one). */
  getClient: () => Promise<OpenAI | undefined>;
  /** The facade, when the host built one; preferred so the ledger and budgets apply. */
  getWorkbench?: () => Promise<Workbench | undefined>;
}

export function createChatBackend(deps: ChatBackendDeps): ChatBackend {
  return async ({ model, messages, signal, onDelta }) => {
    const workbench = await deps.getWorkbench?.();
    if (workbench) {
      const r = await workbench.chat({ model, messages, kind: 'chat' }, { feature: 'chat', signal, onDelta });
      return { model: r.model, usage: usageOf(r.usage), ttftMs: r.timeToFirstTokenMs };
    }
    const client = await deps.getClient();
    if (!client) {
      throw new ApiError({
        kind: 'auth',
        message: 'No OpenAI API key is set. Run "GPT Workbench: Set API Key".',
      });
    }
    const r = await runChat(client, { model, messages }, { signal, onDelta });
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
