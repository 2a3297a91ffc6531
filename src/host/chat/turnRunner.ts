// Runs one answer turn: resolves the model, leaves out the oldest turns that do not fit its context window,
// streams the answer to the view (turnStarted → turnDelta* → turnDone | turnError) and into the conversation,
// saving it while it grows so a reload keeps it, and maps Stop to the turn's AbortController.
import { randomBytes } from 'node:crypto';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { AUTO_MODEL, approxPromptTokens, routeModel } from '../../core';
import { loadTokenCounter, trimToContextWindow } from '../../core';
import { createThrottledSaver, type Conversation, type StoredMessage } from '../../core';
import type { HostToWebview } from '../../shared/protocol';
import { contextOf, describeFailure, type ChatBackend } from './chatBackend';
import { DeltaBatcher } from './deltaBatcher';

export interface TurnRunnerDeps {
  backend: ChatBackend;
  post: (message: HostToWebview) => void;
  save: (conversation: Conversation) => Promise<void>;
  systemPrompt: () => string;
  /** How often a growing answer is written to disk (default 500 ms). */
  saveIntervalMs?: number;
  /** How long deltas are coalesced before a postMessage (default 16 ms, one frame). */
  batchMs?: number;
  now?: () => number;
}

interface ActiveTurn {
  turnId: string;
  conversationId: string;
  abort: AbortController;
  batcher: DeltaBatcher;
  done: Promise<void>;
}

export class TurnRunner {
  private active: ActiveTurn | undefined;

  constructor(private readonly deps: TurnRunnerDeps) {}

  get activeTurnId(): string | null {
    return this.active?.turnId ?? null;
  }

  isStreaming(conversationId: string): boolean {
    return this.active?.conversationId === conversationId;
  }

  /** Sends coalesced deltas now: call before a snapshot so the snapshot and later deltas do not overlap. */
  flushDeltas(): void {
    this.active?.batcher.flush();
  }

  /** Stops the active turn (when `turnId` is given, only if it is that turn) and waits until it is saved. */
  async stop(turnId?: string): Promise<void> {
    const turn = this.active;
    if (!turn || (turnId !== undefined && turn.turnId !== turnId)) return;
    turn.abort.abort();
    await turn.done;
  }

  /** Answers the conversation's last user message. Resolves when the turn ended (in any way) and was saved. */
  run(
    conversation: Conversation,
    modelChoice: string,
    backend: ChatBackend = this.deps.backend,
  ): Promise<void> {
    if (this.active) throw new Error('A turn is already streaming');
    const now = this.deps.now ?? Date.now;
    const turnId = `t${now().toString(36)}${randomBytes(3).toString('hex')}`;
    const history = toApiMessages(conversation.messages, this.deps.systemPrompt());
    const model =
      modelChoice === AUTO_MODEL
        ? routeModel({ kind: 'chat', promptTokens: approxPromptTokens(history) }).model
        : modelChoice;
    const message: StoredMessage = {
      id: turnId,
      role: 'assistant',
      content: '',
      createdAt: now(),
      status: 'streaming',
      model,
    };
    conversation.messages.push(message);

    const abort = new AbortController();
    const batcher = new DeltaBatcher(
      (text) => this.deps.post({ type: 'turnDelta', turnId, text }),
      this.deps.batchMs ?? 16,
    );
    const turn: ActiveTurn = {
      turnId,
      conversationId: conversation.id,
      abort,
      batcher,
      done: Promise.resolve(),
    };
    this.active = turn;
    this.deps.post({ type: 'turnStarted', turnId, model });
    turn.done = this.stream(conversation, message, model, history, turn, backend).finally(() => {
      if (this.active === turn) this.active = undefined;
    });
    return turn.done;
  }

  private async stream(
    conversation: Conversation,
    message: StoredMessage,
    model: string,
    history: ChatCompletionMessageParam[],
    turn: ActiveTurn,
    backend: ChatBackend,
  ): Promise<void> {
    const { post } = this.deps;
    const saver = createThrottledSaver(() => this.deps.save(conversation), this.deps.saveIntervalMs ?? 500);
    saver.touch(); // the "streaming" placeholder reaches disk early: a crash now still leaves a trace
    try {
      // Loaded on the first turn, never at activation.
      const count = await loadTokenCounter();
      const trimmed = trimToContextWindow(history, { ...contextOf(model), count });
      if (trimmed.leftOutTurns > 0)
        post({ type: 'contextTrimmed', turnId: turn.turnId, leftOut: trimmed.leftOutTurns });
      const result = await backend({
        model,
        messages: trimmed.messages,
        signal: turn.abort.signal,
        onDelta: (text) => {
          message.content += text;
          saver.touch();
          turn.batcher.push(text);
        },
      });
      turn.batcher.flush();
      message.status = 'complete';
      message.model = result.model;
      if (result.usage) message.usage = result.usage;
      if (result.ttftMs !== undefined) message.ttftMs = Math.round(result.ttftMs);
      this.active = undefined; // the view may send again as soon as it sees turnDone
      post({
        type: 'turnDone',
        turnId: turn.turnId,
        usage: result.usage ?? null,
        model: result.model,
        ttftMs: message.ttftMs ?? null,
      });
    } catch (err) {
      turn.batcher.flush();
      const failure = turn.abort.signal.aborted
        ? { kind: 'aborted', message: 'Stopped.', partial: '' }
        : describeFailure(err);
      if (failure.partial.length > message.content.length) message.content = failure.partial;
      message.status = failure.kind === 'aborted' ? 'stopped' : 'error';
      message.error = { kind: failure.kind, message: failure.message };
      this.active = undefined;
      post({
        type: 'turnError',
        turnId: turn.turnId,
        kind: failure.kind,
        message: failure.message,
        partial: message.content,
      });
    } finally {
      await saver.flush();
    }
  }
}

/** The stored conversation as API messages: system prompt first (static, so prompt caching applies), then turns. */
export function toApiMessages(
  messages: readonly StoredMessage[],
  systemPrompt: string,
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (systemPrompt.trim() !== '') out.push({ role: 'system', content: systemPrompt });
  for (const m of messages) {
    if (m.role === 'assistant') {
      // Partial answers (stopped, interrupted) stay: the model should see what it already said.
      if (m.content !== '' && m.status !== 'streaming') out.push({ role: 'assistant', content: m.content });
    } else if (m.images?.length) {
      const parts: ChatCompletionContentPart[] = [];
      if (m.content !== '') parts.push({ type: 'text', text: m.content });
      for (const image of m.images) parts.push({ type: 'image_url', image_url: { url: image.dataUrl } });
      out.push({ role: 'user', content: parts });
    } else {
      out.push({ role: 'user', content: m.content });
    }
  }
  return out;
}
