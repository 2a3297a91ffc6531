// The fake OpenAI server's faults and scenarios (x-fake-fault header and [[fake:…]] markers), recorded-stream replay,
// the request log, and the loud spec-absent mode.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI, { type APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { recordedStreamsDir } from '../fake-openai/replay';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';

const KEY = 'sk-test-fault-key-abcdef0123456789';
const chat = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('fake OpenAI server: faults and scenarios', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
    client = new OpenAI({ apiKey: KEY, baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const errorOf = async (res: Response) =>
    (
      (await res.json()) as {
        error: { code: string | null; type: string; param: string | null; message: string };
      }
    ).error;
  /** Streams through the SDK, collecting chunks until the end or the first error. */
  const collect = async (text: string, extra: Record<string, unknown> = {}) => {
    const chunks: ChatCompletionChunk[] = [];
    let error: unknown;
    try {
      const stream = await client.chat.completions.create({
        ...chat(text),
        stream: true,
        ...extra,
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      for await (const c of stream) chunks.push(c);
    } catch (e) {
      error = e;
    }
    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content).length;
    return {
      chunks,
      error,
      content,
      contentChunks,
      finish: chunks.map((c) => c.choices[0]?.finish_reason).find(Boolean),
    };
  };

  const httpFaults: Array<[string, number, string | null]> = [
    ['rate_limit', 429, 'rate_limit_exceeded'],
    ['insufficient_quota', 429, 'insufficient_quota'],
    ['unauthorized', 401, 'invalid_api_key'],
    ['forbidden', 403, 'unsupported_country_region_territory'],
    ['model_not_found', 404, 'model_not_found'],
    ['context_length', 400, 'context_length_exceeded'],
    ['server_error', 500, null],
    ['bad_gateway', 502, null],
    ['unavailable', 503, null],
  ];
  for (const [name, status, code] of httpFaults) {
    it(`${name} → ${status} ${code ?? '(no code)'} with the API's error body and headers`, async () => {
      const res = await post(chat('hi'), { 'x-fake-fault': name });
      assert.equal(res.status, status);
      const error = await errorOf(res);
      assert.equal(error.code, code);
      assert.ok(error.message.length > 10 && typeof error.type === 'string');
      assert.match(res.headers.get('x-request-id') ?? '', /^req_/);
      assert.ok(res.headers.get('x-ratelimit-limit-requests') && res.headers.get('openai-processing-ms'));
      if (name === 'rate_limit') assert.equal(res.headers.get('retry-after'), '1');
      if (name === 'insufficient_quota') assert.equal(res.headers.get('retry-after'), null);
      if (name === 'context_length') assert.equal(error.param, 'messages');
      assert.deepEqual(
        fake.requests.map((r) => r.status),
        [status],
      );
    });
  }

  it('rate_limit honours retry_after / retry_after_ms and works as a marker through the SDK', async () => {
    const res = await post(chat('hi'), { 'x-fake-fault': 'rate_limit;retry_after=3;retry_after_ms=2500' });
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('retry-after-ms'), '2500');
    assert.equal(res.headers.get('x-ratelimit-remaining-requests'), '0');
    await assert.rejects(
      client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'go [[fake:rate_limit;retry_after=2]]' }],
      }),
      (e: APIError) =>
        e.status === 429 && e.code === 'rate_limit_exceeded' && e.headers?.get('retry-after') === '2',
    );
  });

  it('times=N applies a fault to the first N requests with that spec, then answers normally', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(chat('hi [[fake:server_error;times=2]]'))).status);
    statuses.push((await post(chat('hi'), { 'x-fake-fault': 'unavailable;times=1' })).status);
    statuses.push((await post(chat('hi'), { 'x-fake-fault': 'unavailable;times=1' })).status);
    assert.deepEqual(statuses, [500, 500, 200, 503, 200]);
    fake.reset();
    assert.equal(
      (await post(chat('hi [[fake:server_error;times=2]]'))).status,
      500,
      'reset clears the counters',
    );
  });

  it('reset_before_headers destroys the socket before any byte', async () => {
    await assert.rejects(post(chat('hi [[fake:reset_before_headers]]')), TypeError);
    assert.equal(fake.requests[0]?.status, 0);
  });

  it('reset_mid_stream delivers `after` content chunks, then the connection breaks', async () => {
    const r = await collect('tell me [[fake:reset_mid_stream;after=2]]');
    assert.ok(r.error instanceof Error);
    assert.equal(r.contentChunks, 2);
    assert.equal(r.finish, undefined);
  });

  it('malformed_sse sends a line that is not JSON after the chunks', async () => {
    const r = await collect('tell me [[fake:malformed_sse]]');
    assert.ok(r.error instanceof Error);
    assert.equal(r.contentChunks, 3);
    const raw = await (
      await post({ ...chat('x'), stream: true }, { 'x-fake-fault': 'malformed_sse;after=1' })
    ).text();
    assert.match(raw, /\n\ndata: \{not json\n\n$/);
  });

  it('stall_mid_stream stalls after the chunks: with ms it resumes, without it waits until the client leaves', async () => {
    const resumed = await collect('tell me [[fake:stall_mid_stream;after=2;ms=50]]');
    assert.equal(resumed.error, undefined);
    assert.equal(resumed.finish, 'stop');
    const res = await post({ ...chat('x'), stream: true }, { 'x-fake-fault': 'stall_mid_stream;after=1' });
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/\n\n/g) ?? []).length < 2)
      text += Buffer.from((await reader.read()).value ?? []).toString();
    const next = await Promise.race([
      reader.read().then(() => 'data'),
      new Promise((r) => setTimeout(() => r('silence'), 300)),
    ]);
    assert.equal(next, 'silence');
    await reader.cancel();
  });

  it('shapes the answer: length, content_filter, refusal, invalid_json, chunks=N', async () => {
    const full = await collect('tell me a story');
    const cut = await collect('tell me a story [[fake:length]]');
    assert.equal(cut.finish, 'length');
    assert.ok(cut.content.length < full.content.length && full.content.startsWith(cut.content));
    assert.equal((await collect('tell me a story [[fake:content_filter]]')).finish, 'content_filter');
    const refusal = await collect('bad things [[fake:refusal]]');
    assert.equal(refusal.content, '');
    assert.match(refusal.chunks.map((c) => c.choices[0]?.delta.refusal ?? '').join(''), /^I'm sorry/);
    const plain = await client.chat.completions.create(
      chat('bad [[fake:refusal]]') as OpenAI.ChatCompletionCreateParamsNonStreaming,
    );
    assert.equal(plain.choices[0]?.message.content, null);
    assert.match(plain.choices[0]?.message.refusal ?? '', /^I'm sorry/);
    const bad = await client.chat.completions.create(
      chat('json [[fake:invalid_json]]', {
        response_format: { type: 'json_object' },
      }) as OpenAI.ChatCompletionCreateParamsNonStreaming,
    );
    assert.throws(() => JSON.parse(bad.choices[0]?.message.content ?? ''), SyntaxError);
    for (const n of [1, 7, 2000]) {
      const r = await collect(`count [[fake:chunks=${n}]]`, { stream_options: { include_usage: true } });
      assert.equal(r.contentChunks, n);
      assert.equal(r.finish, 'stop');
    }
  });

  it('xss and markdown scenarios answer with the payloads a renderer must handle', async () => {
    const xss = (await collect('[[fake:xss]]')).content;
    for (const p of ['<script>', 'onerror=', 'javascript:', '<svg', '<iframe']) assert.ok(xss.includes(p), p);
    const md = (await collect('[[fake:markdown]]')).content;
    assert.match(md, /^# /m);
    assert.match(md, /^\|.*\|$/m);
    assert.ok((md.match(/^```\w+$/gm) ?? []).length >= 3);
  });

  it('replays every recorded stream byte for byte', async () => {
    const files = fs.readdirSync(recordedStreamsDir()).filter((f) => f.endsWith('.sse'));
    assert.ok(
      files.length >= 4,
      `recorded streams missing in ${recordedStreamsDir()} (../shared/openai-recorded-streams)`,
    );
    for (const file of files) {
      const res = await post(
        { ...chat('x'), stream: true },
        { 'x-fake-fault': `replay=${file.replace(/\.sse$/, '')}` },
      );
      assert.equal(res.status, 200);
      assert.ok(
        Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(recordedStreamsDir(), file))),
        file,
      );
    }
    const done = await client.chat.completions
      .stream(chat('x [[fake:replay=stream-works-1]]') as OpenAI.ChatCompletionCreateParamsStreaming)
      .finalChatCompletion();
    assert.equal(done.model, 'gpt-4o-2024-08-06');
    assert.equal((await post(chat('x'), { 'x-fake-fault': 'replay=no-such-stream' })).status, 500);
  });
});

describe('fake OpenAI server: request log and spec-absent mode', () => {
  it('FAKE_OPENAI_LOG appends one JSON line per request, without authorization or api-key', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-openai-')), 'requests.jsonl');
    process.env.FAKE_OPENAI_LOG = log;
    const fake = await startFakeOpenAI({ quiet: true }).finally(() => delete process.env.FAKE_OPENAI_LOG);
    try {
      const client = new OpenAI({ apiKey: KEY, baseURL: fake.baseURL, maxRetries: 0 });
      await client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'log me' }],
      });
      await fetch(`${fake.baseURL}/models`, { headers: { 'api-key': KEY } });
      await fetch(`${fake.baseURL}/models/nope`, { headers: { authorization: `Bearer ${KEY}` } });
      const text = fs.readFileSync(log, 'utf8');
      assert.ok(!text.includes(KEY), 'the key is never logged');
      const lines = text
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              method: string;
              path: string;
              headers: Record<string, string>;
              body: unknown;
              status: number;
            },
        );
      assert.deepEqual(
        lines.map((l) => [l.method, l.path, l.status]),
        [
          ['POST', '/v1/chat/completions', 200],
          ['GET', '/v1/models', 200],
          ['GET', '/v1/models/nope', 404],
        ],
      );
      assert.deepEqual(lines[0]?.body, {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'log me' }],
      });
      for (const l of lines) assert.ok(!('authorization' in l.headers) && !('api-key' in l.headers));
      // The line is written with the status; the usage an answer reports later is kept in memory only.
      assert.deepEqual(
        fake.requests.map(({ usage: _usage, ...logged }) => logged),
        lines,
      );
      assert.ok(fake.requests[0]?.usage, 'the answered chat request has its usage in memory');
    } finally {
      await fake.close();
    }
  });

  it('without the spec file it says so loudly, reports specChecked=false and lets a typo through', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    const fake = await startFakeOpenAI({
      specPath: path.join(os.tmpdir(), 'no-such-dir', 'openapi.yaml'),
      quiet: true,
    }).finally(() => (console.error = original));
    try {
      assert.equal(fake.specChecked, false);
      assert.ok(
        errors.some((e) => /spec not found at .*no-such-dir.*request conformance is NOT checked/.test(e)),
        errors.join('\n'),
      );
      const res = await fetch(`${fake.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...chat('hi'), max_token: 5 }),
      });
      assert.equal(res.status, 200);
    } finally {
      await fake.close();
    }
  });
});
