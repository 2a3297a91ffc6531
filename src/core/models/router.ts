// The `auto` model choice: route each request by what kind of work it is and how big its prompt is. The rules are
// data (first match wins) so settings can replace them without code; the answer always names the model that
// answered, so routing is never hidden.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DEFAULT_MODEL } from './catalogue';

export const AUTO_MODEL = 'auto';

/** What the feature says it is doing. Free-form strings are allowed so features can add their own. */
export type TaskKind =
  'chat' | 'question' | 'extraction' | 'classification' | 'summarize' | 'code' | 'review' | (string & {});

export interface RouteRule {
  /** Matches when the request's kind is this one (or one of these); omitted = any kind. */
  kind?: string | string[];
  /** Matches when the estimated prompt is at most this many tokens. */
  maxPromptTokens?: number;
  /** Matches when the estimated prompt is at least this many tokens. */
  minPromptTokens?: number;
  model: string;
}

/**
 * Defaults: very long context to gpt-4.1 (best long-context quality of the 1M-window family), extraction,
 * classification and short questions to gpt-4.1-nano (cheapest), everything else to gpt-4.1-mini.
 */
export const DEFAULT_ROUTE_RULES: readonly RouteRule[] = Object.freeze([
  { minPromptTokens: 100_000, model: 'gpt-4.1' },
  { kind: ['extraction', 'classification'], model: 'gpt-4.1-nano' },
  { kind: 'question', maxPromptTokens: 2_000, model: 'gpt-4.1-nano' },
  { model: DEFAULT_MODEL },
]);

export interface RouteInput {
  kind?: TaskKind;
  promptTokens: number;
}

export interface RouteDecision {
  model: string;
  /** Index of the rule that matched, or -1 when none did and the default was used. */
  ruleIndex: number;
}

function kindMatches(rule: RouteRule, kind: string | undefined): boolean {
  if (rule.kind === undefined) return true;
  if (kind === undefined) return false;
  return Array.isArray(rule.kind) ? rule.kind.includes(kind) : rule.kind === kind;
}

export function routeModel(
  input: RouteInput,
  rules: readonly RouteRule[] = DEFAULT_ROUTE_RULES,
  fallbackModel: string = DEFAULT_MODEL,
): RouteDecision {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!kindMatches(rule, input.kind)) continue;
    if (rule.maxPromptTokens !== undefined && input.promptTokens > rule.maxPromptTokens) continue;
    if (rule.minPromptTokens !== undefined && input.promptTokens < rule.minPromptTokens) continue;
    return { model: rule.model, ruleIndex: i };
  }
  return { model: fallbackModel, ruleIndex: -1 };
}

/**
 * The models `auto` may pick for a request of `kind`, whatever its size: the rules that can match that kind up to
 * the first that matches any size, and the fallback model when none does. What a feature must know about `auto`
 * before the Workbench routes it (whether images can go) without routing it itself.
 */
export function routeCandidates(
  kind: string,
  rules: readonly RouteRule[] = DEFAULT_ROUTE_RULES,
  fallbackModel: string = DEFAULT_MODEL,
): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    if (!kindMatches(rule, kind)) continue;
    if (!out.includes(rule.model)) out.push(rule.model);
    if (rule.maxPromptTokens === undefined && rule.minPromptTokens === undefined) return out;
  }
  if (!out.includes(fallbackModel)) out.push(fallbackModel);
  return out;
}

/**
 * A cheap size estimate for routing (about 4 characters a token for English and code). Routing only needs the
 * order of magnitude, and counting exactly would load the tokenizer on every request.
 */
export function approxPromptTokens(messages: readonly ChatCompletionMessageParam[]): number {
  let chars = 0;
  for (const m of messages) {
    const content = (m as { content?: unknown }).content;
    if (typeof content === 'string') chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content as { type?: string; text?: string }[]) {
        if (typeof part.text === 'string') chars += part.text.length;
      }
    }
  }
  return Math.ceil(chars / 4) + 4 * messages.length;
}
