// The chat view's controller in the webview: builds the layout, routes host messages to the parts, and turns
// user actions into protocol messages. It holds no conversation state of its own beyond what is on screen: the
// host owns the state and sends a snapshot whenever the view (re)starts.
import type { ChatModelOption, HostToWebview, NoticeLevel } from '../shared/protocol';
import { button, h } from './dom';
import { Composer } from './composer';
import { EmptyState } from './emptyState';
import { ModelPicker } from './modelPicker';
import { ConversationList } from './conversationList';
import { ToolsMenu } from './toolsMenu';
import { Transcript } from './transcript';
import { answeredBeforeCard } from './workspaceAnswers';
import type { HostBridge } from './vscodeApi';

export class ChatApp {
  private readonly transcript: Transcript;
  private readonly composer: Composer;
  private readonly list: ConversationList;
  private readonly emptyState: EmptyState;
  /** No message in the open conversation: the welcome shows instead of the transcript. */
  private empty = true;
  private readonly modelPicker: ModelPicker;
  private readonly historyButton: HTMLButtonElement;
  private readonly notices: HTMLElement;
  private readonly title: HTMLElement;
  private readonly toolsMenu: ToolsMenu;
  private conversationId: string | null = null;
  /** The answered-before offer on screen, at the end of the transcript. */
  private offer: HTMLElement | undefined;
  private scrollSave = 0;

  constructor(
    root: HTMLElement,
    private readonly host: HostBridge,
  ) {
    const post = host.post;
    this.transcript = new Transcript({
      errorAction: (turnId, action) =>
        post({ type: 'errorAction', turnId, command: action.command, args: action.args ?? [] }),
      codeAction: (action, code, language) => post({ type: 'codeAction', action, code, language }),
      openLink: (href) => post({ type: 'openLink', href }),
      openPath: (path, line) => post({ type: 'openPath', path, line }),
      toolDecision: (turnId, callId, decision) => post({ type: 'toolDecision', turnId, callId, decision }),
      undoEdits: (turnId) => post({ type: 'undoTurnEdits', turnId }),
      scrolled: (scrollTop, atBottom) => {
        cancelAnimationFrame(this.scrollSave);
        this.scrollSave = requestAnimationFrame(() => host.setState({ scrollTop, atBottom }));
      },
    });
    this.composer = new Composer({
      send: (text, images, replaceLast) => {
        if (replaceLast) this.transcript.removeFromLastUser();
        post({ type: 'send', text, images, replaceLast });
      },
      stop: () => {
        const turnId = this.transcript.activeTurnId;
        if (turnId) post({ type: 'stop', turnId });
      },
      lastUserMessage: () => this.transcript.lastUserMessage(),
      currentModel: () => ({
        model: this.modelPicker.selected(),
        models: this.modelPicker.options,
      }),
      draftChanged: (draft) => host.setState({ draft }),
      notify: (text) => this.notice('warning', text),
    });
    this.emptyState = new EmptyState({
      action: (a) => post({ type: 'welcomeAction', command: a.command, args: a.args ?? [] }),
      ask: (text) => post({ type: 'send', text, images: [], replaceLast: false }),
    });
    this.list = new ConversationList({
      open: (id) => {
        post({ type: 'openConversation', id });
        this.toggleList(false);
      },
      rename: (id, title) => post({ type: 'renameConversation', id, title }),
      remove: (id) => post({ type: 'deleteConversation', id }),
      exportMarkdown: (id) => post({ type: 'exportConversation', id }),
    });

    this.toolsMenu = new ToolsMenu({
      setEnabled: (name, enabled) => post({ type: 'setToolEnabled', name, enabled }),
      restart: (name) => post({ type: 'restartMcpServer', name }),
    });
    this.modelPicker = new ModelPicker((model) => post({ type: 'setModel', model }));
    const newChat = button('New Chat', 'add', { 'data-testid': 'new-chat' });
    newChat.addEventListener('click', () => post({ type: 'newChat' }));
    const history = button('Show chat history', 'history', {
      'aria-expanded': 'false',
      'data-testid': 'history',
    });
    this.historyButton = history;
    history.addEventListener('click', () => this.toggleList(!this.list.open));
    this.title = h('span', { class: 'title', title: '' }, 'New chat');
    this.notices = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' });

    root.replaceChildren(
      h(
        'header',
        { class: 'toolbar' },
        this.title,
        h('span', { class: 'spacer' }),
        this.modelPicker.element,
        this.toolsMenu.toggle,
        history,
        newChat,
      ),
      this.toolsMenu.element,
      this.list.element,
      this.emptyState.element,
      this.transcript.element,
      this.notices,
      this.composer.element,
    );
    const state = host.getState();
    if (state.draft) this.composer.setDraft(state.draft);
    this.showList(state.listOpen); // a restored view may reopen the list
  }

