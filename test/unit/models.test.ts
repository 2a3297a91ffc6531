// The model catalogue, `auto` routing and the request builder; the builder's output is sent to the fake server,
// which refuses what the real API refuses (temperature on o-series, max_tokens on reasoning models, unknown fields).
import * as assert from 'node:assert/strict';
import {
  ApiError,
  AUTO_MODEL,
  DEFAULT_MODEL,
  ModelCatalogue,
  assemblePrompt,
  buildChatRequest,
  fetchAvailableModelIds,
  routeModel,
  runChat,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

describe('model catalogue', () => {
  const cat = new ModelCatalogue();

  it('holds the published prices, limits and capabilities with their source and date', () => {
    const m = cat.get('gpt-4.1');
    assert.deepEqual([m.price?.inputPerM, m.price?.outputPerM, m.price?.cachedInputPerM], [2, 8, 0.5]);
    assert.equal(m.contextWindow, 1_047_576);
    assert.equal(m.maxOutputTokens, 32_768);
    assert.equal(m.reasoning, false);
    assert.match(m.price!.source, /openai\.com\/api\/pricing.*verify/);
    assert.match(m.price!.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(cat.get('gpt-4.1-nano').price?.inputPerM, 0.1);
    assert.equal(cat.get('gpt-4o').maxOutputTokens, 16_384);
    assert.equal(cat.get('o3').reasoning, true);
    assert.equal(cat.get('o4-mini').contextWindow, 200_000);
    assert.equal(cat.get('text-embedding-3-large').price?.inputPerM, 0.13);
    assert.equal(DEFAULT_MODEL, 'gpt-4.1-mini');
  });

  it('prices a dated snapshot like its alias, and an unknown model as unknown (null), never $0', () => {
    assert.equal(cat.get('gpt-4.1-mini-2025-04-14').price?.inputPerM, 0.4);
    assert.equal(cat.get('omni-moderation-2024-09-26').price?.inputPerM, 0, 'the -latest alias: free, known');
    const unknown = cat.get('llama3.1:8b');
    assert.equal(unknown.price, null);
    assert.equal(unknown.known, false);
    assert.equal(cat.get('o9-preview').reasoning, true, 'o-series names are treated as reasoning models');
  });

  it('applies overrides from settings; a partial price on an unknown model stays unknown', () => {
    const o = cat.withOverrides({
      'gpt-4.1': { inputPerM: 1.5 },
      'my-model': { inputPerM: 1, outputPerM: 2 },
      'half-priced': { inputPerM: 1 },
    });
    assert.deepEqual([o.get('gpt-4.1').price?.inputPerM, o.get('gpt-4.1').price?.outputPerM], [1.5, 8]);
    assert.equal(o.get('gpt-4.1').price?.source, 'settings override');
    assert.equal(o.get('my-model').price?.outputPerM, 2);
    assert.equal(o.get('half-priced').price, null);
  });

  describe('merged with GET /v1/models', () => {
    const h = useFakeOpenAI();
    it('lists every served model; one the catalogue lacks is usable with an unknown price', async () => {
      const ids = await fetchAvailableModelIds(h.client());
      const merged = cat.withAvailable(ids);
      assert.ok(ids.includes('gpt-4o-mini'));
      const mini = merged.get('gpt-4o-mini');
      assert.equal(mini.available, true);
      assert.equal(mini.price, null);
      assert.equal(merged.get('gpt-4.1').available, true);
      assert.ok(merged.list('chat').some((m) => m.id === 'gpt-4o-mini'));
      assert.equal(h.fake.requests.filter((r) => r.path === '/v1/models').length, 1);
    });

    it('rejects with an auth ApiError when the key is refused', async () => {
      await assert.rejects(
        fetchAvailableModelIds(h.client('sk-rejectme-123456')),
        (e: unknown) => e instanceof ApiError && e.kind === 'auth',
      );
    });
  });
});

describe('auto routing', () => {
  it('sends extraction and short questions to nano, long context to gpt-4.1, the rest to mini', () => {
    assert.equal(routeModel({ kind: 'extraction', promptTokens: 5_000 }).model, 'gpt-4.1-nano');
    assert.equal(routeModel({ kind: 'question', promptTokens: 300 }).model, 'gpt-4.1-nano');
    assert.equal(routeModel({ kind: 'question', promptTokens: 3_000 }).model, 'gpt-4.1-mini');
    assert.equal(routeModel({ kind: 'code', promptTokens: 3_000 }).model, 'gpt-4.1-mini');
    assert.equal(routeModel({ kind: 'extraction', promptTokens: 150_000 }).model, 'gpt-4.1');
  });

  it('takes its rules as data that settings can replace', () => {
    const rules = [{ kind: 'code', model: 'o4-mini' }];
    assert.deepEqual(routeModel({ kind: 'code', promptTokens: 10 }, rules), {
      model: 'o4-mini',
      ruleIndex: 0,
    });
    assert.deepEqual(routeModel({ kind: 'chat', promptTokens: 10 }, rules), {
      model: DEFAULT_MODEL,
      ruleIndex: -1,
    });
  });

  it('routes an `auto` draft in the builder and keeps `kind` out of the request', () => {
    const built = buildChatRequest(
      {
        model: AUTO_MODEL,
        kind: 'extraction',
        messages: [{ role: 'user', content: 'names in: Ann met Bo' }],
      },
      new ModelCatalogue(),
    );
    assert.equal(built.request.model, 'gpt-4.1-nano');
    assert.equal(built.route?.ruleIndex, 1);
    assert.ok(!('kind' in built.request));
  });
});

describe('request builder', () => {
  const cat = new ModelCatalogue();
  const h = useFakeOpenAI();
  const messages = [{ role: 'user' as const, content: 'hello' }];
  const settings = {
    temperature: 0.2,
    topP: 0.9,
    seed: 7,
    maxOutputTokens: 500,
    reasoningEffort: 'low' as const,
  };

  it('gives a reasoning model max_completion_tokens + reasoning_effort and never temperature/top_p', async () => {
    const built = buildChatRequest({ model: 'o3', messages }, cat, settings);
    assert.deepEqual(built.request, {
      model: 'o3',
      messages,
      max_completion_tokens: 500,
      reasoning_effort: 'low',
      seed: 7,
    });
    assert.ok(built.adjustments.some((a) => /temperature/.test(a)));
    const result = await runChat(h.client(), built.request, { retry: false });
    assert.equal(result.finishReason, 'stop');
    assert.ok((result.usage?.reasoningTokens ?? 0) > 0);
  });

  it('gives other models temperature, top_p, max_tokens and seed, task values before settings', async () => {
    const built = buildChatRequest(
      { model: 'gpt-4.1-mini', messages, temperature: 0, reasoning_effort: 'high' },
      cat,
      settings,
    );
    assert.deepEqual(built.request, {
      model: 'gpt-4.1-mini',
      messages,
      temperature: 0,
      top_p: 0.9,
      max_tokens: 500,
      seed: 7,
    });
    const result = await runChat(h.client(), built.request, { retry: false });
    assert.equal(result.finishReason, 'stop');
    const sent = h.fake.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(sent.temperature, 0);
    assert.equal(sent.max_tokens, 500);
  });

  it('clamps max output to the model limit and passes response_format from settings', () => {
    const fmt = { type: 'json_object' as const };
    const built = buildChatRequest({ model: 'gpt-4o', messages, max_tokens: 50_000 }, cat, {
      responseFormat: fmt,
    });
    assert.equal(built.request.max_tokens, 16_384);
    assert.deepEqual(built.request.response_format, fmt);
  });

  it('uses the settings model, then the default, when the draft names none', () => {
    assert.equal(buildChatRequest({ messages }, cat, { model: 'gpt-4o' }).request.model, 'gpt-4o');
    assert.equal(buildChatRequest({ messages }, cat).request.model, 'gpt-4.1-mini');
  });

  it('assembles prompts static first (system, examples, context), dynamic last', () => {
    const msgs = assemblePrompt({
      system: 'S',
      examples: [{ user: 'eu', assistant: 'ea' }],
      context: ['file text'],
      history: [
        { role: 'user', content: 'h1' },
        { role: 'assistant', content: 'h2' },
      ],
      user: 'now',
    });
    assert.deepEqual(
      msgs.map((m) => `${m.role}:${String(m.content)}`),
      ['system:S', 'user:eu', 'assistant:ea', 'user:file text', 'user:h1', 'assistant:h2', 'user:now'],
    );
  });
});
