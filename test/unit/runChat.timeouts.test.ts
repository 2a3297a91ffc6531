// The three timeouts of runChat (first byte, silence between chunks, whole attempt), each made small so it fires
// in a test; every one rejects with kind `timeout`, its own code, and the partial that had arrived.
import * as assert from 'node:assert/strict';
import { runChat, type ChatRequest } from '../../src/core';
import { recordingSleep } from './helpers/clock';
import { rejection } from './helpers/errors';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

function ask(fault: string): ChatRequest {
  return { model: 'gpt-4.1-mini', messages: [userMessage('Tell me a long story', fault)] };
}

describe('runChat: timeouts (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  it('silence between chunks fires idle_timeout and keeps the partial; not retried', async () => {
    const deltas: string[] = [];
    const clock = recordingSleep();
    const err = await rejection(
      runChat(h.client(), ask('stall_mid_stream;after=3'), {
        timeouts: { idleMs: 150 },
        onDelta: (t) => deltas.push(t),
        sleep: clock.sleep,
      }),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.code, 'idle_timeout');
    assert.ok(deltas.length >= 1);
    assert.equal(err.partial, deltas.join(''));
    assert.match(err.message, /no data for 150 ms/);
    assert.equal(h.chatRequests(), 1);
    assert.deepEqual(clock.waits, []);
  });

  it('no chunk at all fires first_byte_timeout, which is retried while nothing arrived', async () => {
    const clock = recordingSleep();
    const err = await rejection(
      runChat(h.client(), ask('stall_mid_stream;after=0'), {
        timeouts: { firstByteMs: 150 },
        retry: { maxAttempts: 2 },
        sleep: clock.sleep,
      }),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.code, 'first_byte_timeout');
    assert.equal(err.partial, '');
    assert.equal(h.chatRequests(), 2);
    assert.equal(err.attempts, 2);
    assert.equal(clock.waits.length, 1);
  });

  it('a first-byte timeout once, then a healthy answer', async () => {
    const result = await runChat(h.client(), ask('stall_mid_stream;after=0;times=1'), {
      timeouts: { firstByteMs: 150 },
      sleep: recordingSleep().sleep,
    });
    assert.equal(result.attempts, 2);
    assert.ok(result.content.length > 0);
  });

  it('a slow but steady stream fires total_timeout and keeps the partial', async () => {
    const deltas: string[] = [];
    const err = await rejection(
      runChat(h.client(), ask('stall_mid_stream;after=3'), {
        timeouts: { totalMs: 250, idleMs: 10_000 },
        onDelta: (t) => deltas.push(t),
      }),
    );
    assert.equal(err.kind, 'timeout');
    assert.equal(err.code, 'total_timeout');
    assert.ok(err.partial.length > 0);
    assert.equal(err.partial, deltas.join(''));
    assert.equal(h.chatRequests(), 1);
  });

  it('a stall shorter than the idle timeout is waited out', async () => {
    const result = await runChat(h.client(), ask('stall_mid_stream;after=2;ms=100'), {
      timeouts: { idleMs: 2_000 },
    });
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.attempts, 1);
  });

  it('timeouts: false leaves only the signal to end a stalled stream', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 300);
    const err = await rejection(
      runChat(h.client(), ask('stall_mid_stream;after=1'), { timeouts: false, signal: controller.signal }),
    );
    clearTimeout(timer);
    assert.equal(err.kind, 'aborted');
    assert.ok(err.partial.length > 0);
  });
});
