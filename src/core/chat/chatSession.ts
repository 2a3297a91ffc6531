// The chat's state: the open conversation, the chosen model and the streaming turn. It answers every WebviewToHost
// message and keeps the view in sync (a snapshot on `ready`, then correlated turn messages). The view may come and
// go (it is not retained when hidden); the session and its turn keep running. Everything it needs from the editor
// comes through its port (chatPort.ts).
import {
  type ErrorActionArg,
  type HostToWebview,
  type ImageAttachment,
  type WebviewToHost,
} from '../../shared/protocol';
import type { Conversation, StoredMessage } from '../history/types';
import { handleToolMessage, postToolsMenu, type ChatToolsPort } from '../tools/chatToolMessages';
import type { ChatPort, ChatViewSink } from './chatPort';
import type { TurnRunner } from './chatTurn';
import { conversationSummaries, conversationsMessage, newUserMessage, snapshotOf } from './conversation';
import { ChatModels } from './chatModels';
import { ChatViewChannel } from './chatView';
import { exportConversation, handleEditorMessage } from './editorMessages';
import { MessageActions } from './messageActions';
import type { ChatBackend } from './turnBackend';
import type { WorkspaceIndex } from '../workspaceIndex/workspaceIndex';
import { sessionTurns } from './sessionTurns';
import { AnsweredBeforeOffers } from './answeredBeforeOffers';
import type { AnsweredQuestions } from './answeredQuestions';

export interface ChatSessionDeps {
  /** The editor's side: settings, history, editor actions, the words of a failure. */
  port: ChatPort;
  /** Where a chat turn's request goes (the Workbench, see createChatBackend). */
  backend: ChatBackend;
  /** The picker and which models read images (default: from the port's catalogue and settings). */
  models?: ChatModels;
  /** How often a growing answer is written to disk (default 500 ms). */
  saveIntervalMs?: number;
  /** Function calling: approvals, per-chat toggles, undo of a turn's edits (absent: no tools). */
  tools?: ChatToolsPort;
  /** The workspace index `@workspace` questions search (undefined: no folder is open). */
  workspaceIndex?: () => Promise<WorkspaceIndex | undefined>;
  /** Questions answered before in this workspace (absent: never offered). */
  answeredBefore?: AnsweredQuestions;
  /** Where a failure that does not end anything is reported (a failed answered-before embedding). */
  onQuietError?: (err: unknown) => void;
}

export class ChatSession {
  private conversation: Conversation | undefined;
  /** Task turns of this window by their question's id, so Retry re-runs the task (in memory only). */
  private readonly taskTurns = new Map<string, { model: string; backend: ChatBackend }>();
  private model: string;
  private readonly models: ChatModels;
  private readonly view = new ChatViewChannel();
  /** The buttons of each message, and the allowlist a click is checked against. */
  private readonly actions = new MessageActions();
  readonly turns: TurnRunner;

  private readonly port: ChatPort;
  private readonly tools: ChatToolsPort | undefined;
  /** "Answered before — use it, or ask again" (absent: off). */
  private readonly offers: AnsweredBeforeOffers | undefined;

  constructor(deps: ChatSessionDeps) {
    const port = deps.port;
    this.port = port;
    this.tools = deps.tools;
    this.models =
      deps.models ??
      new ChatModels({
        catalogue: port.catalogue ? () => port.catalogue!() : undefined,
        settings: () => port.settings(),
      });
    this.model = this.models.choice(undefined);
    this.offers =
      deps.answeredBefore &&
      new AnsweredBeforeOffers({
        questions: deps.answeredBefore,
        store: () => port.history.store,
        post: (m) => this.post(m),
        save: (c) => port.history.save(c),
        onError: deps.onQuietError,
      });
    this.turns = sessionTurns({
      port,
      backend: deps.backend,
      models: this.models,
      actions: this.actions,
      post: (m) => this.post(m),
      retry: () => this.retry(),
      saveIntervalMs: deps.saveIntervalMs,
      workspaceIndex: deps.workspaceIndex,
    });
  }

  /** The view is ready for messages (or gone, with undefined). Sends the snapshot and anything queued. */
  async attach(sink: ChatViewSink | undefined): Promise<void> {
    this.view.connect(sink);
    if (!sink) return;
    await this.ensureConversation();
    this.turns.flushDeltas(); // deltas before the snapshot are already in it
    this.postSnapshot();
    this.offers?.repost(this.conversation);
    this.view.flushQueue();
    await this.postTools();
  }

  private toolContext() {
    return {
      port: this.tools,
      conversation: this.conversation,
      post: (m: HostToWebview) => this.post(m),
      save: (c: Conversation) => this.port.history.save(c),
    };
  }

  /** The tools menu of the open conversation (its toggles are per chat). */
  postTools(): Promise<void> {
    return postToolsMenu(this.toolContext());
  }

  /** Posts to the view, or queues a user-facing message until it is ready. Turn deltas are not queued. */
  post(message: HostToWebview): void {
    this.view.post(message);
  }

