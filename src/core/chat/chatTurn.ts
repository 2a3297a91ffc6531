// One answer turn of a conversation: sends the conversation through its backend (the Workbench, which redacts it,
// routes `auto`, fits it to the model's context window and gives the answer its secrets back locally), streams the
// answer to the view (turnStarted → turnRedacted? → contextTrimmed? → turnDelta* → turnDone | turnError) and into
// the conversation, saving it while it grows so a reload keeps it, maps failures to their words and next steps,
// and maps Stop to the turn's AbortController. Pure TypeScript: the host gives it a post function, a save function
// and a backend; nothing here knows VS Code.
import { randomBytes } from 'node:crypto';
import type { ErrorActionView, HostToWebview, MessageView, SourceView } from '../../shared/protocol';
import { createThrottledSaver } from '../history/throttledSaver';
import type { Conversation, StoredMessage } from '../history/types';
import type { PreparedRequest } from '../workbench';
import { toApiMessages } from './conversation';
import { DeltaBatcher } from './deltaBatcher';
import { RedactionMemo, describeRequestRedactions } from './redactMessages';
import { describeFailure, type ChatBackend, type ChatTurnResult, type TurnFailure } from './turnBackend';

export interface TurnRunnerDeps {
  backend: ChatBackend;
  post: (message: HostToWebview) => void;
  save: (conversation: Conversation) => Promise<void>;
  systemPrompt: () => string;
  /** `json_object` asks the answer for a JSON object (setting `gptWorkbench.request.responseFormat`). */
  responseFormat?: () => 'text' | 'json_object';
  /** Whether a model reads images (for `auto`: every model it may pick), from the catalogue. */
  takesImages?: (model: string) => boolean;
  /** Cause and next steps of a failed turn (default: the error's own message, no actions). Not called for Stop. */
  describeError?: (err: unknown, turnId: string) => TurnFailure;
  /** Every button the ended answer shows (default: the failure's own steps); asked once the turn is over. */
  actionsOf?: (conversation: Conversation, message: StoredMessage) => ErrorActionView[];
  /** How often a growing answer is written to disk (default 500 ms). */
  saveIntervalMs?: number;
  /**
   * Runs before the request is built (an `@workspace` question gets its context here): the places the answer is
   * based on, if any. Throwing fails the turn like a failed request, with no request made.
   */
  beforeRequest?: (conversation: Conversation, signal: AbortSignal) => Promise<SourceView[] | undefined>;
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

/** How many conversations keep their redaction memo, and how many turns their redaction notes. */
const MEMO_LIMIT = 20;
const NOTES_LIMIT = 50;

export class TurnRunner {
  private active: ActiveTurn | undefined;
  /**
   * Per conversation, in memory only: the memo holds the secret values (never persisted; rebuilt from history),
   * `told` the placeholders the view was already told about, so later turns do not repeat the same notice.
   */
  private readonly memos = new Map<string, { memo: RedactionMemo; told: Set<string> }>();
  /** What the view is told about a turn beyond the stored message: what was redacted from its request. */
  private readonly notes = new Map<string, { redactions?: string }>();

  constructor(private readonly deps: TurnRunnerDeps) {}

  /** A stored message as the view shows it, with this session's notes on its turn. */
  decorate(view: MessageView): MessageView {
    const note = this.notes.get(view.id);
    if (!note) return view;
    const out = { ...view };
    if (note.redactions) out.redactions = note.redactions;
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
   * `backend` (Explain) ignores `messages`: its task builds its own prompt, which the Workbench redacts alike.
   * `replaces` names the answer this one takes the place of (Retry), so the view drops it.
   */
  run(
    conversation: Conversation,
    modelChoice: string,
    options: { backend?: ChatBackend; replaces?: string } = {},
  ): Promise<void> {
    const backend = options.backend ?? this.deps.backend;
    if (this.active) throw new Error('A turn is already streaming');
    const now = this.deps.now ?? Date.now;
    const turnId = `t${now().toString(36)}${randomBytes(3).toString('hex')}`;
    // `auto` stays `auto` until the Workbench routes it (onPrepared); the answer names the model that answered.
    const model = modelChoice;
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
    this.deps.post({
      type: 'turnStarted',
      turnId,
      model,
      ...(options.replaces ? { replaces: options.replaces } : {}),
    });
    turn.done = this.stream(conversation, message, model, turn, backend).finally(() => {
      if (this.active === turn) this.active = undefined;
    });
    return turn.done;
  }

  private async stream(
    conversation: Conversation,
    message: StoredMessage,
    model: string,
    turn: ActiveTurn,
    backend: ChatBackend,
  ): Promise<void> {
    const { post } = this.deps;
    const saver = createThrottledSaver(() => this.deps.save(conversation), this.deps.saveIntervalMs ?? 500);
    // The "streaming" placeholder reaches disk before the request is sent, not after the first throttle interval:
    // a crash at any moment after this still leaves the question with a (partial) answer marked interrupted.
    await saver.flush();
    const show = (text: string): void => {
      if (text === '') return;
      message.content += text;
      saver.touch();
      turn.batcher.push(text);
    };
    const { memo, told } = this.memoOf(conversation.id);
    const prepared = (p: PreparedRequest): void => {
      message.model = p.model;
      // Announced: what the question of this turn holds (again on Retry), and anything not announced before.
      const question = [...conversation.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const fresh = p.redactions.filter((f) => question.includes(f.value) || !told.has(f.placeholder));
      for (const f of fresh) told.add(f.placeholder);
      if (fresh.length > 0) {
        const summary = describeRequestRedactions(fresh);
        this.note(turn.turnId, { redactions: summary });
        post({ type: 'turnRedacted', turnId: turn.turnId, summary });
      }
      if (p.leftOutTurns > 0) post({ type: 'contextTrimmed', turnId: turn.turnId, leftOut: p.leftOutTurns });
    };
    try {
      const sources = await this.deps.beforeRequest?.(conversation, turn.abort.signal);
      if (sources) {
        message.sources = sources;
        post({ type: 'turnSources', turnId: turn.turnId, sources });
      }
      // Built after beforeRequest, which may have given the question its context.
      const history = toApiMessages(conversation.messages, this.deps.systemPrompt());
      const result = await backend({
        model,
        messages: history,
        signal: turn.abort.signal,
        onDelta: show,
        redactionMemo: memo,
        onPrepared: prepared,
        turn: { id: turn.turnId, conversationId: conversation.id, post },
        ...(this.deps.responseFormat?.() === 'json_object' ? { responseFormat: 'json_object' as const } : {}),
        ...(this.deps.takesImages?.(model) ? { readsImages: true } : {}),
      });
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
      turn.batcher.flush();
      const failure: TurnFailure = turn.abort.signal.aborted
        ? { kind: 'aborted', message: 'Stopped.', partial: '', actions: [] }
        : (this.deps.describeError?.(err, turn.turnId) ?? describeFailure(err));
      // The Workbench restored the partial's secrets like it did the deltas'.
      if (failure.partial.length > message.content.length) message.content = failure.partial;
      const status = failure.kind === 'aborted' ? 'stopped' : 'error';
      message.status = status;
      message.error = { kind: failure.kind, message: failure.message };
      this.active = undefined;
      post({
        type: 'turnError',
        turnId: turn.turnId,
        status,
        kind: failure.kind,
        message: failure.message,
        partial: message.content,
        actions: this.deps.actionsOf?.(conversation, message) ?? failure.actions,
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
  private note(turnId: string, note: { redactions?: string }): void {
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
