// The model catalogue: what each model can do and what it costs, as data. Prices are per 1M tokens in USD and
// carry their source and the date they were entered, because prices change and a bill that does not match the
// ledger is the complaint we exist to avoid. A model the catalogue does not know is still usable: its price is
// `null` (unknown), never 0, so no cost figure pretends to be exact when it is not.
import { clientSecrets, toApiError } from '../errorMapping';
import { TIER_PRICES, type PriceTier } from './tierPrices';

export type ModelKind = 'chat' | 'embedding' | 'moderation';

export interface ModelPrice {
  /** USD per 1M input (prompt) tokens. */
  inputPerM: number;
  /** USD per 1M cached input tokens; null = no discount known (cached tokens billed as input). */
  cachedInputPerM: number | null;
  /** USD per 1M output tokens (reasoning tokens are billed as output). */
  outputPerM: number;
  /** Where the figures come from and when they were entered. */
  source: string;
  date: string;
}

export interface ModelInfo {
  id: string;
  kind: ModelKind;
  /** Tokens of context (prompt + output); null = unknown. */
  contextWindow: number | null;
  /** Largest completion the model can produce; null = unknown. */
  maxOutputTokens: number | null;
  vision: boolean;
  structuredOutputs: boolean;
  /** Takes `tools` (function calling). */
  toolCalling: boolean;
  /** Reasoning (o-series) models take max_completion_tokens + reasoning_effort and refuse temperature/top_p. */
  reasoning: boolean;
  /** null = price unknown. Never 0 unless the provider really charges nothing. */
  price: ModelPrice | null;
  /** Prices on the other tiers (batch, flex, priority); a tier missing here is not offered or not known. */
  tierPrices?: Partial<Record<Exclude<PriceTier, 'default'>, ModelPrice>>;
  /** True when the built-in catalogue (or an override) describes this model. */
  known: boolean;
  /** True when the endpoint's GET /v1/models listed it; undefined when the list was not fetched. */
  available?: boolean;
}

/** Batch API requests cost half (input and output), as published by OpenAI. */
export const BATCH_DISCOUNT = 0.5;
export const DEFAULT_MODEL = 'gpt-4.1-mini';
export const MODERATION_MODEL = 'omni-moderation-latest';

/**
 * Provenance of the built-in prices. The figures were entered from the project brief, which took them
 * from the public pricing page; as published by OpenAI — verify against your own bill before relying on them.
 */
export const PRICE_SOURCE = 'openai.com/api/pricing, read 2026-11 — as published by OpenAI; verify';
export const PRICE_DATE = '2026-11-26';

const M_41 = {
  contextWindow: 1_047_576,
  maxOutputTokens: 32_768,
  vision: true,
  structuredOutputs: true,
  toolCalling: true,
};
const M_4O = {
  contextWindow: 128_000,
  maxOutputTokens: 16_384,
  vision: true,
  structuredOutputs: true,
  toolCalling: true,
};
const M_O = {
  contextWindow: 200_000,
  maxOutputTokens: 100_000,
  vision: true,
  structuredOutputs: true,
  toolCalling: true,
};

function price(inputPerM: number, outputPerM: number, cachedInputPerM: number | null): ModelPrice {
  return { inputPerM, outputPerM, cachedInputPerM, source: PRICE_SOURCE, date: PRICE_DATE };
}

function chat(id: string, caps: typeof M_41, reasoning: boolean, p: ModelPrice): ModelInfo {
  return { id, kind: 'chat', ...caps, reasoning, price: p, tierPrices: TIER_PRICES[id], known: true };
}

export const BUILTIN_MODELS: readonly ModelInfo[] = Object.freeze([
  chat('gpt-4.1', M_41, false, price(2, 8, 0.5)),
  chat('gpt-4.1-mini', M_41, false, price(0.4, 1.6, 0.1)),
  chat('gpt-4.1-nano', M_41, false, price(0.1, 0.4, 0.025)),
  chat('gpt-4o', M_4O, false, price(2.5, 10, 1.25)),
  chat('o3', M_O, true, price(2, 8, 0.5)),
  chat('o4-mini', M_O, true, price(1.1, 4.4, 0.275)),
  embedding('text-embedding-3-small', price(0.02, 0, null)),
  embedding('text-embedding-3-large', price(0.13, 0, null)),
  // The moderation endpoint is free of charge (OpenAI's moderation guide); a real $0, not an unknown.
  {
    id: MODERATION_MODEL,
    kind: 'moderation',
    contextWindow: null,
    maxOutputTokens: null,
    vision: true,
    structuredOutputs: false,
    toolCalling: false,
    reasoning: false,
    price: {
      ...price(0, 0, null),
      source: 'platform.openai.com/docs/guides/moderation: free to use; verify',
    },
    known: true,
  },
]);

