// The retry policy's pure parts: backoff waits, retry-after parsing, and which errors are retried or may fall
// back to another model.
import * as assert from 'node:assert/strict';
import {
  ApiError,
  DEFAULT_RETRY,
  allowsFallback,
  backoffDelayMs,
  isRetryable,
  retryAfterMsFromHeaders,
  retryDelayMs,
  type ApiErrorKind,
} from '../../src/core';

function err(kind: ApiErrorKind, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}): ApiError {
  return new ApiError({ kind, message: kind, ...extra });
}

describe('retry policy: backoff', () => {
  it('doubles from 1 s and caps at 32 s (no jitter at random = 0.5)', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(n, DEFAULT_RETRY, () => 0.5));
    assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 32000, 32000, 32000]);
  });

  it('keeps jitter within ±20 % and never above the cap', () => {
    assert.equal(
      backoffDelayMs(1, DEFAULT_RETRY, () => 0),
      800,
    );
    assert.equal(
      backoffDelayMs(3, DEFAULT_RETRY, () => 0),
      3200,
    );
    assert.ok(backoffDelayMs(1, DEFAULT_RETRY, () => 0.9999) <= 1200);
    assert.ok(backoffDelayMs(1, DEFAULT_RETRY, () => 0.9999) > 1190);
    assert.equal(
      backoffDelayMs(6, DEFAULT_RETRY, () => 0.9999),
      32000,
    );
  });

  it('reads retry-after-ms before retry-after (seconds or HTTP date)', () => {
    assert.equal(
      retryAfterMsFromHeaders(new Headers({ 'retry-after-ms': '1500', 'retry-after': '2' })),
      1500,
    );
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': '0.5' }), 500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }, now), 7000);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': 'soon' }), undefined);
    assert.equal(retryAfterMsFromHeaders(new Headers()), undefined);
    assert.equal(retryAfterMsFromHeaders(undefined), undefined);
  });

  it('the server wait wins over backoff; a wait beyond maxRetryAfterMs means do not retry', () => {
    assert.equal(
      retryDelayMs(err('rate_limit', { retryAfterMs: 3000 }), 4, DEFAULT_RETRY, () => 0.5),
      3000,
    );
    assert.equal(
      retryDelayMs(err('rate_limit', { retryAfterMs: 120_000 }), 1, DEFAULT_RETRY, () => 0.5),
      undefined,
    );
    assert.equal(
      retryDelayMs(err('server'), 2, DEFAULT_RETRY, () => 0.5),
      2000,
    );
  });
});

describe('retry policy: what is retried', () => {
  it('retries transient failures only while nothing was shown', () => {
    const retried = [
      err('rate_limit', { status: 429 }),
      err('server', { status: 500 }),
      err('server', { status: 409 }),
      err('timeout', { status: 408 }),
      err('network'),
      err('timeout', { code: 'first_byte_timeout' }),
    ];
    for (const e of retried) {
      assert.equal(isRetryable(e, false), true, `${e.kind} ${e.status ?? e.code}`);
      assert.equal(isRetryable(e, true), false, `${e.kind} after content`);
    }
  });

  it('never retries quota, 400, 401, 403, 404, content filter, invalid output, aborts, idle/total timeouts', () => {
    const never = [
      err('quota', { status: 429, code: 'insufficient_quota' }),
      err('bad_request', { status: 400 }),
      err('context_length', { status: 400 }),
      err('auth', { status: 401 }),
      err('permission', { status: 403 }),
      err('not_found', { status: 404 }),
      err('content_filter'),
      err('invalid_output'),
      err('aborted'),
      err('timeout', { code: 'idle_timeout' }),
      err('timeout', { code: 'total_timeout' }),
    ];
    for (const e of never) assert.equal(isRetryable(e, false), false, `${e.kind} ${e.code ?? ''}`);
  });

  it('falls back on server errors and an unknown model, not on anything else', () => {
    assert.equal(allowsFallback(err('server', { status: 503 })), true);
    assert.equal(allowsFallback(err('not_found', { status: 404, code: 'model_not_found' })), true);
    for (const kind of ['quota', 'rate_limit', 'auth', 'bad_request', 'network', 'aborted'] as const) {
      assert.equal(allowsFallback(err(kind)), false, kind);
    }
  });
});
