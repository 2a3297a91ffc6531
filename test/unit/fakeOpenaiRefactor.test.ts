// The fake answers a refactor-shaped schema with the delimited code changed, so refactor flows are testable end to end.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

describe('fake OpenAI: refactor answers', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
  });
  after(() => fake.close());

  const schema = {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'explanation'],
    properties: { code: { type: 'string' }, explanation: { type: 'string' } },
  };

  async function ask(user: string): Promise<{ code: string; explanation: string }> {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
    const res = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: user }],
      response_format: { type: 'json_schema', json_schema: { name: 'refactor', strict: true, schema } },
    });
    return JSON.parse(res.choices[0]!.message.content!) as { code: string; explanation: string };
  }

  it('returns the delimited code with a marker comment, keeping its indentation', async () => {
    const answer = await ask('Refactor.\n<<<BEGIN CODE>>>\n  return a + b;  \n<<<END CODE>>>');
    assert.equal(answer.code, '  // Refactored by the fake OpenAI server\n  return a + b;');
    assert.equal(typeof answer.explanation, 'string');
  });

  it('falls back to schema filler when the prompt has no delimited code', async () => {
    const answer = await ask('Refactor nothing');
    assert.ok(!answer.code.includes('Refactored by the fake'));
  });
});
