// VS Code's chat messages → our draft, and our catalogue → VS Code's model list, without a host: the parts are
// plain objects shaped like VS Code's classes (which is all the core reads). The drafts are then built and sent to
// the fake server, which validates them against the OpenAPI spec.
import * as assert from 'node:assert/strict';
import {
  LmRequestError,
  ModelCatalogue,
  answerTail,
  buildChatRequest,
  countLmTokens,
  lmModelInformation,
  runChat,
  toChatDraft,
  type LmMessage,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

const text = (value: string) => ({ value });
const user = (...content: unknown[]): LmMessage => ({ role: 'user', content });
const assistant = (...content: unknown[]): LmMessage => ({ role: 'assistant', content });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('VS Code chat messages → ChatDraft', () => {
  it('joins text parts, keeps system first and names the user', () => {
    const draft = toChatDraft(
      'gpt-4.1',
      [
        { role: 'system', content: [text('Be brief.')] },
        { ...user(text('Hello '), text('there')), name: 'ana' },
      ],
      { vision: true },
    );
    assert.deepEqual(draft.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there', name: 'ana' },
    ]);
    assert.equal(draft.tools, undefined);
  });

  it('an assistant tool call and its result become tool_calls and a tool message, the result first', () => {
    const call = { callId: 'call_1', name: 'lookup', input: { city: 'Paris' } };
    const result = { callId: 'call_1', content: [text('sunny'), { value: { json: true } }] };
    const draft = toChatDraft(
      'gpt-4.1',
      [user(text('weather?')), assistant(call), user(result, text('and?'))],
      {
        vision: true,
        tools: [{ name: 'lookup', description: 'weather', inputSchema: { type: 'object', properties: {} } }],
        toolMode: 'required',
      },
    );
    assert.deepEqual(draft.messages.slice(1), [
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny{"json":true}' },
      { role: 'user', content: 'and?' },
    ]);
    assert.equal(draft.tool_choice, 'required');
    assert.equal(draft.tools?.[0]?.type, 'function');
  });

  it('images go to a vision model as data URLs and are refused for another, never dropped', () => {
    const image = { mimeType: 'image/png', data: PNG };
    const draft = toChatDraft('gpt-4o', [user(text('what is this?'), image)], { vision: true });
    assert.deepEqual(draft.messages[0], {
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        {
          type: 'image_url',
          image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` },
        },
      ],
    });
    assert.throws(() => toChatDraft('auto', [user(text('x'), image)], { vision: false }), LmRequestError);
  });

  it('refuses a request with nothing to send', () => {
    assert.throws(() => toChatDraft('gpt-4.1', [user({ unknown: 1 })], { vision: true }), /no text/);
  });

  it('answerTail: tool calls with parsed arguments, a refusal as text; invalid arguments are refused', () => {
    const parts = answerTail({
      refusal: 'no',
      toolCalls: [{ id: 'c', name: 'f', arguments: '{"a":1}' }],
    });
    assert.deepEqual(parts, [
      { kind: 'text', text: 'The model refused: no' },
      { kind: 'toolCall', callId: 'c', name: 'f', input: { a: 1 } },
    ]);
    assert.throws(
      () => answerTail({ toolCalls: [{ id: 'c', name: 'f', arguments: '[1' }] }),
      /not a JSON object/,
    );
  });

  it('counts tokens with our tokenizer: a string, and a message with its framing', () => {
    const count = (s: string): number => s.length; // a stand-in counter: the framing is what is checked here
    assert.equal(countLmTokens('abcd', count), 4);
    assert.equal(countLmTokens(user(text('abcd')), count), 4 + 3);
  });

  describe('the drafts are valid requests', () => {
    const fake = useFakeOpenAI();
    it('a tool round trip as built from the draft passes the spec and gets the tool answer', async () => {
      const draft = toChatDraft(
        'gpt-4.1-mini',
        [
          user(text('weather?')),
          assistant({ callId: 'call_9', name: 'lookup', input: {} }),
          user({ callId: 'call_9', content: [text('rain')] }),
        ],
        { vision: true, tools: [{ name: 'lookup', description: 'weather' }] },
      );
      const { request } = buildChatRequest(draft, new ModelCatalogue());
      const result = await runChat(fake.client(), request);
      assert.equal(result.content, 'The tool returned: rain. That is the fake answer.');
    });
  });
});

describe('catalogue → VS Code model information', () => {
  it('offers the known chat models with their limits and capabilities, plus auto', () => {
    const models = lmModelInformation(new ModelCatalogue());
    const ids = models.map((m) => m.id);
    assert.deepEqual(ids, ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'o3', 'o4-mini', 'auto']);
    const mini = models.find((m) => m.id === 'gpt-4.1-mini')!;
    assert.equal(mini.maxInputTokens, 1_047_576 - 32_768);
    assert.equal(mini.maxOutputTokens, 32_768);
    assert.deepEqual(mini.capabilities, { imageInput: true, toolCalling: true });
    assert.match(mini.tooltip, /\$0\.4 in \/ \$1\.6 out per 1M tokens/);
    const auto = models.at(-1)!;
    assert.equal(auto.capabilities.imageInput, false, 'auto may route to a model that cannot see');
    assert.equal(auto.maxInputTokens, 200_000 - 100_000, 'what the smallest input limit (o3, o4-mini) takes');
  });

  it('only what the endpoint lists, once its list is known; unknown models are left out', () => {
    const listed = new ModelCatalogue().withAvailable(['gpt-4.1-nano', 'some-local-model']);
    assert.deepEqual(
      lmModelInformation(listed).map((m) => m.id),
      ['gpt-4.1-nano', 'auto'],
    );
    assert.deepEqual(lmModelInformation(new ModelCatalogue().withAvailable(['llama'])), []);
  });
});