  get current(): Conversation | undefined {
    return this.conversation;
  }

  async handle(message: WebviewToHost): Promise<void> {
    const history = this.port.history;
    switch (message.type) {
      case 'ready':
        return; // the provider calls attach()
      case 'send':
        return this.send(message.text, message.images, message.replaceLast);
      case 'stop':
        return this.turns.stop(message.turnId);
      case 'newChat':
        return this.newChat();
      case 'setModel':
        // The webview is not trusted: only a model the picker offers is taken.
        if (!this.models.options().some((o) => o.id === message.model)) return this.postSnapshot();
        this.model = message.model;
        if (this.conversation) this.conversation.model = message.model;
        return;
      case 'codeAction':
      case 'openLink':
      case 'openPath':
        return handleEditorMessage(message, this.port.editor, (m) => this.post(m));
      case 'openConversation':
        return this.open(message.id);
      case 'renameConversation':
        if (await history.store.rename(message.id, message.title)) this.postSnapshot();
        return;
      case 'deleteConversation':
        return this.remove(message.id);
      case 'undoDelete':
        if (await history.store.undoDelete(message.id)) this.postList();
        return;
      case 'exportConversation':
        return this.exportConversation(message.id);
      case 'errorAction':
        await this.runErrorAction(message.turnId, message.command, message.args);
        return;
      case 'toolDecision':
      case 'setToolEnabled':
      case 'undoTurnEdits':
      case 'restartMcpServer':
        return handleToolMessage(message, this.toolContext());
      case 'answeredBeforeChoice':
        return this.chooseAnswered(message.offerId, message.choice);
    }
  }

  /**
   * Runs a message's button — only one the session offers for that message now (Retry on the last unfinished
   * answer, or a step the host offered with that turn, matched by command and arguments). Anything else (an old
   * turn, a forged command) is refused. Resolves true when the action ran.
   */
  async runErrorAction(turnId: string, command: string, args: readonly ErrorActionArg[]): Promise<boolean> {
    const streaming = this.turns.activeTurnId !== null;
    const ran = await this.actions.run(this.conversation, streaming, turnId, command, args, () =>
      this.retry(),
    );
    if (!ran) this.post({ type: 'notice', level: 'warning', text: 'That action is no longer available.' });
    return ran;
  }

  async send(text: string, images: ImageAttachment[], replaceLast: boolean): Promise<void> {
    const conversation = await this.ensureConversation();
    if (this.turns.activeTurnId) {
      this.post({
        type: 'notice',
        level: 'warning',
        text: 'Wait for the answer to finish, or stop it first.',
      });
      return;
    }
    if (this.offers?.pendingIn(conversation)) {
      // Editing the question withdraws its offer; a new question waits for the choice.
      if (replaceLast) this.offers.drop();
      else {
        this.post({ type: 'notice', level: 'warning', text: 'Choose "Use it" or "Ask again" first.' });
        return;
      }
    }
    const refusal = this.models.imageRefusal(images, this.model);
    if (refusal) {
      this.post({ type: 'notice', level: 'error', text: refusal });
      if (replaceLast) this.postSnapshot(); // the view already removed the message it was editing
      return;
    }
    if (replaceLast) {
      const index = conversation.messages.map((m) => m.role).lastIndexOf('user');
      if (index >= 0) conversation.messages.splice(index);
    }
    const user = newUserMessage(text, images);
    this.appendUser(conversation, user);
    conversation.model = this.model;
    this.port.lastOpen?.set(conversation.id);
    await this.port.history.save(conversation);
    this.postList(); // the first message gives the conversation its title
    // A question answered before is offered that answer first; the turn waits for Use it / Ask again.
    if (await this.offers?.offer(conversation, user)) return;
    await this.answer(conversation);
  }

  private async answer(conversation: Conversation): Promise<void> {
    await this.turns.run(conversation, this.model);
    this.postFinishedActions(conversation);
    this.postList(); // the count and date now include the answer
    this.postModelsIfChanged(); // the first request fetches the endpoint's model list
    await this.offers?.learn(conversation);
  }

