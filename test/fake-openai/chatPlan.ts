// Decides WHAT a chat completion answers (content, refusal or tool calls, finish reason, usage) from the request
// and its faults. routes/chat.ts then decides HOW it goes over the wire (JSON or SSE, and mid-stream faults).
import { createHash } from 'node:crypto';
import {
  MARKDOWN_ANSWER,
  REFUSAL,
  XSS_ANSWER,
  hash,
  hintWord,
  invalidJsonAnswer,
  jsonObjectAnswer,
  splitExactly,
  splitSmall,
  textAnswer,
} from './answers';
import { demoContent } from './demo/demoAnswers';
import { type Fault, stripMarkers } from './faults';
import { isReasoningModel } from './models';
import { type PromptCache, approxTokens } from './promptCache';
import { fakeFromSchema } from './schemaFaker';
import { scriptedToolCalls } from './toolScript';

export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string; refusal?: string }> | null;
  tool_calls?: unknown[] | null;
  tool_call_id?: string;
}

export interface ChatTool {
  type: string;
  function?: { name: string; parameters?: unknown };
}

export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  tools?: ChatTool[];
  tool_choice?: string | { type: string; function?: { name: string } };
  parallel_tool_calls?: boolean;
  reasoning_effort?: string | null;
  service_tier?: string | null;
}

export interface ToolCallPlan {
  id: string;
  name: string;
  arguments: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export interface ChatPlan {
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCallPlan[];
  /** How the content (or refusal) is cut into stream chunks; tool arguments are cut per call. */
  pieces: string[];
  finishReason: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  usage: Usage;
}

export function messageText(m: ChatMessage | undefined): string {
  if (!m || m.content == null) return '';
  if (typeof m.content === 'string') return m.content;
  return m.content.map((p) => p.text ?? p.refusal ?? '').join('');
}

const REASONING_TOKENS: Record<string, number> = { minimal: 16, low: 64, medium: 192, high: 448 };

export function planChat(body: ChatBody, faults: Fault[], cache: PromptCache, demo = false): ChatPlan {
  const has = (name: string): Fault | undefined => faults.find((f) => f.name === name);
  const last = body.messages[body.messages.length - 1];
  const lastText = stripMarkers(last?.role === 'tool' ? trailingToolText(body.messages) : messageText(last));
  const hint = hintWord(lastText);
  const seed = hash(lastText);

  let content: string | null = null;
  let refusal: string | null = null;
  let pieces: string[] = [];
  let finishReason: ChatPlan['finishReason'] = 'stop';
  const toolCalls = planToolCalls(body, Boolean(has('tools')), hint, seed);

  if (toolCalls.length > 0) {
    finishReason = 'tool_calls';
  } else if (has('refusal')) {
    refusal = REFUSAL;
    pieces = splitSmall(REFUSAL);
  } else {
    content =
      (demo && faults.length === 0 ? demoAnswer(body, last) : undefined) ??
      baseContent(body, has, lastText, last?.role ?? 'user', hint, seed);
    const chunks = has('chunks');
    const n = Number(chunks?.value ?? chunks?.params.n);
    pieces = chunks && Number.isInteger(n) && n > 0 ? splitExactly(content, n) : splitSmall(content);
    const limit = body.max_completion_tokens ?? body.max_tokens;
    if (has('length') || has('content_filter')) {
      // The answer is cut where the model stopped (or the filter struck): keep the first half of the chunks.
      pieces = pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2)));
      finishReason = has('length') ? 'length' : 'content_filter';
    } else if (typeof limit === 'number' && approxTokens(content) > limit) {
      pieces = splitSmall(content.slice(0, Math.max(1, limit * 4)));
      finishReason = 'length';
    }
    content = pieces.join('');
  }

  const prompt = body.messages.map(messageText).join('\n');
  const visible = content ?? refusal ?? toolCalls.map((c) => c.name + c.arguments).join('');
  const reasoning = isReasoningModel(body.model)
    ? (REASONING_TOKENS[body.reasoning_effort ?? 'medium'] ?? 192)
    : 0;
  const promptTokens = approxTokens(prompt) + 3 * body.messages.length + 3;
  const completionTokens = approxTokens(visible) + reasoning;
  const usage: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cache.observe(prompt), audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  return { content, refusal, toolCalls, pieces, finishReason, usage };
}

