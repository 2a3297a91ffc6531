// The response cache on its own: which requests qualify, the key, TTL, LRU under the size cap, persistence.
// Hits and misses around real requests (no request on a hit): workbench.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ResponseCache,
  isDeterministicRequest,
  responseCacheKey,
  type CachedResult,
  type ChatRequest,
} from '../../src/core';

const base: ChatRequest = {
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0,
};
const result = (content: string): CachedResult => ({
  content,
  toolCalls: [],
  finishReason: 'stop',
  model: 'gpt-4.1-mini-2025-04-14',
  requestedModel: 'gpt-4.1-mini',
});
const tool = (name: string) => ({
  type: 'function' as const,
  function: { name, parameters: { type: 'object' } },
});

describe('response cache: what qualifies and the key', () => {
  it('takes temperature 0 or a seed; not sampled requests, several choices or side-effect tools', () => {
    assert.equal(isDeterministicRequest(base), true);
    assert.equal(isDeterministicRequest({ ...base, temperature: 0.7, seed: 42 }), true);
    assert.equal(
      isDeterministicRequest({ ...base, temperature: undefined }),
      false,
      'default temperature samples',
    );
    assert.equal(isDeterministicRequest({ ...base, n: 2 }), false);
    assert.equal(isDeterministicRequest({ ...base, tools: [tool('write_file')] }), false);
    assert.equal(
      isDeterministicRequest({ ...base, tools: [tool('lookup')] }, { pureTools: ['lookup'] }),
      true,
    );
  });

  it('keys on base URL, model, messages and parameters, not on key order or bookkeeping fields', () => {
    const k = responseCacheKey('http://a/v1', base);
    assert.match(k, /^[0-9a-f]{64}$/);
    assert.equal(
      responseCacheKey('http://a/v1/', { temperature: 0, messages: base.messages, model: base.model }),
      k,
    );
    assert.equal(responseCacheKey('http://a/v1', { ...base, user: 'u1', store: false }), k);
    assert.notEqual(responseCacheKey('http://b/v1', base), k);
    assert.notEqual(responseCacheKey('http://a/v1', { ...base, model: 'gpt-4.1' }), k);
    assert.notEqual(
      responseCacheKey('http://a/v1', { ...base, messages: [{ role: 'user', content: 'hi!' }] }),
      k,
    );
    assert.notEqual(responseCacheKey('http://a/v1', { ...base, max_tokens: 10 }), k);
  });
});

describe('response cache: storage', () => {
  let dir: string;
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cache-'));
    clock = 1_000_000;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('persists atomically and reloads; replays the deltas in order', async () => {
    const a = await ResponseCache.open({ dir, now });
    await a.set('k1', ['Hel', 'lo'], result('Hello'));
    assert.deepEqual(fs.readdirSync(dir), ['response-cache.json'], 'no temp file left behind');
    const b = await ResponseCache.open({ dir, now });
    const hit = b.get('k1');
    assert.equal(hit?.result.content, 'Hello');
    const seen: string[] = [];
    ResponseCache.replay(hit!, (d) => seen.push(d));
    assert.deepEqual(seen, ['Hel', 'lo']);
  });

  it('expires entries after the TTL (default 24 h)', async () => {
    const c = await ResponseCache.open({ dir, now });
    await c.set('k', ['x'], result('x'));
    clock += 24 * 3600 * 1000 - 1;
    assert.ok(c.get('k'));
    clock += 1;
    assert.equal(c.get('k'), undefined);
    assert.equal(c.size, 0);
  });

  it('evicts the least recently used entry beyond the entry cap', async () => {
    const c = await ResponseCache.open({ dir, now, maxEntries: 2 });
    await c.set('a', ['a'], result('a'));
    await c.set('b', ['b'], result('b'));
    assert.ok(c.get('a')); // a is now more recent than b
    await c.set('c', ['c'], result('c'));
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => c.has(k)),
      [true, false, true],
    );
  });

  it('evicts by bytes and refuses an entry larger than the whole cap', async () => {
    const probe = await ResponseCache.open({ dir: path.join(dir, 'probe'), now });
    await probe.set('x', ['y'.repeat(100)], result('y'.repeat(100)));
    const one = probe.bytes; // size of one such entry
    const c = await ResponseCache.open({ dir, now, maxBytes: Math.floor(one * 2.5) });
    for (const k of ['a', 'b', 'c']) await c.set(k, ['y'.repeat(100)], result('y'.repeat(100)));
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => c.has(k)),
      [false, true, true],
    );
    await c.set('huge', ['z'.repeat(one * 3)], result('z'));
    assert.equal(c.has('huge'), false);
    assert.ok(c.bytes <= Math.floor(one * 2.5));
  });

  it('clear() empties memory and file; a corrupt file starts an empty cache', async () => {
    const c = await ResponseCache.open({ dir, now });
    await c.set('k', ['x'], result('x'));
    await c.clear();
    assert.equal(c.size, 0);
    assert.equal((await ResponseCache.open({ dir, now })).size, 0);
    fs.writeFileSync(path.join(dir, 'response-cache.json'), '{"version":1,"entries":[');
    const errors: unknown[] = [];
    const d = await ResponseCache.open({ dir, now, onError: (e) => errors.push(e) });
    assert.equal(d.size, 0);
    assert.equal(errors.length, 1);
  });
});
