// Part of the model catalogue: what a request costs on each way of being served — the Batch API, flex processing
// and priority processing — next to the standard prices in catalogue.ts. Per 1M tokens in USD, with their source and
// the date they were entered. A tier a model is not offered on has no entry: its cost is unknown, never guessed.
import type { ModelPrice } from './catalogue';

/** How a request was (or is to be) served: the price list that applies. `default` is the standard price. */
export type PriceTier = 'default' | 'batch' | 'flex' | 'priority';

/**
 * Where each tier's figures come from, checked 2026-12-02 against stored copies of OpenAI's pages. Batch: the Batch
 * API FAQ's rule (50 % off the synchronous price, input, cached input and output) applied to catalogue.ts's
 * standard prices. Priority: every figure is the table on OpenAI's Priority processing page. Flex: OpenAI's Flex
 * processing announcement (o3 and o4-mini at half the standard price, the Batch API's rates); o3's figures are half
 * its current standard price, and the flex cached-input figures follow the same half rule (no page we found lists them).
 */
const BATCH_SOURCE =
  'help.openai.com/en/articles/9197833 (Batch API FAQ): 50% off the synchronous price — verify against your bill';
const FLEX_SOURCE =
  'OpenAI Flex processing (beta): o3 and o4-mini at Batch API rates, half of standard — verify against your bill';
const PRIORITY_SOURCE =
  'openai.com/api-priority-processing (Priority price per 1M tokens) — verify against your bill';

export const TIER_PRICE_SOURCE = `Batch: ${BATCH_SOURCE}; Flex: ${FLEX_SOURCE}; Priority: ${PRIORITY_SOURCE}`;
export const TIER_PRICE_DATE = '2026-12-02';

const at =
  (source: string) =>
  (inputPerM: number, cachedInputPerM: number | null, outputPerM: number): ModelPrice => ({
    inputPerM,
    cachedInputPerM,
    outputPerM,
    source,
    date: TIER_PRICE_DATE,
  });
const b = at(BATCH_SOURCE);
const f = at(FLEX_SOURCE);
const p = at(PRIORITY_SOURCE);

type TierTable = Partial<Record<Exclude<PriceTier, 'default'>, ModelPrice>>;

/**
 * Batch: half the standard price, input and output. Flex: offered for o3 and o4-mini only, at batch prices.
 * Priority: a premium of 1.7× (gpt-4o) to 2× (gpt-4.1-nano) the standard price, as listed: there is no rule.
 */
export const TIER_PRICES: Readonly<Record<string, TierTable>> = Object.freeze({
  'gpt-4.1': { batch: b(1, 0.25, 4), priority: p(3.5, 0.875, 14) },
  'gpt-4.1-mini': { batch: b(0.2, 0.05, 0.8), priority: p(0.7, 0.175, 2.8) },
  'gpt-4.1-nano': { batch: b(0.05, 0.0125, 0.2), priority: p(0.2, 0.05, 0.8) },
  'gpt-4o': { batch: b(1.25, 0.625, 5), priority: p(4.25, 2.125, 17) },
  o3: { batch: b(1, 0.25, 4), flex: f(1, 0.25, 4), priority: p(3.5, 0.875, 14) },
  'o4-mini': { batch: b(0.55, 0.1375, 2.2), flex: f(0.55, 0.1375, 2.2), priority: p(2, 0.5, 8) },
  'text-embedding-3-small': { batch: b(0.01, null, 0) },
  'text-embedding-3-large': { batch: b(0.065, null, 0) },
});
