// The list of saved conversations, shown as a panel over the transcript: open, rename (inline), delete (the app
// shows an Undo notice) and export. Newest first, as the host sends them.
import type { ConversationSummary } from '../shared/protocol';
import { button, h } from './dom';

export interface ConversationListCallbacks {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
  exportMarkdown(id: string): void;
}

export class ConversationList {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private items: ConversationSummary[] = [];
  private currentId: string | null = null;

  constructor(private readonly cb: ConversationListCallbacks) {
    this.list = h('ul', { class: 'conversation-list', 'aria-label': 'Saved conversations' });
    this.element = h(
      'section',
      { class: 'history-panel', hidden: true, 'aria-label': 'Chat history' },
      h('h2', {}, 'History'),
      this.list,
    );
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    if (open) this.list.querySelector<HTMLElement>('button')?.focus();
  }

  update(items: ConversationSummary[], currentId: string | null): void {
    this.items = items;
    this.currentId = currentId;
    this.render();
  }

  private render(): void {
    if (this.items.length === 0) {
      this.list.replaceChildren(h('li', { class: 'empty' }, 'No saved conversations yet.'));
      return;
    }
    this.list.replaceChildren(...this.items.map((item) => this.row(item)));
  }

  private row(item: ConversationSummary): HTMLLIElement {
    const when = new Date(item.updatedAt).toLocaleString();
    const openButton = h(
      'button',
      { type: 'button', class: 'open', 'aria-current': item.id === this.currentId ? 'true' : undefined },
      h('span', { class: 'title' }, item.title),
      h('span', { class: 'date' }, `${when} · ${item.messageCount} messages`),
    );
    const rename = button(`Rename "${item.title}"`, 'edit');
    const exportButton = button(`Export "${item.title}" as Markdown`, 'export');
    const remove = button(`Delete "${item.title}"`, 'trash');
    const row = h(
      'li',
      { 'data-id': item.id },
      openButton,
      h('span', { class: 'row-actions' }, rename, exportButton, remove),
    );

    openButton.addEventListener('click', () => this.cb.open(item.id));
    exportButton.addEventListener('click', () => this.cb.exportMarkdown(item.id));
    remove.addEventListener('click', () => this.cb.remove(item.id));
    rename.addEventListener('click', () => this.startRename(row, item));
    return row;
  }

  private startRename(row: HTMLLIElement, item: ConversationSummary): void {
    const input = h('input', { type: 'text', value: item.title, 'aria-label': 'New title', class: 'rename' });
    let done = false; // Enter re-renders, which blurs the input: rename once
    const finish = (commit: boolean): void => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (commit && title !== '' && title !== item.title) this.cb.rename(item.id, title);
      this.render();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      else if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true), { once: true });
    row.replaceChildren(input);
    input.focus();
    input.select();
  }
}