function embedding(id: string, p: ModelPrice): ModelInfo {
  return {
    id,
    kind: 'embedding',
    contextWindow: 8_191,
    maxOutputTokens: null,
    vision: false,
    structuredOutputs: false,
    toolCalling: false,
    reasoning: false,
    price: p,
    tierPrices: TIER_PRICES[id],
    known: true,
  };
}

/**
 * The price of a request served on `tier`. Batch falls back to the standard price halved (the Batch API's published
 * rule) when the catalogue has no batch figures, e.g. for a price overridden in settings; flex and priority have no
 * such rule, so a model without figures for them costs "unknown" (null) there.
 */
export function priceForTier(info: ModelInfo, tier: PriceTier): ModelPrice | null {
  if (tier === 'default') return info.price;
  const listed = info.tierPrices?.[tier];
  if (listed) return listed;
  if (tier !== 'batch' || !info.price) return null;
  const half = (n: number): number => n * (1 - BATCH_DISCOUNT);
  return {
    inputPerM: half(info.price.inputPerM),
    cachedInputPerM: info.price.cachedInputPerM === null ? null : half(info.price.cachedInputPerM),
    outputPerM: half(info.price.outputPerM),
    source: `${info.price.source}; batch = 50 % of it`,
    date: info.price.date,
  };
}

/** Flex processing is offered for the models the catalogue lists a flex price for. */
export function offersFlex(info: ModelInfo): boolean {
  return info.tierPrices?.flex !== undefined;
}

/** How a model's price compares, for a picker: `$` to `$$$`, or `?` when the catalogue has no price for it. */
export type PriceClass = '$' | '$$' | '$$$' | '?';

/**
 * The class of a typical chat request's price per 1M tokens, three input tokens to one output token (a chat turn
 * sends its history and gets a shorter answer): under $1 is `$` (gpt-4.1-mini), under $3 `$$` (o4-mini), above `$$$`.
 */
export function priceClass(info: ModelInfo): PriceClass {
  if (!info.price) return '?';
  const blended = (3 * info.price.inputPerM + info.price.outputPerM) / 4;
  return blended < 1 ? '$' : blended < 3 ? '$$' : '$$$';
}

/** The tier a response names (`service_tier`) as a price list; anything unrecognised bills as standard. */
export function tierOfServed(served: string | null | undefined): PriceTier {
  return served === 'flex' || served === 'priority' ? served : 'default';
}

/** What settings may override per model (typically the price, when the user's contract differs). */
export interface ModelOverride {
  inputPerM?: number;
  outputPerM?: number;
  cachedInputPerM?: number | null;
  contextWindow?: number;
  maxOutputTokens?: number;
  vision?: boolean;
  structuredOutputs?: boolean;
  toolCalling?: boolean;
  reasoning?: boolean;
  kind?: ModelKind;
}
export type ModelOverrides = Record<string, ModelOverride>;

