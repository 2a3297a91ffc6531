// The conversation as it is shown: user messages and answers as sanitised Markdown (answers streamed through the
// incremental renderer while they arrive, after a "thinking" cue until the first token), each with Copy, each
// answer with its model, tokens and time to first token, the buttons the host gave it (Retry, Regenerate, Set API
// Key, Open Billing…) and a note of what was redacted before sending. The host decides status and buttons; this
// only shows them. Code-block buttons and links are handled by delegation.
import type {
  ErrorActionView,
  FailureKind,
  ImageAttachment,
  MessageView,
  TokenUsage,
} from '../shared/protocol';
import { h } from './dom';
import { createStreamingRenderer, renderMarkdown, renderUserMarkdown } from './markdown';
import { roleLine, thinkingCue } from './messageChrome';
import { codeOfButton, linkTarget } from './contentActions';
import { errorActionButton, redactionNotice } from './turnNotes';
import { ToolCallsView, toolFooter } from './toolCalls';
import { sourcesFooter } from './workspaceAnswers';
import type { CodeAction, SourceView, ToolCallView, ToolDecision } from '../shared/protocol';

export interface TranscriptCallbacks {
  /** A message's button was clicked (the host decides whether it runs). */
  errorAction(turnId: string, action: ErrorActionView): void;
  codeAction(action: CodeAction, code: string, language: string): void;
  openLink(href: string): void;
  openPath(path: string, line: number): void;
  scrolled(scrollTop: number, atBottom: boolean): void;
  toolDecision(turnId: string, callId: string, decision: ToolDecision): void;
  undoEdits(turnId: string): void;
}

interface ActiveTurn {
  turnId: string;
  message: MessageView;
  body: HTMLElement;
  renderer: { append(text: string): void; finish(): void };
  /** Shown until the first token. */
  cue?: HTMLElement;
}

export class Transcript {
  readonly element: HTMLElement;
  private messages: MessageView[] = [];
  private readonly nodes = new Map<string, HTMLElement>();
  private readonly calls = new Map<string, ToolCallsView>();
  private active: ActiveTurn | undefined;
  private followBottom = true;
  private followFrame = 0;

  constructor(private readonly cb: TranscriptCallbacks) {
    this.element = h('div', {
      class: 'transcript',
      role: 'log',
      'aria-label': 'Conversation',
      tabindex: '0',
    });
    this.element.addEventListener('click', (e) => this.onClick(e));
    // Path links are anchors without href (role=link): Enter opens them like a click.
    this.element.addEventListener('keydown', (e) => {
      const target = e.target as Element | null;
      if (e.key === 'Enter' && target?.matches('a[data-path]')) this.onClick(e as unknown as MouseEvent);
    });
    this.element.addEventListener('scroll', () => {
      const el = this.element;
      this.followBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      this.cb.scrolled(el.scrollTop, this.followBottom);
    });
  }

  get activeTurnId(): string | null {
    return this.active?.turnId ?? null;
  }

  /** Replaces everything (a snapshot). A turn still streaming continues from its text so far. */
  render(
    messages: MessageView[],
    activeTurnId: string | null,
    scroll: { top: number; atBottom: boolean },
  ): void {
    this.active = undefined;
    this.nodes.clear();
    this.calls.clear();
    this.messages = messages.map((m) => ({ ...m }));
    this.element.replaceChildren(...this.messages.map((m) => this.messageNode(m)));
    const last = this.messages.at(-1);
    if (activeTurnId && last?.role === 'assistant' && last.status === 'streaming') {
      this.beginStreaming(activeTurnId, last, last.content);
    }
    this.followBottom = scroll.atBottom;
    if (scroll.atBottom) this.scrollToEnd();
    else this.element.scrollTop = scroll.top;
  }

  addUser(message: MessageView): void {
    this.messages.push({ ...message });
    this.element.append(this.messageNode(this.messages.at(-1)!));
    this.followBottom = true;
    this.scrollToEnd();
  }

  /** Drops the last user message and what followed it (the host re-sends an edited version). */
  removeFromLastUser(): void {
    const index = this.messages.map((m) => m.role).lastIndexOf('user');
    if (index < 0) return;
    for (const m of this.messages.splice(index)) this.nodes.get(m.id)?.remove();
  }

  /** The host changed a message's buttons. */
  setActions(id: string, actions: ErrorActionView[]): void {
    const message = this.messages.find((m) => m.id === id);
    if (!message) return;
    message.actions = actions;
    this.refreshFooter(message);
  }

