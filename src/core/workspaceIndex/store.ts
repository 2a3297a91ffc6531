// The index on disk, under the workspace's storage folder: `index.json` (chunks, files, model, the vectors file's
// name and checksum) and `vectors-<generation>.bin` (header, int8 rows, float32 scales, int8 residuals, float32
// residual scales; see vectorSpace.ts). A save writes a new
// generation of the vectors first, then index.json (the commit point), then removes the old generation; every
// write goes to a temp file that is fsynced and renamed. A crash at any moment leaves the previous or the new
// index whole. A file that is truncated, fails its checksum or has another format version loads as "rebuild".
import { createHash, randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ChunkKind } from './chunker';
import type { StoredVectors } from './vectorSpace';

export const STORE_FORMAT = 'gpt-workbench-workspace-index';
// 2: the residuals joined the file; a version 1 index loads as "rebuild".
export const STORE_VERSION = 2;
const MAGIC = 0x58565747; // "GWVX" little-endian
const HEADER_BYTES = 20;
const META_FILE = 'index.json';

export interface StoredChunk {
  id: string;
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  kind: ChunkKind;
  /** Hash of the embedded text: equal hash, equal vector. */
  hash: string;
  tokens: number;
  /** The chunk's text after redaction (what was embedded, minus the path line). */
  text: string;
  /** Row in the vectors file; -1 while not embedded yet. */
  row: number;
}

export interface StoredFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Chunks of this file, in order. */
  chunkIds: string[];
}

export interface IndexSnapshot extends StoredVectors {
  model: string;
  dimensions: number;
  /** False until every chunk of the last scan has its vector (a cancel or crash leaves it false). */
  complete: boolean;
  updatedAt: number;
  files: StoredFile[];
  chunks: StoredChunk[];
  /** Rows, residuals and scales of stride bytes per row; row i of chunks with `row: i`. */
  stride: number;
}

interface Meta {
  format: typeof STORE_FORMAT;
  version: number;
  model: string;
  dimensions: number;
  complete: boolean;
  updatedAt: number;
  vectors: { file: string; sha256: string; count: number; stride: number };
  files: StoredFile[];
  chunks: StoredChunk[];
}

export type LoadResult =
  { kind: 'missing' } | { kind: 'loaded'; snapshot: IndexSnapshot } | { kind: 'rebuild'; reason: string };

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
}

function float32Bytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function int8Bytes(values: Int8Array, length: number): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, length);
}

