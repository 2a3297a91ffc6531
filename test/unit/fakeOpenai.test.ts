// The fake OpenAI server itself, driven by the official openai SDK and raw fetch over real HTTP: endpoints, answers,
// spec validation of requests, prompt caching, reasoning tokens, auth — and its responses checked against the spec.
import * as assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import OpenAI, { type APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';
import { defaultSpecPath, loadSpec } from '../fake-openai/spec';

const user = (content: string) => [{ role: 'user' as const, content }];

describe('fake OpenAI server', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  const spec = loadSpec(defaultSpecPath());

  before(async () => {
    assert.ok(
      spec,
      `these tests need the OpenAI spec at ${defaultSpecPath()} (../shared/openai-openapi/openapi.yaml)`,
    );
    fake = await startFakeOpenAI({ quiet: true });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fake.baseURL}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const conform = (schema: string, value: unknown) =>
    assert.deepEqual(spec?.validateComponent(schema, value), [], `response does not fit ${schema}`);

  it('checks the spec and lists the contract models', async () => {
    assert.equal(fake.specChecked, true);
    assert.match(fake.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    for (const id of [
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'gpt-4o',
      'gpt-4o-mini',
      'o3',
      'o4-mini',
      'omni-moderation-latest',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    const res = await fetch(`${fake.baseURL}/models`, { headers: { authorization: 'Bearer sk-test' } });
    conform('ListModelsResponse', await res.json());
    assert.equal((await client.models.retrieve('o4-mini')).id, 'o4-mini');
    await assert.rejects(
      client.models.retrieve('gpt-9'),
      (e: APIError) => e.status === 404 && e.code === 'model_not_found',
    );
  });

  it('streams a text answer in several chunks, then a usage chunk with empty choices', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'gpt-4.1-mini',
        messages: user('Tell me about tides'),
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    assert.match(response.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    for (const h of [
      'openai-processing-ms',
      'openai-version',
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-tokens',
      'x-ratelimit-reset-requests',
    ]) {
      assert.ok(response.headers.get(h), h);
    }
    const chunks: ChatCompletionChunk[] = [];
    for await (const c of stream) chunks.push(c);
    chunks.forEach((c) => conform('CreateChatCompletionStreamResponse', c));
    const first = chunks[0];
    assert.deepEqual(first?.choices[0]?.delta, { role: 'assistant', content: '', refusal: null });
    assert.match(first?.id ?? '', /^chatcmpl-/);
    assert.equal(first?.model, 'gpt-4.1-mini-2025-04-14');
    const pieces = chunks.flatMap((c) => c.choices.map((ch) => ch.delta.content ?? '')).filter((s) => s);
    assert.ok(pieces.length >= 5, 'several content chunks');
    assert.ok(
      pieces.every((p) => p.length >= 1 && p.length <= 6),
      'pieces of 3–6 chars',
    );
    assert.match(pieces.join(''), /Tell me about tides/);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    assert.equal(finish?.choices[0]?.finish_reason, 'stop');
    const usage = chunks[chunks.length - 1];
    assert.deepEqual(usage?.choices, []);
    assert.ok((usage?.usage?.prompt_tokens ?? 0) > 0 && (usage?.usage?.completion_tokens ?? 0) > 0);
  });

  it('answers without streaming, deterministically', async () => {
    const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: user('What is 2+2?') });
    const a = await ask();
    const b = await ask();
    conform('CreateChatCompletionResponse', a);
    assert.equal(a.object, 'chat.completion');
    assert.equal(a.choices[0]?.finish_reason, 'stop');
    assert.equal(a.choices[0]?.message.content, b.choices[0]?.message.content);
    assert.match(a.choices[0]?.message.content ?? '', /What is 2\+2\?/);
    assert.equal(a.usage?.total_tokens, (a.usage?.prompt_tokens ?? 0) + (a.usage?.completion_tokens ?? 0));
  });

  it('rejects {} and a max_token typo with 400 spec_violation naming the problem and the path', async () => {
    const res = await post('/chat/completions', {});
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: { message: string; code: string; type: string } };
    assert.equal(error.code, 'spec_violation');
    assert.equal(error.type, 'invalid_request_error');
    assert.match(error.message, /POST \/v1\/chat\/completions/);
    assert.match(error.message, /'model'/);
    assert.match(error.message, /'messages'/);
    const typo = { model: 'gpt-4.1-mini', messages: user('hi'), max_token: 5 };
    await assert.rejects(
      client.chat.completions.create(typo as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming),
      (e: APIError) =>
        e.status === 400 &&
        e.code === 'spec_violation' &&
        e.param === 'max_token' &&
        /max_token/.test(e.message),
    );
    const wrongRole = await post('/chat/completions', {
      model: 'gpt-4.1-mini',
      messages: [{ role: 'usr', content: 'x' }],
    });
    assert.match(
      ((await wrongRole.json()) as { error: { message: string } }).error.message,
      /messages\.0\.role/,
    );
    assert.equal(fake.requests.length, 3);
    assert.ok(fake.requests.every((r) => r.status === 400));
  });

  it('rejects typos at any depth, naming only the branch the discriminator chose', async () => {
    const typos: Array<[Record<string, unknown>, string]> = [
      [
        { tools: [{ type: 'function', function: { name: 'f', parameter: {} } }] },
        'tools.0.function.parameter',
      ],
      [
        { response_format: { type: 'json_schema', json_schema: { name: 'x', schmea: {} } } },
        'response_format.json_schema.schmea',
      ],
      [{ stream: true, stream_options: { include_usge: true } }, 'stream_options.include_usge'],
      [{ messages: [{ role: 'user', content: 'x', nmae: 'y' }] }, 'messages.0.nmae'],
    ];
    for (const [extra, where] of typos) {
      const res = await post('/chat/completions', { model: 'gpt-4.1-mini', messages: user('hi'), ...extra });
      assert.equal(res.status, 400, where);
      const { error } = (await res.json()) as { error: { message: string; code: string } };
      assert.equal(error.code, 'spec_violation');
      assert.ok(error.message.endsWith(`Unrecognized request argument supplied: ${where}`), error.message);
    }
    const missing = await post('/chat/completions', {
      model: 'gpt-4.1-mini',
      messages: [{ role: 'tool', content: 'x' }],
    });
    assert.match(
      ((await missing.json()) as { error: { message: string } }).error.message,
      /'messages\.0\.tool_call_id'/,
    );
  });

  it('answers json_schema with JSON that fits the schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        mood: { type: 'string', enum: ['calm', 'stormy'] },
        count: { type: 'integer', minimum: 3, maximum: 9 },
        ratio: { type: 'number' },
        done: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        owner: { $ref: '#/$defs/person' },
        note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['title', 'mood', 'count', 'ratio', 'done', 'tags', 'owner', 'note'],
      additionalProperties: false,
      $defs: {
        person: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    };
    const ask = (text: string) =>
      client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: user(text),
        response_format: { type: 'json_schema', json_schema: { name: 'report', strict: true, schema } },
      });
    const a = JSON.parse(
      (await ask('Weather report for Lisbon')).choices[0]?.message.content ?? '',
    ) as Record<string, unknown>;
    const b = JSON.parse((await ask('Weather report for Oslo')).choices[0]?.message.content ?? '') as Record<
      string,
      unknown
    >;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    assert.ok(validate(a), JSON.stringify(validate.errors));
    assert.ok(validate(b), JSON.stringify(validate.errors));
    assert.equal(a.mood, 'calm');
    assert.notDeepEqual(a, b, 'the user message flavours the strings');
    const obj = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: user('json please'),
      response_format: { type: 'json_object' },
    });
    assert.equal(typeof JSON.parse(obj.choices[0]?.message.content ?? ''), 'object');
  });

  it('streams parallel tool calls as the API does, with arguments valid for each tool', async () => {
    const tools: OpenAI.ChatCompletionFunctionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
            required: ['city', 'unit'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: 'add',
          parameters: {
            type: 'object',
            properties: { a: { type: 'integer' }, b: { type: 'integer' } },
            required: ['a', 'b'],
          },
        },
      },
    ];
    const raw: ChatCompletionChunk[] = [];
    const stream = client.chat.completions.stream({
      model: 'gpt-4.1',
      messages: user('Weather in Paris and 2+3 [[fake:tools]]'),
      tools,
    });
    stream.on('chunk', (c) => raw.push(c));
    const done = await stream.finalChatCompletion();
    const calls = done.choices[0]?.message.tool_calls ?? [];
    assert.equal(done.choices[0]?.finish_reason, 'tool_calls');
    assert.deepEqual(
      calls.map((c) => (c.type === 'function' ? c.function.name : '')),
      ['get_weather', 'add'],
    );
    const validate = new Ajv2020({ strict: false });
    calls.forEach((c, i) => {
      assert.ok(
        c.type === 'function' &&
          validate.validate(tools[i]?.function.parameters as object, JSON.parse(c.function.arguments)),
      );
      assert.match(c.id, /^call_/);
    });
    const deltas = raw.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    const heads = deltas.filter((d) => d.id);
    assert.equal(heads.length, 2);
    assert.ok(heads.every((h) => h.type === 'function' && h.function?.arguments === '' && h.function.name));
    const fragments = deltas.filter((d) => !d.id);
    assert.ok(fragments.length > 4, 'arguments spread over many chunks');
    assert.ok(
      fragments.every(
        (d) =>
          Object.keys(d).sort().join() === 'function,index' &&
          Object.keys(d.function ?? {}).join() === 'arguments',
      ),
    );
  });
});
