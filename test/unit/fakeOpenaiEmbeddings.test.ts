// The fake OpenAI server's POST /v1/embeddings, driven by the official openai SDK over real HTTP: deterministic
// vectors that are close for texts sharing words, `dimensions`, float and base64, usage, and the API's limits.
import * as assert from 'node:assert/strict';
import OpenAI, { type APIError } from 'openai';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';
import { defaultSpecPath, loadSpec } from '../fake-openai/spec';

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(cosine(a, a));

describe('fake OpenAI server: embeddings', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  const spec = loadSpec(defaultSpecPath());

  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('returns unit vectors of the requested dimensions, the same for the same text, with usage', async () => {
    const texts = ['function retryOnRateLimit(status) {}', 'function retryOnRateLimit(status) {}', 'x'];
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: texts,
      dimensions: 64,
      encoding_format: 'float',
    });
    assert.ok(spec);
    assert.deepEqual(spec.validateComponent('CreateEmbeddingResponse', res), []);
    assert.equal(res.data.length, 3);
    assert.deepEqual(
      res.data.map((d) => d.index),
      [0, 1, 2],
    );
    for (const d of res.data) {
      assert.equal(d.embedding.length, 64);
      assert.ok(Math.abs(norm(d.embedding) - 1) < 1e-5);
    }
    assert.deepEqual(res.data[0]!.embedding, res.data[1]!.embedding);
    assert.equal(res.model, 'text-embedding-3-small');
    assert.deepEqual(res.usage, { prompt_tokens: 17, total_tokens: 17 });
    const full = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'hello' });
    assert.equal(full.data[0]!.embedding.length, 3072, 'native size without dimensions');
  });

  it('puts texts that share words and identifiers closer than unrelated ones', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      dimensions: 512,
      encoding_format: 'float',
      input: [
        'where do we retry on rate limits?',
        'export function retryWithBackoff(err) { if (isRateLimit(err)) return sleep(backoffMs); }',
        'function renderMarkdown(text) { return md.render(text); }',
      ],
    });
    const [q, hit, miss] = res.data.map((d) => d.embedding) as [number[], number[], number[]];
    assert.ok(cosine(q, hit) > cosine(q, miss) + 0.1, `${cosine(q, hit)} vs ${cosine(q, miss)}`);
  });

  it('encodes base64 as little-endian float32, the same numbers as float', async () => {
    const input = 'parseConfigFile reads settings';
    const asFloat = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input,
      dimensions: 16,
      encoding_format: 'float',
    });
    const raw = await client.embeddings
      .create({ model: 'text-embedding-3-small', input, dimensions: 16, encoding_format: 'base64' })
      .asResponse();
    const body = (await raw.json()) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64');
    assert.equal(bytes.length, 64);
    const decoded = Array.from({ length: 16 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.deepEqual(
      decoded,
      asFloat.data[0]!.embedding.map((x) => Math.fround(x)),
    );
    // The SDK asks for base64 by default and decodes it.
    const sdkDefault = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input,
      dimensions: 16,
    });
    assert.deepEqual(sdkDefault.data[0]!.embedding, decoded);
    assert.equal((fake.requests.at(-1)!.body as { encoding_format: string }).encoding_format, 'base64');
  });

  it('refuses what the API refuses, with a 400 and its error body', async () => {
    const bad = (p: Promise<unknown>, check: (e: APIError) => boolean) =>
      assert.rejects(p, (e: APIError) => e.status === 400 && check(e));
    const small = 'text-embedding-3-small';
    await bad(
      client.embeddings.create({ model: small, input: Array.from({ length: 2049 }, () => 'a') }),
      (e) => e.param === 'input',
    );
    await bad(client.embeddings.create({ model: small, input: '' }), (e) =>
      /'\$\.input' is invalid/.test(e.message),
    );
    await bad(client.embeddings.create({ model: small, input: ' word'.repeat(8193) }), (e) =>
      /maximum context length is 8192 tokens, however you requested 8193 tokens/.test(e.message),
    );
    // 40 inputs of ~8,000 tokens each: each fits, together they are over 300,000.
    const big = Array.from({ length: 40 }, () => ' word'.repeat(8000));
    await bad(
      client.embeddings.create({ model: small, input: big }),
      (e) => e.code === 'max_tokens_per_request' && /Requested 320000 tokens, max 300000/.test(e.message),
    );
    await bad(
      client.embeddings.create({ model: small, input: 'x', dimensions: 1537 }),
      (e) => e.param === 'dimensions',
    );
    await bad(
      client.embeddings.create({ model: small, input: 'x', dimensions: 0 }),
      (e) => e.code === 'spec_violation',
    );
    await bad(client.embeddings.create({ model: 'gpt-4.1-mini', input: 'x' }), (e) => e.param === 'model');
    // At the limits exactly: accepted.
    const atLimit = await client.embeddings.create({
      model: small,
      input: [...Array.from({ length: 37 }, () => ' word'.repeat(8000)), ' word'.repeat(4000)],
      dimensions: 8,
    });
    assert.equal(atLimit.usage.prompt_tokens, 300_000);
    const many = await client.embeddings.create({
      model: small,
      input: Array.from({ length: 2048 }, (_, i) => `w${i}`),
      dimensions: 4,
    });
    assert.equal(many.data.length, 2048);
  });
});
