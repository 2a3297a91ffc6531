// The Workbench's scheduler on a fake clock: bounded slots with interactive work first, and pacing from the API's
// rate-limit headers (remaining/reset for requests and tokens, retry-after on a 429).
import * as assert from 'node:assert/strict';
import { RequestScheduler, parseResetDuration, readRateLimits } from '../../src/core';
import { FakeClock, settle } from './helpers/clock';

function tracker<T>(p: Promise<T>): { done: () => boolean; value: Promise<T> } {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  return { done: () => done, value: p };
}

describe('scheduler: rate-limit headers', () => {
  it("reads OpenAI's reset durations", () => {
    assert.equal(parseResetDuration('20ms'), 20);
    assert.equal(parseResetDuration('1s'), 1000);
    assert.equal(parseResetDuration('6m0s'), 360_000);
    assert.equal(parseResetDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseResetDuration('0.5'), 500);
    assert.equal(parseResetDuration('soon'), undefined);
    assert.equal(parseResetDuration('1s later'), undefined);
  });

  it('reads remaining, limit, reset and retry-after; nothing from an answer without them', () => {
    const r = readRateLimits(
      {
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '59',
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-remaining-tokens': '1000',
        'x-ratelimit-reset-tokens': '250ms',
        'retry-after': '2',
      },
      0,
    );
    assert.deepEqual(r, {
      limitRequests: 60,
      remainingRequests: 59,
      resetRequestsMs: 1000,
      remainingTokens: 1000,
      resetTokensMs: 250,
      retryAfterMs: 2000,
    });
    assert.equal(readRateLimits({ 'content-type': 'application/json' }, 0), undefined);
  });
});

describe('scheduler: slots', () => {
  it('keeps at most maxConcurrent in flight and serves interactive before background', async () => {
    let max = 2;
    const s = new RequestScheduler({ maxConcurrent: () => max, clock: new FakeClock() });
    const a = await s.acquire('background');
    const b = await s.acquire('background');
    const order: string[] = [];
    const bg = s.acquire('background').then((r) => (order.push('bg'), r));
    const chat = s.acquire('interactive').then((r) => (order.push('chat'), r));
    await settle();
    assert.deepEqual(order, []);
    assert.equal(s.state.waitingForSlot, 2);
    a();
    a(); // a second release of the same slot changes nothing
    await settle();
    assert.deepEqual(order, ['chat']);
    b();
    await settle();
    assert.deepEqual(order, ['chat', 'bg']);
    (await chat)();
    (await bg)();
    max = 1; // read live
    const c = await s.acquire('interactive');
    const d = tracker(s.acquire('interactive'));
    await settle();
    assert.equal(d.done(), false);
    c();
    (await d.value)();
  });

  it('rejects a waiter whose signal aborts, and the queue moves on', async () => {
    const s = new RequestScheduler({ maxConcurrent: () => 1, clock: new FakeClock() });
    const held = await s.acquire('interactive');
    const abort = new AbortController();
    const waiting = s.acquire('background', abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(s.state.waitingForSlot, 0);
    held();
  });
});

describe('scheduler: pacing from the headers', () => {
  it('holds sends once the window is used up, counting what was sent since the answer, until the reset', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0); // send #1
    s.observe(1, { 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '500ms' });
    await s.admit('background', 0); // #2: remaining 2, none unanswered
    await s.admit('background', 0); // #3: remaining 2, one unanswered
    const fourth = tracker(s.admit('background', 0));
    await settle();
    assert.equal(fourth.done(), false, 'two sent since an answer that said 2 remain');
    await clock.advance(499);
    assert.equal(fourth.done(), false);
    await clock.advance(1);
    assert.equal(fourth.done(), true, 'sent once the window reset');
  });

  it('a newer answer updates the picture; an older one arriving late does not', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0);
    s.observe(1, { 'content-type': 'application/json' }); // answered, without figures
    await s.admit('background', 0);
    s.observe(2, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' });
    s.observe(1, { 'x-ratelimit-remaining-requests': '50', 'x-ratelimit-reset-requests': '1s' });
    const next = tracker(s.admit('interactive', 0));
    await clock.advance(999);
    assert.equal(next.done(), false);
    await clock.advance(1);
    assert.equal(next.done(), true);
  });

  it('a window with a known limit starts full after its reset, and lasts as long as the API said', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0);
    s.observe(1, {
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '100ms',
    });
    const sends = [0, 1, 2].map(() => tracker(s.admit('background', 0)));
    await clock.advance(99);
    assert.deepEqual(
      sends.map((t) => t.done()),
      [false, false, false],
    );
    await clock.advance(1);
    assert.deepEqual(
      sends.map((t) => t.done()),
      [true, true, false],
      'the new window holds the limit, 2',
    );
    await clock.advance(100);
    assert.equal(sends[2]!.done(), true, 'the next window, one announced span later');
  });

  it('paces on tokens: a send that does not fit the remaining tokens waits for their reset', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 100);
    s.observe(1, { 'x-ratelimit-remaining-tokens': '1000', 'x-ratelimit-reset-tokens': '2s' });
    await s.admit('background', 600);
    const big = tracker(s.admit('background', 600));
    await settle();
    assert.equal(big.done(), false, '600 sent unanswered + 600 > 1000');
    await clock.advance(2000);
    assert.equal(big.done(), true);
  });

  it("a 429's retry-after holds every send, interactive first when it ends", async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0);
    s.observe(1, { 'retry-after-ms': '300' });
    const order: string[] = [];
    const bg = s.admit('background', 0).then(() => order.push('bg'));
    const chat = s.admit('interactive', 0).then(() => order.push('chat'));
    await clock.advance(299);
    assert.deepEqual(order, []);
    await clock.advance(1);
    await Promise.all([bg, chat]);
    assert.deepEqual(order, ['chat', 'bg']);
  });

  it('the first attempt to an endpoint goes alone until it is answered (or failed, or 2 s passed)', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0);
    const second = tracker(s.admit('background', 0));
    await settle();
    assert.equal(second.done(), false, 'waits for what the first answer says');
    s.observe(1, { 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-reset-requests': '1s' });
    await settle();
    assert.equal(second.done(), true);

    const failed = new RequestScheduler({ maxConcurrent: () => 10, clock });
    const inner = (async () => {
      throw new Error('connection reset');
    }) as unknown as typeof fetch;
    await failed.admit('background', 0);
    const next = tracker(failed.admit('background', 0));
    await assert.rejects(failed.observingFetch(inner)('http://127.0.0.1/v1/models'));
    await settle();
    assert.equal(next.done(), true, 'a probe without an answer lets the others go');

    const lost = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await lost.admit('background', 0); // admitted, never sent
    const after = tracker(lost.admit('background', 0));
    await clock.advance(1_999);
    assert.equal(after.done(), false);
    await clock.advance(1);
    assert.equal(after.done(), true);
  });

  it('with pacing off (the baseline) the headers are ignored', async () => {
    const s = new RequestScheduler({ maxConcurrent: () => 10, pacing: false, clock: new FakeClock() });
    await s.admit('background', 0);
    s.observe(1, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1h' });
    await s.admit('background', 0); // resolves at once
  });

  it('an aborted send waiter rejects and leaves the queue', async () => {
    const clock = new FakeClock();
    const s = new RequestScheduler({ maxConcurrent: () => 10, clock });
    await s.admit('background', 0);
    s.observe(1, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '10s' });
    const abort = new AbortController();
    const waiting = s.admit('background', 0, abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(s.state.waitingToSend, 0);
  });
});
