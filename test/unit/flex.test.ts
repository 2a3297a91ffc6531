// Flex processing through the Workbench against the fake over real HTTP: the tier asked for reaches the API, the
// ledger prices each request by the tier the response says it was served with, flex gets the longer timeouts, and a
// 429 resource_unavailable on flex falls back to the default tier only when the user allows it.
import * as assert from 'node:assert/strict';
import {
  ApiError,
  FLEX_TIMEOUTS,
  ModelCatalogue,
  computeCostUsd,
  createWorkbench,
  entryFromResult,
  priceForTier,
  runChat,
  type LedgerEntry,
  type WorkbenchDeps,
} from '../../src/core';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

const catalogue = new ModelCatalogue();

describe('flex processing and priced-by-served-tier', () => {
  const h = useFakeOpenAI();

  function bench(extra: Partial<WorkbenchDeps> = {}) {
    const lines: LedgerEntry[] = [];
    const ledger = { append: async (e: LedgerEntry) => void lines.push(e), flush: async () => undefined };
    const wb = createWorkbench({ client: h.client(), ledger, catalogue, ...extra });
    return { wb, lines };
  }
  const sentTiers = () =>
    h.fake.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => (r.body as { service_tier?: string }).service_tier);

  const costAt = (e: LedgerEntry, tier: 'default' | 'flex' | 'priority') =>
    computeCostUsd(
      {
        promptTokens: e.tokens.prompt,
        cachedTokens: e.tokens.cached,
        completionTokens: e.tokens.completion,
        reasoningTokens: e.tokens.reasoning,
      },
      priceForTier(catalogue.get('o4-mini'), tier),
    );

  it('sends flex from the setting and prices the line at the flex price the response names', async () => {
    const { wb, lines } = bench({ settings: { serviceTier: 'flex' } });
    const r = await wb.chat({ model: 'o4-mini', messages: [userMessage('hello')] }, { feature: 'chat' });
    assert.equal(r.serviceTier, 'flex');
    assert.deepEqual(sentTiers(), ['flex']);
    const [line] = lines;
    assert.equal(line?.serviceTier, 'flex');
    assert.equal(line?.costUsd, costAt(line!, 'flex'));
    assert.ok(line!.costUsd! < costAt(line!, 'default')!, 'flex is cheaper than standard');
  });

  it('prices by the tier served, not the one asked: priority asked and served costs the priority price', async () => {
    const { wb, lines } = bench();
    await wb.chat(
      { model: 'o4-mini', messages: [userMessage('quick')], service_tier: 'priority' },
      { feature: 'chat' },
    );
    assert.equal(lines[0]?.serviceTier, 'priority');
    assert.equal(lines[0]?.costUsd, costAt(lines[0]!, 'priority'));
  });

  it('a flex request served at the default tier is billed at the default price (the response decides)', async () => {
    const result = await runChat(h.client(), {
      model: 'gpt-4.1-mini',
      service_tier: 'flex',
      messages: [userMessage('sent straight, past the request builder')],
    });
    assert.equal(result.serviceTier, 'default');
    const entry = entryFromResult(result, { startedAt: 0, endpoint: 'fake', feature: 'chat', catalogue });
    const u = result.usage!;
    assert.equal(entry.costUsd, computeCostUsd(u, catalogue.get('gpt-4.1-mini').price));
    assert.equal(entry.serviceTier, undefined);
  });

  it('does not send flex to a model without flex (a note says so) and bills it at the standard price', async () => {
    const { wb, lines } = bench({ settings: { serviceTier: 'flex' } });
    const r = await wb.chat({ model: 'gpt-4.1-mini', messages: [userMessage('hi')] }, { feature: 'chat' });
    assert.deepEqual(sentTiers(), [undefined]);
    assert.ok(r.adjustments.some((a) => /flex processing is not offered for gpt-4.1-mini/.test(a)));
    assert.equal(lines[0]?.serviceTier, undefined);
  });

  it('a per-request tier wins over the setting; auto is not sent', async () => {
    const { wb } = bench({ settings: { serviceTier: 'flex' } });
    await wb.chat(
      { model: 'o4-mini', messages: [userMessage('a')], service_tier: 'default' },
      { feature: 'chat' },
    );
    await wb.chat({ model: 'o4-mini', messages: [userMessage('b')] }, { feature: 'chat' });
    const auto = bench({ settings: { serviceTier: 'auto' } });
    await auto.wb.chat({ model: 'o4-mini', messages: [userMessage('c')] }, { feature: 'chat' });
    assert.deepEqual(sentTiers(), ['default', 'flex', undefined]);
  });

  it('falls back to the default tier on 429 resource_unavailable when allowed: two ledger lines, no retries of flex', async () => {
    const { wb, lines } = bench({ settings: { serviceTier: 'flex' }, flexFallback: true });
    const r = await wb.chat(
      { model: 'o4-mini', messages: [userMessage('busy [[fake:resource_unavailable;times=1]]')] },
      { feature: 'chat' },
    );
    assert.deepEqual(sentTiers(), ['flex', 'default']);
    assert.equal(r.serviceTier, 'default');
    assert.ok(r.adjustments.some((a) => /sent again at the default tier/.test(a)));
    assert.deepEqual(
      lines.map((l) => [l.status, l.httpStatus]),
      [
        ['error', 429],
        ['ok', 200],
      ],
    );
    assert.equal(lines[1]?.costUsd, costAt(lines[1]!, 'default'));
  });

  it('without permission it reports the flex shortage with its next step and does not hammer the pool', async () => {
    const { wb } = bench({ settings: { serviceTier: 'flex' }, flexFallback: false });
    await assert.rejects(
      wb.chat(
        { model: 'o4-mini', messages: [userMessage('busy [[fake:resource_unavailable]]')] },
        { feature: 'chat' },
      ),
      (e: ApiError) => e.code === 'resource_unavailable' && /serviceTierFallback/.test(e.message),
    );
    assert.deepEqual(sentTiers(), ['flex']);
  });

  it('flex requests get the longer timeouts', async () => {
    const seen: unknown[] = [];
    const spy: typeof runChat = (client, request, hooks) => {
      seen.push(hooks?.timeouts);
      return runChat(client, request, hooks);
    };
    const { wb } = bench({ runChat: spy, chatOptions: { timeouts: { firstByteMs: 5_000 } } });
    await wb.chat(
      { model: 'o4-mini', messages: [userMessage('x')], service_tier: 'flex' },
      { feature: 'chat' },
    );
    await wb.chat({ model: 'o4-mini', messages: [userMessage('y')] }, { feature: 'chat' });
    assert.deepEqual(seen, [
      { firstByteMs: FLEX_TIMEOUTS.firstByteMs, totalMs: FLEX_TIMEOUTS.totalMs },
      { firstByteMs: 5_000 },
    ]);
  });
});
