// The fault matrix of the fake server through runChat with its default policies (retries on, waits recorded by a
// fake sleep instead of waited): for each fault the ApiError kind, the attempts the server saw, the partial kept.
import * as assert from 'node:assert/strict';
import { runChat, type ApiErrorKind, type ChatHooks, type ChatRequest } from '../../src/core';
import { recordingSleep } from './helpers/clock';
import { assertNoSecret, rejection } from './helpers/errors';
import { TEST_KEY, useFakeOpenAI, userMessage } from './helpers/fakeServer';

function ask(fault: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'gpt-4.1-mini', messages: [userMessage('Tell me about faults', fault)], ...extra };
}

interface Row {
  fault: string;
  kind: ApiErrorKind;
  /** Attempts the server saw (default policy: 5 for retried faults, 1 otherwise). */
  seen: number;
  status?: number;
  code?: string;
  /** The error keeps some content received before the failure. */
  partial?: boolean;
  message: RegExp;
  extra?: Partial<ChatRequest>;
}

const MATRIX: Row[] = [
  {
    fault: 'rate_limit',
    kind: 'rate_limit',
    seen: 5,
    status: 429,
    code: 'rate_limit_exceeded',
    message: /Rate limit/,
  },
  {
    fault: 'insufficient_quota',
    kind: 'quota',
    seen: 1,
    status: 429,
    code: 'insufficient_quota',
    message: /no quota left.*not a rate limit.*billing/s,
  },
  {
    fault: 'unauthorized',
    kind: 'auth',
    seen: 1,
    status: 401,
    code: 'invalid_api_key',
    message: /Set API Key/,
  },
  { fault: 'forbidden', kind: 'permission', seen: 1, status: 403, message: /refused access/ },
  {
    fault: 'model_not_found',
    kind: 'not_found',
    seen: 1,
    status: 404,
    code: 'model_not_found',
    message: /not found/,
  },
  {
    fault: 'context_length',
    kind: 'context_length',
    seen: 1,
    status: 400,
    code: 'context_length_exceeded',
    message: /context window.*new chat or trim/s,
  },
  { fault: 'server_error', kind: 'server', seen: 5, status: 500, message: /server error/ },
  { fault: 'bad_gateway', kind: 'server', seen: 5, status: 502, message: /server error/ },
  { fault: 'unavailable', kind: 'server', seen: 5, status: 503, message: /server error/ },
  { fault: 'reset_before_headers', kind: 'network', seen: 5, message: /http\.proxy/ },
  { fault: 'reset_mid_stream', kind: 'network', seen: 1, partial: true, message: /retry/i },
  {
    fault: 'malformed_sse',
    kind: 'network',
    seen: 1,
    code: 'malformed_sse',
    partial: true,
    message: /corrupted/,
  },
  {
    fault: 'invalid_json',
    kind: 'invalid_output',
    seen: 1,
    code: 'invalid_json',
    partial: true,
    message: /not valid JSON/,
    extra: { response_format: { type: 'json_object' } },
  },
  { fault: 'content_filter', kind: 'content_filter', seen: 1, partial: true, message: /content filter/ },
];

