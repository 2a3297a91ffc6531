// Daily and monthly dollar limits. Before each request: spend so far (from the ledger) + the request's estimate,
// against each limit — `warn` from 80 %, `block` past the limit — and the spike check: a day that spends more than
// three times the average of the previous seven is how a leaked key or a runaway loop shows itself.
import type { ChatRequest } from '../chat/types';
import { roundUsd } from '../cost/cost';
import type { LedgerEntry } from '../ledger/types';
import { previousDailyTotals, spendSoFar } from '../ledger/summary';
import type { ModelInfo } from '../models/catalogue';
import type { TokenCounter } from '../tokens';
import { estimateRequest, type OutputHistory, type RequestEstimate } from './estimate';

export interface BudgetLimits {
  /** USD per UTC day; null/undefined/0 = no limit. */
  dailyUsd?: number | null;
  /** USD per UTC month; null/undefined/0 = no limit. */
  monthlyUsd?: number | null;
  /** Fraction of a limit from which to warn (default 0.8). */
  warnRatio?: number;
  /** Over a limit: `confirm` (default) asks the caller, `block` refuses without asking (a hard stop). */
  onLimit?: 'confirm' | 'block';
}

export type BudgetLevel = 'ok' | 'warn' | 'block';

export interface SpikeInfo {
  todayUsd: number;
  averageUsd: number;
  /** todayUsd / averageUsd */
  ratio: number;
}

export interface BudgetDecision {
  level: BudgetLevel;
  estimate: RequestEstimate;
  spentTodayUsd: number;
  spentMonthUsd: number;
  /** The limit that set the level (the stricter one when both apply). */
  limit?: 'daily' | 'monthly';
  limitUsd?: number;
  /** Spent + estimate on that limit's period. */
  projectedUsd?: number;
  spike?: SpikeInfo;
  /** One sentence per finding, for the modal. */
  reasons: string[];
  /** Level `block` with `onLimit: block`: refused without asking, nobody can send it anyway. */
  hardStop?: boolean;
}

export const DEFAULT_WARN_RATIO = 0.8;
export const SPIKE_FACTOR = 3;
const SPIKE_WINDOW_DAYS = 7;
/** How far back the typical answer of a feature is looked for. */
const HISTORY_DAYS = 30;

const SEVERITY: Record<BudgetLevel, number> = { ok: 0, warn: 1, block: 2 };

export interface LimitCheck {
  level: BudgetLevel;
  limit?: 'daily' | 'monthly';
  limitUsd?: number;
  projectedUsd?: number;
  reasons: string[];
}

/** Pure: the level for given spend, estimate and limits. An unknown estimate counts as $0 (and says so). */
export function checkLimits(
  spentTodayUsd: number,
  spentMonthUsd: number,
  estimateUsd: number | null,
  limits: BudgetLimits,
): LimitCheck {
  const warnRatio = limits.warnRatio ?? DEFAULT_WARN_RATIO;
  const add = estimateUsd ?? 0;
  const result: LimitCheck = { level: 'ok', reasons: [] };
  if (estimateUsd === null)
    result.reasons.push("The model's price is unknown, so this request's cost is not included.");
  const periods: ['daily' | 'monthly', number | null | undefined, number][] = [
    ['daily', limits.dailyUsd, spentTodayUsd],
    ['monthly', limits.monthlyUsd, spentMonthUsd],
  ];
  for (const [name, limitUsd, spent] of periods) {
    if (!limitUsd || limitUsd <= 0) continue;
    const projected = roundUsd(spent + add);
    const level: BudgetLevel =
      projected > limitUsd ? 'block' : projected >= warnRatio * limitUsd ? 'warn' : 'ok';
    if (level === 'ok') continue;
    const pct = Math.round((projected / limitUsd) * 100);
    result.reasons.push(
      level === 'block'
        ? `This request would take the ${name} spend to $${projected.toFixed(4)}, over the $${limitUsd} limit.`
        : `This request would take the ${name} spend to $${projected.toFixed(4)} (${pct} % of $${limitUsd}).`,
    );
    if (SEVERITY[level] > SEVERITY[result.level]) {
      Object.assign(result, { level, limit: name, limitUsd, projectedUsd: projected });
    }
  }
  return result;
}

