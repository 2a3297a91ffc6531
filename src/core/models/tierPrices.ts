// Part of the model catalogue: what a request costs on each way of being served — the Batch API, flex processing
// and priority processing — next to the standard prices in catalogue.ts. Per 1M tokens in USD, with their source and
// the date they were entered. A tier a model is not offered on has no entry: its cost is unknown, never guessed.
import type { ModelPrice } from './catalogue';

/** How a request was (or is to be) served: the price list that applies. `default` is the standard price. */
export type PriceTier = 'default' | 'batch' | 'flex' | 'priority';

export const TIER_PRICE_SOURCE =
  'openai.com/api/pricing (Batch, Flex and Priority columns) — as published by OpenAI; verify against your bill';
export const TIER_PRICE_DATE = '2026-12-01';

const p = (inputPerM: number, cachedInputPerM: number | null, outputPerM: number): ModelPrice => ({
  inputPerM,
  cachedInputPerM,
  outputPerM,
  source: TIER_PRICE_SOURCE,
  date: TIER_PRICE_DATE,
});

type TierTable = Partial<Record<Exclude<PriceTier, 'default'>, ModelPrice>>;

/**
 * Batch: half the standard price, input and output. Flex: offered for the o-series only, at batch prices.
 * Priority: the premium tier, about 1.75× standard.
 */
export const TIER_PRICES: Readonly<Record<string, TierTable>> = Object.freeze({
  'gpt-4.1': { batch: p(1, 0.25, 4), priority: p(3.5, 0.875, 14) },
  'gpt-4.1-mini': { batch: p(0.2, 0.05, 0.8), priority: p(0.7, 0.175, 2.8) },
  'gpt-4.1-nano': { batch: p(0.05, 0.0125, 0.2), priority: p(0.2, 0.05, 0.8) },
  'gpt-4o': { batch: p(1.25, 0.625, 5), priority: p(4.25, 2.125, 17) },
  o3: { batch: p(1, 0.25, 4), flex: p(1, 0.25, 4), priority: p(3.5, 0.875, 14) },
  'o4-mini': { batch: p(0.55, 0.1375, 2.2), flex: p(0.55, 0.1375, 2.2), priority: p(2, 0.5, 8) },
  'text-embedding-3-small': { batch: p(0.01, null, 0) },
  'text-embedding-3-large': { batch: p(0.065, null, 0) },
});
