// The input area: Enter sends, Shift+Enter is a newline, Up in an empty box edits the last message (Esc cancels),
// images come by paste, drop or the attach button, and the Send button turns into Stop while an answer streams.
import type { ImageAttachment } from '../shared/protocol';
import { button, h } from './dom';
import { imageFiles, readImage, type ModelContext } from './images';

export interface ComposerCallbacks {
  send(text: string, images: ImageAttachment[], replaceLast: boolean): void;
  stop(): void;
  /** The last user message (text and images), or null when there is none to edit. */
  lastUserMessage(): { text: string; images: ImageAttachment[] } | null;
  /** The chosen model as the host described it, and the picker. */
  currentModel(): ModelContext;
  draftChanged(text: string): void;
  notify(text: string): void;
}

export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly attachments: HTMLElement;
  private readonly editBanner: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private images: ImageAttachment[] = [];
  private editing = false;
  private streaming = false;

  constructor(private readonly cb: ComposerCallbacks) {
    this.input = h('textarea', {
      id: 'chat-input',
      rows: '3',
      'aria-label': 'Message to the model',
      placeholder:
        'Ask anything; start with @workspace to ask about your code (Enter to send, Shift+Enter for a new line, Up to edit your last message)',
    });
    this.sendButton = button('Send', 'send', { class: 'primary', 'data-testid': 'send' });
    this.stopButton = button('Stop', 'stop', { class: 'danger', 'data-testid': 'stop', hidden: true });
    this.fileInput = h('input', {
      type: 'file',
      accept: 'image/png,image/jpeg,image/gif,image/webp',
      multiple: true,
      hidden: true,
    });
    const attachButton = button('Attach image', 'attach');
    this.attachments = h('div', { class: 'attachments', 'aria-label': 'Attached images' });
    const cancelEdit = button('Cancel editing', 'close', { class: 'link' });
    this.editBanner = h(
      'div',
      { class: 'edit-banner', hidden: true },
      'Editing your last message — Esc cancels ',
      cancelEdit,
    );

    this.element = h(
      'form',
      { class: 'composer', 'aria-label': 'Compose a message' },
      this.editBanner,
      this.attachments,
      this.input,
      h(
        'div',
        { class: 'composer-actions' },
        attachButton,
        this.fileInput,
        h('span', { class: 'spacer' }),
        this.stopButton,
        this.sendButton,
      ),
    );

    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => this.cb.stop());
    attachButton.addEventListener('click', () => this.fileInput.click());
    cancelEdit.addEventListener('click', () => this.cancelEdit());
    this.fileInput.addEventListener('change', () => {
      void this.addFiles([...(this.fileInput.files ?? [])]);
      this.fileInput.value = '';
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => this.cb.draftChanged(this.input.value));
    this.input.addEventListener('paste', (e) => {
      const files = imageFiles(e.clipboardData);
      if (files.length === 0) return;
      e.preventDefault();
      void this.addFiles(files);
    });
    this.element.addEventListener('dragover', (e) => {
      if (e.dataTransfer && [...e.dataTransfer.items].some((i) => i.kind === 'file')) e.preventDefault();
    });
    this.element.addEventListener('drop', (e) => {
      const files = imageFiles(e.dataTransfer);
      if (files.length === 0) return;
      e.preventDefault();
      void this.addFiles(files);
    });
  }

  get draft(): string {
    return this.input.value;
  }

  setDraft(text: string, append = false): void {
    this.input.value =
      append && this.input.value.trim() !== '' ? `${this.input.value.trimEnd()}\n\n${text}` : text;
    this.cb.draftChanged(this.input.value);
    this.focus();
  }

  focus(): void {
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
    this.stopButton.hidden = !streaming;
    this.sendButton.hidden = streaming;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'ArrowUp' && this.isEmpty() && !this.editing && !this.streaming) {
      const last = this.cb.lastUserMessage();
      if (last === null) return;
      e.preventDefault();
      this.editing = true;
      this.editBanner.hidden = false;
      this.images = last.images; // the edited message keeps its images unless the user removes them
      this.renderAttachments();
      this.setDraft(last.text);
    } else if (e.key === 'Escape' && this.editing) {
      e.preventDefault();
      this.cancelEdit();
    }
  }

  /** Nothing typed and nothing attached: Up may then fill the composer with the last message. */
  private isEmpty(): boolean {
    return this.input.value === '' && this.images.length === 0;
  }

  private cancelEdit(): void {
    this.editing = false;
    this.editBanner.hidden = true;
    this.images = [];
    this.renderAttachments();
    this.setDraft('');
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (this.streaming || (text === '' && this.images.length === 0)) return;
    this.cb.send(text, this.images, this.editing);
    this.images = [];
    this.renderAttachments();
    this.editing = false;
    this.editBanner.hidden = true;
    this.setDraft('');
  }

  private async addFiles(files: File[]): Promise<void> {
    for (const file of files) {
      try {
        const result = await readImage(file, this.cb.currentModel());
        if (result.ok) this.images.push(result.image);
        else this.cb.notify(result.reason);
      } catch {
        this.cb.notify(`"${file.name}" could not be read.`);
      }
    }
    this.renderAttachments();
  }

  private renderAttachments(): void {
    this.attachments.replaceChildren(
      ...this.images.map((image, index) => {
        const remove = button(`Remove ${image.name}`, 'close', { class: 'link' });
        remove.addEventListener('click', () => {
          this.images.splice(index, 1);
          this.renderAttachments();
        });
        return h('span', { class: 'attachment' }, h('img', { src: image.dataUrl, alt: image.name }), remove);
      }),
    );
  }
}
