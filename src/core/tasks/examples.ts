// Two small, fixed code samples the few-shot examples are built on. They are part of each task's static prompt
// prefix, so they must never change per request: any edit here invalidates OpenAI's prompt cache once, nothing more.
import type { TaskInput } from './types';

export const SAMPLE_TS: TaskInput = {
  filePath: 'src/server/routes.ts',
  languageId: 'typescript',
  startLine: 1,
  code: [
    "import express from 'express';",
    "import { Pool } from 'pg';",
    '',
    'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
    'const app = express();',
    '',
    '// TODO: add pagination',
    "app.get('/api/users', async (_req, res) => {",
    "  const { rows } = await pool.query('SELECT id, name FROM users ORDER BY name');",
    '  res.json(rows);',
    '});',
    '',
    'export function port(): number {',
    '  return Number(process.env.PORT ?? 3000);',
    '}',
  ].join('\n'),
};

export const SAMPLE_PY: TaskInput = {
  filePath: 'app/jobs.py',
  languageId: 'python',
  startLine: 1,
  code: [
    'import os',
    'import requests',
    '',
    'API_URL = os.getenv("BILLING_API_URL", "https://billing.local")',
    '',
    'def sync_invoices(db, since: str) -> int:',
    '    # FIXME: retries on 5xx',
    '    rows = db.execute("UPDATE invoices SET synced = 1 WHERE created_at > ?", (since,))',
    '    requests.post(f"{API_URL}/invoices/sync")',
    '    return rows.rowcount',
  ].join('\n'),
};

export const SAMPLE_LOOP: TaskInput = {
  filePath: 'src/util/total.js',
  languageId: 'javascript',
  startLine: 12,
  contextBefore: '// Sums the prices of a cart.',
  contextAfter: 'module.exports = { total };',
  code: [
    'function total(items) {',
    '  var sum = 0;',
    '  for (var i = 0; i <= items.length; i++) {',
    '    sum = sum + items[i].price;',
    '  }',
    '  return sum;',
    '}',
  ].join('\n'),
};
