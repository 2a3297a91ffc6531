// The Batch API's input format and limits: one JSONL line per request (`custom_id`, `method`, `url`, `body`), at
// most 50,000 requests and 200 MB per input file, one model per file, one endpoint per batch (chat completions for
// tasks, embeddings for the workspace index). A job over a limit is split into several
// files (batches) in order, never splitting a line.
import type { ChatRequest } from '../chat/types';

export const BATCH_ENDPOINT = '/v1/chat/completions';
export const EMBEDDINGS_BATCH_ENDPOINT = '/v1/embeddings';
export type BatchEndpoint = typeof BATCH_ENDPOINT | typeof EMBEDDINGS_BATCH_ENDPOINT;

/** The body of an embeddings line: vectors come back base64-encoded (a quarter of the JSON numbers' size). */
export interface EmbeddingLineBody {
  model: string;
  input: string[];
  dimensions?: number;
  encoding_format: 'base64';
}

export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export const BATCH_LIMITS: Readonly<BatchLimits> = Object.freeze({
  maxRequests: 50_000,
  maxBytes: 200 * 1024 * 1024,
});

export interface BatchRequestLine {
  customId: string;
  /** Default: chat completions. */
  url?: BatchEndpoint;
  body: ChatRequest | EmbeddingLineBody;
}

export function toJsonlLine(line: BatchRequestLine): string {
  return JSON.stringify({
    custom_id: line.customId,
    method: 'POST',
    url: line.url ?? BATCH_ENDPOINT,
    body: line.body,
  });
}

/** The lines of one input file, in order, with the file's bytes. */
export interface InputFileChunk {
  lines: string[];
  customIds: string[];
  bytes: number;
}

/**
 * Splits lines into input files under the limits, one model per file. Throws when one line alone is over the byte
 * limit (it could never be sent), naming it.
 */
export function splitIntoFiles(
  lines: BatchRequestLine[],
  limits: BatchLimits = BATCH_LIMITS,
): InputFileChunk[] {
  const byModel = new Map<string, BatchRequestLine[]>();
  for (const l of lines) {
    const group = byModel.get(l.body.model) ?? [];
    group.push(l);
    byModel.set(l.body.model, group);
  }
  const files: InputFileChunk[] = [];
  for (const group of byModel.values()) {
    let current: InputFileChunk = { lines: [], customIds: [], bytes: 0 };
    for (const l of group) {
      const text = toJsonlLine(l);
      const size = Buffer.byteLength(text, 'utf8') + 1; // the newline
      if (size > limits.maxBytes) {
        throw new Error(
          `The request for ${l.customId} is ${size} bytes, over the Batch API's ${limits.maxBytes}-byte file limit. ` +
            'Split the file into smaller chunks.',
        );
      }
      if (current.lines.length >= limits.maxRequests || current.bytes + size > limits.maxBytes) {
        files.push(current);
        current = { lines: [], customIds: [], bytes: 0 };
      }
      current.lines.push(text);
      current.customIds.push(l.customId);
      current.bytes += size;
    }
    if (current.lines.length > 0) files.push(current);
  }
  return files;
}

export function jsonlText(chunk: InputFileChunk): string {
  return `${chunk.lines.join('\n')}\n`;
}

/** Parses an output or error file; lines that are not JSON are skipped and counted. */
export function parseJsonl(text: string): { records: unknown[]; unreadable: number } {
  const records: unknown[] = [];
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    try {
      records.push(JSON.parse(raw));
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
}