/** Dated snapshots (`gpt-4.1-mini-2025-04-14`) bill like their alias (or the `-latest` alias). */
export function baseModelId(id: string): string {
  return id.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

/** Reasoning by name for models we do not know: o1/o3/o4…, gpt-5… take reasoning parameters. */
function guessReasoning(id: string): boolean {
  return /^(o\d|gpt-5)/.test(baseModelId(id));
}

function guessKind(id: string): ModelKind {
  if (id.includes('embedding')) return 'embedding';
  if (id.includes('moderation')) return 'moderation';
  return 'chat';
}

function unknownModel(id: string): ModelInfo {
  return {
    id,
    kind: guessKind(id),
    contextWindow: null,
    maxOutputTokens: null,
    vision: false,
    structuredOutputs: false,
    toolCalling: false,
    reasoning: guessReasoning(id),
    price: null,
    known: false,
  };
}

function applyOverride(info: ModelInfo, o: ModelOverride): ModelInfo {
  const next: ModelInfo = { ...info, known: true };
  if (o.kind !== undefined) next.kind = o.kind;
  if (o.contextWindow !== undefined) next.contextWindow = o.contextWindow;
  if (o.maxOutputTokens !== undefined) next.maxOutputTokens = o.maxOutputTokens;
  if (o.vision !== undefined) next.vision = o.vision;
  if (o.structuredOutputs !== undefined) next.structuredOutputs = o.structuredOutputs;
  if (o.toolCalling !== undefined) next.toolCalling = o.toolCalling;
  if (o.reasoning !== undefined) next.reasoning = o.reasoning;
  const hasPrice = o.inputPerM !== undefined || o.outputPerM !== undefined || o.cachedInputPerM !== undefined;
  if (hasPrice) {
    const base = info.price;
    const inputPerM = o.inputPerM ?? base?.inputPerM;
    const outputPerM = o.outputPerM ?? base?.outputPerM;
    // A partial override of an unknown price stays unknown: half a price would be a wrong number.
    next.price =
      inputPerM === undefined || outputPerM === undefined
        ? null
        : {
            inputPerM,
            outputPerM,
            cachedInputPerM:
              o.cachedInputPerM !== undefined ? o.cachedInputPerM : (base?.cachedInputPerM ?? null),
            source: 'settings override',
            date: 'user-supplied',
          };
    // The built-in tier figures belong to the built-in price; with a price of your own they would not match.
    delete next.tierPrices;
  }
  return next;
}

export interface CatalogueOptions {
  /** Per-model overrides from settings (data: the host reads settings and passes them in). */
  overrides?: ModelOverrides;
  /** Model ids from GET /v1/models; omit when not fetched. */
  available?: readonly string[];
  /** Replace the built-in list (tests, other providers). */
  builtin?: readonly ModelInfo[];
}

/** Immutable lookup over built-ins + overrides + the endpoint's model list. */
export class ModelCatalogue {
  private readonly byId = new Map<string, ModelInfo>();
  private readonly available?: ReadonlySet<string>;

  constructor(private readonly options: CatalogueOptions = {}) {
    for (const m of options.builtin ?? BUILTIN_MODELS) this.byId.set(m.id, { ...m });
    for (const [id, o] of Object.entries(options.overrides ?? {})) {
      this.byId.set(id, applyOverride(this.byId.get(id) ?? unknownModel(id), o));
    }
    if (options.available) {
      this.available = new Set(options.available);
      for (const id of options.available) if (!this.byId.has(id)) this.byId.set(id, unknownModel(id));
    }
  }

  /** Any id resolves: dated snapshots fall back to their alias, anything else to an unknown (null price) entry. */
  get(id: string): ModelInfo {
    const info = this.byId.get(id) ?? this.aliasOf(id) ?? unknownModel(id);
    return this.available ? { ...info, available: this.available.has(id) } : info;
  }

  has(id: string): boolean {
    return this.byId.has(id) || this.aliasOf(id) !== undefined;
  }

  /** Every model we can name: built-ins, overrides and the endpoint's list, sorted by id. */
  list(kind?: ModelKind): ModelInfo[] {
    return [...this.byId.keys()]
      .sort()
      .map((id) => this.get(id))
      .filter((m) => kind === undefined || m.kind === kind);
  }

  /** A new catalogue with the endpoint's model list merged in. */
  withAvailable(ids: readonly string[]): ModelCatalogue {
    return new ModelCatalogue({ ...this.options, available: ids });
  }

  withOverrides(overrides: ModelOverrides): ModelCatalogue {
    return new ModelCatalogue({ ...this.options, overrides });
  }

  private aliasOf(id: string): ModelInfo | undefined {
    const base = baseModelId(id);
    // `omni-moderation-2024-09-26` is what `omni-moderation-latest` answers as.
    const info = base === id ? undefined : (this.byId.get(base) ?? this.byId.get(`${base}-latest`));
    return info ? { ...info, id } : undefined;
  }
}

/** Minimal client surface so tests and other endpoints can supply their own. */
export interface ModelsListingClient {
  models: { list(): AsyncIterable<{ id: string }> };
  apiKey?: unknown;
}

/** GET /v1/models → ids. The SDK pages for us; the list is small. Failures reject with an ApiError. */
export async function fetchAvailableModelIds(client: ModelsListingClient): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const m of client.models.list()) ids.push(m.id);
  } catch (err) {
    // SDK errors can hold request options; only our ApiError (key scrubbed) leaves the core.
    throw toApiError(err, { partial: '', model: 'models.list', secrets: clientSecrets(client) });
  }
  return ids;
}
