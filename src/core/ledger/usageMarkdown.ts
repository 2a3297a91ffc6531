// Show Usage's page as markdown, from the core's summary: today, this month, by model, by feature, the most
// expensive requests, other operations. Unknown prices are said as such, never shown as $0. Plain text out.
import { formatUsd } from '../cost/cost';
import { summarizeUsage, type UsageGroup, type UsageSummary, type UsageTotals } from './summary';
import { dayKey, type LedgerEntry } from './types';

const n = (v: number): string => v.toLocaleString('en-US');

/** Known cost, with a note when some requests have no price (the sum is then a lower bound). */
function cost(t: UsageTotals): string {
  const known = t.costUsd === 0 ? '$0' : formatUsd(t.costUsd);
  return t.unknownCost > 0 ? `${known} + ${t.unknownCost} unpriced` : known;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Token counts in one cell, so the tables stay narrow enough not to wrap in an ordinary editor width. */
function tokens(t: { prompt: number; cached: number; completion: number }): string {
  return `${n(t.prompt)}${t.cached ? ` (${n(t.cached)} cached)` : ''} / ${n(t.completion)}`;
}

function totalsTable(rows: [string, UsageTotals][]): string[] {
  const out = [
    '| Period | Requests | Errors | Cache hits | Tokens in / out | Cost (USD) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [label, t] of rows) {
    out.push(
      `| ${label} | ${n(t.requests)} | ${n(t.errors)} | ${n(t.cacheHits)} | ${tokens(t.tokens)} | ${cost(t)} |`,
    );
  }
  return out;
}

function groupTable(
  title: string,
  groups: UsageGroup[],
  empty = 'No requests this month.',
  level = '##',
): string[] {
  if (groups.length === 0) return [`${level} ${title}`, '', empty, ''];
  const out = [
    `${level} ${title}`,
    '',
    `| ${title
      .replace(/^By /, '')
      .replace(/,.*$/, '')
      .replace(/^./, (c) => c.toUpperCase())} | Requests | Errors | Tokens in / out | Cost (USD) |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const g of groups) {
    out.push(
      `| ${escapeCell(g.key)} | ${n(g.requests)} | ${n(g.errors)} | ${tokens(g.tokens)} | ${cost(g)} |`,
    );
  }
  out.push('');
  return out;
}

function expensiveTable(entries: LedgerEntry[]): string[] {
  if (entries.length === 0) return ['## Most expensive requests', '', 'No priced requests this month.', ''];
  const out = [
    '## Most expensive requests',
    '',
    '| When (UTC) | Model | Feature | Tokens in / out | Cost (USD) | Request id |',
    '|---|---|---|---:|---:|---|',
  ];
  for (const e of entries) {
    out.push(
      `| ${e.time.slice(5, 16).replace('T', ' ')} | ${escapeCell(e.model)} | ${escapeCell(e.feature)} | ` +
        `${tokens(e.tokens)} | ${formatUsd(e.costUsd)} | ${e.requestId ? `\`${e.requestId}\`` : '—'} |`,
    );
  }
  out.push('');
  return out;
}

export interface UsagePageInfo {
  /** Where the ledger files are, so the user can find the raw data. */
  ledgerDir: string;
  dailyUsd?: number | null;
  monthlyUsd?: number | null;
}

export function usageMarkdown(summary: UsageSummary, info: UsagePageInfo): string {
  const budget = (limit: number | null | undefined): string => (limit ? `$${limit}` : 'none');
  const lines = [
    '# GPT Workbench usage',
    '',
    `Day ${summary.day}, month ${summary.month} (UTC, like OpenAI's usage page). ` +
      `Budgets: daily ${budget(info.dailyUsd)}, monthly ${budget(info.monthlyUsd)}.`,
    '',
    ...totalsTable([
      ['Today', summary.today],
      ['This month', summary.thisMonth],
    ]),
    '',
    ...groupTable('By model', summary.byModel),
    ...(summary.byOperation.length ? groupTable('By operation', summary.byOperation) : []),
    ...groupTable('By feature', summary.byFeature),
    ...expensiveTable(summary.mostExpensive),
    '---',
    '',
    'Costs are computed from the model catalogue (cached-input and batch discounts applied). A failed or stopped ' +
      'request that got no usage counts as $0 and under Errors. "Unpriced" requests used a model whose price is ' +
      'unknown — set `gptWorkbench.models.priceOverrides` to price them. The model list, files and batches are ' +
      'listed by operation.',
    `Ledger files (JSON lines, one per month): \`${info.ledgerDir}\`. Export Usage writes CSV or JSONL.`,
    '',
  ];
  return lines.join('\n');
}

/**
 * Today's and this month's spend by model and by feature, for VS Code's chat (`@workbench /usage`) and its agent
 * (the usage tool): the figures of Show Usage without the request list.
 */
export function spendReportMarkdown(entries: readonly LedgerEntry[], now: Date, info: UsagePageInfo): string {
  const month = summarizeUsage(entries, now);
  const today = summarizeUsage(
    entries.filter((e) => dayKey(e.time) === month.day),
    now,
  );
  const budget = (spent: number, limit: number | null | undefined): string =>
    limit ? ` of the $${limit} budget (${Math.round((spent / limit) * 100)} %)` : ' (no budget set)';
  return [
    `**Today (${month.day} UTC):** ${cost(month.today)}${budget(month.today.costUsd, info.dailyUsd)}, ` +
      `${n(month.today.requests)} requests.  `,
    `**This month (${month.month}):** ${cost(month.thisMonth)}${budget(month.thisMonth.costUsd, info.monthlyUsd)}, ` +
      `${n(month.thisMonth.requests)} requests.`,
    '',
    ...groupTable('By model, today', today.byModel, 'No requests today.', '###'),
    ...groupTable('By feature, today', today.byFeature, 'No requests today.', '###'),
    ...groupTable('By model, this month', month.byModel, 'No requests this month.', '###'),
    ...groupTable('By feature, this month', month.byFeature, 'No requests this month.', '###'),
    'Costs are from the model catalogue; "unpriced" requests used a model without a known price.',
    '',
  ].join('\n');
}
