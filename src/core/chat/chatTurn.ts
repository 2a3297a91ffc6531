// One answer turn of a conversation: resolves the model, redacts secrets from the request (the conversation keeps
// what the user typed; the answer gets the real values back locally), leaves out the oldest turns that do not fit
// the context window, streams the answer to the view (turnStarted → turnRedacted? → turnDelta* → turnDone |
// turnError) and into the conversation, saving it while it grows so a reload keeps it, maps failures to their words
// and next steps, and maps Stop to the turn's AbortController. Pure TypeScript: the host gives it a post function,
// a save function and a backend (the Workbench); nothing here knows VS Code.
import { randomBytes } from 'node:crypto';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ErrorActionView, HostToWebview, MessageView } from '../../shared/protocol';
import { createThrottledSaver } from '../history/throttledSaver';
import type { Conversation, StoredMessage } from '../history/types';
import { AUTO_MODEL } from '../models/router';
import { restoreSecrets, type RedactionFinding } from '../redaction';
import { loadTokenCounter } from '../tokens';
import { trimToContextWindow } from './contextWindow';
import { toApiMessages } from './conversation';
import { DeltaBatcher } from './deltaBatcher';
import {
  RedactionMemo,
  createStreamRestorer,
  describeRequestRedactions,
  redactMessages,
} from './redactMessages';
import {
  createChatModels,
  describeFailure,
  type ChatBackend,
  type ChatModels,
  type ChatTurnResult,
  type TurnFailure,
} from './turnBackend';

export interface TurnRunnerDeps {
  backend: ChatBackend;
  post: (message: HostToWebview) => void;
  save: (conversation: Conversation) => Promise<void>;
  systemPrompt: () => string;
  /** `json_object` asks the answer for a JSON object (setting `gptWorkbench.request.responseFormat`). */
  responseFormat?: () => 'text' | 'json_object';
  /** `auto` routing and context windows (default: the built-in catalogue and route rules). */
  models?: ChatModels;
  /** Setting `gptWorkbench.redact.personalData`; secrets are always redacted. */
  redactPersonalData?: () => boolean;
  /** Cause and next steps of a failed turn (default: the error's own message, no actions). */
  describeError?: (err: unknown, turnId: string) => TurnFailure;
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

/** How many conversations keep their redaction memo, and how many turns their notes and error actions. */
const MEMO_LIMIT = 20;
const NOTES_LIMIT = 50;

export class TurnRunner {
  private active: ActiveTurn | undefined;
  private readonly models: ChatModels;
  /**
   * Per conversation, in memory only: the memo holds the secret values (never persisted; rebuilt from history),
   * `told` the placeholders the view was already told about, so later turns do not repeat the same notice.
   */
  private readonly memos = new Map<string, { memo: RedactionMemo; told: Set<string> }>();
  /** What the view is told about a turn beyond the stored message: redaction summary, offered next steps. */
  private readonly notes = new Map<string, { redactions?: string; actions?: ErrorActionView[] }>();

  constructor(private readonly deps: TurnRunnerDeps) {
    this.models = deps.models ?? createChatModels();
  }

  /** A stored message as the view shows it, with this session's notes on its turn. */
  decorate(view: MessageView): MessageView {
    const note = this.notes.get(view.id);
    if (!note) return view;
    const out = { ...view };
    if (note.redactions) out.redactions = note.redactions;
    if (note.actions?.length && out.error) out.error = { ...out.error, actions: note.actions };
    return out;
  }

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

