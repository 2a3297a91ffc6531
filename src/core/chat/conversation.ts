// The conversation as the chat core sees it: stored messages become API messages (the request of a turn) and
// message views (what the webview shows); user messages get their ids here.
import { randomBytes } from 'node:crypto';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import {
  isFailureKind,
  isSourceList,
  type ChatSnapshot,
  type ConversationSummary,
  type HostToWebview,
  type ImageAttachment,
  type MessageView,
} from '../../shared/protocol';
import type { HistoryStore } from '../history/historyStore';
import type { Conversation, StoredMessage } from '../history/types';
import { withWorkspaceContext } from './workspaceContext';

/** The stored conversation as API messages: system prompt first (static, so prompt caching applies), then turns. */
export function toApiMessages(
  messages: readonly StoredMessage[],
  systemPrompt: string,
): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (systemPrompt.trim() !== '') out.push({ role: 'system', content: systemPrompt });
  for (const m of messages) {
    if (m.role === 'assistant') {
      // Partial answers (stopped, interrupted) stay: the model should see what it already said.
      if (m.content !== '' && m.status !== 'streaming') out.push({ role: 'assistant', content: m.content });
    } else if (m.images?.length) {
      const parts: ChatCompletionContentPart[] = [];
      const text = withWorkspaceContext(m);
      if (text !== '') parts.push({ type: 'text', text });
      for (const image of m.images) parts.push({ type: 'image_url', image_url: { url: image.dataUrl } });
      out.push({ role: 'user', content: parts });
    } else {
      // An `@workspace` question goes with the context it was answered from (kept with it, so every turn after
      // sends the same bytes).
      out.push({ role: 'user', content: withWorkspaceContext(m) });
    }
  }
  return out;
}

/** A new user message of the open conversation (a chat send or a task's prompt). */
export function newUserMessage(
  content: string,
  images: readonly ImageAttachment[],
  now = Date.now(),
): StoredMessage {
  return {
    id: `u${now.toString(36)}${randomBytes(3).toString('hex')}`,
    role: 'user',
    content,
    createdAt: now,
    status: 'complete',
    ...(images.length ? { images: [...images] } : {}),
  };
}

export function toMessageViews(conversation: Conversation): MessageView[] {
  return conversation.messages.map((m) => ({
    id: m.id,
    role: m.role,
    content: m.content,
    images: m.images,
    status: m.status,
    model: m.model,
    usage: m.usage,
    ttftMs: m.ttftMs,
    error: m.error && {
      ...m.error,
      kind: isFailureKind(m.error.kind) ? m.error.kind : ('unexpected' as const),
    },
    ...(m.toolCalls?.length ? { toolCalls: m.toolCalls } : {}),
    ...(m.rounds !== undefined ? { rounds: m.rounds, costUsd: m.costUsd ?? null } : {}),
    ...(m.edits?.length ? { editedFiles: [...new Set(m.edits.map((e) => e.relative))] } : {}),
    // A history file is read back from disk: only well-formed places reach the view.
    ...(m.role === 'assistant' && isSourceList(m.sources) ? { sources: m.sources } : {}),
    ...(m.reused ? { reused: true } : {}),
  }));
}

export function snapshotOf(
  conversation: Conversation,
  model: ChatSnapshot['model'],
  models: ChatSnapshot['models'],
  activeTurnId: string | null,
  conversations: ConversationSummary[],
): ChatSnapshot {
  return {
    conversationId: conversation.messages.length > 0 ? conversation.id : null,
    title: conversation.title,
    messages: toMessageViews(conversation),
    model,
    models,
    activeTurnId,
    conversations,
  };
}

/** The saved conversations as the history list shows them, newest first (the store's order). */
export function conversationSummaries(store: HistoryStore): ConversationSummary[] {
  return store
    .list()
    .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messageCount }));
}

/** The saved list for the view; `current` is the open conversation once it is saved (the view learns its title). */
export function conversationsMessage(
  store: HistoryStore,
  open: Conversation | undefined,
): Extract<HostToWebview, { type: 'conversations' }> {
  const current = open && store.get(open.id) ? { id: open.id, title: open.title } : null;
  return { type: 'conversations', conversations: conversationSummaries(store), current };
}
