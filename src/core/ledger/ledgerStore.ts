// The ledger on disk: JSON lines, one file per UTC month, append-only, in a directory the host gives (global
// storage). Appends are serialized so lines never interleave within this process; each line is written with one
// append call, which keeps whole lines even when two windows share the directory. Reads re-load a month when its
// file changed size behind our back (another window appended), so budgets see every window's spending.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { ledgerFileName, monthKey, type LedgerEntry } from './types';

export type LedgerListener = (entry: LedgerEntry) => void;

export interface Disposable {
  dispose(): void;
}

interface MonthCache {
  entries: LedgerEntry[];
  /** Bytes of the file we have parsed; a different size on disk means someone else appended. */
  size: number;
}

export interface LedgerStoreOptions {
  /** Directory for the ledger files; created on first append. */
  dir: string;
  /** Called when a listener throws or a write fails; the chat must not fail because logging did. */
  onError?: (err: unknown) => void;
}

export class LedgerStore {
  readonly dir: string;
  private readonly listeners = new Set<LedgerListener>();
  private readonly months = new Map<string, MonthCache>();
  private chain: Promise<void> = Promise.resolve();
  private dirReady = false;
  private readonly checkedTail = new Set<string>();
  /** Lines that were not valid JSON (a crash mid-write); skipped, counted for diagnostics. */
  skippedLines = 0;

  constructor(private readonly options: LedgerStoreOptions) {
    this.dir = options.dir;
  }

  /** Mirror every new entry (e.g. to the "GPT Workbench" log channel). */
  onEntry(listener: LedgerListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Appends one entry; resolves when it is on disk. Listeners hear it after the write. */
  append(entry: LedgerEntry): Promise<void> {
    const write = async (): Promise<void> => {
      if (!this.dirReady) {
        await fsp.mkdir(this.dir, { recursive: true });
        this.dirReady = true;
      }
      const month = monthKey(entry.time);
      const torn = await this.endsTorn(month);
      const line = `${torn ? '\n' : ''}${JSON.stringify(entry)}\n`;
      const cached = this.months.get(month);
      await fsp.appendFile(this.fileFor(month), line, 'utf8');
      if (cached) {
        cached.entries.push(entry);
        cached.size += Buffer.byteLength(line);
      }
      for (const l of this.listeners) {
        try {
          l(entry);
        } catch (err) {
          this.options.onError?.(err);
        }
      }
    };
    const next = this.chain.then(write);
    // Keep the chain alive after a failed write; the caller still sees the rejection.
    this.chain = next.catch((err: unknown) => this.options.onError?.(err));
    return next;
  }

  /** Resolves when every append issued so far is written. */
  flush(): Promise<void> {
    return this.chain;
  }

  fileFor(month: string): string {
    return path.join(this.dir, ledgerFileName(month));
  }

  /** Entries of one UTC month (`2026-11`), in file order. */
  async readMonth(month: string): Promise<LedgerEntry[]> {
    await this.flush();
    const file = this.fileFor(month);
    let size: number;
    try {
      size = (await fsp.stat(file)).size;
    } catch {
      return [];
    }
    const cached = this.months.get(month);
    if (cached && cached.size === size) return cached.entries.slice();
    const text = await fsp.readFile(file, 'utf8');
    const entries = this.parse(text);
    this.months.set(month, { entries, size: Buffer.byteLength(text) });
    return entries.slice();
  }

  /** Entries with `from <= time < to`, across month files. */
  async readRange(from: Date, to: Date): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    while (cursor < to) {
      for (const e of await this.readMonth(monthKey(cursor))) {
        const t = Date.parse(e.time);
        if (t >= from.getTime() && t < to.getTime()) out.push(e);
      }
      cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    }
    return out;
  }

  /** Months that have a ledger file, oldest first. */
  async listMonths(): Promise<string[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .map((n) => /^ledger-(\d{4}-\d{2})\.jsonl$/.exec(n)?.[1])
      .filter((m): m is string => m !== undefined)
      .sort();
  }

  /** Every entry of every month (for export). */
  async readAll(): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    for (const m of await this.listMonths()) out.push(...(await this.readMonth(m)));
    return out;
  }

  /**
   * Once per month file and process: does the file end inside a line (a crash mid-write)? Then the next line
   * starts on a fresh line, so one torn line never swallows a good one.
   */
  private async endsTorn(month: string): Promise<boolean> {
    if (this.checkedTail.has(month)) return false;
    this.checkedTail.add(month);
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(this.fileFor(month), 'r');
      const { size } = await handle.stat();
      if (size === 0) return false;
      const buf = Buffer.alloc(1);
      await handle.read(buf, 0, 1, size - 1);
      return buf[0] !== 0x0a;
    } catch {
      return false;
    } finally {
      await handle?.close();
    }
  }

  private parse(text: string): LedgerEntry[] {
    const entries: LedgerEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(JSON.parse(line) as LedgerEntry);
      } catch {
        this.skippedLines++;
      }
    }
    return entries;
  }
}