  /**
   * Answers the conversation's last user message. Resolves when the turn ended (in any way) and was saved. A task
   * `backend` (Explain) gets no redaction here: it ignores `messages` and its task redacted its own prompt.
   */
  run(
    conversation: Conversation,
    modelChoice: string,
    backend: ChatBackend = this.deps.backend,
  ): Promise<void> {
    if (this.active) throw new Error('A turn is already streaming');
    const now = this.deps.now ?? Date.now;
    const turnId = `t${now().toString(36)}${randomBytes(3).toString('hex')}`;
    const history = toApiMessages(conversation.messages, this.deps.systemPrompt());
    const model = modelChoice === AUTO_MODEL ? this.models.route(history) : modelChoice;
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
    const redact = backend === this.deps.backend;
    turn.done = this.stream(conversation, message, model, history, turn, backend, redact).finally(() => {
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
    redact: boolean,
  ): Promise<void> {
    const { post } = this.deps;
    const saver = createThrottledSaver(() => this.deps.save(conversation), this.deps.saveIntervalMs ?? 500);
    saver.touch(); // the "streaming" placeholder reaches disk early: a crash now still leaves a trace
    let known: RedactionFinding[] = [];
    let restorer = createStreamRestorer(known);
    const show = (text: string): void => {
      if (text === '') return;
      message.content += text;
      saver.touch();
      turn.batcher.push(text);
    };
    try {
      let request = history;
      if (redact) {
        // Fails closed: if redaction throws, the turn fails and nothing is sent.
        const { memo, told } = this.memoOf(conversation.id);
        const personalData = this.deps.redactPersonalData?.() ?? false;
        const redacted = await redactMessages(history, { personalData, memo });
        request = redacted.messages;
        known = redacted.known;
        restorer = createStreamRestorer(known);
        // Announced: what the question of this turn holds (again on Retry), and anything not announced before.
        const question = [...conversation.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
        const fresh = redacted.found.filter((f) => question.includes(f.value) || !told.has(f.placeholder));
        for (const f of fresh) told.add(f.placeholder);
        if (fresh.length > 0) {
          const summary = describeRequestRedactions(fresh);
          this.note(turn.turnId, { redactions: summary });
          post({ type: 'turnRedacted', turnId: turn.turnId, summary });
        }
      }
      // Loaded on the first turn, never at activation.
      const count = await loadTokenCounter();
      const trimmed = trimToContextWindow(request, { ...this.models.contextOf(model), count });
      if (trimmed.leftOutTurns > 0)
        post({ type: 'contextTrimmed', turnId: turn.turnId, leftOut: trimmed.leftOutTurns });
      const result = await backend({
        model,
        messages: trimmed.messages,
        signal: turn.abort.signal,
        onDelta: (text) => show(restorer.push(text)),
        turn: { id: turn.turnId, conversationId: conversation.id, post },
        ...(this.deps.responseFormat?.() === 'json_object' ? { responseFormat: 'json_object' as const } : {}),
      });
      show(restorer.flush());
      turn.batcher.flush();
      message.status = 'complete';
      message.model = result.model;
      if (result.usage) message.usage = result.usage;
      if (result.ttftMs !== undefined) message.ttftMs = Math.round(result.ttftMs);
      keepToolTurn(message, result);
      this.active = undefined; // the view may send again as soon as it sees turnDone
      post({
        type: 'turnDone',
        turnId: turn.turnId,
        usage: result.usage ?? null,
        model: result.model,
        ttftMs: message.ttftMs ?? null,
        ...(result.rounds !== undefined ? { rounds: result.rounds, costUsd: result.costUsd ?? null } : {}),
      });
      if (message.edits?.length)
        post({
          type: 'turnEdits',
          turnId: turn.turnId,
          files: [...new Set(message.edits.map((e) => e.relative))],
        });
    } catch (err) {
      show(restorer.flush());
      turn.batcher.flush();
      const failure: TurnFailure = turn.abort.signal.aborted
        ? { kind: 'aborted', message: 'Stopped.', partial: '', actions: [] }
        : (this.deps.describeError?.(err, turn.turnId) ?? describeFailure(err));
      // The error's partial is the raw stream, with placeholders: restore it like the deltas were.
      const partial = restoreSecrets(failure.partial, known);
      if (partial.length > message.content.length) message.content = partial;
      message.status = failure.kind === 'aborted' ? 'stopped' : 'error';
      message.error = { kind: failure.kind, message: failure.message };
      if (failure.actions.length > 0) this.note(turn.turnId, { actions: failure.actions });
      this.active = undefined;
      post({
        type: 'turnError',
        turnId: turn.turnId,
        kind: failure.kind,
        message: failure.message,
        partial: message.content,
        actions: failure.actions,
      });
    } finally {
      await saver.flush();
    }
  }

  private memoOf(conversationId: string): { memo: RedactionMemo; told: Set<string> } {
    let entry = this.memos.get(conversationId);
    if (entry) this.memos.delete(conversationId); // re-inserted last: the map is kept in use order
    entry ??= { memo: new RedactionMemo(), told: new Set() };
    this.memos.set(conversationId, entry);
    while (this.memos.size > MEMO_LIMIT) this.memos.delete(this.memos.keys().next().value!);
    return entry;
  }

  /** Adds to a turn's notes; the oldest turns' notes are dropped beyond NOTES_LIMIT. */
  private note(turnId: string, note: { redactions?: string; actions?: ErrorActionView[] }): void {
    this.notes.set(turnId, { ...this.notes.get(turnId), ...note });
    while (this.notes.size > NOTES_LIMIT) this.notes.delete(this.notes.keys().next().value!);
  }
}

/** What a tool turn adds to the stored answer: its calls, rounds, cost and the checkpoint of its edits. */
function keepToolTurn(message: StoredMessage, result: ChatTurnResult): void {
  if (result.toolCalls?.length) message.toolCalls = result.toolCalls.map(({ approval: _a, ...call }) => call);
  if (result.rounds !== undefined) {
    message.rounds = result.rounds;
    message.costUsd = result.costUsd ?? null;
  }
  if (result.edits?.length) message.edits = result.edits.map((e) => ({ ...e }));
}
