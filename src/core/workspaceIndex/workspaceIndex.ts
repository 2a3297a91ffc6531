// The workspace index: scan (select, chunk, redact, hash), embed what is missing (packed requests, a bounded
// number in flight, checkpoints so a cancel or crash resumes where it stopped), persist, and search. Operations
// run one at a time. Embedding goes through the `embed` function the host builds on the Workbench; without one
// the index still chunks and answers keyword searches.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { redactSecrets } from '../redaction';
import type { EmbeddingChunk } from '../batch/embeddingJob';
import { chunkFile, contentHash, embeddingText, DEFAULT_MAX_CHUNK_TOKENS } from './chunker';
import { loadEmbeddingTokenCounter } from './embeddingTokens';
import {
  FileFilter,
  looksBinary,
  selectFiles,
  type FileSelectionOptions,
  type SkippedCounts,
} from './fileSelection';
import { IndexState } from './indexState';
import { packRequests, type Caps } from './packing';
import { reciprocalRankFusion, searchVectors } from './search';
import { IndexStore, type StoredChunk } from './store';
import type { SyntaxParsers } from './syntax';
import { quantize, type ScoreKernel } from './vectorSpace';

export interface EmbedRequest {
  inputs: string[];
  model: string;
  dimensions: number;
  signal?: AbortSignal;
  /** Tokens of all inputs when known (the index counts them while chunking). */
  tokens?: number;
  purpose: 'index' | 'query';
}
/** One embeddings request (the host's goes through the Workbench: pacing, retries, budget, ledger). */
export type EmbedFn = (request: EmbedRequest) => Promise<{ vectors: ArrayLike<number>[]; tokens: number }>;

export interface WorkspaceIndexOptions {
  root: string;
  storageDir: string;
  model: string;
  dimensions: number;
  embed?: EmbedFn;
  selection?: FileSelectionOptions;
  kernel?: ScoreKernel;
  parsers?: SyntaxParsers;
  /** Default: redactSecrets (secrets never reach the request or the disk). */
  redact?: (text: string) => Promise<string>;
  maxInFlight?: number;
  /** Save after this many embedding requests (default 4) so a crash loses little. */
  checkpointEvery?: number;
  maxChunkTokens?: number;
  /** A store that could not be read (and is being rebuilt), in words for the user. */
  onNotice?: (message: string) => void;
  now?: () => number;
}

export interface ScanSummary {
  files: number;
  chunks: number;
  /** Chunks without a vector after the scan, and their tokens (what embedding them would send). */
  pendingChunks: number;
  pendingTokens: number;
  requests: number;
  skipped: SkippedCounts;
}

export interface EmbedProgress {
  embedded: number;
  total: number;
  requestsDone: number;
  requests: number;
}

export interface EmbedSummary {
  embedded: number;
  requests: number;
  tokens: number;
  cancelled: boolean;
}

export type SearchMode = 'hybrid' | 'keyword' | 'vector';

export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  text: string;
  score: number;
  /** Which lists found it. */
  via: Array<'keyword' | 'vector'>;
}

export type IndexStatus =
  | { state: 'empty' }
  | { state: 'indexing'; embedded: number; total: number }
  | { state: 'ready' | 'stale' | 'partial'; files: number; chunks: number; embedded: number };

const defaultRedact = async (text: string): Promise<string> => (await redactSecrets(text)).text;

export class WorkspaceIndex {
  private state: IndexState;
  private readonly store: IndexStore;
  private queue: Promise<unknown> = Promise.resolve();
  private filter: FileFilter;
  private running: { embedded: number; total: number } | undefined;
  private stale = false;

  private constructor(
    private readonly options: WorkspaceIndexOptions,
    state: IndexState,
  ) {
    this.state = state;
    this.store = new IndexStore(options.storageDir);
    this.filter = new FileFilter(options.selection);
  }

