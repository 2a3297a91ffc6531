// Folds streamed chunks into one message, with the same rules as the SDK's ChatCompletionStream
// (openai/src/lib/ChatCompletionStream.ts #accumulateChatCompletion + finalizeChatCompletion), but cheaper:
// no destructuring, no snapshot objects, content kept as parts and joined once at the end. Only choice 0 is
// kept (runChat never asks for n > 1).
import { randomUUID } from 'node:crypto';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatToolCall, ChatUsage } from './types';

interface ToolCallParts {
  id: string;
  name: string;
  argParts: string[];
}

type RawUsage = ChatCompletionChunk['usage'];

export class ChatAccumulator {
  private readonly contentParts: string[] = [];
  private refusalParts: string[] | undefined;
  private toolParts: (ToolCallParts | undefined)[] | undefined;
  private seenChunk = false;
  private rawUsage: RawUsage = undefined;
  /** Set when a content, refusal or tool-call delta arrived: from then on the attempt cannot be restarted. */
  hasOutput = false;
  finishReason: string | null = null;
  model = '';
  /** The tier the API says it served the request with (`service_tier` of the chunks), when it says. */
  serviceTier: string | undefined = undefined;
  /** An exception thrown by the caller's onDelta: it ends the call as is, never retried or mapped. */
  callerError: unknown = undefined;

  constructor(
    private readonly onDelta?: (text: string) => void,
    /** Called once, on the first content/refusal/tool-call delta (time to first token). */
    private readonly onFirstOutput?: () => void,
  ) {}

  private markOutput(): void {
    this.hasOutput = true;
    this.onFirstOutput?.();
  }

  add(chunk: ChatCompletionChunk): void {
    // The SDK copies the chunk's top-level fields on the first chunk and on every chunk that has an id.
    if (!this.seenChunk || chunk.id) {
      this.seenChunk = true;
      this.model = chunk.model;
      if (chunk.service_tier) this.serviceTier = chunk.service_tier;
      if (chunk.usage !== undefined) this.rawUsage = chunk.usage;
    }
    const choices = chunk.choices;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i]!;
      if (choice.index !== 0) continue;
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
      const delta = choice.delta;
      if (!delta) continue;
      const content = delta.content;
      if (content) {
        if (!this.hasOutput) this.markOutput();
        this.contentParts.push(content);
        if (this.onDelta !== undefined) this.emit(content);
      }
      const refusal = delta.refusal;
      if (refusal) {
        if (!this.hasOutput) this.markOutput();
        (this.refusalParts ??= []).push(refusal);
      }
      const toolCalls = delta.tool_calls;
      if (toolCalls) this.addToolCalls(toolCalls);
    }
  }

  private emit(text: string): void {
    try {
      this.onDelta!(text);
    } catch (err) {
      this.callerError ??= err;
      throw err;
    }
  }

  private addToolCalls(deltas: ChatCompletionChunk.Choice.Delta.ToolCall[]): void {
    if (!this.hasOutput) this.markOutput();
    const calls = (this.toolParts ??= []);
    for (const d of deltas) {
      let call = calls[d.index];
      if (call === undefined) calls[d.index] = call = { id: '', name: '', argParts: [] };
      if (d.id) call.id = d.id;
      const fn = d.function;
      if (fn) {
        if (fn.name) call.name = fn.name;
        if (fn.arguments) call.argParts.push(fn.arguments);
      }
    }
  }

  /** The content received so far (what an ApiError keeps as `partial`). */
  content(): string {
    return this.contentParts.length === 1 ? this.contentParts[0]! : this.contentParts.join('');
  }

  refusal(): string | undefined {
    return this.refusalParts?.join('');
  }

  toolCalls(): ChatToolCall[] {
    const out: ChatToolCall[] = [];
    if (!this.toolParts) return out;
    for (const call of this.toolParts) {
      // Holes (an index never sent) are skipped like Array.prototype.map skips them in the SDK.
      if (call === undefined) continue;
      out.push({ id: call.id || `call_${randomUUID()}`, name: call.name, arguments: call.argParts.join('') });
    }
    return out;
  }

  usage(): ChatUsage | undefined {
    const u = this.rawUsage;
    if (!u) return undefined;
    return {
      promptTokens: u.prompt_tokens,
      cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      completionTokens: u.completion_tokens,
      reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
    };
  }
}
