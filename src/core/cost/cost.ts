// Cost of a request from its usage and the model's price, the way OpenAI bills it: uncached prompt tokens at the
// input price, cached prompt tokens at the cached-input price, completion tokens (reasoning tokens are part of
// them) at the output price; the Batch API halves everything. Unknown price → null, never 0.
import type { ChatUsage } from '../chat/types';
import { BATCH_DISCOUNT, type ModelPrice } from '../models/catalogue';

/** The usage runChat reports is exactly what is billed. */
export type TokenCounts = ChatUsage;

export interface CostOptions {
  /** Sent through the Batch API (50 % off). */
  batch?: boolean;
}

const PER_TOKEN = 1 / 1_000_000;

export function computeCostUsd(
  usage: TokenCounts,
  price: ModelPrice | null,
  options: CostOptions = {},
): number | null {
  if (!price) return null;
  const cached = Math.min(Math.max(usage.cachedTokens, 0), usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  const cachedRate = price.cachedInputPerM ?? price.inputPerM;
  const usd =
    (uncached * price.inputPerM + cached * cachedRate + usage.completionTokens * price.outputPerM) *
    PER_TOKEN;
  return roundUsd(options.batch ? usd * (1 - BATCH_DISCOUNT) : usd);
}

/** Worst-case cost before sending: every prompt token uncached, the whole max output used. */
export function estimateCostUsd(
  promptTokens: number,
  maxOutputTokens: number,
  price: ModelPrice | null,
): number | null {
  if (!price) return null;
  return roundUsd((promptTokens * price.inputPerM + maxOutputTokens * price.outputPerM) * PER_TOKEN);
}

/**
 * Round to 1e-10 USD: enough for a single token of the cheapest model, and it removes the binary floating-point
 * noise (0.1 + 0.2) that would otherwise make sums in the ledger differ from hand-computed figures.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

/** `$0.0123`, `$1.50`, `unknown` — more decimals for small amounts so a cheap request does not read as $0.00. */
/** "$0.4 in / $1.6 out per 1M tokens", or "price unknown": a model's price as a picker's tooltip says it. */
export function priceSummary(price: ModelPrice | null): string {
  if (!price) return 'price unknown';
  const perM = (v: number): string => formatUsd(v).replace(/0+$/, '').replace(/\.$/, '');
  return `${perM(price.inputPerM)} in / ${perM(price.outputPerM)} out per 1M tokens`;
}

export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd === 0) return '$0';
  const abs = Math.abs(usd);
  const digits = abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `$${usd.toFixed(digits)}`;
}