/** Pure: a spike when today's spend exceeds `factor` × the average of the previous days (which must be > 0). */
export function detectSpike(
  todayUsd: number,
  previousDays: readonly number[],
  factor = SPIKE_FACTOR,
): SpikeInfo | undefined {
  if (previousDays.length === 0) return undefined;
  const averageUsd = roundUsd(previousDays.reduce((a, b) => a + b, 0) / previousDays.length);
  // With no history there is no baseline: a first day of use is not a spike.
  if (averageUsd <= 0 || todayUsd <= factor * averageUsd) return undefined;
  return { todayUsd, averageUsd, ratio: roundUsd(todayUsd / averageUsd) };
}

/** What the guard needs from the ledger. */
export interface LedgerReader {
  readRange(from: Date, to: Date): Promise<LedgerEntry[]>;
}

export interface BudgetGuardOptions {
  ledger: LedgerReader;
  /** Current limits: a function so a settings change applies to the next request. */
  limits: BudgetLimits | (() => BudgetLimits);
  now?: () => number;
  /** Injectable token counter (tests); default: gpt-tokenizer, loaded lazily. */
  countTokens?: TokenCounter;
}

export class BudgetGuard {
  private spikeWarnedDay?: string;

  constructor(private readonly options: BudgetGuardOptions) {}

  limits(): BudgetLimits {
    const l = this.options.limits;
    return typeof l === 'function' ? l() : l;
  }

  /** Known spend of the current UTC day and month, and the previous seven days (status bar, spike check). */
  async spend(): Promise<{ todayUsd: number; monthUsd: number; previousDaysUsd: number[] }> {
    const now = new Date(this.options.now?.() ?? Date.now());
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const weekStart = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - SPIKE_WINDOW_DAYS),
    );
    const from = monthStart < weekStart ? monthStart : weekStart;
    const entries = await this.options.ledger.readRange(from, new Date(now.getTime() + 86_400_000));
    return {
      ...spendSoFar(entries, now),
      previousDaysUsd: previousDailyTotals(entries, now, SPIKE_WINDOW_DAYS),
    };
  }

  /** `feature` lets the estimate assume that feature's typical answer when the request sets no output cap. */
  async check(request: ChatRequest, model: ModelInfo, feature?: string): Promise<BudgetDecision> {
    const capped = request.max_completion_tokens != null || request.max_tokens != null;
    const history = feature && !capped ? await this.outputHistory(feature, request.model) : undefined;
    return this.checkEstimate(await estimateRequest(request, model, this.options.countTokens, history));
  }

  /** Completion tokens of this month's successful answers of `feature` on `model` (ledger figures only). */
  private async outputHistory(feature: string, model: string): Promise<OutputHistory> {
    const now = new Date(this.options.now?.() ?? Date.now());
    const from = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    const entries = await this.options.ledger.readRange(from, new Date(now.getTime() + 86_400_000));
    const completionTokens = entries
      .filter((e) => e.feature === feature && e.model.startsWith(model) && e.status === 'ok' && !e.cacheHit)
      .map((e) => e.tokens.completion);
    return { feature, completionTokens };
  }

  /** The same decision for a request whose cost the caller estimated (embeddings, batches). */
  async checkEstimate(estimate: RequestEstimate): Promise<BudgetDecision> {
    const spent = await this.spend();
    const limits = checkLimits(spent.todayUsd, spent.monthUsd, estimate.costUsd, this.limits());
    const decision: BudgetDecision = {
      ...limits,
      estimate,
      spentTodayUsd: spent.todayUsd,
      spentMonthUsd: spent.monthUsd,
    };
    if (decision.level === 'block' && this.limits().onLimit === 'block') {
      decision.hardStop = true;
      decision.reasons.push('gptWorkbench.budget.onLimit is "block": requests over a budget are not sent.');
    }
    if (decision.level !== 'ok' && estimate.outputBasis)
      decision.reasons.push(`The estimate assumes ${estimate.outputBasis}.`);
    const spike = detectSpike(spent.todayUsd, spent.previousDaysUsd);
    if (spike) {
      decision.spike = spike;
      const day = new Date(this.options.now?.() ?? Date.now()).toISOString().slice(0, 10);
      // Ask once a day: after the user has seen the spike, every further request of that day would ask again.
      if (this.spikeWarnedDay !== day) {
        this.spikeWarnedDay = day;
        decision.reasons.push(
          `Today's spend $${spike.todayUsd.toFixed(4)} is ${spike.ratio.toFixed(1)}× the average of the previous ` +
            `${SPIKE_WINDOW_DAYS} days ($${spike.averageUsd.toFixed(4)}). A leaked key or a runaway loop looks like this.`,
        );
        if (decision.level === 'ok') decision.level = 'warn';
      }
    }
    return decision;
  }
}
