// The SDK's own accumulation of a stream (ChatCompletionStream.finalChatCompletion), mapped to ChatResult's
// fields: the reference runChat must equal for the same bytes.
import type { OpenAI } from '../../../src/core';
import type { ChatRequest, ChatResult } from '../../../src/core';

export type ComparableResult = Pick<
  ChatResult,
  'content' | 'refusal' | 'toolCalls' | 'finishReason' | 'usage' | 'model'
>;

export async function sdkAccumulate(client: OpenAI, request: ChatRequest): Promise<ComparableResult> {
  const stream = client.chat.completions.stream({ ...request, stream_options: { include_usage: true } });
  const completion = await stream.finalChatCompletion();
  const choice = completion.choices[0];
  if (!choice) throw new Error('the SDK accumulated no choice');
  const m = choice.message;
  const out: ComparableResult = {
    content: m.content ?? '',
    toolCalls: (m.tool_calls ?? []).map((tc) => {
      if (tc.type !== 'function') throw new Error(`unexpected tool call type ${tc.type}`);
      return { id: tc.id, name: tc.function.name, arguments: tc.function.arguments };
    }),
    finishReason: choice.finish_reason,
    model: completion.model,
  };
  if (m.refusal != null) out.refusal = m.refusal;
  const u = completion.usage;
  if (u) {
    out.usage = {
      promptTokens: u.prompt_tokens,
      cachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
      completionTokens: u.completion_tokens,
      reasoningTokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
    };
  }
  return out;
}

export function comparable(r: ChatResult): ComparableResult {
  const out: ComparableResult = {
    content: r.content,
    toolCalls: r.toolCalls,
    finishReason: r.finishReason,
    model: r.model,
  };
  if (r.refusal !== undefined) out.refusal = r.refusal;
  if (r.usage !== undefined) out.usage = r.usage;
  return out;
}
