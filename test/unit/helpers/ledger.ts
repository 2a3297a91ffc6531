// One builder for ledger entries in tests: a plausible successful chat line, with what a test cares about overridden.
import type { LedgerEntry } from '../../../src/core';

export function ledgerEntry(time: string, over: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    time,
    requestId: 'req_1',
    endpoint: 'https://api.openai.com/v1',
    operation: 'chat',
    model: 'gpt-4.1-mini',
    feature: 'chat',
    status: 'ok',
    httpStatus: 200,
    attempts: 1,
    tokens: { prompt: 100, cached: 0, completion: 20, reasoning: 0 },
    ttftMs: 120,
    latencyMs: 400,
    costUsd: 0.001,
    cacheHit: false,
    ...over,
  };
}
