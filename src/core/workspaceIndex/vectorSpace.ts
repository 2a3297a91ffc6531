// The index's vectors in memory: int8 rows with one float scale each (v ≈ q · scale, q in [-127, 127]), rows
// padded to a multiple of 16 for the SIMD kernel. With the WebAssembly kernel the rows live in its memory, so a
// query copies only itself; without it (no SIMD in this runtime) the same layout sits in a plain ArrayBuffer and
// a TypeScript loop computes the same numbers.
// Each row also keeps its rounding error, quantised to int8 with a scale of its own (the residual): q · scale +
// residual · residualScale is within 1/64,000 of the largest component, close enough to the float vector that
// re-ranking the kernel's candidates with it orders them as the float vectors would. The kernel never reads the
// residuals; they cost one byte per dimension (a float copy would cost four).

export const LANES = 16;

export function paddedDim(dim: number): number {
  return Math.ceil(dim / LANES) * LANES;
}

/** A vector as stored: int8 with a scale, and the int8 residual of that rounding with its scale. */
export interface Quantized {
  q: Int8Array;
  scale: number;
  residual: Int8Array;
  residualScale: number;
}

function toInt8(v: ArrayLike<number>, length: number, stride: number): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < length; i++) max = Math.max(max, Math.abs(v[i]!));
  const q = new Int8Array(stride);
  if (max === 0) return { q, scale: 0 };
  const inv = 127 / max;
  for (let i = 0; i < length; i++) q[i] = Math.round(v[i]! * inv);
  return { q, scale: Math.fround(max / 127) };
}

/** Quantises a float vector to int8 with a per-vector scale (max |v| maps to 127), and its residual likewise. */
export function quantize(v: ArrayLike<number>, stride = paddedDim(v.length)): Quantized {
  const { q, scale } = toInt8(v, v.length, stride);
  const error = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) error[i] = v[i]! - q[i]! * scale;
  const r = toInt8(error, v.length, stride);
  return { q, scale, residual: r.q, residualScale: r.scale };
}

/** The part of WebAssembly's API used here (the Node typings of this project carry no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

export interface KernelInstance {
  readonly memory: WasmMemory;
  scores(vec: number, n: number, dim: number, query: number, scales: number, out: number): void;
}

/** The compiled kernel; each VectorSpace gets an instance (a memory) of its own. */
export interface ScoreKernel {
  readonly kind: 'wasm-simd';
  instantiate(): KernelInstance;
}

/** Compiles the kernel; undefined when this runtime lacks WebAssembly SIMD (the loop is used then). */
export async function loadScoreKernel(bytes: Uint8Array | undefined): Promise<ScoreKernel | undefined> {
  if (!bytes) return undefined;
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const module = await wasm.compile(bytes);
    const instantiate = (): KernelInstance => {
      const exports = new wasm.Instance(module).exports as unknown as KernelInstance;
      return { memory: exports.memory, scores: exports.scores };
    };
    instantiate();
    return { kind: 'wasm-simd', instantiate };
  } catch {
    return undefined;
  }
}

const PAGE = 65536;

/** count × stride int8 rows and residuals, count scales of each. */
export interface StoredVectors {
  rows: Int8Array;
  scales: Float32Array;
  residuals: Int8Array;
  residualScales: Float32Array;
}

/** Rows of int8 vectors with scales; row numbers are dense (removal moves the last row into the hole). */
export class VectorSpace {
  readonly stride: number;
  private capacity = 0;
  private countRows = 0;
  private buffer: ArrayBuffer = new ArrayBuffer(0);
  private query!: Int8Array;
  private scalesView!: Float32Array;
  private outView!: Float32Array;
  private rowsView!: Int8Array;
  /** Residual rows and scales: plain memory, the kernel never reads them. */
  private residuals = new Int8Array(0);
  private residualScales = new Float32Array(0);
  private offsets = { query: 0, scales: 0, out: 0, rows: 0 };

  private readonly kernel: KernelInstance | undefined;

  constructor(
    readonly dim: number,
    kernel?: ScoreKernel,
    initialCapacity = 256,
  ) {
    this.kernel = kernel?.instantiate();
    this.stride = paddedDim(dim);
    this.grow(initialCapacity);
  }

  get kind(): 'wasm-simd' | 'js' {
    return this.kernel ? 'wasm-simd' : 'js';
  }

  get size(): number {
    return this.countRows;
  }