  /** Use it (the earlier answer, no request) or Ask again (the turn runs) on the answered-before offer. */
  private async chooseAnswered(offerId: string, choice: 'use' | 'ask'): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || !this.offers?.pendingIn(conversation)) return;
    const outcome = await this.offers.choose(offerId, choice);
    if (outcome === 'ask') return this.answer(conversation);
    if (outcome === 'used') {
      this.postSnapshot();
      this.postList();
    }
  }

  /**
   * A turn answered by `backend` instead of the chat model (code tasks: Explain). The prompt is shown and stored as
   * a user message; the answer streams like any other turn and stays in history.
   */
  async runTaskTurn(prompt: string, model: string, backend: ChatBackend): Promise<void> {
    const conversation = await this.ensureConversation();
    await this.turns.stop();
    const user = newUserMessage(prompt, []);
    this.appendUser(conversation, user);
    this.taskTurns.set(user.id, { model, backend });
    await this.port.history.save(conversation);
    this.postList();
    await this.turns.run(conversation, model, { backend });
    this.postFinishedActions(conversation);
  }

  async retry(): Promise<void> {
    const conversation = this.conversation;
    if (!conversation || this.turns.activeTurnId) return;
    // Retry replaces the last answer (partial, failed or not); the question it answered is asked again.
    const last = conversation.messages.at(-1);
    const question = last?.role === 'assistant' ? conversation.messages.at(-2) : last;
    if (question?.role !== 'user') return;
    if (last !== question) conversation.messages.pop();
    // A task turn (Explain) is retried as the same task, not as free text to the chat model.
    const task = this.taskTurns.get(question.id);
    await this.turns.run(conversation, task?.model ?? this.model, {
      backend: task?.backend,
      replaces: last !== question ? last?.id : undefined,
    });
    this.postFinishedActions(conversation);
  }

  async newChat(): Promise<void> {
    await this.turns.stop();
    this.offers?.drop();
    this.conversation = this.port.history.store.create(this.port.settings().defaultModel);
    this.model = this.models.choice(this.conversation.model);
    this.port.lastOpen?.set(undefined);
    this.postSnapshot();
    void this.postTools();
  }

  async open(id: string): Promise<void> {
    await this.port.history.ensureLoaded();
    const found = this.port.history.store.get(id);
    if (!found) return;
    if (this.conversation?.id !== id) {
      await this.turns.stop();
      this.offers?.drop();
    }
    this.conversation = found;
    this.model = this.models.choice(found.model);
    this.port.lastOpen?.set(found.id);
    this.postSnapshot();
    void this.postTools();
  }

  /** Export as Markdown: the conversation `id`, or the open one. */
  async exportConversation(id?: string): Promise<void> {
    await this.port.history.ensureLoaded();
    const conversation = id ? this.port.history.store.get(id) : this.conversation;
    await exportConversation(this.port.history, conversation, (m) => this.post(m));
  }

  private async remove(id: string): Promise<void> {
    const history = this.port.history;
    if (this.conversation?.id === id) {
      await this.turns.stop();
      this.offers?.drop();
    }
    const title = history.store.get(id)?.title ?? 'Conversation';
    if (!(await history.store.delete(id))) return;
    if (this.conversation?.id === id) {
      this.port.lastOpen?.set(undefined);
      this.conversation = history.store.create(this.port.settings().defaultModel);
      this.postSnapshot();
    } else {
      this.postList();
    }
    this.post({ type: 'notice', level: 'info', text: `Deleted "${title}".`, undoDeleteId: id });
  }

  private async ensureConversation(): Promise<Conversation> {
    await this.port.history.ensureLoaded();
    if (!this.conversation) {
      const lastId = this.port.lastOpen?.get();
      this.conversation =
        (lastId && this.port.history.store.get(lastId)) ||
        this.port.history.store.create(this.port.settings().defaultModel);
      this.model = this.models.choice(this.conversation.model);
    }
    return this.conversation;
  }

  /** The saved list changed; the view also learns the open conversation's title once it is saved. */
  private postList(): void {
    this.post(conversationsMessage(this.port.history.store, this.conversation));
  }

  private postSnapshot(): void {
    if (!this.view.ready || !this.conversation) return;
    this.turns.flushDeltas();
    const active = this.turns.isStreaming(this.conversation.id) ? this.turns.activeTurnId : null;
    const models = this.models.options();
    this.view.showingModels(models);
    const snapshot = snapshotOf(
      this.conversation,
      this.model,
      models,
      active,
      conversationSummaries(this.port.history.store),
    );
    snapshot.messages = this.actions
      .decorate(this.conversation, snapshot.messages, active !== null)
      .map((view) => this.turns.decorate(view));
    this.view.post({ type: 'snapshot', snapshot });
  }

  private postModelsIfChanged(): void {
    const models = this.models.options();
    if (!this.view.modelsChanged(models)) return;
    this.view.showingModels(models);
    this.model = this.models.choice(this.model, models);
    this.post({ type: 'models', models, model: this.model });
  }

  /** A turn that finished complete gets its buttons (Regenerate); a failed one had them with its error. */
  private postFinishedActions(conversation: Conversation): void {
    const last = conversation.messages.at(-1);
    if (this.conversation !== conversation || last?.role !== 'assistant' || last.status !== 'complete')
      return;
    this.post({ type: 'messageActions', id: last.id, actions: this.actions.of(conversation, last, false) });
  }

  /**
   * Adds a user message and shows it. The answer before it loses its Retry (only the last answer is retried),
   * and the view is told so.
   */
  private appendUser(conversation: Conversation, user: StoredMessage): void {
    const changed = this.actions.append(conversation, user);
    if (changed) this.post({ type: 'messageActions', ...changed });
    this.post({ type: 'userMessage', message: user });
  }
}
