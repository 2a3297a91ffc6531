// The local response cache: deterministic answers kept for a TTL (default 24 h) under a size cap with LRU
// eviction, persisted as one JSON file in a directory the host gives, replaced atomically (temp + rename) so a
// crash never leaves half a cache. A hit replays the stored deltas at once, so the chat view renders it exactly
// like a live answer.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ChatResult } from '../chat/types';
import { writeFileAtomic } from '../history/atomicFile';

/** What is kept of a result: the answer, not the timings of the request that produced it. */
export type CachedResult = Omit<ChatResult, 'attempts' | 'latencyMs' | 'timeToFirstTokenMs'>;

export interface CachedResponse {
  key: string;
  createdAt: number;
  lastUsedAt: number;
  /** Content deltas in order, as onDelta received them. */
  deltas: string[];
  result: CachedResult;
  /** Serialized size, for the byte cap. */
  bytes: number;
}

export interface ResponseCacheOptions {
  dir: string;
  fileName?: string;
  /** Default 24 h. */
  ttlMs?: number;
  /** Default 500 entries. */
  maxEntries?: number;
  /** Default 20 MB of serialized entries. */
  maxBytes?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export const DEFAULT_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CACHE_MAX_ENTRIES = 500;
export const DEFAULT_CACHE_MAX_BYTES = 20 * 1024 * 1024;
const FILE_VERSION = 1;
/** LRU order changes on every hit; they are saved lazily, at most this often, to keep hits cheap. */
const TOUCH_SAVE_DELAY_MS = 2_000;

interface CacheFile {
  version: number;
  entries: CachedResponse[];
}

export class ResponseCache {
  readonly file: string;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  /** Map order is LRU order: oldest first; a hit moves its entry to the end. */
  private readonly entries = new Map<string, CachedResponse>();
  private totalBytes = 0;
  private saving: Promise<void> = Promise.resolve();
  private touchTimer?: NodeJS.Timeout;

  private constructor(private readonly options: ResponseCacheOptions) {
    this.file = path.join(options.dir, options.fileName ?? 'response-cache.json');
    this.ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.now = options.now ?? Date.now;
  }

  /** Loads the persisted cache; a missing or unreadable file starts an empty cache (it is only a cache). */
  static async open(options: ResponseCacheOptions): Promise<ResponseCache> {
    const cache = new ResponseCache(options);
    try {
      const parsed = JSON.parse(await fsp.readFile(cache.file, 'utf8')) as CacheFile;
      if (parsed.version === FILE_VERSION && Array.isArray(parsed.entries)) {
        for (const e of parsed.entries) if (!cache.expired(e)) cache.insert(e);
        cache.evict();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') options.onError?.(err);
    }
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  has(key: string): boolean {
    const e = this.entries.get(key);
    return e !== undefined && !this.expired(e);
  }

  /** A live entry (and marks it most recently used), or undefined on a miss or an expired entry. */
  get(key: string): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.expired(e)) {
      this.remove(key);
      this.scheduleSave();
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    e.lastUsedAt = this.now();
    this.scheduleSave();
    return e;
  }

  /** Stores an answer and persists the cache; resolves when the file is replaced. */
  async set(key: string, deltas: readonly string[], result: CachedResult): Promise<void> {
    const t = this.now();
    const entry: CachedResponse = { key, createdAt: t, lastUsedAt: t, deltas: [...deltas], result, bytes: 0 };
    entry.bytes = Buffer.byteLength(JSON.stringify(entry));
    this.remove(key);
    // One answer larger than the whole cap is not kept at all (it would evict everything else).
    if (entry.bytes > this.maxBytes) return;
    this.insert(entry);
    this.evict();
    await this.save();
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.totalBytes = 0;
    await this.save();
  }

  /** Writes pending LRU updates now (on deactivate). */
  async flush(): Promise<void> {
    if (this.touchTimer) {
      clearTimeout(this.touchTimer);
      this.touchTimer = undefined;
      await this.save();
    }
    await this.saving;
  }

  /** Replays a cached answer at once, delta by delta, as a live stream would have delivered it. */
  static replay(entry: CachedResponse, onDelta?: (text: string) => void): void {
    if (!onDelta) return;
    for (const d of entry.deltas) onDelta(d);
  }

  private expired(e: CachedResponse): boolean {
    return this.now() - e.createdAt >= this.ttlMs;
  }

  private insert(e: CachedResponse): void {
    this.entries.set(e.key, e);
    this.totalBytes += e.bytes;
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.totalBytes -= e.bytes;
  }

  private evict(): void {
    for (const [key] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalBytes <= this.maxBytes) break;
      this.remove(key);
    }
  }

  private scheduleSave(): void {
    if (this.touchTimer) return;
    this.touchTimer = setTimeout(() => {
      this.touchTimer = undefined;
      this.save().catch((err: unknown) => this.options.onError?.(err));
    }, TOUCH_SAVE_DELAY_MS);
    // A pending LRU update must not keep the process (or a test run) alive.
    this.touchTimer.unref();
  }

  /** Saves are serialized: each writes the state at the time it runs, so the last one wins with the latest state. */
  private save(): Promise<void> {
    const run = async (): Promise<void> => {
      await fsp.mkdir(this.options.dir, { recursive: true });
      const data: CacheFile = { version: FILE_VERSION, entries: [...this.entries.values()] };
      await writeFileAtomic(this.file, JSON.stringify(data));
    };
    const next = this.saving.then(run, run);
    this.saving = next.catch(() => undefined);
    return next;
  }
}