export function encodeVectors(stride: number, v: StoredVectors): Uint8Array {
  const count = v.scales.length;
  const block = count * stride + count * 4;
  const out = new Uint8Array(HEADER_BYTES + 2 * block);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, STORE_VERSION, true);
  view.setUint32(8, stride, true);
  view.setUint32(12, count, true);
  view.setUint32(16, 0, true);
  let at = HEADER_BYTES;
  for (const part of [
    int8Bytes(v.rows, count * stride),
    float32Bytes(v.scales),
    int8Bytes(v.residuals, count * stride),
    float32Bytes(v.residualScales.subarray(0, count)),
  ]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Parses a vectors file; throws with the reason when it is not one we wrote whole. */
export function decodeVectors(bytes: Uint8Array): StoredVectors & { stride: number } {
  if (bytes.length < HEADER_BYTES) throw new Error('the vectors file is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('the vectors file is not an index file');
  const version = view.getUint32(4, true);
  if (version !== STORE_VERSION) throw new Error(`the vectors file has format version ${version}`);
  const stride = view.getUint32(8, true);
  const count = view.getUint32(12, true);
  if (bytes.length !== HEADER_BYTES + 2 * (count * stride + count * 4))
    throw new Error('the vectors file is truncated');
  let at = HEADER_BYTES;
  const int8 = (): Int8Array => {
    const out = new Int8Array(count * stride);
    out.set(new Int8Array(bytes.buffer, bytes.byteOffset + at, count * stride));
    at += count * stride;
    return out;
  };
  const float32 = (): Float32Array => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + i * 4, true);
    at += count * 4;
    return out;
  };
  const rows = int8();
  const scales = float32();
  const residuals = int8();
  const residualScales = float32();
  return { stride, rows, scales, residuals, residualScales };
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

export class IndexStore {
  /** The save or delete in progress (see save). */
  private pending: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  get metaFile(): string {
    return path.join(this.dir, META_FILE);
  }

  /** Reads the index; after any save in progress, which may remove the vectors file the old index names. */
  load(): Promise<LoadResult> {
    return this.serially(() => this.read());
  }

  private async read(): Promise<LoadResult> {
    let text: string;
    try {
      text = await fsp.readFile(this.metaFile, 'utf8');
    } catch {
      return { kind: 'missing' };
    }
    let meta: Meta;
    try {
      meta = JSON.parse(text) as Meta;
    } catch {
      return { kind: 'rebuild', reason: 'the index file is damaged (not valid JSON)' };
    }
    if (meta?.format !== STORE_FORMAT) return { kind: 'rebuild', reason: 'the index file is not ours' };
    if (meta.version !== STORE_VERSION) {
      return {
        kind: 'rebuild',
        reason: `the index has format version ${meta.version}, this version reads ${STORE_VERSION}`,
      };
    }
    let bytes: Uint8Array;
    try {
      bytes = await fsp.readFile(path.join(this.dir, path.basename(meta.vectors.file)));
    } catch {
      return { kind: 'rebuild', reason: 'the vectors file is missing' };
    }
    if (sha256(bytes) !== meta.vectors.sha256)
      return { kind: 'rebuild', reason: 'the vectors file is damaged' };
    try {
      const { stride, ...vectors } = decodeVectors(bytes);
      const scales = vectors.scales;
      if (scales.length !== meta.vectors.count) throw new Error('the vectors file does not match the index');
      if (!Array.isArray(meta.chunks) || !Array.isArray(meta.files))
        throw new Error('the index file is damaged');
      for (const c of meta.chunks) {
        if (c.row >= scales.length) throw new Error('the index names vectors that are not there');
      }
      return {
        kind: 'loaded',
        snapshot: {
          model: meta.model,
          dimensions: meta.dimensions,
          complete: meta.complete === true,
          updatedAt: meta.updatedAt,
          files: meta.files,
          chunks: meta.chunks,
          stride,
          ...vectors,
        },
      };
    } catch (err) {
      return { kind: 'rebuild', reason: (err as Error).message };
    }
  }

  /**
   * Writes a new generation. Saves, deletes and loads run one after another: a save removes the vectors and temp
   * files it does not own, so two at once would remove each other's and leave an index naming a file that is gone.
   */
  save(snapshot: IndexSnapshot): Promise<void> {
    return this.serially(() => this.write(snapshot));
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.pending.then(work, work);
    this.pending = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async write(snapshot: IndexSnapshot): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true });
    const bytes = encodeVectors(snapshot.stride, snapshot);
    const file = `vectors-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.bin`;
    await writeAtomic(path.join(this.dir, file), bytes);
    const meta: Meta = {
      format: STORE_FORMAT,
      version: STORE_VERSION,
      model: snapshot.model,
      dimensions: snapshot.dimensions,
      complete: snapshot.complete,
      updatedAt: snapshot.updatedAt,
      vectors: { file, sha256: sha256(bytes), count: snapshot.scales.length, stride: snapshot.stride },
      files: snapshot.files,
      chunks: snapshot.chunks,
    };
    await writeAtomic(this.metaFile, JSON.stringify(meta));
    await this.removeStale(file);
  }

  /** Old generations and temp files left by a crash. */
  private async removeStale(keep: string): Promise<void> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n !== keep && (/^vectors-.*\.bin$/.test(n) || n.endsWith('.tmp')))
        .map((n) => fsp.unlink(path.join(this.dir, n)).catch(() => undefined)),
    );
  }

  /** Deletes the index (the folder's index files only). */
  delete(): Promise<void> {
    return this.serially(() => this.remove());
  }

  private async remove(): Promise<void> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names
        .filter((n) => n === META_FILE || /^vectors-.*\.bin$/.test(n) || n.endsWith('.tmp'))
        .map((n) => fsp.unlink(path.join(this.dir, n)).catch(() => undefined)),
    );
  }
}
