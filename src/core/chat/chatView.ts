// The session's line to the chat view. The page may come and go (it is not retained when hidden): while none is
// ready, user-facing messages (notices, drafts, focus) wait and go out after the next snapshot; turn deltas do not
// (the snapshot already holds the text). The picker is sent again only when it changed.
import type { ChatModelOption, HostToWebview } from '../../shared/protocol';
import type { ChatViewSink } from './chatPort';

const QUEUED: readonly HostToWebview['type'][] = ['setDraft', 'focusInput', 'notice'];

export class ChatViewChannel {
  private sink: ChatViewSink | undefined;
  private readonly pending: HostToWebview[] = [];
  private shownModels = '';

  get ready(): boolean {
    return this.sink !== undefined;
  }

  /** A page is ready (or gone, with undefined). Call `flushQueue` after its snapshot. */
  connect(sink: ChatViewSink | undefined): void {
    this.sink = sink;
  }

  /** Posts to the page, or queues a user-facing message until one is ready. */
  post(message: HostToWebview): void {
    if (this.sink) this.sink(message);
    else if (QUEUED.includes(message.type)) this.pending.push(message);
  }

  /** Sends what waited for a page, in order. */
  flushQueue(): void {
    if (!this.sink) return;
    for (const m of this.pending.splice(0)) this.sink(m);
  }

  /** The picker the page shows (a snapshot carries it). */
  showingModels(models: readonly ChatModelOption[]): void {
    this.shownModels = JSON.stringify(models);
  }

  /** True when `models` differs from what the page shows. */
  modelsChanged(models: readonly ChatModelOption[]): boolean {
    return this.ready && JSON.stringify(models) !== this.shownModels;
  }
}
