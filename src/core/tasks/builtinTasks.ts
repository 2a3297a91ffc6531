// The built-in tasks: explain, refactor and fix. Their system prompts and few-shot examples are constants, so each
// task's prompt prefix is byte-identical across requests.
import { SAMPLE_LOOP, SAMPLE_PY, SAMPLE_TS } from './examples';
import { EXPLAIN_SCHEMA, REFACTOR_SCHEMA, type ExplainAnswer, type RefactorAnswer } from './schemas';
import type { TaskParameters, TaskSpec } from './types';

const EXPLAIN_PROMPT = `You explain code to a developer who is about to change it.
Be concrete: name the functions, variables and calls you talk about. Keep the summary to one or two sentences,
each step to one sentence, and list only risks that are real for this code (an empty list is fine).`;

const REFACTOR_PROMPT = `You refactor code as a careful senior engineer.
Return the complete replacement for the code between the CODE markers: same language, same behaviour unless the
instruction asks otherwise, the same public names and signatures, and the indentation style of the original.
Never add code outside that range (no imports elsewhere, no placeholders such as "rest of code"). Keep comments
that still apply. List each change in one short sentence.`;

const FIX_PROMPT = `You fix a problem a compiler, linter or test reported in code.
Return the complete corrected replacement for the code between the CODE markers, changing as little as needed to
fix the reported problem without breaking anything else. Keep names, signatures and indentation. Explain the cause
in the explanation field and list each change in one short sentence.`;

const explainTs: ExplainAnswer = {
  summary:
    'Sets up an Express app with a PostgreSQL pool, serves GET /api/users from the users table, and exports the port to listen on.',
  steps: [
    'A pg Pool is created from the DATABASE_URL environment variable.',
    'GET /api/users runs a SELECT on users ordered by name and sends the rows as JSON.',
    'port() reads PORT from the environment and falls back to 3000.',
  ],
  concepts: [
    {
      name: 'Connection pool',
      explanation: 'Pool reuses database connections across requests instead of opening one per query.',
    },
    {
      name: 'Nullish coalescing (??)',
      explanation: 'Uses 3000 only when process.env.PORT is null or undefined.',
    },
  ],
  risks: [
    'The handler has no try/catch: a database error becomes an unhandled rejection instead of a 500 response.',
    'All users are returned at once; the TODO notes the missing pagination.',
    'Number("abc") is NaN, so a malformed PORT is not caught.',
  ],
};

const explainLoop: ExplainAnswer = {
  summary: 'total(items) adds up the price of every item in a cart and returns the sum.',
  steps: [
    'sum starts at 0.',
    'The loop adds items[i].price for i from 0 to items.length inclusive.',
    'The sum is returned.',
  ],
  concepts: [
    {
      name: 'var scoping',
      explanation: 'var is function-scoped, so i and sum are visible in the whole function.',
    },
  ],
  risks: [
    'The condition i <= items.length reads one element past the end, so items[i].price throws a TypeError.',
  ],
};

const refactorLoop: RefactorAnswer = {
  code: ['function total(items) {', '  return items.reduce((sum, item) => sum + item.price, 0);', '}'].join(
    '\n',
  ),
  explanation:
    'reduce expresses the sum directly and removes the off-by-one loop bound, which read past the end.',
  changes: [
    'Replaced the index loop with Array.prototype.reduce.',
    'Removed the off-by-one bound (<=) that made the loop throw.',
  ],
};

const refactorPy: RefactorAnswer = {
  code: [
    'def sync_invoices(db, since: str) -> int:',
    '    # FIXME: retries on 5xx',
    '    rows = db.execute("UPDATE invoices SET synced = 1 WHERE created_at > ?", (since,))',
    '    response = requests.post(f"{API_URL}/invoices/sync", timeout=10)',
    '    response.raise_for_status()',
    '    return rows.rowcount',
  ].join('\n'),
  explanation:
    'The billing call now has a timeout and fails loudly on an HTTP error instead of hanging or passing silently.',
  changes: ['Added timeout=10 to requests.post.', 'Called raise_for_status() on the response.'],
};

const fixLoop: RefactorAnswer = {
  code: [
    'function total(items) {',
    '  var sum = 0;',
    '  for (var i = 0; i < items.length; i++) {',
    '    sum = sum + items[i].price;',
    '  }',
    '  return sum;',
    '}',
  ].join('\n'),
  explanation:
    'The loop ran while i <= items.length, so its last pass read items[items.length], which is undefined.',
  changes: ['Changed the loop condition from <= to <.'],
};

const portSnippet = {
  filePath: 'src/server/port.ts',
  languageId: 'typescript',
  startLine: 3,
  code: 'export function port(): number {\n  return process.env.PORT ?? 3000;\n}',
  instruction: "Fix: Type 'string | number' is not assignable to type 'number'. (ts 2322, line 4)",
};

const fixPort: RefactorAnswer = {
  code: 'export function port(): number {\n  return Number(process.env.PORT ?? 3000);\n}',
  explanation: 'process.env values are strings, so the expression was string | number; Number() converts it.',
  changes: ['Wrapped the return value in Number().'],
};

const pySnippet = { ...SAMPLE_PY, code: SAMPLE_PY.code.split('\n').slice(5).join('\n'), startLine: 6 };

/** Temperature 0 for refactor and fix (reproducible edits, cacheable); a little warmth for prose. */
export const DEFAULT_PARAMETERS: Record<'explain' | 'refactor' | 'fix' | 'extract', TaskParameters> = {
  explain: { temperature: 0.2 },
  refactor: { temperature: 0 },
  fix: { temperature: 0 },
  extract: { temperature: 0 },
};

export const EXPLAIN_TASK: TaskSpec = {
  id: 'explain',
  title: 'Explain',
  systemPrompt: EXPLAIN_PROMPT,
  examples: [
    { input: SAMPLE_TS, answer: explainTs },
    { input: SAMPLE_LOOP, answer: explainLoop },
  ],
  schemaName: 'explanation',
  schema: EXPLAIN_SCHEMA,
  parameters: DEFAULT_PARAMETERS.explain,
};

export const REFACTOR_TASK: TaskSpec = {
  id: 'refactor',
  title: 'Refactor',
  systemPrompt: REFACTOR_PROMPT,
  examples: [
    { input: { ...SAMPLE_LOOP, instruction: 'Make it idiomatic modern JavaScript.' }, answer: refactorLoop },
    { input: { ...pySnippet, instruction: 'Make the HTTP call robust.' }, answer: refactorPy },
  ],
  schemaName: 'refactoring',
  schema: REFACTOR_SCHEMA,
  parameters: DEFAULT_PARAMETERS.refactor,
};

export const FIX_TASK: TaskSpec = {
  id: 'fix',
  title: 'Fix',
  systemPrompt: FIX_PROMPT,
  examples: [
    {
      input: {
        ...SAMPLE_LOOP,
        instruction: "Fix: TypeError: Cannot read properties of undefined (reading 'price') (line 15)",
      },
      answer: fixLoop,
    },
    { input: portSnippet, answer: fixPort },
  ],
  schemaName: 'fix',
  schema: REFACTOR_SCHEMA,
  parameters: DEFAULT_PARAMETERS.fix,
};

/** The default instruction when the user gives none. */
export const DEFAULT_REFACTOR_INSTRUCTION = 'Improve readability and robustness without changing behaviour.';
