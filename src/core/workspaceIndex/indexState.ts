// The index in memory: chunks by id, files with their chunks, the vector rows (row ↔ chunk both ways) and the
// keyword index, kept consistent by the few operations below. Vectors are reused by content hash: a chunk whose
// hash an existing chunk already has gets that vector without a request.
import { KeywordIndex } from './search';
import type { IndexSnapshot, StoredChunk, StoredFile } from './store';
import { quantize, VectorSpace, type ScoreKernel } from './vectorSpace';

export class IndexState {
  readonly chunks = new Map<string, StoredChunk>();
  readonly files = new Map<string, StoredFile>();
  readonly keywords = new KeywordIndex();
  readonly space: VectorSpace;
  /** Chunk id of each vector row. */
  private rowOwner: string[] = [];
  /** Ids of chunks by content hash (for reuse). */
  private readonly byHash = new Map<string, Set<string>>();

  constructor(
    readonly model: string,
    readonly dimensions: number,
    kernel?: ScoreKernel,
  ) {
    this.space = new VectorSpace(dimensions, kernel);
  }

  static fromSnapshot(snapshot: IndexSnapshot, kernel?: ScoreKernel): IndexState {
    const state = new IndexState(snapshot.model, snapshot.dimensions, kernel);
    const stride = state.space.stride;
    for (const chunk of snapshot.chunks) {
      const stored = chunk.row;
      chunk.row = -1;
      state.addChunk(chunk);
      if (stored >= 0 && stride === snapshot.stride) {
        const q = snapshot.rows.subarray(stored * stride, (stored + 1) * stride);
        state.setVector(chunk.id, q, snapshot.scales[stored]!);
      }
    }
    for (const file of snapshot.files) state.files.set(file.path, file);
    return state;
  }

  toSnapshot(complete: boolean, updatedAt: number): IndexSnapshot {
    const { rows, scales } = this.space.raw();
    return {
      model: this.model,
      dimensions: this.dimensions,
      complete,
      updatedAt,
      files: [...this.files.values()],
      chunks: [...this.chunks.values()],
      stride: this.space.stride,
      rows,
      scales,
    };
  }

  get embeddedCount(): number {
    return this.space.size;
  }

  pending(): StoredChunk[] {
    return [...this.chunks.values()].filter((c) => c.row < 0);
  }

  /**
   * Vectors that arrived by content hash (an index built through the Batch API): every chunk still without a vector
   * whose hash is there gets it. Chunks that changed meanwhile have another hash and stay pending. Returns how many.
   */
  applyVectorsByHash(vectors: ReadonlyMap<string, ArrayLike<number>>): number {
    let applied = 0;
    for (const chunk of this.pending()) {
      const v = vectors.get(chunk.hash);
      if (!v || v.length !== this.dimensions) continue;
      const { q, scale } = quantize(v, this.space.stride);
      if (this.setVector(chunk.id, q, scale) >= 0) applied++;
    }
    return applied;
  }

  chunkOfRow(row: number): StoredChunk | undefined {
    const id = this.rowOwner[row];
    return id === undefined ? undefined : this.chunks.get(id);
  }

  addChunk(chunk: StoredChunk): void {
    this.chunks.set(chunk.id, chunk);
    let ids = this.byHash.get(chunk.hash);
    if (!ids) this.byHash.set(chunk.hash, (ids = new Set()));
    ids.add(chunk.id);
    this.keywords.add({ id: chunk.id, path: chunk.path, symbol: chunk.symbol ?? '', text: chunk.text });
  }

  /** Gives the chunk a vector: a new row, or its own row overwritten. Returns the row. */
  setVector(id: string, q: Int8Array, scale: number): number {
    const chunk = this.chunks.get(id);
    if (!chunk) return -1;
    if (chunk.row >= 0) {
      this.space.setRow(chunk.row, q, scale);
      return chunk.row;
    }
    chunk.row = this.space.add(q, scale);
    this.rowOwner[chunk.row] = id;
    return chunk.row;
  }

  /** A vector some other chunk with the same hash already has (copied, so rows stay one per chunk). */
  reuseVector(chunk: StoredChunk): boolean {
    for (const otherId of this.byHash.get(chunk.hash) ?? []) {
      const other = this.chunks.get(otherId);
      if (other && other.id !== chunk.id && other.row >= 0) {
        this.setVector(chunk.id, this.space.row(other.row).slice(), this.space.scale(other.row));
        return true;
      }
    }
    return false;
  }

  removeChunk(id: string): void {
    const chunk = this.chunks.get(id);
    if (!chunk) return;
    if (chunk.row >= 0) {
      const moved = this.space.removeRow(chunk.row);
      if (moved >= 0) {
        const movedId = this.rowOwner[moved]!;
        this.rowOwner[chunk.row] = movedId;
        const movedChunk = this.chunks.get(movedId);
        if (movedChunk) movedChunk.row = chunk.row;
      }
      this.rowOwner.length = this.space.size;
    }
    this.chunks.delete(id);
    const ids = this.byHash.get(chunk.hash);
    ids?.delete(id);
    if (ids?.size === 0) this.byHash.delete(chunk.hash);
    this.keywords.remove(id);
  }

  /**
   * Replaces a file's chunks. New chunks whose hash matches a chunk being replaced, or any other chunk, keep that
   * vector; the rest wait for embedding (row -1). Returns how many need embedding.
   */
  replaceFile(file: Omit<StoredFile, 'chunkIds'>, chunks: StoredChunk[]): number {
    const old = this.files.get(file.path);
    const oldChunks = (old?.chunkIds ?? []).map((id) => this.chunks.get(id)).filter((c) => c !== undefined);
    // Add first, so reuse can copy from the old chunks; then remove the old ones.
    const oldIds = new Set(oldChunks.map((c) => c.id));
    let pending = 0;
    for (const chunk of chunks) {
      if (oldIds.has(chunk.id)) {
        // Same path, line and hash: the very same chunk.
        oldIds.delete(chunk.id);
        continue;
      }
      this.addChunk({ ...chunk, row: -1 });
      if (!this.reuseVector(this.chunks.get(chunk.id)!)) pending++;
    }
    for (const id of oldIds) this.removeChunk(id);
    this.files.set(file.path, { ...file, chunkIds: chunks.map((c) => c.id) });
    return pending;
  }

  removeFile(filePath: string): void {
    const old = this.files.get(filePath);
    if (!old) return;
    for (const id of old.chunkIds) this.removeChunk(id);
    this.files.delete(filePath);
  }
}
