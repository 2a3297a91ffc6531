// The chat's state: the open conversation, the chosen model and the streaming turn. It answers every WebviewToHost
// message and keeps the view in sync (a snapshot on `ready`, then correlated turn messages). The view may come and
// go (it is not retained when hidden); the session and its turn keep running. Everything it needs from the editor
// comes through its port (chatPort.ts).
import { chatSystemPrompt } from './systemPrompt';
import {
  CHAT_MODELS,
  DEFAULT_CHAT_MODEL,
  type ChatModelChoice,
  type ErrorActionArg,
  type HostToWebview,
  type ImageAttachment,
  type WebviewToHost,
} from '../../shared/protocol';
import type { Conversation, StoredMessage } from '../history/types';
import { handleToolMessage, postToolsMenu, type ChatToolsPort } from '../tools/chatToolMessages';
import type { ChatPort, ChatViewSink } from './chatPort';
import { TurnRunner } from './chatTurn';
import { conversationSummaries, newUserMessage, snapshotOf } from './conversation';
import { asChoice, imageRefusal } from './modelChoice';
import { MessageActions } from './messageActions';
import { presentFailure } from './offeredActions';
import type { ChatBackend } from './turnBackend';

export interface ChatSessionDeps {
  /** The editor's side: settings, history, editor actions, the words of a failure. */
  port: ChatPort;
  /** Where a chat turn's request goes (the Workbench, see createChatBackend). */
  backend: ChatBackend;
  /** How often a growing answer is written to disk (default 500 ms). */
  saveIntervalMs?: number;
  /** Function calling: approvals, per-chat toggles, undo of a turn's edits (absent: no tools). */
  tools?: ChatToolsPort;
}

export class ChatSession {
  private conversation: Conversation | undefined;
  /** Task turns of this window by their question's id, so Retry re-runs the task (in memory only). */
  private readonly taskTurns = new Map<string, { model: string; backend: ChatBackend }>();
  private model: ChatModelChoice = DEFAULT_CHAT_MODEL;
  private sink: ChatViewSink | undefined;
  private readonly pending: HostToWebview[] = [];
  /** The buttons of each message, and the allowlist a click is checked against. */
  private readonly actions = new MessageActions();
  readonly turns: TurnRunner;

  private readonly port: ChatPort;
  private readonly tools: ChatToolsPort | undefined;

  constructor(deps: ChatSessionDeps) {
    const port = deps.port;
    this.port = port;
    this.tools = deps.tools;
    this.turns = new TurnRunner({
      backend: deps.backend,
      post: (m) => this.post(m),
      save: (c) => port.history.save(c),
      systemPrompt: () => chatSystemPrompt(port.settings().systemPrompt, port.settings().responseFormat),
      responseFormat: () => port.settings().responseFormat ?? 'text',
      saveIntervalMs: deps.saveIntervalMs,
      describeError: (err, turnId) => {
        const { failure, offered } = presentFailure(
          err,
          port.presentFailure(err, () => this.retry()),
        );
        this.actions.remember(turnId, offered);
        return failure;
      },
      actionsOf: (conversation, message) => this.actions.of(conversation, message, false),
    });
  }

  /** The view is ready for messages (or gone, with undefined). Sends the snapshot and anything queued. */
  async attach(sink: ChatViewSink | undefined): Promise<void> {
    this.sink = sink;
    if (!sink) return;
    await this.ensureConversation();
    this.turns.flushDeltas(); // deltas before the snapshot are already in it
    this.postSnapshot();
    for (const m of this.pending.splice(0)) sink(m);
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
    if (this.sink) this.sink(message);
    else if (message.type === 'setDraft' || message.type === 'focusInput' || message.type === 'notice')
      this.pending.push(message);
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
        this.model = message.model;
        if (this.conversation) this.conversation.model = message.model;
        return;
      case 'codeAction': {
        const note = await this.port.editor.codeAction(message.action, message.code, message.language);
        if (note) this.post({ type: 'notice', level: 'info', text: note });
        return;
      }
      case 'openLink':
        return this.port.editor.openLink(message.href);
      case 'openPath': {
        const problem = await this.port.editor.openPath(message.path, message.line);
        if (problem) this.post({ type: 'notice', level: 'warning', text: problem });
        return;
      }
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
    const refusal = imageRefusal(images, this.model);
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
    await this.turns.run(conversation, this.model);
    this.postList(); // the count and date now include the answer
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
  }

  async newChat(): Promise<void> {
    await this.turns.stop();
    this.conversation = this.port.history.store.create(this.port.settings().defaultModel);
    this.model = asChoice(this.conversation.model);
    this.port.lastOpen?.set(undefined);
    this.postSnapshot();
    void this.postTools();
  }

  async open(id: string): Promise<void> {
    await this.port.history.ensureLoaded();
    const found = this.port.history.store.get(id);
    if (!found) return;
    if (this.conversation?.id !== id) await this.turns.stop();
    this.conversation = found;
    this.model = asChoice(found.model);
    this.port.lastOpen?.set(found.id);
    this.postSnapshot();
    void this.postTools();
  }

  async exportConversation(id?: string): Promise<void> {
    await this.port.history.ensureLoaded();
    const conversation = id ? this.port.history.store.get(id) : this.conversation;
    if (!conversation || conversation.messages.length === 0) {
      this.post({ type: 'notice', level: 'info', text: 'There is nothing to export yet.' });
      return;
    }
    const target = await this.port.history.exportMarkdown(conversation);
    if (target) this.post({ type: 'notice', level: 'info', text: `Exported to ${target}.` });
  }

  private async remove(id: string): Promise<void> {
    const history = this.port.history;
    if (this.conversation?.id === id) await this.turns.stop();
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
      this.model = asChoice(this.conversation.model);
    }
    return this.conversation;
  }

  /** The saved list changed; the view also learns the open conversation's title once it is saved. */
  private postList(): void {
    const c = this.conversation;
    const saved = c && this.port.history.store.get(c.id) ? { id: c.id, title: c.title } : null;
    this.post({
      type: 'conversations',
      conversations: conversationSummaries(this.port.history.store),
      current: saved,
    });
  }

  private postSnapshot(): void {
    if (!this.sink || !this.conversation) return;
    this.turns.flushDeltas();
    const active = this.turns.isStreaming(this.conversation.id) ? this.turns.activeTurnId : null;
    const snapshot = snapshotOf(
      this.conversation,
      this.model,
      CHAT_MODELS,
      active,
      conversationSummaries(this.port.history.store),
    );
    const conversation = this.conversation;
    snapshot.messages = snapshot.messages.map((view, i) => {
      const actions = this.actions.of(conversation, conversation.messages[i]!, active !== null);
      return { ...this.turns.decorate(view), ...(actions.length ? { actions } : {}) };
    });
    this.sink({ type: 'snapshot', snapshot });
  }

  /**
   * Adds a user message and shows it. The answer before it loses its Retry (only the last answer is retried),
   * and the view is told so.
   */
  private appendUser(conversation: Conversation, user: StoredMessage): void {
    const previous = conversation.messages.at(-1);
    const before = previous ? this.actions.of(conversation, previous, false) : [];
    conversation.messages.push(user);
    if (previous && before.length > 0) {
      const actions = this.actions.of(conversation, previous, false);
      if (actions.length !== before.length) this.post({ type: 'messageActions', id: previous.id, actions });
    }
    this.post({ type: 'userMessage', message: user });
  }
}
