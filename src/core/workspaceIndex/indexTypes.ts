// What the workspace index takes and answers: its options (folders, storage, model, the embed function), the
// summaries of a scan and an embedding run, its status, and search hits.
import type { FileSelectionOptions, SkippedCounts } from './fileSelection';
import type { IndexFolder } from './folders';
import type { SyntaxParsers } from './syntax';
import type { ScoreKernel } from './vectorSpace';

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
  /** The one folder indexed, with `selection`; or `folders` (then these two are not read). */
  root?: string;
  /** Every folder of a multi-root workspace, each with its own selection; paths start with the folder name. */
  folders?: IndexFolder[];
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
