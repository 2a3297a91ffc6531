// Show Usage's figures from ledger entries: today, this month, by model, by feature, the most expensive requests,
// and daily totals for the spike check. Pure functions over entries, so the host and tests share them.
import { roundUsd } from '../cost/cost';
import { dayKey, monthKey, type LedgerEntry, type LedgerOperation, type LedgerTokens } from './types';

export interface UsageTotals {
  requests: number;
  errors: number;
  cacheHits: number;
  /** Sum of the known costs. */
  costUsd: number;
  /** Requests whose cost is unknown (unpriced model): the total is then a lower bound. */
  unknownCost: number;
  tokens: LedgerTokens;
}

export interface UsageGroup extends UsageTotals {
  key: string;
}

/** Operations billed by a model's tokens; the rest (model list, files, batches) are grouped by operation. */
export function isModelOperation(operation: LedgerOperation): boolean {
  return operation === 'chat' || operation === 'embedding' || operation === 'moderation';
}

export interface UsageSummary {
  /** UTC day and month the summary was made for. */
  day: string;
  month: string;
  today: UsageTotals;
  thisMonth: UsageTotals;
  /** This month, by answering model, most expensive first (model operations only). */
  byModel: UsageGroup[];
  /** This month's other operations (`other` for the model list, `file`, `batch`), by operation. */
  byOperation: UsageGroup[];
  /** This month, by feature, most expensive first. */
  byFeature: UsageGroup[];
  /** This month's most expensive requests, most expensive first. */
  mostExpensive: LedgerEntry[];
}

function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    cacheHits: 0,
    costUsd: 0,
    unknownCost: 0,
    tokens: { prompt: 0, cached: 0, completion: 0, reasoning: 0 },
  };
}

function addToTotals(t: UsageTotals, e: LedgerEntry): void {
  t.requests++;
  if (e.status !== 'ok') t.errors++;
  if (e.cacheHit) t.cacheHits++;
  if (e.costUsd === null) t.unknownCost++;
  else t.costUsd = roundUsd(t.costUsd + e.costUsd);
  t.tokens.prompt += e.tokens.prompt;
  t.tokens.cached += e.tokens.cached;
  t.tokens.completion += e.tokens.completion;
  t.tokens.reasoning += e.tokens.reasoning;
}

export function totalsOf(entries: readonly LedgerEntry[]): UsageTotals {
  const t = emptyTotals();
  for (const e of entries) addToTotals(t, e);
  return t;
}

function groupBy(entries: readonly LedgerEntry[], keyOf: (e: LedgerEntry) => string): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const e of entries) {
    const key = keyOf(e);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ...emptyTotals() }));
    addToTotals(g, e);
  }
  return [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
}

export function summarizeUsage(entries: readonly LedgerEntry[], now: Date, top = 10): UsageSummary {
  const day = dayKey(now);
  const month = monthKey(now);
  const monthEntries = entries.filter((e) => monthKey(e.time) === month);
  const todayEntries = monthEntries.filter((e) => dayKey(e.time) === day);
  const mostExpensive = monthEntries
    .filter((e) => e.costUsd !== null && e.costUsd > 0)
    .sort((a, b) => (b.costUsd ?? 0) - (a.costUsd ?? 0))
    .slice(0, top);
  return {
    day,
    month,
    today: totalsOf(todayEntries),
    thisMonth: totalsOf(monthEntries),
    byModel: groupBy(
      monthEntries.filter((e) => isModelOperation(e.operation)),
      (e) => e.model,
    ),
    byOperation: groupBy(
      monthEntries.filter((e) => !isModelOperation(e.operation)),
      (e) => e.operation,
    ),
    byFeature: groupBy(monthEntries, (e) => e.feature),
    mostExpensive,
  };
}

/** Known spend per UTC day for the `days` days before `now`'s day, oldest first (today excluded). */
export function previousDailyTotals(entries: readonly LedgerEntry[], now: Date, days: number): number[] {
  const keys: string[] = [];
  for (let i = days; i >= 1; i--) keys.push(dayKey(new Date(now.getTime() - i * 86_400_000)));
  const sums = new Map(keys.map((k) => [k, 0]));
  for (const e of entries) {
    const k = dayKey(e.time);
    const s = sums.get(k);
    if (s !== undefined && e.costUsd !== null) sums.set(k, roundUsd(s + e.costUsd));
  }
  return keys.map((k) => sums.get(k) ?? 0);
}

/** Known spend of `now`'s UTC day and month. */
export function spendSoFar(
  entries: readonly LedgerEntry[],
  now: Date,
): { todayUsd: number; monthUsd: number } {
  const day = dayKey(now);
  const month = monthKey(now);
  let todayUsd = 0;
  let monthUsd = 0;
  for (const e of entries) {
    if (e.costUsd === null || monthKey(e.time) !== month) continue;
    monthUsd = roundUsd(monthUsd + e.costUsd);
    if (dayKey(e.time) === day) todayUsd = roundUsd(todayUsd + e.costUsd);
  }
  return { todayUsd, monthUsd };
}
