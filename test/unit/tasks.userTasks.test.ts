// User task files: good files become tasks; every broken file gets a message naming the file and the problem; a
// task's service_tier reaches its request (over real HTTP to the fake) and its answer is priced by the tier served.
import * as assert from 'node:assert/strict';
import {
  ModelCatalogue,
  computeCostUsd,
  createWorkbench,
  parseSchemaText,
  parseUserTask,
  parseUserTasks,
  priceForTier,
  runTextTask,
  UserTaskError,
  type LedgerEntry,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

const GOOD = JSON.stringify({
  name: 'Add JSDoc',
  description: 'Documents every exported function',
  systemPrompt: 'Add JSDoc comments to every exported function.',
  schema: 'refactor',
  model: 'gpt-4.1-mini',
  parameters: { temperature: 0, max_tokens: 2000 },
});

function problemOf(text: string, schemas: Record<string, string> = {}): string {
  try {
    parseUserTask('.gptworkbench/tasks/t.json', text, (p) => schemas[p]);
  } catch (err) {
    assert.ok(err instanceof UserTaskError, String(err));
    assert.ok(err.message.startsWith('Task file .gptworkbench/tasks/t.json: '), err.message);
    return err.problem;
  }
  assert.fail('expected a UserTaskError');
}

describe('tasks: user task files', () => {
  it('parses a complete task with a built-in answer shape', () => {
    const task = parseUserTask('.gptworkbench/tasks/jsdoc.json', GOOD);
    assert.equal(task.name, 'Add JSDoc');
    assert.equal(task.kind, 'refactor');
    assert.equal(task.spec.model, 'gpt-4.1-mini');
    assert.deepEqual(task.spec.parameters, { temperature: 0, max_tokens: 2000 });
    assert.equal(task.spec.id, 'user:Add_JSDoc');
  });

  it('a task without schema answers in text; an inline schema makes it a JSON task', () => {
    assert.equal(parseUserTask('a.json', JSON.stringify({ name: 'n', systemPrompt: 's' })).kind, 'text');
    const withSchema = parseUserTask(
      'b.json',
      JSON.stringify({ name: 'n', systemPrompt: 's', schema: { type: 'object' } }),
    );
    assert.equal(withSchema.kind, 'json');
    assert.equal(withSchema.spec.output, 'json');
  });

  it('resolves a schema path through the host-provided reader', () => {
    const schema = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    const task = parseUserTask(
      't.json',
      JSON.stringify({ name: 'n', systemPrompt: 's', schema: 'schemas/a.json' }),
      (p) => (p === 'schemas/a.json' ? schema : undefined),
    );
    assert.deepEqual(task.spec.schema, JSON.parse(schema));
  });

  const broken: [string, string, RegExp][] = [
    ['invalid JSON', '{ "name": "x", ', /^not valid JSON \(/],
    ['an array', '[]', /must contain one JSON object/],
    ['missing name', JSON.stringify({ systemPrompt: 's' }), /missing required field "name"/],
    [
      'empty system prompt',
      JSON.stringify({ name: 'n', systemPrompt: '  ' }),
      /"systemPrompt" must be a non-empty string/,
    ],
    [
      'a typo in a field',
      JSON.stringify({ name: 'n', systemPrompt: 's', sytemPrompt: 'x' }),
      /unknown field "sytemPrompt"/,
    ],
    [
      'temperature out of range',
      JSON.stringify({ name: 'n', systemPrompt: 's', parameters: { temperature: 3 } }),
      /"parameters.temperature" must be a number between 0 and 2/,
    ],
    [
      'an unsupported parameter',
      JSON.stringify({ name: 'n', systemPrompt: 's', parameters: { max_token: 5 } }),
      /"parameters.max_token" is not supported/,
    ],
    [
      'a fractional seed',
      JSON.stringify({ name: 'n', systemPrompt: 's', parameters: { seed: 1.5 } }),
      /"parameters.seed" must be an integer/,
    ],
    [
      'a missing schema file',
      JSON.stringify({ name: 'n', systemPrompt: 's', schema: 'schemas/nope.json' }),
      /the file "schemas\/nope.json" was not found/,
    ],
    [
      'an invalid inline schema',
      JSON.stringify({ name: 'n', systemPrompt: 's', schema: { type: 'objekt' } }),
      /not a usable JSON Schema/,
    ],
    [
      'a schema of the wrong type',
      JSON.stringify({ name: 'n', systemPrompt: 's', schema: 42 }),
      /"schema" must be a JSON Schema object/,
    ],
  ];
  for (const [what, text, expected] of broken) {
    it(`names the problem: ${what}`, () => assert.match(problemOf(text), expected));
  }

  it('loads the good files and reports each broken one, including duplicate names', () => {
    const { tasks, errors } = parseUserTasks([
      { file: 'a.json', text: GOOD },
      { file: 'b.json', text: '{oops' },
      { file: 'c.json', text: GOOD },
      { file: 'd.json', text: JSON.stringify({ name: 'Other', systemPrompt: 's' }) },
    ]);
    assert.deepEqual(
      tasks.map((t) => t.file),
      ['a.json', 'd.json'],
    );
    assert.deepEqual(
      errors.map((e) => e.file),
      ['b.json', 'c.json'],
    );
    assert.match(errors[1]!.message, /already uses the name "Add JSDoc"/);
  });

  it('schema files: names the file when it is not JSON or not a schema', () => {
    assert.throws(
      () => parseSchemaText('.gptworkbench/schemas/x.json', 'nope'),
      /\.gptworkbench\/schemas\/x\.json: not valid JSON/,
    );
    assert.throws(() => parseSchemaText('s.json', '{"type": 5}'), /s\.json: invalid JSON Schema/);
  });
});

describe('tasks: a user task file with service_tier', () => {
  const h = useFakeOpenAI();
  const catalogue = new ModelCatalogue();
  const taskFile = (tier: unknown, model = 'o4-mini') =>
    JSON.stringify({
      name: 'Summarise',
      systemPrompt: 'Summarise the code in one sentence.',
      model,
      parameters: { service_tier: tier, max_tokens: 300 },
    });

  it('accepts flex, default, priority and auto, and refuses anything else by name', () => {
    for (const tier of ['flex', 'default', 'priority', 'auto'])
      assert.equal(parseUserTask('t.json', taskFile(tier)).spec.parameters.service_tier, tier);
    assert.match(
      problemOf(taskFile('cheap')),
      /"parameters.service_tier" must be one of "auto", "default", "flex", "priority"/,
    );
    assert.match(problemOf(taskFile(2)), /"parameters.service_tier" must be one of/);
  });

  async function run(tier: string, model: string) {
    const lines: LedgerEntry[] = [];
    const wb = createWorkbench({
      client: h.client(),
      ledger: { append: async (e) => void lines.push(e), flush: async () => undefined },
      catalogue,
    });
    const task = parseUserTask('.gptworkbench/tasks/summarise.json', taskFile(tier, model));
    await runTextTask({
      // As the host's task chat: the Workbench's chat with the task's feature.
      chat: (request, options) =>
        wb.chat(request, {
          feature: `task.${options.feature}`,
          moderate: false,
          hooks: { validateJson: false },
        }),
      spec: task.spec,
      input: { filePath: 'a.ts', languageId: 'typescript', code: 'export const a = 1;', startLine: 1 },
      model,
      modelFacts: { structuredOutputs: true },
      parameters: task.spec.parameters,
    });
    const sent = h.fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    return { sent: (sent?.body as { service_tier?: string }).service_tier, line: lines.at(-1)! };
  }

  const costAt = (e: LedgerEntry, model: string, tier: 'default' | 'flex' | 'priority') =>
    computeCostUsd(
      {
        promptTokens: e.tokens.prompt,
        cachedTokens: e.tokens.cached,
        completionTokens: e.tokens.completion,
        reasoningTokens: e.tokens.reasoning,
      },
      priceForTier(catalogue.get(model), tier),
    );

  it('sends the task tier with its request and prices the answer by the tier served', async () => {
    const flex = await run('flex', 'o4-mini');
    assert.equal(flex.sent, 'flex');
    assert.equal(flex.line.serviceTier, 'flex');
    assert.equal(flex.line.costUsd, costAt(flex.line, 'o4-mini', 'flex'));
    assert.ok(flex.line.costUsd! < costAt(flex.line, 'o4-mini', 'default')!);

    const priority = await run('priority', 'gpt-4.1-mini');
    assert.equal(priority.sent, 'priority');
    assert.equal(priority.line.costUsd, costAt(priority.line, 'gpt-4.1-mini', 'priority'));

    // Flex asked of a model the catalogue does not offer it for: sent at the default tier, priced at default.
    const served = await run('flex', 'gpt-4.1-mini');
    assert.equal(served.sent, undefined);
    assert.equal(served.line.serviceTier, undefined);
    assert.equal(served.line.costUsd, costAt(served.line, 'gpt-4.1-mini', 'default'));
  });
});
