// The question before the first full index: what a scan found (files, chunks, tokens, requests) and what embedding
// it costs at the interactive price and at the Batch price, both from the catalogue (`priceForTier`).
import { formatUsd } from '../cost/cost';
import { priceForTier, type ModelInfo } from '../models/catalogue';
import type { IndexStatus, ScanSummary } from './indexTypes';

export interface IndexCost {
  /** USD at the standard price; null when the catalogue has no price for the model. */
  interactiveUsd: number | null;
  batchUsd: number | null;
}

/** Embeddings are billed on input tokens only. */
export function indexCost(pendingTokens: number, info: ModelInfo): IndexCost {
  const at = (tier: 'default' | 'batch'): number | null => {
    const price = priceForTier(info, tier);
    return price ? (pendingTokens * price.inputPerM) / 1e6 : null;
  };
  return { interactiveUsd: at('default'), batchUsd: at('batch') };
}

export function indexCostQuestion(
  summary: Pick<ScanSummary, 'files' | 'pendingChunks' | 'pendingTokens' | 'requests'>,
  info: ModelInfo,
): string {
  const cost = indexCost(summary.pendingTokens, info);
  const prices =
    cost.interactiveUsd === null
      ? 'cost unknown (no price for this model)'
      : `about ${formatUsd(cost.interactiveUsd)}` +
        (cost.batchUsd === null ? '' : ` (Batch price ${formatUsd(cost.batchUsd)})`);
  const requests = `${summary.requests} request${summary.requests === 1 ? '' : 's'}`;
  return (
    `Index ${summary.files} files: ${summary.pendingChunks} chunks, ${summary.pendingTokens.toLocaleString('en-US')} ` +
    `tokens in ${requests} to ${info.id} — ${prices}.`
  );
}

/**
 * Asked before a full index: when nothing or only part was embedded before the scan, or when the scan left most
 * chunks to embed (a folder added to the workspace renames every path, and paths are part of what is embedded).
 */
export function asksCostQuestion(
  before: IndexStatus,
  summary: Pick<ScanSummary, 'chunks' | 'pendingChunks'>,
): boolean {
  if (summary.pendingChunks === 0) return false;
  return before.state === 'empty' || before.state === 'partial' || summary.pendingChunks * 2 > summary.chunks;
}