  private grow(capacity: number): void {
    const oldRows = this.capacity > 0 ? this.rowsView.slice(0, this.countRows * this.stride) : undefined;
    const oldScales = this.capacity > 0 ? this.scalesView.slice(0, this.countRows) : undefined;
    const scales = this.stride;
    const out = scales + capacity * 4;
    const rows = out + capacity * 4;
    const bytes = rows + capacity * this.stride;
    if (this.kernel) {
      const memory = this.kernel.memory;
      const need = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
      if (need > 0) memory.grow(need);
      this.buffer = memory.buffer;
    } else {
      this.buffer = new ArrayBuffer(bytes);
    }
    this.offsets = { query: 0, scales, out, rows };
    this.capacity = capacity;
    this.views();
    if (oldRows) this.rowsView.set(oldRows);
    if (oldScales) this.scalesView.set(oldScales);
    const residuals = new Int8Array(capacity * this.stride);
    residuals.set(this.residuals.subarray(0, this.countRows * this.stride));
    const residualScales = new Float32Array(capacity);
    residualScales.set(this.residualScales.subarray(0, this.countRows));
    this.residuals = residuals;
    this.residualScales = residualScales;
  }

  /** Views are rebuilt whenever WebAssembly memory grew (growing detaches the old buffer). */
  private views(): void {
    if (this.kernel) this.buffer = this.kernel.memory.buffer;
    this.query = new Int8Array(this.buffer, this.offsets.query, this.stride);
    this.scalesView = new Float32Array(this.buffer, this.offsets.scales, this.capacity);
    this.outView = new Float32Array(this.buffer, this.offsets.out, this.capacity);
    this.rowsView = new Int8Array(this.buffer, this.offsets.rows, this.capacity * this.stride);
  }

  /** Appends a quantised row; returns its row number. */
  add(v: Quantized): number {
    if (this.countRows === this.capacity) this.grow(this.capacity * 2);
    const row = this.countRows++;
    this.setRow(row, v);
    return row;
  }

  setRow(row: number, v: Quantized): void {
    this.rowsView.set(v.q.subarray(0, this.stride), row * this.stride);
    this.scalesView[row] = v.scale;
    this.residuals.set(v.residual.subarray(0, this.stride), row * this.stride);
    this.residualScales[row] = v.residualScale;
  }

  /** Removes a row by moving the last one into it; returns the row number that moved (or -1). */
  removeRow(row: number): number {
    const last = this.countRows - 1;
    if (row !== last) {
      this.rowsView.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      this.scalesView[row] = this.scalesView[last]!;
      this.residuals.copyWithin(row * this.stride, last * this.stride, (last + 1) * this.stride);
      this.residualScales[row] = this.residualScales[last]!;
    }
    this.countRows--;
    return row !== last ? last : -1;
  }

  /** A copy of the row as stored. */
  vector(row: number): Quantized {
    const range = [row * this.stride, (row + 1) * this.stride] as const;
    return {
      q: this.rowsView.slice(...range),
      scale: this.scalesView[row]!,
      residual: this.residuals.slice(...range),
      residualScale: this.residualScales[row]!,
    };
  }

  /** The dot product of the float query with the row as q · scale + residual · residualScale. */
  refinedScore(row: number, query: ArrayLike<number>): number {
    const base = row * this.stride;
    const rows = this.rowsView;
    const residuals = this.residuals;
    let coarse = 0;
    let fine = 0;
    for (let j = 0; j < query.length; j++) {
      coarse += rows[base + j]! * query[j]!;
      fine += residuals[base + j]! * query[j]!;
    }
    return coarse * this.scalesView[row]! + fine * this.residualScales[row]!;
  }

  /** The rows, residuals and scales as stored (for the store's file). */
  raw(): StoredVectors {
    return {
      rows: this.rowsView.subarray(0, this.countRows * this.stride),
      scales: this.scalesView.subarray(0, this.countRows),
      residuals: this.residuals.subarray(0, this.countRows * this.stride),
      residualScales: this.residualScales.subarray(0, this.countRows),
    };
  }

  /** out[i] = dot(row i, query) · scale i, for every row; the returned view is valid until the next call. */
  scoreAll(query: Int8Array, useKernel = true): Float32Array {
    const n = this.countRows;
    if (this.kernel && useKernel) {
      if (this.buffer !== this.kernel.memory.buffer) this.views();
      this.query.set(query.subarray(0, this.stride));
      const o = this.offsets;
      this.kernel.scores(o.rows, n, this.stride, o.query, o.scales, o.out);
      return this.outView.subarray(0, n);
    }
    const rows = this.rowsView;
    const out = this.outView;
    const stride = this.stride;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const base = i * stride;
      for (let j = 0; j < stride; j++) sum += rows[base + j]! * query[j]!;
      out[i] = Math.fround(sum) * this.scalesView[i]!;
    }
    return out.subarray(0, n);
  }
}
