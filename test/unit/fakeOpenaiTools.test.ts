// The fake's tool-calling turns, driven by the official SDK over real HTTP: a scripted turn of several rounds with
// parallel calls (arguments in many chunks), the requests that carry the results back staying spec-valid, the
// text answer once the script is used up, and the TODO rule of the offline demo.
import * as assert from 'node:assert/strict';
import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';
import { toolScriptMarker } from '../fake-openai/toolScript';

const tool = (name: string): ChatCompletionFunctionTool => ({
  type: 'function',
  function: {
    name,
    parameters: { type: 'object', properties: { path: { type: 'string' } }, additionalProperties: false },
  },
});

describe('fake OpenAI server: tool-calling turns', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  async function round(messages: ChatCompletionMessageParam[], tools: ChatCompletionFunctionTool[]) {
    const chunks: ChatCompletionChunk[] = [];
    const stream = client.chat.completions.stream({ model: 'gpt-4.1-mini', messages, tools });
    stream.on('chunk', (c) => chunks.push(c));
    const done = await stream.finalChatCompletion();
    return { message: done.choices[0]!.message, finish: done.choices[0]!.finish_reason, chunks };
  }

  it('follows a script: parallel calls in round one, one call in round two, then a text answer', async () => {
    const marker = toolScriptMarker([
      [
        { name: 'read_file', arguments: { path: 'src/a.ts' } },
        { name: 'list_files', arguments: { path: 'src' } },
      ],
      [{ name: 'read_file', arguments: { path: 'src/b.ts' } }],
    ]);
    const tools = [tool('read_file'), tool('list_files')];
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: `Look around ${marker}` }];

    const first = await round(messages, tools);
    assert.equal(first.finish, 'tool_calls');
    const calls = first.message.tool_calls ?? [];
    assert.deepEqual(
      calls.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : [])),
      [
        ['read_file', { path: 'src/a.ts' }],
        ['list_files', { path: 'src' }],
      ],
    );
    const fragments = first.chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).filter((d) => !d.id);
    assert.ok(new Set(fragments.map((f) => f.index)).size === 2 && fragments.length > 4, 'split arguments');

    messages.push(
      { role: 'assistant', content: null, tool_calls: calls },
      ...calls.map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: `result of ${c.id}` })),
    );
    const second = await round(messages, tools);
    const again = second.message.tool_calls ?? [];
    assert.equal(again.length, 1);
    assert.ok(again[0]!.type === 'function' && again[0]!.function.name === 'read_file');
    assert.notEqual(again[0]!.id, calls[0]!.id, 'every call has its own id');

    messages.push(
      { role: 'assistant', content: null, tool_calls: again },
      { role: 'tool', tool_call_id: again[0]!.id, content: 'contents of b' },
    );
    const third = await round(messages, tools);
    assert.equal(third.finish, 'stop');
    assert.match(third.message.content ?? '', /The tool returned: contents of b/);
    assert.ok(fake.specChecked, 'the requests were checked against the spec');
    assert.ok(
      fake.requests.every((r) => r.status === 200),
      'every request of the turn fits the spec',
    );
  });

  it('answers in text when no tools are offered, even with rounds left in the script', async () => {
    const marker = toolScriptMarker([[{ name: 'read_file', arguments: {} }]]);
    const r = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: `hi ${marker}` }],
    });
    assert.equal(r.choices[0]!.finish_reason, 'stop');
  });

  it('sends malformed arguments verbatim and calls tools it was not offered, as models sometimes do', async () => {
    const marker = toolScriptMarker([
      [
        { name: 'read_file', rawArguments: '{"path": "a.ts' },
        { name: 'delete_everything', arguments: {} },
      ],
    ]);
    const r = await round([{ role: 'user', content: `go ${marker}` }], [tool('read_file')]);
    const calls = (r.message.tool_calls ?? []).map((c) => (c.type === 'function' ? c.function : null));
    assert.deepEqual(calls, [
      { name: 'read_file', arguments: '{"path": "a.ts' },
      { name: 'delete_everything', arguments: '{}' },
    ]);
  });

  it('searches for TODO comments when asked about them (the rule of the offline demo)', async () => {
    const r = await round(
      [{ role: 'user', content: 'How many TODO comments are in this workspace?' }],
      [tool('search_text'), tool('list_files')],
    );
    const names = (r.message.tool_calls ?? []).map((c) => (c.type === 'function' ? c.function.name : ''));
    assert.deepEqual(names, ['search_text', 'list_files']);
  });
});