  /** `replaces`: the answer the host replaced with this turn (Retry). */
  turnStarted(turnId: string, model: string, replaces?: string): void {
    if (replaces !== undefined) {
      this.messages = this.messages.filter((m) => m.id !== replaces);
      this.nodes.get(replaces)?.remove();
      this.nodes.delete(replaces);
    }
    const message: MessageView = { id: turnId, role: 'assistant', content: '', status: 'streaming', model };
    this.messages.push(message);
    this.element.append(this.messageNode(message));
    this.beginStreaming(turnId, message, '');
    this.scrollToEnd();
  }

  turnDelta(turnId: string, text: string): void {
    if (this.active?.turnId !== turnId) return; // a delta of a turn this view never saw start
    this.active.message.content += text;
    if (this.active.cue) {
      this.active.cue.remove();
      delete this.active.cue;
    }
    this.active.renderer.append(text);
    this.follow();
  }

  turnDone(
    turnId: string,
    usage: TokenUsage | null,
    model: string,
    ttftMs: number | null,
    tools: { rounds?: number; costUsd?: number | null } = {},
  ): void {
    const turn = this.endStreaming(turnId);
    if (!turn) return;
    Object.assign(turn.message, {
      status: 'complete',
      model,
      usage: usage ?? undefined,
      ttftMs: ttftMs ?? undefined,
      ...(tools.rounds !== undefined ? { rounds: tools.rounds, costUsd: tools.costUsd ?? null } : {}),
    });
    this.refreshFooter(turn.message);
  }

  /** A tool call of the turn started, waits for approval, or ended. */
  toolCall(turnId: string, call: ToolCallView): void {
    const message = this.messages.find((m) => m.id === turnId);
    const view = this.calls.get(turnId);
    if (!message || !view) return;
    const list = (message.toolCalls ??= []);
    const at = list.findIndex((c) => c.id === call.id);
    if (at >= 0) list[at] = call;
    else list.push(call);
    view.set(call);
    this.follow();
  }

  /** The places an `@workspace` turn's request carries (the footer lists them once the answer ends). */
  turnSources(turnId: string, sources: SourceView[]): void {
    const message = this.messages.find((m) => m.id === turnId);
    if (!message) return;
    message.sources = sources;
    this.refreshFooter(message);
  }

  /** Why the turn went on without tools (the round limit). */
  turnNote(turnId: string, text: string): void {
    this.nodes
      .get(turnId)
      ?.querySelector('.body')
      ?.before(h('p', { class: 'turn-note', role: 'note' }, text));
  }

  /** The files the turn edited (Undo this turn's edits); empty once undone. */
  turnEdits(turnId: string, files: string[]): void {
    const message = this.messages.find((m) => m.id === turnId);
    if (!message) return;
    message.editedFiles = files;
    this.refreshFooter(message);
  }

  turnError(
    turnId: string,
    status: 'stopped' | 'error',
    kind: FailureKind,
    message: string,
    partial: string,
    actions: ErrorActionView[],
  ): void {
    const turn = this.endStreaming(turnId);
    if (!turn) return;
    // The host's partial is authoritative (a delta may have been in flight when the stream broke).
    if (partial.length > turn.message.content.length) {
      turn.message.content = partial;
      turn.body.innerHTML = renderMarkdown(partial);
    }
    turn.message.status = status;
    turn.message.error = { kind, message };
    turn.message.actions = actions;
    this.refreshFooter(turn.message);
  }

  /** What the host withheld from this turn's request ("2 secrets redacted before sending: …"). */
  redacted(turnId: string, summary: string): void {
    const message = this.messages.find((m) => m.id === turnId);
    const node = this.nodes.get(turnId);
    if (!message || !node) return;
    message.redactions = summary;
    node.querySelector('.redaction-notice')?.remove();
    node.querySelector('.role')?.after(redactionNotice(summary));
  }

  contextTrimmed(turnId: string, leftOut: number): void {
    const node = this.nodes.get(turnId);
    if (!node || leftOut <= 0) return;
    const turns = leftOut === 1 ? '1 earlier turn was' : `${leftOut} earlier turns were`;
    node.prepend(
      h('p', { class: 'trim-notice', role: 'note' }, `${turns} left out to fit the model's context window.`),
    );
  }

