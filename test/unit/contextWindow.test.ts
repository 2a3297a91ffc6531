// Context-window trimming with the real tokenizer: the oldest whole turns go first, the system prompt and the
// newest turn always stay, and the count of left-out turns is reported. The tokenizer loads lazily.
import * as assert from 'node:assert/strict';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  countMessageTokens,
  isTokenCounterLoaded,
  loadTokenCounter,
  trimToContextWindow,
} from '../../src/core';

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

function conversation(turns: number, wordsPerMessage: number): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: 'You are terse.' }];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'user', content: `turn ${t}: ${words(wordsPerMessage, 'q')}` });
    messages.push({ role: 'assistant', content: `answer ${t}: ${words(wordsPerMessage, 'a')}` });
  }
  messages.push({ role: 'user', content: 'the newest question' });
  return messages;
}

describe('context window trimming', () => {
  // That importing the core does not load the tokenizer is checked in a fresh process (budget.test.ts): the
  // counter is shared by the whole process, so any earlier suite may have loaded it here.
  it('counts tokens with gpt-tokenizer (o200k_base)', async () => {
    const count = await loadTokenCounter();
    assert.equal(isTokenCounterLoaded(), true);
    assert.equal(count('hello world'), 2);
    assert.equal(countMessageTokens({ role: 'user', content: 'hello world' }, count), 5);
    const withImage = countMessageTokens(
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello world' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
      count,
    );
    assert.ok(withImage > 500, `an image is counted, got ${withImage}`);
  });

  it('keeps everything when it fits', async () => {
    const count = await loadTokenCounter();
    const messages = conversation(3, 20);
    const result = trimToContextWindow(messages, { contextWindow: 100_000, reserveForOutput: 1000, count });
    assert.equal(result.leftOutTurns, 0);
    assert.deepEqual(result.messages, messages);
  });

  it('leaves out the oldest whole turns first and reports how many', async () => {
    const count = await loadTokenCounter();
    const messages = conversation(10, 100);
    const full = trimToContextWindow(messages, {
      contextWindow: 1e9,
      reserveForOutput: 0,
      count,
    }).promptTokens;
    const perTurn = countMessageTokens(messages[1]!, count) + countMessageTokens(messages[2]!, count);
    // Room for roughly half of the history.
    const window = full - 5 * perTurn + 10;
    const result = trimToContextWindow(messages, {
      contextWindow: window + 500,
      reserveForOutput: 500,
      count,
    });
    assert.ok(result.leftOutTurns >= 4 && result.leftOutTurns <= 6, `left out ${result.leftOutTurns}`);
    assert.equal(result.leftOutMessages, result.leftOutTurns * 2);
    assert.ok(result.promptTokens <= window, `${result.promptTokens} <= ${window}`);
    assert.deepEqual(result.messages[0], messages[0], 'system prompt kept');
    assert.deepEqual(result.messages.at(-1), messages.at(-1), 'newest question kept');
    const firstUser = result.messages[1] as { role: string; content: string };
    assert.equal(firstUser.role, 'user');
    assert.ok(firstUser.content.startsWith(`turn ${result.leftOutTurns}:`), firstUser.content);
  });

  it('never drops the newest turn or the system prompt, even when they alone are too big', async () => {
    const count = await loadTokenCounter();
    const messages = conversation(2, 200);
    const result = trimToContextWindow(messages, { contextWindow: 50, reserveForOutput: 10, count });
    assert.equal(result.leftOutTurns, 2);
    assert.deepEqual(result.messages, [messages[0], messages.at(-1)]);
  });
});