/** The offline demo's answer; faults asked for by marker still get the fake's own answers. */
function demoAnswer(body: ChatBody, last: ChatMessage | undefined): string | undefined {
  const format = body.response_format;
  return demoContent(
    format?.type === 'json_schema' ? (format.json_schema?.name ?? 'schema') : undefined,
    format?.json_schema?.schema,
    messageText(last),
    last?.role ?? 'user',
  );
}

function baseContent(
  body: ChatBody,
  has: (name: string) => Fault | undefined,
  lastText: string,
  lastRole: string,
  hint: string,
  seed: number,
): string {
  if (has('invalid_json')) return invalidJsonAnswer(lastText);
  if (has('xss')) return XSS_ANSWER;
  if (has('markdown')) return MARKDOWN_ANSWER;
  const format = body.response_format;
  if (format?.type === 'json_schema')
    return JSON.stringify(
      withRefactoredCode(
        fakeFromSchema(format.json_schema?.schema ?? {}, hint, seed),
        messageText(body.messages[body.messages.length - 1]),
      ),
    );
  if (format?.type === 'json_object') return jsonObjectAnswer(lastText);
  return textAnswer(lastText, lastRole);
}

/**
 * A schema answer with a `code` field (a refactor) gets real code back: the code between the prompt's
 * `<<<BEGIN CODE>>>` delimiters, with a marker comment on top and trailing spaces trimmed, so that a test (or a
 * person trying the extension offline) sees a proposal that is recognisably their code, changed.
 */
function withRefactoredCode(value: unknown, rawLastText: string): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as { code?: unknown }).code !== 'string')
    return value;
  const match = /<<<BEGIN CODE(?: \d+)?>>>\n([\s\S]*?)\n<<<END CODE(?: \d+)?>>>/.exec(rawLastText);
  if (!match) return value;
  const code = match[1]!;
  const indent = /^[ \t]*/.exec(code)![0];
  const refactored = `${indent}// Refactored by the fake OpenAI server\n${code.replace(/[ \t]+$/gm, '')}`;
  return { ...value, code: refactored };
}

/**
 * Tool calls happen when a tool script or rule of the turn names them (toolScript.ts), when the `tools` fault asks
 * for them, or when tool_choice forces them ('required' or a named function). Fault and tool_choice: one call per
 * function tool (parallel), arguments generated from its schema. Just the first when parallel_tool_calls is false.
 */
function planToolCalls(body: ChatBody, forced: boolean, hint: string, seed: number): ToolCallPlan[] {
  const scripted = scriptedToolCalls(body);
  if (scripted.length > 0) return body.parallel_tool_calls === false ? scripted.slice(0, 1) : scripted;
  const tools = (body.tools ?? []).filter((t) => t.type === 'function' && t.function);
  const choice = body.tool_choice;
  if (tools.length === 0 || choice === 'none') return [];
  let chosen = tools;
  if (typeof choice === 'object' && choice.function)
    chosen = tools.filter((t) => t.function?.name === choice.function?.name);
  else if (!forced && choice !== 'required') return [];
  if (body.parallel_tool_calls === false) chosen = chosen.slice(0, 1);
  return chosen.map((t, i) => {
    const name = t.function?.name ?? 'tool';
    const schema = t.function?.parameters ?? { type: 'object', properties: {} };
    const id = `call_${createHash('sha256').update(`${seed}:${i}:${name}`).digest('base64url').slice(0, 24)}`;
    return { id, name, arguments: JSON.stringify(fakeFromSchema(schema, hint, seed + i)) };
  });
}

/** Every tool result of the last round (parallel calls answer in several `tool` messages), joined. */
function trailingToolText(messages: ChatMessage[]): string {
  const texts: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--)
    texts.unshift(messageText(messages[i]));
  return texts.join(' | ');
}
