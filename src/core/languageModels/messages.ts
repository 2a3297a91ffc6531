// VS Code's language-model chat messages ↔ our ChatDraft, without vscode types: the parts are read by their shape
// (VS Code hands the provider its own class instances: LanguageModelTextPart {value}, LanguageModelToolCallPart
// {callId, name, input}, LanguageModelToolResultPart {callId, content}, LanguageModelDataPart {mimeType, data}),
// so the host adapter passes them through untouched and every rule lives here, tested without a host.
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { ChatToolCall } from '../chat/types';
import type { ChatDraft } from '../models/requestBuilder';
import { countMessageTokens, type TokenCounter } from '../tokens';

export type LmRole = 'user' | 'assistant' | 'system';

export interface LmMessage {
  role: LmRole;
  /** VS Code's parts (or anything shaped like them); unknown parts are skipped. */
  content: readonly unknown[];
  name?: string;
}

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object;
}

export interface LmRequestOptions {
  tools?: readonly LmTool[];
  /** `required`: the model must call one of the tools. */
  toolMode?: 'auto' | 'required';
  /** Whether the model reads images: images for another model are refused, never dropped silently. */
  vision: boolean;
}

export type LmPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string };

/** A request VS Code sent that cannot be sent as it is; the message names the cause and the next step. */
export class LmRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LmRequestError';
  }
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** One part by its shape; undefined for parts we do not send (e.g. cache-control or other data parts). */
export function classifyPart(part: unknown): LmPart | undefined {
  if (typeof part === 'string') return { kind: 'text', text: part };
  if (!isRecord(part)) return undefined;
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'toolResult', callId: part.callId, text: partsText(part.content) };
  }
  if (typeof part.mimeType === 'string' && part.data instanceof Uint8Array) {
    return IMAGE_TYPES.has(part.mimeType)
      ? { kind: 'image', mimeType: part.mimeType, data: part.data }
      : undefined;
  }
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  return undefined;
}

/** The text of a tool result's content: text parts as they are, anything else (prompt-tsx JSON) as JSON. */
function partsText(content: readonly unknown[]): string {
  return content
    .map((p) => {
      if (typeof p === 'string') return p;
      if (isRecord(p) && typeof p.value === 'string') return p.value;
      if (isRecord(p) && p.data instanceof Uint8Array && typeof p.mimeType === 'string') {
        return p.mimeType.startsWith('text/') || p.mimeType.includes('json')
          ? new TextDecoder().decode(p.data)
          : `[${p.mimeType} data]`;
      }
      return JSON.stringify(isRecord(p) && 'value' in p ? p.value : p);
    })
    .join('');
}

function dataUrl(image: { mimeType: string; data: Uint8Array }): string {
  return `data:${image.mimeType};base64,${Buffer.from(image.data).toString('base64')}`;
}

function userMessages(parts: LmPart[], vision: boolean, name?: string): ChatCompletionMessageParam[] {
  // Tool results answer the assistant's tool calls, so they go first, each as its own `tool` message.
  const out: ChatCompletionMessageParam[] = parts
    .filter((p) => p.kind === 'toolResult')
    .map((p) => ({ role: 'tool', tool_call_id: p.callId, content: p.text }));
  const content: ChatCompletionContentPart[] = [];
  for (const p of parts) {
    if (p.kind === 'text' && p.text) content.push({ type: 'text', text: p.text });
    if (p.kind === 'image') {
      if (!vision) {
        throw new LmRequestError(
          'This model cannot read images. Pick a vision model (gpt-4o, the gpt-4.1 family, o3 or o4-mini) or remove the image.',
        );
      }
      content.push({ type: 'image_url', image_url: { url: dataUrl(p) } });
    }
  }
  if (content.length === 0) return out;
  const text = content.every((c) => c.type === 'text');
  out.push({
    role: 'user',
    content: text ? content.map((c) => (c as { text: string }).text).join('') : content,
    ...(name ? { name } : {}),
  });
  return out;
}

function assistantMessage(parts: LmPart[]): ChatCompletionMessageParam | undefined {
  const text = parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
  const calls: ChatCompletionMessageToolCall[] = parts.flatMap((p) =>
    p.kind === 'toolCall'
      ? [
          {
            id: p.callId,
            type: 'function',
            function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) },
          },
        ]
      : [],
  );
  if (!text && calls.length === 0) return undefined;
  return { role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls } : {}) };
}

function toolsParam(tools: readonly LmTool[]): ChatCompletionTool[] {
  return tools.map((t) => ({
    type: 'function',
    function: {
      name: t.name,
      description: t.description,
      parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? {
        type: 'object',
        properties: {},
      },
    },
  }));
}

/** VS Code's request as our draft: the Workbench then applies the model rules, redaction, cache, budget… */
export function toChatDraft(
  model: string,
  messages: readonly LmMessage[],
  options: LmRequestOptions,
): ChatDraft {
  const out: ChatCompletionMessageParam[] = [];
  for (const m of messages) {
    const parts = m.content.map(classifyPart).filter((p): p is LmPart => p !== undefined);
    if (m.role === 'system') {
      const text = parts.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
      if (text) out.push({ role: 'system', content: text });
    } else if (m.role === 'assistant') {
      const msg = assistantMessage(parts);
      if (msg) out.push(msg);
    } else {
      out.push(...userMessages(parts, options.vision, m.name));
    }
  }
  if (out.length === 0) throw new LmRequestError('The request has no text to send.');
  const draft: ChatDraft = { model, messages: out };
  const tools = options.tools ?? [];
  if (tools.length > 0) {
    draft.tools = toolsParam(tools);
    if (options.toolMode === 'required') draft.tool_choice = 'required';
  }
  return draft;
}

/** A tool call of the answer as VS Code's part wants it: the arguments parsed (invalid JSON is refused). */
export function toolCallInput(call: ChatToolCall): object {
  if (!call.arguments.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(call.arguments);
    if (isRecord(parsed) && !Array.isArray(parsed)) return parsed;
  } catch {
    // fall through to the error below
  }
  throw new LmRequestError(
    `The model called the tool "${call.name}" with arguments that are not a JSON object. Ask again.`,
  );
}

/** Tokens of a string or of one VS Code message by our tokenizer (framing and images as the budget counts them). */
export function countLmTokens(input: string | LmMessage, count: TokenCounter): number {
  if (typeof input === 'string') return count(input);
  let messages: ChatCompletionMessageParam[];
  try {
    messages = toChatDraft('count', [input], { vision: true }).messages;
  } catch {
    return 0; // nothing to send, nothing to count
  }
  return messages.reduce((sum, m) => sum + countMessageTokens(m, count), 0);
}

export type LmAnswerPart =
  { kind: 'text'; text: string } | { kind: 'toolCall'; callId: string; name: string; input: object };

/**
 * What follows the streamed text once the answer is complete: a refusal as text (VS Code has no refusal part) and
 * the tool calls (their arguments arrive in fragments, so a call is only whole at the end).
 */
export function answerTail(result: { refusal?: string; toolCalls: readonly ChatToolCall[] }): LmAnswerPart[] {
  const parts: LmAnswerPart[] = [];
  if (result.refusal) parts.push({ kind: 'text', text: `The model refused: ${result.refusal}` });
  for (const call of result.toolCalls) {
    parts.push({ kind: 'toolCall', callId: call.id, name: call.name, input: toolCallInput(call) });
  }
  return parts;
}
