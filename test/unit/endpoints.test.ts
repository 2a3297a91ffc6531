// Endpoints against the fake server over HTTP: OpenAI-compatible base URL, organization/project and custom headers,
// and Azure OpenAI (the fake serves /openai/deployments/<d>/… with api-version and the `api-key` header).
import * as assert from 'node:assert/strict';
import {
  createClientForEndpoint,
  resolveHeaderValues,
  runChat,
  NO_KEY_PLACEHOLDER,
  ApiError,
  resolveEndpointConfig,
} from '../../src/core';
import { startFakeOpenAI } from '../fake-openai/server';
import { TEST_KEY, useFakeOpenAI } from './helpers/fakeServer';

const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'ping' }] });

describe('endpoints (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();

  it('sends to an OpenAI-compatible base URL with organization, project and custom headers', async () => {
    const { client, baseURL, label } = createClientForEndpoint({
      kind: 'compatible',
      baseURL: h.fake.baseURL,
      apiKey: TEST_KEY,
      organization: 'org-123',
      project: 'proj_456',
      headers: { 'x-team': 'blue', 'x-gateway-token': 'gw-secret-value' },
    });
    assert.equal(baseURL, h.fake.baseURL);
    assert.equal(label, h.fake.baseURL);
    const result = await runChat(client, ask('gpt-4.1-mini'), { retry: false });
    assert.equal(result.finishReason, 'stop');
    const sent = h.fake.requests.at(-1)!;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers['openai-organization'], 'org-123');
    assert.equal(sent.headers['openai-project'], 'proj_456');
    assert.equal(sent.headers['x-team'], 'blue');
    assert.equal(sent.headers['x-gateway-token'], 'gw-secret-value');
  });

  it('without a key (a local server started without key checking) sends no Authorization header', async () => {
    const local = await startFakeOpenAI({ quiet: true, checkKeys: false });
    try {
      const { client } = createClientForEndpoint({
        kind: 'compatible',
        baseURL: local.baseURL,
        headers: { 'x-team': 'blue' },
      });
      const result = await runChat(client, ask('gpt-4.1-nano'), { retry: false });
      assert.ok(result.content.length > 0);
      assert.equal(local.requests.at(-1)?.auth, 'none');
      assert.equal(local.requests.at(-1)?.headers['x-team'], 'blue', 'custom headers still go');
      assert.equal(client.apiKey, NO_KEY_PLACEHOLDER, 'the placeholder only satisfies the SDK');
    } finally {
      await local.close();
    }
  });

  it('with a token, the same local server gets it as a bearer token', async () => {
    const local = await startFakeOpenAI({ quiet: true, checkKeys: false });
    try {
      const config = resolveEndpointConfig({ baseUrl: local.baseURL, headers: {} }, { apiKey: 'ollama' });
      assert.equal(config?.kind, 'compatible');
      const { client } = createClientForEndpoint(config!);
      await runChat(client, ask('gpt-4.1-nano'), { retry: false });
      assert.equal(local.requests.at(-1)?.auth, 'bearer');
    } finally {
      await local.close();
    }
  });

  it('a custom base URL needs no key; api.openai.com does', () => {
    assert.deepEqual(resolveEndpointConfig({ baseUrl: 'http://localhost:11434/v1', headers: {} }, {}), {
      kind: 'compatible',
      baseURL: 'http://localhost:11434/v1',
      headers: {},
    });
    assert.equal(
      resolveEndpointConfig({ baseUrl: 'https://api.openai.com/v1/', headers: {} }, {}),
      undefined,
    );
  });

  it('targets api.openai.com for the default endpoint', () => {
    const { client, label } = createClientForEndpoint({
      kind: 'openai',
      apiKey: TEST_KEY,
      project: 'proj_1',
    });
    assert.equal(client.baseURL, 'https://api.openai.com/v1');
    assert.equal(label, 'https://api.openai.com/v1');
  });

  it('talks to Azure OpenAI at /openai/deployments/<d>/chat/completions?api-version=… with the api-key header', async () => {
    const origin = h.fake.baseURL.replace(/\/v1$/, '');
    const { client, label } = createClientForEndpoint({
      kind: 'azure',
      endpoint: `${origin}/`,
      deployment: 'gpt-4.1-mini',
      apiVersion: '2024-10-21',
      apiKey: TEST_KEY,
      headers: { 'x-ms-client-tag': 'gw' },
    });
    assert.equal(label, `azure:${new URL(origin).host}/gpt-4.1-mini`);
    const result = await runChat(client, ask('gpt-4.1-mini'), { retry: false });
    assert.equal(result.finishReason, 'stop');
    const seen = h.fake.requests.at(-1)!;
    assert.equal(seen.path, '/openai/deployments/gpt-4.1-mini/chat/completions');
    assert.equal(seen.status, 200, 'the fake accepted the api-key header and the body');
    assert.equal(seen.headers['authorization'], undefined, 'Azure keys go in api-key, not a bearer token');
    assert.equal(seen.headers['x-ms-client-tag'], 'gw');
  });

  it('an Azure request without a valid key is refused as auth', async () => {
    const origin = h.fake.baseURL.replace(/\/v1$/, '');
    const { client } = createClientForEndpoint({
      kind: 'azure',
      endpoint: origin,
      deployment: 'gpt-4.1-mini',
      apiVersion: '2024-10-21',
      apiKey: 'azure-rejectme-key',
    });
    await assert.rejects(
      runChat(client, ask('gpt-4.1-mini'), { retry: false }),
      (e: unknown) => e instanceof ApiError && e.kind === 'auth',
    );
  });

  it('the fake refuses an Azure path without api-version, as Azure does', async () => {
    const origin = h.fake.baseURL.replace(/\/v1$/, '');
    const res = await fetch(`${origin}/openai/deployments/gpt-4.1-mini/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': TEST_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(ask('gpt-4.1-mini')),
    });
    assert.equal(res.status, 404);
    assert.match(await res.text(), /api-version/);
  });
});

describe('custom header values', () => {
  const lookup = async (name: string) => (name === 'gateway' ? 'tok-from-secret-storage' : undefined);

  it('resolves ${secret:NAME} through the host lookup and passes plain values through', async () => {
    const out = await resolveHeaderValues(
      { 'x-gateway-token': '${secret:gateway}', 'x-team': 'blue' },
      lookup,
    );
    assert.deepEqual(out, { 'x-gateway-token': 'tok-from-secret-storage', 'x-team': 'blue' });
  });

  it('names a missing secret without any value, and refuses headers that would replace the key', async () => {
    await assert.rejects(
      resolveHeaderValues({ 'x-a': '${secret:nope}' }, lookup),
      /secret "nope", which is not stored/,
    );
    await assert.rejects(resolveHeaderValues({ Authorization: 'Bearer x' }, lookup), /not allowed/);
    await assert.rejects(resolveHeaderValues({ 'api-key': 'x' }, lookup), /not allowed/);
  });
});
