// The conversation store: one JSON file per conversation in a directory the host gives (global storage).
// Every write is atomic (temp + rename) and writes of one conversation are serialised so the last one wins.
// Loading never fails as a whole: a file that does not parse is moved aside (`<name>.corrupt-<time>`) with a
// notice and the others load; an answer still marked "streaming" was cut off and becomes "interrupted" (so does a
// question left without any answer).
// Deleting moves the file to a trash name first so it can be undone for a few seconds.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isTempFile, nodeFileOps, writeFileAtomic, type FileOps } from './atomicFile';
import { realTimers, type Timers } from './throttledSaver';
import {
  isConversation,
  titleFromFirstMessage,
  type Conversation,
  type ConversationListItem,
  type HistoryNotice,
} from './types';

export interface HistoryStoreOptions {
  /** How long a delete can be undone (default 8 s). */
  undoMs?: number;
  now?: () => number;
  ops?: FileOps;
  /** The undo window's timer (tests pass a fake clock). */
  timers?: Timers;
}

const FILE_SUFFIX = '.json';
const TRASH_SUFFIX = '.deleted';
/** Ids become file names, and ids arrive from the webview: allow nothing that could leave the directory. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function isSafeConversationId(id: string): boolean {
  return SAFE_ID.test(id);
}

export class HistoryStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly pendingDeletes = new Map<string, { conversation: Conversation; timer: unknown }>();
  private readonly writeChains = new Map<string, Promise<void>>();
  private readonly undoMs: number;
  private readonly now: () => number;
  private readonly ops: FileOps;
  private readonly timers: Timers;

  constructor(
    readonly dir: string,
    options: HistoryStoreOptions = {},
  ) {
    this.undoMs = options.undoMs ?? 8000;
    this.now = options.now ?? Date.now;
    this.ops = options.ops ?? nodeFileOps;
    this.timers = options.timers ?? realTimers;
  }

  /** Reads every conversation file. Returns notices for files that were moved aside. */
  async load(): Promise<HistoryNotice[]> {
    await this.ops.mkdir(this.dir);
    const notices: HistoryNotice[] = [];
    this.conversations.clear();
    for (const name of await this.ops.readdir(this.dir)) {
      const file = path.join(this.dir, name);
      if (isTempFile(name) || name.endsWith(TRASH_SUFFIX)) {
        // A temp file is a write that never reached its rename; a trash file outlived its undo window.
        await this.ops.unlink(file).catch(() => undefined);
        continue;
      }
      if (!name.endsWith(FILE_SUFFIX)) continue;
      const conversation = await this.readOne(file, notices);
      if (!conversation) continue;
      if (this.markInterrupted(conversation)) await this.writeNow(conversation);
      this.conversations.set(conversation.id, conversation);
    }
    return notices;
  }

  private async readOne(file: string, notices: HistoryNotice[]): Promise<Conversation | undefined> {
    let text: string;
    try {
      text = await this.ops.readFile(file);
    } catch (err) {
      notices.push({
        level: 'warning',
        file,
        message: `Could not read ${path.basename(file)}: ${String(err)}`,
      });
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const expectedId = path.basename(file, FILE_SUFFIX);
    if (isConversation(parsed) && parsed.id === expectedId) return parsed;
    const aside = `${file}.corrupt-${this.now()}`;
    await this.ops.rename(file, aside).catch(() => undefined);
    notices.push({
      level: 'warning',
      file: aside,
      message: `A saved conversation could not be read and was moved aside to ${path.basename(aside)}.`,
    });
    return undefined;
  }

  /**
   * An answer still "streaming" on disk was cut off; so was a question with no answer at all (a crash between
   * saving the question and saving its answer's placeholder): it gets an empty answer marked interrupted, so the
   * view offers Retry for it like for any other cut-off answer.
   */
  private markInterrupted(conversation: Conversation): boolean {
    let changed = false;
    for (const message of conversation.messages) {
      if (message.status === 'streaming') {
        message.status = 'interrupted';
        changed = true;
      }
    }
    const last = conversation.messages.at(-1);
    if (last?.role === 'user') {
      conversation.messages.push({
        id: `${last.id}-a`,
        role: 'assistant',
        content: '',
        createdAt: last.createdAt,
        status: 'interrupted',
      });
      changed = true;
    }
    return changed;
  }

  /** Newest first. */
  list(): ConversationListItem[] {
    return [...this.conversations.values()]
      .map((c) => ({
        id: c.id,
        title: c.title,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        messageCount: c.messages.length,
      }))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  /** A new, empty conversation; it is written on its first save. */
  create(model: string): Conversation {
    const time = this.now();
    const id = `c${time.toString(36)}-${randomBytes(4).toString('hex')}`;
    return { version: 1, id, title: 'New chat', createdAt: time, updatedAt: time, model, messages: [] };
  }

  /** Writes the conversation (title follows the first message unless the user renamed it). */
  async save(conversation: Conversation): Promise<void> {
    if (!isSafeConversationId(conversation.id)) throw new Error('Invalid conversation id');
    // A late save of a streaming answer must not resurrect a conversation the user just deleted.
    if (this.pendingDeletes.has(conversation.id)) return;
    if (!conversation.titleSetByUser) conversation.title = titleFromFirstMessage(conversation.messages);
    conversation.updatedAt = this.now();
    this.conversations.set(conversation.id, conversation);
    await this.writeNow(conversation);
  }

  async rename(id: string, title: string): Promise<boolean> {
    const conversation = this.conversations.get(id);
    const clean = title.trim().replace(/\s+/g, ' ').slice(0, 200);
    if (!conversation || clean === '') return false;
    conversation.title = clean;
    conversation.titleSetByUser = true;
    await this.writeNow(conversation);
    return true;
  }

  /** Moves the file to the trash; it is removed for good after the undo window unless `undoDelete` runs. */
  async delete(id: string): Promise<boolean> {
    const conversation = this.conversations.get(id);
    if (!conversation) return false;
    await this.chain(id, () => this.ops.rename(this.fileOf(id), this.fileOf(id) + TRASH_SUFFIX));
    this.conversations.delete(id);
    const timer = this.timers.setTimeout(() => void this.purge(id), this.undoMs);
    // A pending purge must not keep Node alive (close() purges at once).
    (timer as { unref?: () => void }).unref?.();
    this.pendingDeletes.set(id, { conversation, timer });
    return true;
  }

  async undoDelete(id: string): Promise<boolean> {
    const pending = this.pendingDeletes.get(id);
    if (!pending) return false;
    this.timers.clearTimeout(pending.timer);
    this.pendingDeletes.delete(id);
    await this.chain(id, () => this.ops.rename(this.fileOf(id) + TRASH_SUFFIX, this.fileOf(id)));
    this.conversations.set(id, pending.conversation);
    return true;
  }

  /** Ends every undo window now (on dispose) and waits for pending writes. */
  async close(): Promise<void> {
    await Promise.all([...this.pendingDeletes.keys()].map((id) => this.purge(id)));
    await Promise.all([...this.writeChains.values()]);
  }

  private async purge(id: string): Promise<void> {
    const pending = this.pendingDeletes.get(id);
    if (!pending) return;
    this.timers.clearTimeout(pending.timer);
    this.pendingDeletes.delete(id);
    await this.chain(id, () => this.ops.unlink(this.fileOf(id) + TRASH_SUFFIX)).catch(() => undefined);
  }

  private fileOf(id: string): string {
    if (!isSafeConversationId(id)) throw new Error('Invalid conversation id');
    return path.join(this.dir, id + FILE_SUFFIX);
  }

  private writeNow(conversation: Conversation): Promise<void> {
    // Serialise at call time so the bytes written are the state of this call, not of a later one.
    const data = JSON.stringify(conversation);
    const file = this.fileOf(conversation.id);
    return this.chain(conversation.id, async () => {
      await this.ops.mkdir(this.dir);
      await writeFileAtomic(file, data, this.ops);
    });
  }

  /** Runs file operations of one conversation one after another, in call order. */
  private chain(id: string, op: () => Promise<void>): Promise<void> {
    const previous = this.writeChains.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    this.writeChains.set(id, next);
    const cleanup = (): void => {
      if (this.writeChains.get(id) === next) this.writeChains.delete(id);
    };
    next.then(cleanup, cleanup);
    return next;
  }
}
