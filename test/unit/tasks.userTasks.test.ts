// User task files: good files become tasks; every broken file gets a message naming the file and the problem.
import * as assert from 'node:assert/strict';
import { parseUserTask, parseUserTasks, parseSchemaText, UserTaskError } from '../../src/core';

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
