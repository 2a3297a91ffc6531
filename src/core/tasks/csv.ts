// CSV for extraction results that are (or hold exactly one) array of flat objects — the shape a spreadsheet takes.

type Flat = Record<string, string | number | boolean | null>;

function isFlatObject(v: unknown): v is Flat {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
}

/** The rows to write: the value itself if it is an array, else its only array property. */
export function findFlatRows(value: unknown): { rows: Flat[] } | { reason: string } {
  let candidate: unknown = value;
  if (!Array.isArray(value) && typeof value === 'object' && value !== null) {
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length !== 1) return { reason: `expected one list in the result, found ${arrays.length}` };
    candidate = arrays[0];
  }
  if (!Array.isArray(candidate)) return { reason: 'the result is not a list' };
  const bad = candidate.findIndex((row) => !isFlatObject(row));
  if (bad >= 0)
    return { reason: `item ${bad + 1} is not a flat object (nested lists or objects cannot be a CSV cell)` };
  return { rows: candidate as Flat[] };
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote per RFC 4180; prefix formula starters so a spreadsheet does not execute a cell.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV (CRLF line ends) with the union of the rows' keys as header, in first-seen order. */
export function toCsv(value: unknown): { csv: string } | { reason: string } {
  const found = findFlatRows(value);
  if ('reason' in found) return found;
  const columns: string[] = [];
  for (const row of found.rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map((c) => cell(c)).join(',')];
  for (const row of found.rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return { csv: lines.join('\r\n') + '\r\n' };
}
