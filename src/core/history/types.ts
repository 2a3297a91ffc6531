// The shape of a conversation on disk. `version` lets a later format migrate old files instead of calling them
// corrupt. A message whose status is still "streaming" when a file is loaded was cut off by a reload or a crash:
// the store marks it "interrupted" on load.
import type { FailureKind } from '../../shared/protocol';

export type StoredStatus = 'complete' | 'streaming' | 'interrupted' | 'stopped' | 'error';

export interface StoredUsage {
  prompt: number;
  cached: number;
  completion: number;
}

export interface StoredImage {
  name: string;
  dataUrl: string;
  bytes: number;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: number;
  status: StoredStatus;
  images?: StoredImage[];
  model?: string;
  usage?: StoredUsage;
  ttftMs?: number;
  /** A kind read from an older file that is no longer one of ours shows as `unexpected`. */
  error?: { kind: FailureKind; message: string };
  /** A tool turn: its calls as the view showed them, its requests and their cost. */
  toolCalls?: StoredToolCall[];
  rounds?: number;
  costUsd?: number | null;
  /** The turn's checkpoint: what each file it edited held before (null = created), so the edits can be undone. */
  edits?: StoredEdit[];
  /** An `@workspace` question: the context its requests carry (delimited data) and the places it came from. */
  workspace?: { context: string; sources: StoredSource[] };
  /** An `@workspace` answer: the places its request carried (its footer's links). */
  sources?: StoredSource[];
  /** An answer reused from an earlier, very close question (answered before): no request was made. */
  reused?: boolean;
}

export interface StoredSource {
  path: string;
  line: number;
  endLine: number;
  symbol?: string;
}

export interface StoredToolCall {
  id: string;
  round: number;
  name: string;
  args: string;
  status: 'running' | 'awaiting' | 'done' | 'error' | 'rejected';
  durationMs?: number;
  preview?: string;
  result?: string;
}

export interface StoredEdit {
  path: string;
  relative: string;
  before: string | null;
  after: string;
}

export interface Conversation {
  version: 1;
  id: string;
  title: string;
  /** True once the user renamed it: the title then no longer follows the first message. */
  titleSetByUser?: boolean;
  createdAt: number;
  updatedAt: number;
  model: string;
  messages: StoredMessage[];
}

export interface ConversationListItem {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
}

export interface HistoryNotice {
  level: 'warning' | 'error';
  message: string;
  file: string;
}

export function titleFromFirstMessage(messages: readonly StoredMessage[]): string {
  const first = messages.find((m) => m.role === 'user' && m.content.trim() !== '');
  if (!first) return 'New chat';
  const line = first.content.trim().split('\n')[0]!.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

/** A loose structural check: enough to tell a real conversation from a truncated or foreign file. */
export function isConversation(v: unknown): v is Conversation {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    c.version === 1 &&
    typeof c.id === 'string' &&
    typeof c.title === 'string' &&
    typeof c.createdAt === 'number' &&
    typeof c.updatedAt === 'number' &&
    typeof c.model === 'string' &&
    Array.isArray(c.messages) &&
    c.messages.every(
      (m: unknown) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as StoredMessage).id === 'string' &&
        ((m as StoredMessage).role === 'user' || (m as StoredMessage).role === 'assistant') &&
        typeof (m as StoredMessage).content === 'string',
    )
  );
}
