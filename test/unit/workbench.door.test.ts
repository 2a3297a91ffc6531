// The Workbench's generic door (`call`) and the model list through it, against the fake server over real HTTP:
// every request gets a ledger entry (ok or error, cost 0 for listing), our retries, abort; the response cache keys
// on the account, not only on the base URL.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApiError,
  LedgerStore,
  ModelCatalogue,
  ResponseCache,
  createOpenAIClient,
  createWorkbench,
  endpointIdentity,
  responseCacheKey,
  type LedgerEntry,
  type WorkbenchDeps,
} from '../../src/core';
import { recordingSleep } from './helpers/clock';
import { TEST_KEY, useFakeOpenAI, userMessage } from './helpers/fakeServer';

describe('workbench: the generic door and the model list (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-door-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function bench(client = h.client(), extra: Partial<WorkbenchDeps> = {}) {
    const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
    const wb = createWorkbench({ client, ledger, catalogue: new ModelCatalogue(), ...extra });
    return { wb, lines: async (): Promise<LedgerEntry[]> => (await ledger.flush(), ledger.readAll()) };
  }

  it('lists the models and records one `other` entry costing $0', async () => {
    const { wb, lines } = bench();
    const ids = await wb.listModels('models');
    assert.ok(ids.includes('gpt-4.1-mini'));
    const [entry, ...rest] = await lines();
    assert.equal(rest.length, 0);
    assert.equal(entry!.operation, 'other');
    assert.equal(entry!.model, 'models.list');
    assert.equal(entry!.feature, 'models');
    assert.equal(entry!.status, 'ok');
    assert.equal(entry!.costUsd, 0);
    assert.equal(entry!.attempts, 1);
    assert.equal(h.fake.requests.at(-1)?.path, '/v1/models');
  });

  it('records a refused key as an error entry and throws ApiError auth without the key', async () => {
    const key = 'sk-proj-rejectme-0123456789abcdef0123456789';
    const { wb, lines } = bench(createOpenAIClient({ apiKey: key, baseURL: h.fake.baseURL }));
    const err = await wb.listModels('apiKey.verify', { retry: false }).then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'auth');
    assert.ok(!err.message.includes(key));
    const [entry] = await lines();
    assert.equal(entry!.status, 'error');
    assert.equal(entry!.errorKind, 'auth');
    assert.equal(entry!.httpStatus, 401);
    assert.equal(entry!.costUsd, 0);
  });

  it('retries a server error by our policy and counts every attempt in the one entry', async () => {
    const sleep = recordingSleep();
    const { wb, lines } = bench(
      createOpenAIClient({
        apiKey: TEST_KEY,
        baseURL: h.fake.baseURL,
        defaultHeaders: { 'x-fake-fault': 'server_error;times=2' },
      }),
    );
    const { value, entry } = await wb.call(
      'embedding',
      { feature: 'index', model: 'text-embedding-3-small', sleep: sleep.sleep },
      async ({ client, attempt }) => {
        const page = await client.models.list();
        return { value: { attempt, count: page.data.length }, tokens: { prompt: 7 }, costUsd: 0.0001 };
      },
    );
    assert.equal(value.attempt, 3);
    assert.equal(sleep.waits.length, 2);
    assert.equal(entry.attempts, 3);
    assert.deepEqual(
      (await lines()).map((e) => [e.operation, e.attempts, e.tokens.prompt, e.costUsd]),
      [['embedding', 3, 7, 0.0001]],
    );
    assert.equal(h.fake.requests.length, 3);
  });

  it('stops a call whose signal aborts, records it, and never sends', async () => {
    const { wb, lines } = bench();
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
      wb.call('file', { feature: 'files', model: 'files.create', signal: abort.signal }, async () => ({
        value: 1,
      })),
      (e: unknown) => e instanceof ApiError && e.kind === 'aborted',
    );
    assert.equal(h.fake.requests.length, 0);
    const [entry] = await lines();
    assert.equal(entry!.errorKind, 'aborted');
    assert.equal(entry!.attempts, 0);
  });

  it('checks the budget when given an estimate, and sends nothing when it blocks', async () => {
    const blocked = {
      checkEstimate: async () => ({
        level: 'block' as const,
        reasons: ['Daily limit reached.'],
        estimate: { promptTokens: 10, maxOutputTokens: 0, costUsd: 1 },
        spentTodayUsd: 5,
        spentMonthUsd: 5,
      }),
    };
    const { wb, lines } = bench(h.client(), { budget: blocked as unknown as WorkbenchDeps['budget'] });
    let called = false;
    await assert.rejects(
      wb.call(
        'batch',
        {
          feature: 'batch',
          model: 'gpt-4.1-mini',
          estimate: { promptTokens: 10, maxOutputTokens: 0, costUsd: 1 },
        },
        async () => ((called = true), { value: 1 }),
      ),
      { name: 'WorkbenchError' },
    );
    assert.equal(called, false);
    assert.equal((await lines()).length, 0, 'nothing sent, nothing billed');
  });
});

describe('response cache: the key names the account', () => {
  const h = useFakeOpenAI();

  it('differs by key, organization and project on one base URL, and never holds the key', () => {
    const base = h.fake.baseURL;
    const a = endpointIdentity(createOpenAIClient({ apiKey: TEST_KEY, baseURL: base }), base);
    const b = endpointIdentity(createOpenAIClient({ apiKey: `${TEST_KEY}-other`, baseURL: base }), base);
    const org = endpointIdentity(
      createOpenAIClient({ apiKey: TEST_KEY, baseURL: base, organization: 'org-2' }),
      base,
    );
    const proj = endpointIdentity(
      createOpenAIClient({ apiKey: TEST_KEY, baseURL: base, project: 'proj_2' }),
      base,
    );
    assert.equal(new Set([a, b, org, proj]).size, 4);
    assert.equal(a, endpointIdentity(createOpenAIClient({ apiKey: TEST_KEY, baseURL: `${base}/` }), base));
    for (const id of [a, b, org, proj]) assert.ok(!id.includes(TEST_KEY) && !id.includes('TESTKEY'));
    const request = { model: 'gpt-4.1-mini', messages: [userMessage('hi')], temperature: 0 };
    assert.notEqual(responseCacheKey(a, request), responseCacheKey(b, request));
  });

  it('a second account on the same base URL is not served the first one’s cached answer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-cache-id-'));
    try {
      const cache = await ResponseCache.open({ dir });
      const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
      const draft = { model: 'gpt-4.1-mini', messages: [userMessage('Cached per account')], temperature: 0 };
      const wb = (apiKey: string) =>
        createWorkbench({
          client: createOpenAIClient({ apiKey, baseURL: h.fake.baseURL }),
          ledger,
          catalogue: new ModelCatalogue(),
          cache,
        });
      const first = await wb(TEST_KEY).chat(draft, { feature: 'chat' });
      assert.equal(first.cacheHit, false);
      assert.equal((await wb(TEST_KEY).chat(draft, { feature: 'chat' })).cacheHit, true);
      const other = await wb(`${TEST_KEY}-second-account`).chat(draft, { feature: 'chat' });
      assert.equal(other.cacheHit, false, 'another key asks the API itself');
      assert.equal(h.chatRequests(), 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
