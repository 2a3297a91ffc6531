// The figures of a whole turn for the answer's footer: rounds, tokens and cost summed over its requests.
import type { WorkbenchChatResult } from '../workbench';
import type { TurnTotals } from './types';

export function emptyTotals(): TurnTotals {
  return {
    rounds: 0,
    usage: { promptTokens: 0, cachedTokens: 0, completionTokens: 0, reasoningTokens: 0 },
    costUsd: 0,
    cacheHits: 0,
  };
}

export function addUsage(totals: TurnTotals, result: WorkbenchChatResult): void {
  totals.rounds++;
  if (result.cacheHit) totals.cacheHits++;
  const u = result.usage;
  if (u) {
    totals.usage.promptTokens += u.promptTokens;
    totals.usage.cachedTokens += u.cachedTokens;
    totals.usage.completionTokens += u.completionTokens;
    totals.usage.reasoningTokens += u.reasoningTokens;
  }
  // One round of unknown cost makes the turn's cost unknown: a partial sum would look like the whole.
  totals.costUsd =
    totals.costUsd === null || result.costUsd === null ? null : totals.costUsd + result.costUsd;
}
