// Structured answers against the fake server over real HTTP: strict json_schema, json_object with the schema in the
// prompt, ajv validation, one repair turn with the errors, then a clear error that keeps the raw answer.
import * as assert from 'node:assert/strict';
import {
  createOpenAIClient,
  EXPLAIN_TASK,
  REFACTOR_TASK,
  TaskOutputError,
  customExtractTask,
  extractPresetTask,
  runStructured,
  validateValue,
  schemaFromDescription,
  schemaFromDesign,
  strictIncompatibility,
  taskTurnFooter,
  type JsonSchema,
  EXTRACT_PRESET_IDS,
  type ExplainAnswer,
  type RefactorAnswer,
  type TaskInput,
} from '../../src/core';
import { TEST_KEY, taskChatOver, useFakeOpenAI } from './helpers/fakeServer';

const INPUT: TaskInput = {
  filePath: 'src/greet.ts',
  languageId: 'typescript',
  startLine: 3,
  code: 'export function greet(name: string): string {\n  return "Hello, " + name;\n}',
  contextBefore: '// Greets people.',
};

interface SentBody {
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { strict?: boolean; name?: string } };
  temperature?: number;
}

describe('tasks: structured answers against the fake server', function () {
  const fake = useFakeOpenAI();
  const bodies = (): SentBody[] =>
    fake.fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody);

  it('sends strict json_schema on a model with Structured Outputs and returns a schema-valid explanation', async () => {
    const deltas: string[] = [];
    const result = await runStructured<ExplainAnswer>({
      chat: taskChatOver(fake.client()),
      spec: EXPLAIN_TASK,
      input: INPUT,
      model: 'gpt-4.1-mini',
      structuredOutputs: true,
      onDelta: (d) => deltas.push(d),
    });
    assert.equal(result.mode, 'json_schema');
    assert.equal(result.repaired, false);
    assert.ok(validateValue(result.value, EXPLAIN_TASK.schema).ok);
    assert.ok(deltas.length > 1, 'the answer streamed in several deltas');
    assert.equal(deltas.join(''), result.raw);
    const [body] = bodies();
    assert.equal(body?.response_format?.type, 'json_schema');
    assert.equal(body?.response_format?.json_schema?.strict, true);
    assert.equal(body?.temperature, 0.2);
  });

  it('repairs an invalid first answer with one more request that quotes the validation errors', async () => {
    const result = await runStructured<RefactorAnswer>({
      chat: taskChatOver(fake.client()),
      spec: REFACTOR_TASK,
      input: { ...INPUT, instruction: 'Use a template literal. [[fake:invalid_json]]' },
      model: 'gpt-4.1-mini',
      structuredOutputs: true,
    });
    assert.equal(result.repaired, true);
    assert.equal(typeof result.value.code, 'string');
    const sent = bodies();
    assert.equal(sent.length, 2);
    const repairTurn = sent[1]!.messages.at(-1)!.content;
    assert.match(repairTurn, /not valid JSON/);
    assert.equal(sent[1]!.messages.at(-2)!.role, 'assistant', 'the model sees its own invalid answer');

    // The chat footer of this answer counts both requests, as the fake reported them, and the first one's wait.
    const reported = fake.fake.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map(
        (r) =>
          r.usage as {
            prompt_tokens: number;
            completion_tokens: number;
            prompt_tokens_details: { cached_tokens: number };
          },
      );
    const footer = taskTurnFooter(result.results);
    assert.deepEqual(footer.usage, {
      prompt: reported[0]!.prompt_tokens + reported[1]!.prompt_tokens,
      cached:
        reported[0]!.prompt_tokens_details.cached_tokens + reported[1]!.prompt_tokens_details.cached_tokens,
      completion: reported[0]!.completion_tokens + reported[1]!.completion_tokens,
    });
    assert.ok(footer.usage.prompt > 0);
    assert.equal(footer.ttftMs, result.results[0]!.timeToFirstTokenMs);
    assert.equal(typeof footer.ttftMs, 'number');
    assert.equal(footer.model, result.model);
  });

  it('gives up after one repair with a TaskOutputError that keeps the raw answer', async () => {
    const client = createOpenAIClient({
      apiKey: TEST_KEY,
      baseURL: fake.fake.baseURL,
      defaultHeaders: { 'x-fake-fault': 'invalid_json' },
    });
    await assert.rejects(
      runStructured({
        chat: taskChatOver(client),
        spec: EXPLAIN_TASK,
        input: INPUT,
        model: 'gpt-4.1-mini',
        structuredOutputs: true,
      }),
      (err: unknown) => {
        assert.ok(err instanceof TaskOutputError);
        assert.equal(err.kind, 'invalid_output');
        assert.match(err.message, /even after one repair attempt/);
        assert.match(err.raw, /the JSON just stops/);
        assert.ok(!JSON.stringify(err.toJSON()).includes(TEST_KEY));
        return true;
      },
    );
    assert.equal(bodies().length, 2, 'exactly one repair attempt');
  });

  it('uses json_object with the schema in the prompt when the model lacks Structured Outputs', async () => {
    // The fake's json_object answer is {answer, topic, fake}: a schema of that shape validates on the first try.
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, topic: { type: 'string' }, fake: { type: 'boolean' } },
      required: ['answer', 'topic'],
    };
    const spec = customExtractTask('answer', schema, 'the answer');
    const result = await runStructured({
      chat: taskChatOver(fake.client()),
      spec,
      input: INPUT,
      model: 'gpt-4.1-mini',
      structuredOutputs: false,
    });
    assert.equal(result.mode, 'json_object');
    const [body] = bodies();
    assert.deepEqual(body?.response_format, { type: 'json_object' });
    assert.ok(body?.messages[0]?.content.includes(JSON.stringify(schema)), 'schema is in the system prompt');
  });

  it('falls back to json_object for a user schema strict mode cannot take, even on a capable model', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } }; // no additionalProperties:false
    const spec = customExtractTask('loose', schema, 'the answer');
    const result = await runStructured({
      chat: taskChatOver(fake.client()),
      spec,
      input: INPUT,
      model: 'gpt-4.1',
      structuredOutputs: true,
    });
    assert.equal(result.mode, 'json_object');
  });

  for (const preset of EXTRACT_PRESET_IDS) {
    it(`extract preset ${preset}: its schema is strict-compatible, its examples validate, the answer validates`, async () => {
      const spec = extractPresetTask(preset);
      for (const example of spec.examples)
        assert.ok(validateValue(example.answer, spec.schema).ok, JSON.stringify(example.answer));
      const result = await runStructured({
        chat: taskChatOver(fake.client()),
        spec,
        input: INPUT,
        model: 'gpt-4.1-nano',
        structuredOutputs: true,
      });
      assert.equal(result.mode, 'json_schema');
      assert.ok(validateValue(result.value, spec.schema).ok);
    });
  }

  it('writes a strict schema from a one-line description, and extracts with it', async () => {
    const chat = taskChatOver(fake.client());
    const schema = await schemaFromDescription('feature flags and their default values', {
      chat,
      model: 'gpt-4.1-nano',
      modelFacts: { structuredOutputs: true, contextWindow: 1_000_000 },
    });
    assert.equal(strictIncompatibility(schema), undefined, JSON.stringify(schema));
    const designRequest = bodies()[0]!;
    assert.match(
      designRequest.messages.at(-1)!.content,
      /Instruction: feature flags and their default values$/,
    );
    const list = Object.values(
      (schema as { properties: Record<string, { type: string; items: JsonSchema }> }).properties,
    )[0]!;
    assert.equal(list.type, 'array');
    const spec = customExtractTask('flags', schema, 'feature flags and their default values');
    const result = await runStructured({
      chat,
      spec,
      input: INPUT,
      model: 'gpt-4.1-nano',
      structuredOutputs: true,
    });
    assert.equal(result.mode, 'json_schema');
    assert.ok(validateValue(result.value, schema).ok);
  });

  it('builds field names that are identifiers, unique, and typed as designed', () => {
    const schema = schemaFromDesign({
      listName: 'Feature Flags!',
      fields: [
        { name: 'flag name', type: 'string', description: 'a' },
        { name: 'flag-name', type: 'boolean', description: 'b' },
        { name: '42', type: 'string[]', description: 'c' },
      ],
    }) as { properties: Record<string, { items: { properties: Record<string, { type: string }> } }> };
    assert.deepEqual(Object.keys(schema.properties), ['featureFlags']);
    const item = schema.properties.featureFlags!.items.properties;
    assert.deepEqual(Object.keys(item), ['flagName', 'flagName_', 'field3']);
    assert.equal(item.field3!.type, 'array');
  });
});