describe('runChat: fault matrix (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  for (const row of MATRIX) {
    it(`${row.fault} → ${row.kind}, server saw ${row.seen}`, async () => {
      const clock = recordingSleep();
      const deltas: string[] = [];
      const err = await rejection(
        runChat(h.client(), ask(row.fault, row.extra), {
          sleep: clock.sleep,
          onDelta: (t) => deltas.push(t),
        }),
      );
      assert.equal(err.kind, row.kind, err.message);
      assert.equal(h.chatRequests(), row.seen);
      assert.equal(err.attempts, row.seen);
      assert.equal(clock.waits.length, row.seen - 1);
      assert.equal(err.status, row.status);
      if (row.code !== undefined) assert.equal(err.code, row.code);
      assert.match(err.message, row.message);
      if (row.status !== undefined) assert.match(err.requestId ?? '', /^req_/);
      // The partial is exactly what onDelta delivered, never more, never lost.
      assert.equal(err.partial, deltas.join(''));
      assert.equal(err.partial.length > 0, row.partial === true, `partial: ${JSON.stringify(err.partial)}`);
      assertNoSecret(err, TEST_KEY);
    });
  }

  it('an unknown model is not_found naming the model', async () => {
    const err = await rejection(
      runChat(h.client(), { model: 'gpt-nonexistent', messages: [userMessage('hi')] }),
    );
    assert.equal(err.kind, 'not_found');
    assert.match(err.message, /gpt-nonexistent/);
    assert.equal(h.chatRequests(), 1);
  });

  it('a rejected key gives auth, and neither the key nor a key-like string is in the error', async () => {
    const key = 'sk-rejectme-SECRET-abcdef0123456789';
    const err = await rejection(
      runChat(h.client(key), { model: 'gpt-4.1-mini', messages: [userMessage('hi')] }),
    );
    assert.equal(err.kind, 'auth');
    assertNoSecret(err, key);
    assertNoSecret(err, 'SECRET-abcdef');
  });

  it('the key never leaks from network, rate-limit or mid-stream errors either', async () => {
    const fast: ChatHooks = { sleep: recordingSleep().sleep, retry: { maxAttempts: 2 } };
    for (const fault of [
      'reset_before_headers',
      'rate_limit',
      'reset_mid_stream',
      'malformed_sse',
      'forbidden',
    ]) {
      const err = await rejection(runChat(h.client(), ask(fault), fast));
      assertNoSecret(err, TEST_KEY);
      assertNoSecret(err, 'TESTKEY');
    }
  });

  it('a reset before headers that happens once is retried and answers', async () => {
    const clock = recordingSleep();
    const result = await runChat(h.client(), ask('reset_before_headers;times=1'), { sleep: clock.sleep });
    assert.equal(result.attempts, 2);
    assert.equal(h.chatRequests(), 2);
    assert.equal(clock.waits.length, 1);
    assert.ok(result.content.length > 0);
  });

  it('a stream that breaks after content is not restarted, even when the next try would work', async () => {
    const clock = recordingSleep();
    const err = await rejection(
      runChat(h.client(), ask('reset_mid_stream;times=1;after=2'), { sleep: clock.sleep }),
    );
    assert.equal(err.kind, 'network');
    assert.ok(err.partial.length > 0);
    assert.equal(h.chatRequests(), 1);
    assert.deepEqual(clock.waits, []);
  });

  it('abort after a few deltas keeps the partial (stalled stream)', async () => {
    const controller = new AbortController();
    const deltas: string[] = [];
    const err = await rejection(
      runChat(h.client(), ask('stall_mid_stream;after=3'), {
        signal: controller.signal,
        onDelta: (t) => {
          deltas.push(t);
          if (deltas.length === 2) setTimeout(() => controller.abort(), 20);
        },
      }),
    );
    assert.equal(err.kind, 'aborted');
    assert.ok(deltas.length >= 2);
    assert.equal(err.partial, deltas.join(''));
    assert.equal(h.chatRequests(), 1);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(runChat(h.client(), ask(''), { signal: controller.signal }));
    assert.equal(err.kind, 'aborted');
    assert.equal(h.chatRequests(), 0);
  });

  it('abort during a backoff wait ends the call at once as aborted (real sleep)', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const err = await rejection(
      runChat(h.client(), ask('server_error'), {
        signal: controller.signal,
        onRetry: () => setTimeout(() => controller.abort(), 10),
      }),
    );
    assert.equal(err.kind, 'aborted');
    assert.equal(h.chatRequests(), 1);
    assert.ok(Date.now() - started < 900, 'did not wait the 1 s backoff');
  });

  it("an exception from the caller's onDelta is rethrown as is and not retried", async () => {
    const boom = new Error('caller bug');
    await assert.rejects(
      runChat(h.client(), ask(''), {
        onDelta: () => {
          throw boom;
        },
      }),
      (e) => e === boom,
    );
    assert.equal(h.chatRequests(), 1);
  });
});
