// One request builder for every feature, so each model's rules are applied in one place: reasoning models get
// `max_completion_tokens` and `reasoning_effort` and never `temperature`/`top_p` (the API rejects them); other
// models get `max_tokens` (understood by OpenAI-compatible servers too) and no `reasoning_effort`. Values come
// from the task (the draft) first, then from settings.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type {
  ReasoningEffort,
  ResponseFormatJSONObject,
  ResponseFormatJSONSchema,
  ResponseFormatText,
} from 'openai/resources/shared';
import type { ChatRequest } from '../chat/types';
import { DEFAULT_MODEL, offersFlex, type ModelCatalogue, type ModelInfo } from './catalogue';
import {
  AUTO_MODEL,
  approxPromptTokens,
  routeModel,
  type RouteDecision,
  type RouteRule,
  type TaskKind,
} from './router';

export type ResponseFormat = ResponseFormatText | ResponseFormatJSONObject | ResponseFormatJSONSchema;

/** A feature's request before the model rules: model may be omitted (settings) or `auto` (router). */
export type ChatDraft = Omit<ChatRequest, 'model'> & {
  model?: string;
  /** What kind of work this is; drives `auto` routing. Never sent to the API. */
  kind?: TaskKind;
};

/** Generation defaults from settings (the host reads `gptWorkbench.*` and passes them in as data). */
export interface GenerationSettings {
  model?: string;
  temperature?: number;
  topP?: number;
  seed?: number;
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  responseFormat?: ResponseFormat;
  /** Rules for `auto`; default DEFAULT_ROUTE_RULES. */
  routeRules?: readonly RouteRule[];
  /** `auto` (the project's setting, not sent), `flex` (batch prices, may wait), `default`, `priority`. */
  serviceTier?: ServiceTierSetting;
}

export type ServiceTierSetting = 'auto' | 'flex' | 'default' | 'priority';

export interface BuiltRequest {
  request: ChatRequest;
  modelInfo: ModelInfo;
  /** Set when the draft asked for `auto`. */
  route?: RouteDecision;
  /** Human-readable notes on what the builder changed (dropped temperature, clamped max output…). */
  adjustments: string[];
}

/** The model a draft goes to: its own, else the settings' default; `auto` routed by kind and prompt size. */
export function resolveModel(
  draft: Pick<ChatDraft, 'model' | 'kind' | 'messages'>,
  settings: GenerationSettings = {},
): { model: string; route?: RouteDecision } {
  const model = draft.model ?? settings.model ?? DEFAULT_MODEL;
  if (model !== AUTO_MODEL) return { model };
  const route = routeModel(
    { kind: draft.kind, promptTokens: approxPromptTokens(draft.messages) },
    settings.routeRules && settings.routeRules.length > 0 ? settings.routeRules : undefined,
  );
  return { model: route.model, route };
}

export function buildChatRequest(
  draft: ChatDraft,
  catalogue: ModelCatalogue,
  settings: GenerationSettings = {},
): BuiltRequest {
  const { kind: _kind, model: _model, ...rest } = draft;
  const adjustments: string[] = [];
  const { model, route } = resolveModel(draft, settings);
  const info = catalogue.get(model);
  const request: ChatRequest = { ...rest, model };

  const temperature = rest.temperature ?? settings.temperature;
  const topP = rest.top_p ?? settings.topP;
  const seed = rest.seed ?? settings.seed;
  const responseFormat = rest.response_format ?? settings.responseFormat;
  let maxOut = rest.max_completion_tokens ?? rest.max_tokens ?? settings.maxOutputTokens;
  if (maxOut != null && info.maxOutputTokens != null && maxOut > info.maxOutputTokens) {
    adjustments.push(`max output ${maxOut} clamped to ${model}'s limit ${info.maxOutputTokens}`);
    maxOut = info.maxOutputTokens;
  }
  delete request.max_tokens;
  delete request.max_completion_tokens;
  delete request.temperature;
  delete request.top_p;
  delete request.reasoning_effort;

  if (info.reasoning) {
    if (temperature != null || topP != null)
      adjustments.push(`temperature/top_p not sent: ${model} is a reasoning model`);
    if (maxOut != null) request.max_completion_tokens = maxOut;
    const effort = rest.reasoning_effort ?? settings.reasoningEffort;
    if (effort != null) request.reasoning_effort = effort;
  } else {
    if (temperature != null) request.temperature = temperature;
    if (topP != null) request.top_p = topP;
    if (maxOut != null) request.max_tokens = maxOut;
    if (rest.reasoning_effort != null)
      adjustments.push(`reasoning_effort not sent: ${model} is not a reasoning model`);
  }
  if (seed != null) request.seed = seed;
  delete request.service_tier;
  const tier = rest.service_tier ?? settings.serviceTier;
  if (tier === 'flex' && !offersFlex(info)) {
    adjustments.push(`flex processing is not offered for ${model}; sent at the default tier`);
  } else if (tier != null && tier !== 'auto') request.service_tier = tier;
  if (responseFormat != null) {
    request.response_format = responseFormat;
    if (responseFormat.type === 'json_schema' && info.known && !info.structuredOutputs) {
      adjustments.push(`${model} does not support Structured Outputs; the schema may be ignored`);
    }
  }
  return { request, modelInfo: info, route, adjustments };
}

/** The parts of a prompt in the order that lets OpenAI's prompt caching reuse the longest prefix. */
export interface PromptParts {
  /** The stable instructions: identical across requests. */
  system?: string;
  /** Few-shot examples: stable across requests. */
  examples?: readonly { user: string; assistant: string }[];
  /** Stable reference material (a file, docs) that repeats over a conversation. */
  context?: readonly string[];
  /** Earlier turns of the conversation (grow at the end, so the prefix stays the same). */
  history?: readonly ChatCompletionMessageParam[];
  /** The new user input: always last. */
  user: string;
}

/**
 * Static first, dynamic last: prompt caching matches on an exact prefix (≥1,024 tokens), so anything that changes
 * per request (timestamps, the selection, the question) must come after everything that does not.
 */
export function assemblePrompt(parts: PromptParts): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (parts.system) messages.push({ role: 'system', content: parts.system });
  for (const ex of parts.examples ?? []) {
    messages.push({ role: 'user', content: ex.user }, { role: 'assistant', content: ex.assistant });
  }
  for (const c of parts.context ?? []) messages.push({ role: 'user', content: c });
  messages.push(...(parts.history ?? []));
  messages.push({ role: 'user', content: parts.user });
  return messages;
}
