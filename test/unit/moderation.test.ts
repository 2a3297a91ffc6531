// Moderation against the fake server's /v1/moderations (flags "kill" as violence, `[[flag:<category>]]` markers).
import * as assert from 'node:assert/strict';
import { ApiError, lastUserText, moderate, moderationDecision } from '../../src/core';
import { assertNoSecret, rejection } from './helpers/errors';
import { useFakeOpenAI } from './helpers/fakeServer';

describe('moderation (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  it('passes clean input with omni-moderation-latest', async () => {
    const r = await moderate(h.client(), 'How do I sort a list in Python?');
    assert.equal(r.flagged, false);
    assert.deepEqual(r.categories, []);
    assert.match(r.requestId ?? '', /^req_/);
    const sent = h.fake.requests.at(-1)!;
    assert.equal(sent.path, '/v1/moderations');
    assert.deepEqual(sent.body, {
      model: 'omni-moderation-latest',
      input: 'How do I sort a list in Python?',
    });
  });

  it('returns the flagged categories, across several inputs', async () => {
    const r = await moderate(h.client(), ['I will kill the process', 'fine [[flag:harassment]]']);
    assert.equal(r.flagged, true);
    assert.deepEqual(r.categories, ['harassment', 'violence']);
  });

  it('maps failures to ApiError without the key', async () => {
    const err = await rejection(moderate(h.client('sk-rejectme-0123456789'), 'hello'));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'auth');
    assertNoSecret(err, 'sk-rejectme-0123456789');
  });

  it('decides per mode: off sends, warn asks, block refuses', async () => {
    const flagged = await moderate(h.client(), 'kill it');
    assert.equal(moderationDecision('off', flagged).action, 'send');
    assert.equal(moderationDecision('warn', flagged).action, 'warn');
    const block = moderationDecision('block', flagged);
    assert.equal(block.action, 'block');
    assert.match(block.message, /violence/);
    const clean = await moderate(h.client(), 'hello');
    assert.equal(moderationDecision('block', clean).action, 'send');
  });

  it('looks at the last user message only', () => {
    const text = lastUserText([
      { role: 'user', content: 'old' },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: [{ type: 'text', text: 'new' }] },
      { role: 'tool', content: 'tool output' },
    ]);
    assert.equal(text, 'new');
  });
});
