// The chat's model facts come from the catalogue: the picker lists the catalogue's chat models that the account's
// GET /v1/models lists (fetched through the Workbench, against the fake server), plus the configured default and
// the models named in settings, then `auto`; vision is the catalogue's; `auto` takes images only when every model
// the routing setting can pick reads them; the session refuses a model its picker does not offer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ChatModels,
  LedgerStore,
  ModelCatalogue,
  createOpenAIClient,
  createWorkbench,
  type RouteRule,
} from '../../src/core';
import { createChatHarness, type ChatHarness } from './helpers/chatHarness';
import { TEST_KEY, useFakeOpenAI } from './helpers/fakeServer';

const ids = (models: ChatModels): string[] => models.options().map((o) => o.id);

describe('chat models (catalogue, fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-models-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** GET /v1/models through a Workbench, for an account that lists only `only` (all known models when omitted). */
  async function listedCatalogue(
    only?: string[],
  ): Promise<{ catalogue: ModelCatalogue; ledger: LedgerStore }> {
    const client = createOpenAIClient({
      apiKey: TEST_KEY,
      baseURL: h.fake.baseURL,
      ...(only ? { defaultHeaders: { 'x-fake-fault': `account_models;ids=${only.join('|')}` } } : {}),
    });
    const ledger = new LedgerStore({ dir });
    const workbench = createWorkbench({ client, ledger, catalogue: new ModelCatalogue() });
    const listed = await workbench.listModels('models');
    return { catalogue: new ModelCatalogue({ available: listed }), ledger };
  }

  it('before the list is known: every chat model of the catalogue, then auto; vision from the catalogue', () => {
    const models = new ChatModels({ settings: () => ({ defaultModel: 'gpt-4.1-mini' }) });
    const catalogueChat = new ModelCatalogue().list('chat').map((m) => m.id);
    assert.deepEqual(ids(models), [...catalogueChat, 'auto']);
    for (const option of models.options().filter((o) => o.id !== 'auto'))
      assert.equal(option.vision, new ModelCatalogue().get(option.id).vision, option.id);
    assert.equal(models.options().at(-1)!.label, 'auto (route by request)');
  });

  it("shows only the catalogue's models the account lists (through the Workbench, in the ledger), plus the default and the settings' models", async () => {
    const { catalogue, ledger } = await listedCatalogue(['gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini']);
    const models = new ChatModels({
      catalogue: () => catalogue,
      settings: () => ({ defaultModel: 'llama3-local', models: ['gpt-4.1-nano', 'gpt-4o'] }),
    });
    // gpt-4o-mini is listed but not described by the catalogue; gpt-4.1 and o3 are described but not listed.
    assert.deepEqual(ids(models), ['gpt-4.1-mini', 'gpt-4o', 'llama3-local', 'gpt-4.1-nano', 'auto']);
    const llama = models.options().find((o) => o.id === 'llama3-local')!;
    assert.equal(llama.vision, false, 'an unknown model is not assumed to read images');
    const [entry] = await ledger.readAll();
    assert.equal(entry!.model, 'models.list');
    assert.equal(entry!.operation, 'other');
  });

  it("gives each model its price class and price from the catalogue (settings' prices included), unknown as ?", () => {
    const catalogue = new ModelCatalogue({ overrides: { 'gpt-4.1': { inputPerM: 0.2, outputPerM: 0.8 } } });
    const models = new ChatModels({
      catalogue: () => catalogue,
      settings: () => ({ defaultModel: 'llama3-local' }),
    });
    const byId = new Map(models.options().map((o) => [o.id, o]));
    assert.equal(byId.get('gpt-4.1-nano')!.priceClass, '$');
    assert.equal(byId.get('o4-mini')!.priceClass, '$$');
    assert.equal(byId.get('o3')!.priceClass, '$$$');
    assert.equal(byId.get('gpt-4.1')!.priceClass, '$', "the user's contract price, not the list price");
    assert.equal(byId.get('gpt-4.1')!.priceDetail, '$0.2 in / $0.8 out per 1M tokens');
    assert.equal(byId.get('gpt-4.1-nano')!.priceDetail, '$0.1 in / $0.4 out per 1M tokens');
    assert.equal(byId.get('llama3-local')!.priceClass, '?');
    assert.equal(byId.get('llama3-local')!.priceDetail, 'price unknown');
    assert.equal(byId.get('auto')!.priceClass, undefined, "auto's price is the route's");
  });

  it('auto takes images only when every model the routing can pick reads them', () => {
    let rules: RouteRule[] | undefined;
    const catalogue = new ModelCatalogue({ overrides: { 'small-local': { contextWindow: 8_000 } } });
    const models = new ChatModels({
      catalogue: () => catalogue,
      settings: () => ({ defaultModel: 'gpt-4.1-mini', routeRules: rules }),
    });
    // The default rules pick gpt-4.1 (long prompts) or gpt-4.1-mini: both read images.
    assert.equal(models.takesImages('auto'), true);
    assert.equal(models.options().find((o) => o.id === 'auto')!.vision, true);
    assert.equal(models.imageRefusal([], 'auto'), null);

    rules = [
      { kind: 'question', model: 'never-for-chat' },
      { kind: 'chat', maxPromptTokens: 500, model: 'small-local' },
      { model: 'gpt-4o' },
      { model: 'gpt-4.1' },
    ];
    assert.deepEqual(models.autoCandidates(), ['small-local', 'gpt-4o']);
    assert.equal(models.takesImages('auto'), false, 'small-local cannot');
    const image = { name: 'dot.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=', bytes: 8 };
    assert.match(
      models.imageRefusal([image], 'auto')!,
      /^auto cannot read images\. Choose a vision model \(/,
    );
    assert.equal(models.imageRefusal([image], 'gpt-4o'), null);

    rules = [{ model: 'gpt-4o' }];
    assert.equal(models.takesImages('auto'), true);
  });

  it('a conversation shows its own model when the picker offers it, else the default', () => {
    const models = new ChatModels({ settings: () => ({ defaultModel: 'gpt-4o' }) });
    assert.equal(models.choice('o3'), 'o3');
    assert.equal(models.choice('retired-model'), 'gpt-4o');
    assert.equal(models.choice(undefined), 'gpt-4o');
  });

  describe('in the session', () => {
    let chat: ChatHarness;
    const lastChatModel = (): string | undefined =>
      (h.fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { model?: string })
        ?.model;
    afterEach(() => chat.close());

    it('the snapshot carries the picker; a model the picker does not offer is refused', async () => {
      const { catalogue } = await listedCatalogue(['gpt-4.1-mini', 'gpt-4o']);
      chat = await createChatHarness({ client: h.client(), catalogue });
      const snapshot = chat.ofType('snapshot').at(-1)!.snapshot;
      assert.deepEqual(snapshot.models, [
        {
          id: 'gpt-4.1-mini',
          label: 'gpt-4.1-mini',
          vision: true,
          priceClass: '$',
          priceDetail: '$0.4 in / $1.6 out per 1M tokens',
        },
        {
          id: 'gpt-4o',
          label: 'gpt-4o',
          vision: true,
          priceClass: '$$$',
          priceDetail: '$2.5 in / $10 out per 1M tokens',
        },
        { id: 'auto', label: 'auto (route by request)', vision: true },
      ]);
      assert.equal(snapshot.model, 'gpt-4.1-mini');

      const from = chat.posted.length;
      await chat.session.handle({ type: 'setModel', model: 'o3' });
      const again = chat.ofType('snapshot', from)[0];
      assert.equal(again?.snapshot.model, 'gpt-4.1-mini', 'the view is put back');
      await chat.session.send('Which model? (refused)', [], false);
      assert.equal(lastChatModel(), 'gpt-4.1-mini');

      await chat.session.handle({ type: 'setModel', model: 'gpt-4o' });
      await chat.session.send('Which model? (taken)', [], false);
      assert.equal(lastChatModel(), 'gpt-4o');
    });
  });
});
