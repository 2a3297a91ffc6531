// Where a chat turn's request goes. With the workbench facade (ledger, cache, budget, moderation around runChat)
// when the host provides one; otherwise straight to runChat with a client from OpenAIAccess, which is the only
// way anything gets a client. Either way the caller sees one shape and every failure as { kind, message }.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { ApiError, ModelCatalogue, WorkbenchError, runChat, type OpenAI, type Workbench } from '../../core';

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

/** Kind and message of any failure, for turnError; the message never carries a key (ApiError builds its own). */
export function describeFailure(err: unknown): { kind: string; message: string; partial: string } {
  if (err instanceof ApiError) return { kind: err.kind, message: err.message, partial: err.partial };
  if (err instanceof WorkbenchError) return { kind: err.kind, message: err.message, partial: '' };
  return {
    kind: 'internal',
    message: 'The request failed unexpectedly (see the GPT Workbench log).',
    partial: '',
  };
}

const catalogue = new ModelCatalogue();

/** Context window and output room of a model; unknown models get a conservative 128k / 4k. */
export function contextOf(model: string): { contextWindow: number; reserveForOutput: number } {
  const info = catalogue.get(model);
  return {
    contextWindow: info.contextWindow ?? 128_000,
    reserveForOutput: Math.min(info.maxOutputTokens ?? 4_096, 16_384),
  };
}