  /** Loads the stored index; a damaged, foreign or other-model store starts empty (with a notice). */
  static async open(options: WorkspaceIndexOptions): Promise<WorkspaceIndex> {
    const loaded = await new IndexStore(options.storageDir).load();
    let state = new IndexState(options.model, options.dimensions, options.kernel);
    if (loaded.kind === 'rebuild') {
      options.onNotice?.(`The workspace index could not be read (${loaded.reason}); it will be rebuilt.`);
    } else if (loaded.kind === 'loaded') {
      const s = loaded.snapshot;
      if (s.model !== options.model || s.dimensions !== options.dimensions) {
        options.onNotice?.(
          `The workspace index was built with ${s.model} (${s.dimensions} dimensions); it will be rebuilt for ${options.model} (${options.dimensions}).`,
        );
      } else {
        state = IndexState.fromSnapshot(s, options.kernel);
      }
    }
    const index = new WorkspaceIndex(options, state);
    index.stale = loaded.kind === 'loaded' && !loaded.snapshot.complete;
    return index;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  get model(): string {
    return this.options.model;
  }

  get kernelKind(): 'wasm-simd' | 'js' {
    return this.state.space.kind;
  }

  status(): IndexStatus {
    if (this.running) return { state: 'indexing', ...this.running };
    const chunks = this.state.chunks.size;
    if (chunks === 0 && this.state.files.size === 0) return { state: 'empty' };
    const embedded = this.state.embeddedCount;
    const counts = { files: this.state.files.size, chunks, embedded };
    if (embedded < chunks) return { state: 'partial', ...counts };
    return { state: this.stale ? 'stale' : 'ready', ...counts };
  }

  /** Marks the index as behind the files (the watcher saw a change it has not applied yet). */
  markStale(): void {
    this.stale = true;
  }

  /** Walks the workspace and brings the chunks up to date (no request is made). */
  scan(signal?: AbortSignal): Promise<ScanSummary> {
    return this.serial(async () => {
      const { files, skipped, filter } = await selectFiles(this.options.root, this.options.selection, signal);
      this.filter = filter;
      const seen = new Set<string>();
      for (const file of files) {
        if (signal?.aborted) break;
        seen.add(file.path);
        const known = this.state.files.get(file.path);
        if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) continue;
        await this.indexFile(file.path, file);
      }
      if (!signal?.aborted)
        for (const p of [...this.state.files.keys()]) if (!seen.has(p)) this.state.removeFile(p);
      await this.save(false);
      return this.summary(skipped);
    });
  }

  private async summary(skipped: SkippedCounts): Promise<ScanSummary> {
    const pending = this.state.pending();
    const tokens = pending.map((c) => c.tokens);
    return {
      files: this.state.files.size,
      chunks: this.state.chunks.size,
      pendingChunks: pending.length,
      pendingTokens: tokens.reduce((a, b) => a + b, 0),
      requests: packRequests(tokens).length,
      skipped,
    };
  }

