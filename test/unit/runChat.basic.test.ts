// runChat against the fake OpenAI server over real HTTP: the answers a healthy API gives, each compared with the
// SDK's own accumulation of the same bytes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChat, type ChatRequest } from '../../src/core';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';
import { comparable, sdkAccumulate } from './helpers/sdkReference';
import { rejection } from './helpers/errors';

const RECORDED = path.resolve(__dirname, '../../../shared/openai-recorded-streams');

function ask(text: string, fault?: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'gpt-4.1-mini', messages: [userMessage(text, fault)], ...extra };
}

const TOOLS: ChatRequest['tools'] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
      strict: true,
    },
  },
  {
    type: 'function',
    function: {
      name: 'lookup_time',
      description: 'Local time in a timezone',
      parameters: {
        type: 'object',
        properties: { timezone: { type: 'string' } },
        required: ['timezone'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: { name: 'no_args', parameters: { type: 'object', properties: {} } },
  },
];

describe('runChat: answers (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  it('streams a text answer: deltas in order, usage, request id, one attempt', async () => {
    const deltas: string[] = [];
    const firstBytes: number[] = [];
    const result = await runChat(h.client(), ask('Say hello to the workbench'), {
      onDelta: (t) => deltas.push(t),
      onFirstByte: (a) => firstBytes.push(a),
    });
    assert.ok(result.content.length > 0);
    assert.ok(deltas.length > 1, 'the answer arrives in several deltas');
    assert.equal(deltas.join(''), result.content);
    assert.equal(result.finishReason, 'stop');
    assert.deepEqual(result.toolCalls, []);
    assert.equal(result.refusal, undefined);
    assert.match(result.model, /^gpt-4\.1-mini/);
    assert.equal(result.requestedModel, 'gpt-4.1-mini');
    assert.match(result.requestId ?? '', /^req_/);
    assert.equal(result.attempts, 1);
    assert.deepEqual(firstBytes, [1]);
    assert.ok(result.usage && result.usage.promptTokens > 0 && result.usage.completionTokens > 0);
    assert.ok(result.timeToFirstTokenMs !== undefined && result.timeToFirstTokenMs <= result.latencyMs);
    assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), ask('Say hello to the workbench')));
  });

  it('sends stream: true with stream_options.include_usage, keeping the caller parameters', async () => {
    await runChat(
      h.client(),
      ask('params', undefined, { temperature: 0, seed: 7, max_completion_tokens: 50 }),
    );
    const body = h.fake.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.temperature, 0);
    assert.equal(body.seed, 7);
    assert.equal(body.max_completion_tokens, 50);
  });

  it('JSON mode (json_object) gives parseable JSON', async () => {
    const req = ask('Give me a JSON object about cats', undefined, {
      response_format: { type: 'json_object' },
    });
    const result = await runChat(h.client(), req);
    assert.equal(typeof JSON.parse(result.content), 'object');
    assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), req));
  });

  it('Structured Outputs (json_schema) gives JSON that has the required fields', async () => {
    const req = ask('Describe a city', undefined, {
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, population: { type: 'integer' } },
            required: ['name', 'population'],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = JSON.parse((await runChat(h.client(), req)).content) as {
      name: unknown;
      population: unknown;
    };
    assert.equal(typeof parsed.name, 'string');
    assert.ok(Number.isInteger(parsed.population));
  });

  it('accumulates parallel tool calls streamed as deltas over many chunks, like the SDK', async () => {
    const req = ask('Weather and time please', 'tools', { tools: TOOLS });
    const result = await runChat(h.client(), req);
    assert.equal(result.finishReason, 'tool_calls');
    assert.deepEqual(
      result.toolCalls.map((c) => c.name),
      ['get_weather', 'lookup_time', 'no_args'],
    );
    for (const call of result.toolCalls) {
      assert.match(call.id, /\S/);
      assert.equal(typeof JSON.parse(call.arguments), 'object');
    }
    const weather = JSON.parse(result.toolCalls[0]!.arguments) as { city: unknown; unit: unknown };
    assert.equal(typeof weather.city, 'string');
    assert.ok(weather.unit === 'c' || weather.unit === 'f');
    assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), req));
  });

  it('returns a refusal as refusal, not content', async () => {
    const deltas: string[] = [];
    const req = ask('Something forbidden', 'refusal');
    const result = await runChat(h.client(), req, { onDelta: (t) => deltas.push(t) });
    assert.ok(result.refusal && result.refusal.length > 0);
    assert.equal(result.content, '');
    assert.deepEqual(deltas, []);
    assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), req));
  });

  it('reports cached prompt tokens when a long prefix repeats', async () => {
    const longSystem = Array.from({ length: 700 }, (_, i) => `Rule ${i}: keep answers short and exact.`).join(
      ' ',
    );
    const req = (q: string): ChatRequest => ({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'system', content: longSystem }, userMessage(q)],
    });
    const first = await runChat(h.client(), req('first question'));
    const second = await runChat(h.client(), req('second question'));
    assert.ok(first.usage && second.usage);
    assert.equal(first.usage.cachedTokens, 0);
    assert.ok(second.usage.promptTokens >= 1024);
    assert.ok(second.usage.cachedTokens >= 1024, `cached ${second.usage.cachedTokens}`);
    assert.equal(second.usage.cachedTokens % 128, 0);
    assert.ok(second.usage.cachedTokens <= second.usage.promptTokens);
  });

  it('reports reasoning tokens for an o-series model', async () => {
    const req: ChatRequest = { model: 'o4-mini', messages: [userMessage('Think about primes')] };
    const result = await runChat(h.client(), req);
    assert.ok(result.usage && result.usage.reasoningTokens > 0);
    assert.match(result.model, /^o4-mini/);
    assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), req));
  });

  it('returns an answer cut by max tokens with finishReason length (not an error)', async () => {
    const result = await runChat(h.client(), ask('Long story', 'length'));
    assert.equal(result.finishReason, 'length');
    assert.ok(result.content.length > 0);
  });

  it('passes rich markdown and XSS payloads through untouched (rendering sanitises, not the client)', async () => {
    const md = await runChat(h.client(), ask('Show markdown', 'markdown'));
    assert.match(md.content, /```/);
    const xss = await runChat(h.client(), ask('Show xss', 'xss'));
    assert.match(xss.content, /<script|onerror|javascript:/i);
  });

  it('splits an answer into exactly N content chunks (chunks=N)', async () => {
    let calls = 0;
    const result = await runChat(h.client(), ask('count', 'chunks=40'), { onDelta: () => calls++ });
    assert.equal(calls, 40);
    assert.equal(result.finishReason, 'stop');
  });

  describe('recorded API streams, replayed byte for byte', () => {
    const stems = fs.existsSync(RECORDED)
      ? fs
          .readdirSync(RECORDED)
          .filter((f) => f.endsWith('.sse'))
          .map((f) => f.slice(0, -4))
      : [];
    it('finds the recorded streams', () => {
      assert.ok(
        stems.length >= 4,
        `expected the recorded .sse files in ${RECORDED} (../shared beside the repo)`,
      );
    });
    for (const stem of stems) {
      it(`${stem}: equals the SDK's own accumulation`, async () => {
        const req: ChatRequest = { model: 'gpt-4o', messages: [userMessage('replay', `replay=${stem}`)] };
        const deltas: string[] = [];
        const result = await runChat(h.client(), req, {
          onDelta: (t) => deltas.push(t),
          validateJson: false,
        });
        assert.equal(deltas.join(''), result.content);
        assert.deepEqual(comparable(result), await sdkAccumulate(h.client(), req));
        assert.ok(result.content.length > 0 || (result.refusal ?? '').length > 0);
      });
    }
  });

  it('a request the spec does not allow (max_token) is rejected as bad_request naming the property', async () => {
    const bad = { ...ask('typo'), max_token: 5 } as unknown as ChatRequest;
    const err = await rejection(runChat(h.client(), bad));
    assert.equal(err.kind, 'bad_request');
    assert.equal(err.status, 400);
    assert.match(err.message, /max_token/);
    assert.equal(err.attempts, 1);
    assert.equal(h.chatRequests(), 1);
  });
});
