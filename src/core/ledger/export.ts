// Export Usage: CSV (one row per request, flat columns a spreadsheet understands) or JSONL (the ledger lines as
// they are). The host writes the string where the user chose.
import type { LedgerEntry } from './types';

export const CSV_COLUMNS = [
  'time',
  'requestId',
  'endpoint',
  'operation',
  'model',
  'feature',
  'status',
  'httpStatus',
  'errorKind',
  'attempts',
  'promptTokens',
  'cachedTokens',
  'completionTokens',
  'reasoningTokens',
  'ttftMs',
  'latencyMs',
  'costUsd',
  'cacheHit',
  'batch',
] as const;

function row(e: LedgerEntry): (string | number | boolean | null | undefined)[] {
  return [
    e.time,
    e.requestId,
    e.endpoint,
    e.operation,
    e.model,
    e.feature,
    e.status,
    e.httpStatus,
    e.errorKind,
    e.attempts,
    e.tokens.prompt,
    e.tokens.cached,
    e.tokens.completion,
    e.tokens.reasoning,
    e.ttftMs,
    e.latencyMs,
    e.costUsd,
    e.cacheHit,
    e.batch ?? false,
  ];
}

/**
 * RFC 4180 quoting; text cells starting with = + - @ get a leading apostrophe so a spreadsheet does not run
 * them as formulas (a model or feature name comes from outside and could be crafted). Numbers are left as they are.
 */
function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function ledgerToCsv(entries: readonly LedgerEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(row(e).map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function ledgerToJsonl(entries: readonly LedgerEntry[]): string {
  return entries.map((e) => `${JSON.stringify(e)}\n`).join('');
}