  /** Re-reads the given files (watcher events): changed ones are re-chunked, deleted or excluded ones dropped. */
  updateFiles(relPaths: string[]): Promise<{ changed: number; removed: number }> {
    return this.serial(async () => {
      let changed = 0;
      let removed = 0;
      for (const rel of relPaths) {
        const stat = await fsp.stat(path.join(this.options.root, rel)).catch(() => undefined);
        const excluded = this.filter.reasonByName(rel, false) !== undefined;
        if (!stat || !stat.isFile() || excluded || stat.size > this.filter.maxFileBytes) {
          if (this.state.files.has(rel)) {
            this.state.removeFile(rel);
            removed++;
          }
          continue;
        }
        const known = this.state.files.get(rel);
        if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) continue;
        await this.indexFile(rel, { size: stat.size, mtimeMs: stat.mtimeMs });
        changed++;
      }
      await this.save(false);
      return { changed, removed };
    });
  }

  private async indexFile(rel: string, meta: { size: number; mtimeMs: number }): Promise<void> {
    const bytes = await fsp.readFile(path.join(this.options.root, rel)).catch(() => undefined);
    if (!bytes || looksBinary(bytes)) {
      this.state.removeFile(rel);
      return;
    }
    const count = await loadEmbeddingTokenCounter();
    const maxTokens = this.options.maxChunkTokens ?? DEFAULT_MAX_CHUNK_TOKENS;
    const source = bytes.toString('utf8');
    const pieces = await chunkFile(rel, source, { count, maxTokens }, this.options.parsers);
    const redact = this.options.redact ?? defaultRedact;
    // One scan of the whole file; only a file with findings pays for a scan per chunk (most files have none).
    const clean = (await redact(source)) === source;
    const chunks: StoredChunk[] = [];
    for (const piece of pieces) {
      const text = clean ? piece.text : await redact(piece.text);
      const embedded = embeddingText(piece, text);
      const hash = contentHash(embedded);
      chunks.push({
        id: `${rel}:${piece.startLine}:${hash.slice(0, 12)}`,
        path: rel,
        startLine: piece.startLine,
        endLine: piece.endLine,
        ...(piece.symbol !== undefined ? { symbol: piece.symbol } : {}),
        kind: piece.kind,
        hash,
        tokens: count(embedded),
        text,
        row: -1,
      });
    }
    this.state.replaceFile({ path: rel, size: meta.size, mtimeMs: meta.mtimeMs }, chunks);
  }

  /** Embeds every chunk without a vector; a cancel keeps what arrived (the next run continues from there). */
  embedPending(
    options: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void; caps?: Caps } = {},
  ): Promise<EmbedSummary> {
    return this.serial(() => this.runEmbedding(options.signal, options.onProgress, options.caps));
  }

  private async runEmbedding(
    signal?: AbortSignal,
    onProgress?: (p: EmbedProgress) => void,
    caps?: Caps,
  ): Promise<EmbedSummary> {
    const embed = this.options.embed;
    const pending = this.state.pending();
    const result: EmbedSummary = { embedded: 0, requests: 0, tokens: 0, cancelled: false };
    if (!embed || pending.length === 0) {
      if (embed) await this.save(true);
      return result;
    }
    const batches = packRequests(
      pending.map((c) => c.tokens),
      caps,
    ).map((b) => b.map((i) => pending[i]!));
    const progress = (): EmbedProgress => ({
      embedded: result.embedded,
      total: pending.length,
      requestsDone: result.requests,
      requests: batches.length,
    });
    this.running = { embedded: 0, total: pending.length };
    let next = 0;
    let sinceSave = 0;
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (next < batches.length && !signal?.aborted && failure === undefined) {
        const batch = batches[next++]!;
        const inputs = batch.map((c) => embeddingText(c, c.text));
        try {
          const { vectors, tokens } = await embed({
            inputs,
            model: this.options.model,
            dimensions: this.options.dimensions,
            signal,
            tokens: batch.reduce((sum, c) => sum + c.tokens, 0),
            purpose: 'index',
          });
          batch.forEach((chunk, i) => {
            const v = vectors[i];
            if (!v) return;
            const { q, scale } = quantize(v, this.state.space.stride);
            // The chunk may have been replaced meanwhile; setVector ignores ids that are gone.
            if (this.state.setVector(chunk.id, q, scale) >= 0) result.embedded++;
          });
          result.requests++;
          result.tokens += tokens;
          this.running = { embedded: result.embedded, total: pending.length };
          onProgress?.(progress());
          if (++sinceSave >= (this.options.checkpointEvery ?? 4)) {
            sinceSave = 0;
            await this.save(false);
          }
        } catch (err) {
          if (!signal?.aborted) failure ??= err;
        }
      }
    };
    try {
      const workers = Array.from({ length: Math.max(1, this.options.maxInFlight ?? 2) }, () => worker());
      await Promise.all(workers);
    } finally {
      this.running = undefined;
      result.cancelled = signal?.aborted === true;
      const complete = this.state.pending().length === 0;
      if (complete && !result.cancelled) this.stale = false;
      await this.save(complete);
    }
    if (failure !== undefined) throw failure;
    return result;
  }

  /** The chunks without a vector, with the text the interactive path would embed (for a Batch API job). */
  pendingChunks(): EmbeddingChunk[] {
    return this.state.pending().map((c) => ({
      hash: c.hash,
      path: c.path,
      startLine: c.startLine,
      endLine: c.endLine,
      text: embeddingText(c, c.text),
      tokens: c.tokens,
    }));
  }

  /** Stores vectors that arrived by chunk hash (a Batch API job) and saves; returns how many chunks got one. */
  applyVectors(vectors: ReadonlyMap<string, ArrayLike<number>>): Promise<number> {
    return this.serial(async () => {
      const applied = this.state.applyVectorsByHash(vectors);
      const complete = this.state.pending().length === 0;
      if (complete) this.stale = false;
      await this.save(complete);
      return applied;
    });
  }

  /** Keyword search works with no embeddings at all; vectors join when there are some and an embed function. */
  async search(
    query: string,
    options: { k?: number; mode?: SearchMode; queryVector?: ArrayLike<number>; signal?: AbortSignal } = {},
  ): Promise<SearchHit[]> {
    const k = options.k ?? 10;
    const pool = Math.max(50, k * 5);
    const mode = options.mode ?? 'hybrid';
    const via = new Map<string, Set<'keyword' | 'vector'>>();
    const mark = (id: string, how: 'keyword' | 'vector'): void => {
      if (!via.has(id)) via.set(id, new Set());
      via.get(id)!.add(how);
    };
    const keywordIds = mode === 'vector' ? [] : this.state.keywords.search(query, pool).map((r) => r.id);
    keywordIds.forEach((id) => mark(id, 'keyword'));
    let vectorIds: string[] = [];
    if (mode !== 'keyword' && this.state.embeddedCount > 0) {
      let vector = options.queryVector;
      if (!vector && this.options.embed) {
        const res = await this.options.embed({
          inputs: [query],
          model: this.options.model,
          dimensions: this.options.dimensions,
          signal: options.signal,
          purpose: 'query',
        });
        vector = res.vectors[0];
      }
      if (vector) {
        vectorIds = searchVectors(this.state.space, vector, pool)
          .map((s) => this.state.chunkOfRow(s.row)?.id)
          .filter((id): id is string => id !== undefined);
        vectorIds.forEach((id) => mark(id, 'vector'));
      }
    }
    const fused =
      mode === 'hybrid'
        ? reciprocalRankFusion([keywordIds, vectorIds])
        : (mode === 'keyword' ? keywordIds : vectorIds).map((id, i) => ({ id, score: 1 / (60 + i + 1) }));
    const hits: SearchHit[] = [];
    for (const { id, score } of fused) {
      const c = this.state.chunks.get(id);
      if (!c) continue;
      hits.push({
        path: c.path,
        startLine: c.startLine,
        endLine: c.endLine,
        ...(c.symbol !== undefined ? { symbol: c.symbol } : {}),
        text: c.text,
        score,
        via: [...(via.get(id) ?? [])],
      });
      if (hits.length >= k) break;
    }
    return hits;
  }

  /** Removes the stored index and empties memory. */
  delete(): Promise<void> {
    return this.serial(async () => {
      await this.store.delete();
      this.state = new IndexState(this.options.model, this.options.dimensions, this.options.kernel);
      this.stale = false;
    });
  }

  private async save(complete: boolean): Promise<void> {
    const now = this.options.now ?? Date.now;
    await this.store.save(this.state.toSnapshot(complete, now()));
  }
}
