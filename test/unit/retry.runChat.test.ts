// runChat's retries and fallbacks against the fake server, with a fake sleep that records every wait.
import * as assert from 'node:assert/strict';
import { runChat, type ApiError, type ChatRequest } from '../../src/core';
import { recordingSleep } from './helpers/clock';
import { rejection } from './helpers/errors';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

function ask(fault: string, model = 'gpt-4.1-mini'): ChatRequest {
  return { model, messages: [userMessage('Retry me', fault)] };
}

describe('runChat: retries and fallbacks (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  it('backs off 1 s, 2 s, 4 s, 8 s between the 5 attempts (jitter off at random = 0.5)', async () => {
    const clock = recordingSleep();
    const retries: [number, number, string][] = [];
    const attempts: number[] = [];
    const err = await rejection(
      runChat(h.client(), ask('server_error'), {
        sleep: clock.sleep,
        random: () => 0.5,
        onAttempt: (n) => attempts.push(n),
        onRetry: (attempt, delay, e) => retries.push([attempt, delay, e.kind]),
      }),
    );
    assert.equal(err.kind, 'server');
    assert.deepEqual(clock.waits, [1000, 2000, 4000, 8000]);
    assert.deepEqual(retries, [
      [1, 1000, 'server'],
      [2, 2000, 'server'],
      [3, 4000, 'server'],
      [4, 8000, 'server'],
    ]);
    assert.deepEqual(attempts, [1, 2, 3, 4, 5]);
    assert.match(err.message, /Gave up after 5 attempts/);
    assert.equal(h.chatRequests(), 5);
  });

  it('keeps real jitter within ±20 % of each step', async () => {
    const clock = recordingSleep();
    await rejection(runChat(h.client(), ask('unavailable'), { sleep: clock.sleep }));
    const steps = [1000, 2000, 4000, 8000];
    assert.equal(clock.waits.length, steps.length);
    clock.waits.forEach((w, i) => {
      assert.ok(w >= steps[i]! * 0.8 && w <= steps[i]! * 1.2, `wait ${i}: ${w}`);
    });
  });

  it('honours retry-after (seconds) and then answers', async () => {
    const clock = recordingSleep();
    const result = await runChat(h.client(), ask('rate_limit;retry_after=3;times=2'), { sleep: clock.sleep });
    assert.deepEqual(clock.waits, [3000, 3000]);
    assert.equal(result.attempts, 3);
    assert.equal(h.chatRequests(), 3);
    assert.ok(result.content.length > 0);
  });

  it('honours retry-after-ms over retry-after', async () => {
    const clock = recordingSleep();
    const result = await runChat(h.client(), ask('rate_limit;retry_after_ms=1500;times=1'), {
      sleep: clock.sleep,
    });
    assert.deepEqual(clock.waits, [1500]);
    assert.equal(result.attempts, 2);
  });

  it('does not wait for a retry-after beyond maxRetryAfterMs: rate_limit at once, with the wait in the error', async () => {
    const clock = recordingSleep();
    const err = await rejection(
      runChat(h.client(), ask('rate_limit;retry_after=90'), { sleep: clock.sleep }),
    );
    assert.equal(err.kind, 'rate_limit');
    assert.equal(err.retryAfterMs, 90_000);
    assert.match(err.message, /wait 90 s/);
    assert.deepEqual(clock.waits, []);
    assert.equal(h.chatRequests(), 1);
  });

  it('maxAttempts tunes the number of tries; retry: false makes one', async () => {
    const clock = recordingSleep();
    await rejection(
      runChat(h.client(), ask('bad_gateway'), { sleep: clock.sleep, retry: { maxAttempts: 3 } }),
    );
    assert.equal(h.chatRequests(), 3);
    h.fake.reset();
    const err = await rejection(
      runChat(h.client(), ask('bad_gateway'), { sleep: clock.sleep, retry: false }),
    );
    assert.equal(h.chatRequests(), 1);
    assert.equal(err.attempts, 1);
  });

  it('falls back to the next model after retries fail on 5xx, and says which model answered', async () => {
    const clock = recordingSleep();
    const switched: [string, string][] = [];
    // times=5: the 5 attempts on gpt-4.1 fail; the fallback's request (same marker) is the 6th and passes.
    const result = await runChat(h.client(), ask('unavailable;times=5', 'gpt-4.1'), {
      sleep: clock.sleep,
      fallbackModels: ['gpt-4.1-mini'],
      onModel: (model, e) => switched.push([model, e.kind]),
    });
    assert.equal(result.requestedModel, 'gpt-4.1-mini');
    assert.match(result.model, /^gpt-4\.1-mini/);
    assert.equal(result.attempts, 6);
    assert.deepEqual(switched, [['gpt-4.1-mini', 'server']]);
    const models = h.fake.requests.map((r) => (r.body as { model: string }).model);
    assert.deepEqual(models, ['gpt-4.1', 'gpt-4.1', 'gpt-4.1', 'gpt-4.1', 'gpt-4.1', 'gpt-4.1-mini']);
  });

  it('falls back at once (no retries) when the model does not exist', async () => {
    const clock = recordingSleep();
    const result = await runChat(h.client(), ask('', 'gpt-unknown-model'), {
      sleep: clock.sleep,
      fallbackModels: ['gpt-4.1-nano'],
    });
    assert.equal(result.requestedModel, 'gpt-4.1-nano');
    assert.equal(result.attempts, 2);
    assert.deepEqual(clock.waits, []);
  });

  it('does not fall back on quota or auth errors, and reports the last model tried', async () => {
    for (const fault of ['insufficient_quota', 'unauthorized']) {
      h.fake.reset();
      const err: ApiError = await rejection(
        runChat(h.client(), ask(fault), { fallbackModels: ['gpt-4.1-nano'], sleep: recordingSleep().sleep }),
      );
      assert.equal(h.chatRequests(), 1, fault);
      assert.equal(err.model, 'gpt-4.1-mini');
    }
  });

  it('with every fallback failing, rejects with the last error and the total attempts', async () => {
    const err = await rejection(
      runChat(h.client(), ask('server_error'), {
        fallbackModels: ['gpt-4.1-nano'],
        retry: { maxAttempts: 2 },
        sleep: recordingSleep().sleep,
      }),
    );
    assert.equal(err.kind, 'server');
    assert.equal(err.attempts, 4);
    assert.equal(err.model, 'gpt-4.1-nano');
    assert.equal(h.chatRequests(), 4);
  });
});
