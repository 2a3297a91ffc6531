// The fake OpenAI server's usage accounting (prompt caching, reasoning tokens), moderations, auth and unknown
// models, driven by the official openai SDK over real HTTP.
import * as assert from 'node:assert/strict';
import OpenAI, { type APIError } from 'openai';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';
import { defaultSpecPath, loadSpec } from '../fake-openai/spec';

const user = (content: string) => [{ role: 'user' as const, content }];

describe('fake OpenAI server: usage, moderations, auth', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  const spec = loadSpec(defaultSpecPath());

  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const conform = (schema: string, value: unknown) => {
    assert.ok(spec, `these tests need the OpenAI spec at ${defaultSpecPath()}`);
    assert.deepEqual(spec.validateComponent(schema, value), [], `response does not fit ${schema}`);
  };

  it('reports cached_tokens when a prompt repeats a ≥1,024-token prefix (128-token steps)', async () => {
    const system = 'You are a careful assistant. '.repeat(200); // ~5,800 chars ≈ 1,450 tokens
    const ask = (q: string) =>
      client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: q },
        ],
      });
    const first = await ask('first question');
    const second = await ask('second question');
    assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    assert.ok(
      cached >= 1024 && cached % 128 === 0 && cached <= (second.usage?.prompt_tokens ?? 0),
      String(cached),
    );
    const short = await ask('x');
    await ask('y');
    assert.ok((short.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0);
    fake.reset();
    assert.equal((await ask('after reset')).usage?.prompt_tokens_details?.cached_tokens, 0);
  });

  it('reports reasoning tokens for o-series models only, and rejects max_tokens there', async () => {
    const o = await client.chat.completions.create({
      model: 'o4-mini',
      messages: user('think'),
      max_completion_tokens: 500,
    });
    const reasoning = o.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    assert.ok(reasoning > 0);
    assert.ok((o.usage?.completion_tokens ?? 0) > reasoning, 'completion tokens include the reasoning');
    assert.equal(o.model, 'o4-mini-2025-04-16');
    const g = await client.chat.completions.create({ model: 'gpt-4.1-nano', messages: user('think') });
    assert.equal(g.usage?.completion_tokens_details?.reasoning_tokens, 0);
    await assert.rejects(
      client.chat.completions.create({ model: 'o3', messages: user('x'), max_tokens: 10 }),
      (e: APIError) => e.status === 400 && e.code === 'unsupported_parameter' && e.param === 'max_tokens',
    );
  });

  it('moderates with omni-moderation-latest and flags violent input', async () => {
    const res = await client.moderations.create({
      model: 'omni-moderation-latest',
      input: ['I will kill the process', 'a nice day'],
    });
    conform('CreateModerationResponse', res);
    assert.equal(res.results.length, 2);
    assert.equal(res.results[0]?.flagged, true);
    assert.equal(res.results[0]?.categories.violence, true);
    assert.equal(res.results[1]?.flagged, false);
    const marked = await client.moderations.create({ input: 'fine text [[flag:hate]]' });
    assert.equal(marked.results[0]?.categories.hate, true);
    await assert.rejects(
      client.moderations.create({
        input: 'x',
        modle: 'omni-moderation-latest',
      } as unknown as OpenAI.ModerationCreateParams),
      (e: APIError) => e.status === 400 && /modle/.test(e.message),
    );
  });

  it('answers 404 model_not_found for an unknown model and 401 invalid_api_key for rejectme or no key', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'gpt-4.2-imaginary', messages: user('hi') }),
      (e: APIError) =>
        e.status === 404 && e.code === 'model_not_found' && /gpt-4\.2-imaginary/.test(e.message),
    );
    const bad = new OpenAI({ apiKey: 'sk-rejectme-123', baseURL: fake.baseURL, maxRetries: 0 });
    for (const call of [
      () => bad.models.list(),
      () => bad.chat.completions.create({ model: 'gpt-4o', messages: user('hi') }),
    ]) {
      await assert.rejects(
        call(),
        (e: APIError) => e.status === 401 && e.code === 'invalid_api_key' && !e.message.includes('rejectme'),
      );
    }
    const none = await fetch(`${fake.baseURL}/models`);
    assert.equal(none.status, 401);
    const azure = await fetch(`${fake.baseURL}/models`, { headers: { 'api-key': 'azure-key' } });
    assert.equal(azure.status, 200);
  });
});
