// The chat's own system prompt: long enough for OpenAI's prompt caching (≥ 1,024 tokens with the real tokenizer),
// byte-stable, first in every request with the user's `chat.systemPrompt` after it, and cached from the second turn
// of a conversation on (the fake reports `cached_tokens` for a repeated prefix of ≥ 1,024 tokens, as the API does).
// JSON mode (`request.responseFormat: json_object`) sends response_format and says so in the prompt.
import * as assert from 'node:assert/strict';
import { CHAT_SYSTEM_PROMPT, chatSystemPrompt, loadTokenCounter } from '../../src/core';
import { createChatHarness, type ChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';

interface SentBody {
  messages: { role: string; content: string }[];
  response_format?: { type: string };
}

describe('chat system prompt', () => {
  const h = useFakeOpenAI();
  let chat: ChatHarness | undefined;
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });
  const sent = (): SentBody[] =>
    h.fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as SentBody);

  it('is at least 1,024 tokens, names the path:line citation form, and holds nothing that changes', async () => {
    const count = await loadTokenCounter();
    assert.ok(count(CHAT_SYSTEM_PROMPT) >= 1024, `${count(CHAT_SYSTEM_PROMPT)} tokens`);
    assert.match(CHAT_SYSTEM_PROMPT, /src\/server\/routes\.ts:42/);
    assert.match(CHAT_SYSTEM_PROMPT, /<<<BEGIN NAME>>>/);
    assert.doesNotMatch(CHAT_SYSTEM_PROMPT, /\b20\d\d-\d\d-\d\d\b|\$\{/, 'no date, no interpolation');
    assert.equal(chatSystemPrompt(''), CHAT_SYSTEM_PROMPT);
    assert.equal(chatSystemPrompt('  '), CHAT_SYSTEM_PROMPT);
  });

  it("goes first in every turn, byte for byte, with the user's prompt after it; the second turn is cached", async () => {
    chat = await createChatHarness({
      client: h.client(),
      settings: { systemPrompt: 'Answer like a pirate.' },
    });
    await chat.session.send('What is a queue?', [], false);
    await chat.session.send('And a stack?', [], false);
    const [first, second] = sent();
    const system = first!.messages[0]!;
    assert.equal(system.role, 'system');
    assert.ok(system.content.startsWith(CHAT_SYSTEM_PROMPT), 'the product prompt leads');
    assert.ok(system.content.endsWith('Answer like a pirate.'), "the user's prompt follows it");
    assert.equal(second!.messages[0]!.content, system.content, 'byte-identical on the next turn');
    assert.equal(first!.response_format, undefined, 'text: no response_format is sent');
    const done = chat.ofType('turnDone');
    assert.equal(done.length, 2);
    assert.equal(done[0]!.usage?.cached, 0, 'nothing is cached on the first request');
    assert.ok((done[1]!.usage?.cached ?? 0) > 0, `second turn cached ${done[1]!.usage?.cached} tokens`);
    assert.ok((done[1]!.usage?.cached ?? 0) >= 1024);
  });

  it('JSON mode sends response_format json_object and tells the model so', async () => {
    chat = await createChatHarness({ client: h.client(), settings: { responseFormat: 'json_object' } });
    await chat.session.send('List three colours', [], false);
    const body = sent().at(-1)!;
    assert.deepEqual(body.response_format, { type: 'json_object' });
    assert.match(body.messages[0]!.content, /JSON mode: answer with a single JSON object/);
  });
});