  handle(message: HostToWebview): void {
    switch (message.type) {
      case 'snapshot': {
        const s = message.snapshot;
        this.conversationId = s.conversationId;
        this.title.textContent = s.title;
        this.title.title = s.title;
        this.setModels(s.models, s.model);
        const state = this.host.getState();
        this.transcript.render(s.messages, s.activeTurnId, {
          top: state.scrollTop,
          atBottom: state.atBottom,
        });
        this.composer.setStreaming(this.transcript.activeTurnId !== null);
        this.list.update(s.conversations, s.conversationId);
        this.showEmpty(s.messages.length === 0);
        break;
      }
      case 'userMessage':
        this.showEmpty(false);
        this.transcript.addUser(message.message);
        break;
      case 'welcome':
        this.emptyState.update(message.welcome);
        this.showEmpty(this.empty);
        break;
      case 'turnStarted':
        this.transcript.turnStarted(message.turnId, message.model, message.replaces);
        this.composer.setStreaming(true);
        break;
      case 'turnDelta':
        this.transcript.turnDelta(message.turnId, message.text);
        break;
      case 'turnDone':
        this.transcript.turnDone(message.turnId, message.usage, message.model, message.ttftMs, message);
        this.composer.setStreaming(false);
        break;
      case 'turnError':
        this.transcript.turnError(
          message.turnId,
          message.status,
          message.kind,
          message.message,
          message.partial,
          message.actions,
        );
        this.composer.setStreaming(false);
        break;
      case 'messageActions':
        this.transcript.setActions(message.id, message.actions);
        break;
      case 'turnRedacted':
        this.transcript.redacted(message.turnId, message.summary);
        break;
      case 'contextTrimmed':
        this.transcript.contextTrimmed(message.turnId, message.leftOut);
        break;
      case 'conversations':
        if (message.current) {
          this.conversationId = message.current.id;
          this.title.textContent = message.current.title;
          this.title.title = message.current.title;
        }
        this.list.update(message.conversations, this.conversationId);
        break;
      case 'notice':
        this.notice(message.level, message.text, message.undoDeleteId);
        break;
      case 'setDraft':
        this.composer.setDraft(message.text, message.append);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
      case 'models':
        this.setModels(message.models, message.model);
        break;
      case 'toolCall':
        this.transcript.toolCall(message.turnId, message.call);
        break;
      case 'turnNote':
        this.transcript.turnNote(message.turnId, message.text);
        break;
      case 'turnEdits':
        this.transcript.turnEdits(message.turnId, message.files);
        break;
      case 'turnSources':
        this.transcript.turnSources(message.turnId, message.sources);
        break;
      case 'answeredBefore': {
        this.offer?.remove();
        this.offer = undefined;
        const offer = message.offer;
        if (!offer) break;
        this.offer = answeredBeforeCard(offer, (choice) =>
          this.host.post({ type: 'answeredBeforeChoice', offerId: offer.offerId, choice }),
        );
        this.transcript.element.append(this.offer);
        this.offer.querySelector<HTMLButtonElement>('button')?.focus();
        this.offer.scrollIntoView({ block: 'nearest' });
        break;
      }
      case 'tools':
        this.toolsMenu.update(message.tools, message.servers);
        break;
    }
  }

  private setModels(models: ChatModelOption[], selected: string): void {
    this.modelPicker.set(models, selected);
  }

  /** The welcome takes the transcript's place while the conversation is empty. */
  private showEmpty(empty: boolean): void {
    this.empty = empty;
    this.emptyState.setEmpty(empty);
    this.transcript.element.hidden = empty && !this.emptyState.element.hidden;
  }

  private toggleList(open: boolean): void {
    this.showList(open);
    this.host.setState({ listOpen: open });
  }

  /** The list and its button's expanded state together, however the list opens or closes. */
  private showList(open: boolean): void {
    this.list.setOpen(open);
    this.historyButton.setAttribute('aria-expanded', String(open));
  }

  /** Notices stay a few seconds (longer with an Undo button); errors stay until dismissed. */
  private notice(level: NoticeLevel, text: string, undoDeleteId?: string): void {
    const close = button('Dismiss', 'close', { class: 'link' });
    const item = h('div', { class: `notice ${level}` }, h('span', {}, text), close);
    if (undoDeleteId) {
      const undo = button('Undo', null, { class: 'link', 'data-testid': 'undo' });
      undo.addEventListener('click', () => {
        this.host.post({ type: 'undoDelete', id: undoDeleteId });
        item.remove();
      });
      item.insertBefore(undo, close);
    }
    close.addEventListener('click', () => item.remove());
    this.notices.append(item);
    if (level !== 'error') setTimeout(() => item.remove(), undoDeleteId ? 8000 : 6000);
  }
}
