// Questions answered before in this workspace, by embedding: a new chat question whose embedding is very close
// (cosine ≥ the threshold) to one answered before is offered that answer first, which costs nothing — only the tiny
// embedding of the question is a request (through the Workbench, like every request). The file keeps each question's
// vector and the ids of the question and its answer in the chat history, not their text: a deleted conversation is
// never offered again, and the texts stay where history keeps them. Questions are redacted before they are embedded.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { nodeFileOps, writeFileAtomic } from '../history/atomicFile';
import { redactSecrets } from '../redaction';
import type { EmbedFn } from '../workspaceIndex/workspaceIndex';

export interface AnsweredBeforeSettings {
  /** `gptWorkbench.chat.answeredBefore.enabled` (default off: it adds an embedding request to every question). */
  enabled: boolean;
  /** `gptWorkbench.chat.answeredBefore.threshold`: cosine similarity from which a question counts as the same. */
  threshold: number;
}

export interface AnsweredQuestionsOptions {
  /** The file of this workspace's entries (the host: under the workspace storage). */
  file: string;
  embed: EmbedFn;
  /** The embedding model and size (the workspace index's settings). */
  model: () => { model: string; dimensions: number };
  settings: () => AnsweredBeforeSettings;
  /** Entries kept, newest first (default 500). */
  limit?: number;
  redact?: (text: string) => Promise<string>;
  now?: () => number;
}

/** A question's embedding, made once and used both to look for a match and to remember the question. */
export interface QuestionVector {
  vector: Float32Array;
  model: string;
  dimensions: number;
  /** `@workspace` questions match only `@workspace` questions (their answers rest on the index's context). */
  workspace: boolean;
}

export interface AnsweredRef {
  conversationId: string;
  questionId: string;
  answerId: string;
}

export interface AnsweredMatch extends AnsweredRef {
  similarity: number;
}

interface Entry extends AnsweredRef {
  model: string;
  dimensions: number;
  workspace: boolean;
  /** float32 little-endian, base64. */
  vector: string;
  at: number;
}

const FORMAT = 'gpt-workbench-answered-questions';

/** Cosine similarity; 0 for vectors of different length or zero length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

const encode = (v: Float32Array): string =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
function decode(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

function isEntry(v: unknown): v is Entry {
  const e = v as Entry;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof e.conversationId === 'string' &&
    typeof e.questionId === 'string' &&
    typeof e.answerId === 'string' &&
    typeof e.model === 'string' &&
    typeof e.dimensions === 'number' &&
    typeof e.workspace === 'boolean' &&
    typeof e.vector === 'string' &&
    typeof e.at === 'number'
  );
}

export class AnsweredQuestions {
  private entries: Entry[] | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: AnsweredQuestionsOptions) {}

  get enabled(): boolean {
    return this.options.settings().enabled;
  }

  /** The question's embedding (one request), or undefined when the feature is off. A failed request throws. */
  async embed(
    question: string,
    workspace: boolean,
    signal?: AbortSignal,
  ): Promise<QuestionVector | undefined> {
    if (!this.enabled || question.trim() === '') return undefined;
    const { model, dimensions } = this.options.model();
    const redact = this.options.redact ?? (async (t: string) => (await redactSecrets(t)).text);
    const { vectors } = await this.options.embed({
      inputs: [await redact(question)],
      model,
      dimensions,
      signal,
      purpose: 'query',
    });
    const v = vectors[0];
    if (!v) return undefined;
    return { vector: Float32Array.from(v), model, dimensions, workspace };
  }

  /** The closest earlier question at or above the threshold whose answer `usable` still finds, best first. */
  async best(q: QuestionVector, usable: (ref: AnsweredRef) => boolean): Promise<AnsweredMatch | undefined> {
    const threshold = this.options.settings().threshold;
    let best: AnsweredMatch | undefined;
    for (const e of await this.load()) {
      if (e.model !== q.model || e.dimensions !== q.dimensions || e.workspace !== q.workspace) continue;
      const similarity = cosine(q.vector, decode(e.vector));
      if (similarity < threshold || (best && similarity <= best.similarity) || !usable(e)) continue;
      best = { conversationId: e.conversationId, questionId: e.questionId, answerId: e.answerId, similarity };
    }
    return best;
  }

  /** Remembers an answered question (newest first; the oldest beyond the limit are dropped). */
  async remember(q: QuestionVector, ref: AnsweredRef): Promise<void> {
    const entries = await this.load();
    const entry: Entry = {
      ...ref,
      model: q.model,
      dimensions: q.dimensions,
      workspace: q.workspace,
      vector: encode(q.vector),
      at: (this.options.now ?? Date.now)(),
    };
    const kept = entries.filter((e) => e.questionId !== ref.questionId);
    this.entries = [entry, ...kept].slice(0, this.options.limit ?? 500);
    await this.save();
  }

  /** Drops the entries `usable` no longer finds (their conversation was deleted or the answer replaced). */
  async prune(usable: (ref: AnsweredRef) => boolean): Promise<void> {
    const entries = await this.load();
    const kept = entries.filter(usable);
    if (kept.length === entries.length) return;
    this.entries = kept;
    await this.save();
  }

  private async load(): Promise<Entry[]> {
    if (this.entries) return this.entries;
    // A missing, damaged or foreign file is an empty list: these entries are only a shortcut.
    const text = await fsp.readFile(this.options.file, 'utf8').catch(() => '');
    let entries: Entry[] = [];
    try {
      const parsed = JSON.parse(text) as { format?: unknown; entries?: unknown };
      if (parsed.format === FORMAT && Array.isArray(parsed.entries)) entries = parsed.entries.filter(isEntry);
    } catch {
      entries = [];
    }
    this.entries ??= entries;
    return this.entries;
  }

  private save(): Promise<void> {
    const body = JSON.stringify({ format: FORMAT, version: 1, entries: this.entries ?? [] });
    const file = this.options.file;
    // Writes run one after the other; one that failed does not stop the next.
    const write = this.writes
      .catch(() => undefined)
      .then(async () => {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await writeFileAtomic(file, body, nodeFileOps);
      });
    this.writes = write;
    return write;
  }
}
