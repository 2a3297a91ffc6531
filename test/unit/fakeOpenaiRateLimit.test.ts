// The fake server's per-window rate limiter and its seeded `chance=P` faults, over real HTTP: the x-ratelimit-*
// headers tell the window's real figures, a request past the limit gets a 429 with retry-after, and a faulty run
// is the same on every start with the same seed.
import * as assert from 'node:assert/strict';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { WindowLimiter, parseRateLimit } from '../fake-openai/rateLimiter';

async function chat(fake: FakeOpenAI, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await res.text();
  return res;
}

describe('fake OpenAI: rate-limit window', () => {
  it('counts requests and tokens per window and starts a new one after it', () => {
    let now = 0;
    const limiter = new WindowLimiter({ requests: 2, tokens: 100, windowMs: 1000 }, () => now);
    assert.equal(limiter.take(10), true);
    now = 400;
    assert.equal(limiter.take(10), true);
    assert.equal(limiter.take(10), false, 'third request in the window');
    assert.deepEqual(limiter.headers(), {
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '600ms',
      'x-ratelimit-limit-tokens': '100',
      'x-ratelimit-remaining-tokens': '80',
      'x-ratelimit-reset-tokens': '600ms',
    });
    assert.equal(limiter.retryAfterMs(), 600);
    now = 1000;
    assert.equal(limiter.take(90), true, 'a new window');
    assert.equal(limiter.take(20), false, 'over the token limit');
    assert.deepEqual([limiter.admitted, limiter.refused], [3, 2]);
  });

  it('parses the header form', () => {
    assert.deepEqual(parseRateLimit('requests=5;tokens=900;window=250'), {
      requests: 5,
      tokens: 900,
      windowMs: 250,
    });
    assert.deepEqual(parseRateLimit('requests=5; window=1000'), { requests: 5, windowMs: 1000 });
    assert.equal(parseRateLimit('requests=0;window=1000'), undefined);
    assert.equal(parseRateLimit('window=1000'), undefined);
  });

  it('over HTTP: real remaining figures, then a 429 with retry-after past the limit (start-up option)', async () => {
    const fake = await startFakeOpenAI({ quiet: true, rateLimit: { requests: 2, windowMs: 60_000 } });
    try {
      const first = await chat(fake);
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-ratelimit-limit-requests'), '2');
      assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '1');
      assert.match(first.headers.get('x-ratelimit-reset-requests') ?? '', /^\d+ms$/);
      assert.equal((await chat(fake)).headers.get('x-ratelimit-remaining-requests'), '0');
      const refused = await fetch(`${fake.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      assert.equal(refused.status, 429);
      const body = (await refused.json()) as { error: { code: string; type: string } };
      assert.equal(body.error.code, 'rate_limit_exceeded');
      assert.equal(body.error.type, 'requests');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.ok(Number(refused.headers.get('retry-after-ms')) > 0);
      assert.equal(refused.headers.get('x-ratelimit-remaining-requests'), '0');
      assert.deepEqual(fake.rateLimit, { admitted: 2, refused: 1 });
    } finally {
      await fake.close();
    }
  });

  it('over HTTP: asked for with the x-fake-rate-limit header; without either, no limit', async () => {
    const fake = await startFakeOpenAI({ quiet: true });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await chat(fake)).status, 200);
      assert.equal(fake.rateLimit, undefined);
      const ask = { 'x-fake-rate-limit': 'requests=1;window=60000' };
      assert.equal((await chat(fake, ask)).status, 200);
      assert.equal((await chat(fake, ask)).status, 429);
    } finally {
      await fake.close();
    }
  });
});

describe('fake OpenAI: chance=P faults', () => {
  async function statuses(seed: number): Promise<number[]> {
    const fake = await startFakeOpenAI({ quiet: true, faultSeed: seed });
    try {
      const out: number[] = [];
      for (let i = 0; i < 20; i++)
        out.push((await chat(fake, { 'x-fake-fault': 'server_error;chance=0.5' })).status);
      return out;
    } finally {
      await fake.close();
    }
  }

  it('hits some requests and not others, the same ones for the same seed', async () => {
    const a = await statuses(3);
    assert.ok(a.includes(500) && a.includes(200), a.join(','));
    assert.deepEqual(await statuses(3), a);
    assert.notDeepEqual(await statuses(4), a);
  });
});