  /** The last user message's text and images (editing it must not silently drop its images). */
  lastUserMessage(): { text: string; images: ImageAttachment[] } | null {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.role === 'user') return { text: m.content, images: [...(m.images ?? [])] };
    }
    return null;
  }

  private beginStreaming(turnId: string, message: MessageView, initial: string): void {
    const node = this.nodes.get(message.id)!;
    const body = node.querySelector<HTMLElement>('.body')!;
    body.replaceChildren();
    // Screen readers wait for aria-busy to clear, then read the finished answer once instead of every chunk.
    body.setAttribute('aria-live', 'polite');
    body.setAttribute('aria-busy', 'true');
    const renderer = createStreamingRenderer(body);
    if (initial !== '') renderer.append(initial);
    this.active = { turnId, message, body, renderer };
    if (initial === '') body.before((this.active.cue = thinkingCue()));
  }

  private endStreaming(turnId: string): ActiveTurn | undefined {
    const turn = this.active;
    if (turn?.turnId !== turnId) return undefined;
    turn.renderer.finish();
    turn.cue?.remove();
    turn.body.setAttribute('aria-busy', 'false');
    this.active = undefined;
    this.follow();
    return turn;
  }

  private messageNode(m: MessageView): HTMLElement {
    const body = h('div', { class: 'body' });
    if (m.role === 'user') body.innerHTML = renderUserMarkdown(m.content);
    else if (m.status !== 'streaming') body.innerHTML = renderMarkdown(m.content);
    const images = (m.images ?? []).map((img) =>
      h('img', { class: 'thumb', src: img.dataUrl, alt: img.name }),
    );
    let calls: ToolCallsView | undefined;
    if (m.role === 'assistant') {
      calls = new ToolCallsView((callId, decision) => this.cb.toolDecision(m.id, callId, decision));
      for (const call of m.toolCalls ?? []) calls.set(call);
      this.calls.set(m.id, calls);
    }
    const node = h(
      'article',
      { class: `message ${m.role}`, 'data-id': m.id, 'aria-label': m.role === 'user' ? 'You' : 'Assistant' },
      roleLine(m.role, () => this.cb.codeAction('copy', this.contentOf(m.id), 'markdown')),
      images.length ? h('div', { class: 'images' }, ...images) : null,
      m.redactions ? redactionNotice(m.redactions) : null,
      calls?.element,
      body,
      h('div', { class: 'footer' }),
    );
    this.nodes.set(m.id, node);
    this.refreshFooter(m, node);
    return node;
  }

  private refreshFooter(m: MessageView, node = this.nodes.get(m.id)): void {
    const footer = node?.querySelector<HTMLElement>('.footer');
    if (!footer) return;
    const parts: (Node | string)[] = [];
    if (m.role === 'assistant' && m.status !== 'streaming') {
      const meta: string[] = [];
      if (m.model) meta.push(m.model);
      if (m.usage)
        meta.push(
          `${m.usage.prompt} prompt / ${m.usage.cached} cached / ${m.usage.completion} completion tokens`,
        );
      if (m.ttftMs !== undefined) meta.push(`first token ${Math.round(m.ttftMs)} ms`);
      if (m.reused) meta.push('answered before, no request');
      if (meta.length) parts.push(h('span', { class: 'meta' }, meta.join(' · ')));
      if (m.sources) parts.push(sourcesFooter(m.sources));
      parts.push(...toolFooter(m.rounds, m.costUsd, m.editedFiles, () => this.cb.undoEdits(m.id)));
      const status = statusText(m);
      // An error is announced at once (alert) where it happened; it is not repeated as a separate notice.
      const role = m.status === 'error' ? 'alert' : 'status';
      if (status) parts.push(h('span', { class: `status ${m.status}`, role }, status));
      for (const action of m.actions ?? [])
        parts.push(errorActionButton(action, () => this.cb.errorAction(m.id, action)));
    }
    footer.replaceChildren(...parts);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element | null;
    if (!target) return;
    const code = codeOfButton(target);
    if (code) {
      e.preventDefault();
      this.cb.codeAction(code.action, code.code, code.language);
      return;
    }
    const anchor = target.closest('a');
    if (anchor && this.element.contains(anchor)) {
      // Nothing in an answer navigates the webview itself; only the host opens things.
      e.preventDefault();
      const link = linkTarget(anchor);
      if (link?.kind === 'external') this.cb.openLink(link.href);
      else if (link?.kind === 'path') this.cb.openPath(link.path, link.line);
    }
  }

  /**
   * Keeps the newest text in view while the reader is at the bottom. The renderer paints on the next animation
   * frame, so the scroll is scheduled for that frame too (after the renderer's own callback, registered first).
   */
  private follow(): void {
    if (!this.followBottom || this.followFrame !== 0) return;
    this.followFrame = requestAnimationFrame(() => {
      this.followFrame = 0;
      if (this.followBottom) this.scrollToEnd();
    });
  }

  /** The message's text now (an answer grows while it streams). */
  private contentOf(id: string): string {
    return this.messages.find((m) => m.id === id)?.content ?? '';
  }

  private scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }
}

function statusText(m: MessageView): string | null {
  switch (m.status) {
    case 'stopped':
      return 'Stopped.';
    case 'interrupted':
      return 'Interrupted: the window closed while this answer was streaming.';
    case 'error':
      return m.error ? m.error.message : 'The request failed.';
    default:
      return null;
  }
}
