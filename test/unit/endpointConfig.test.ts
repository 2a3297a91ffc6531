// Which endpoint and which credential a request uses (resolveEndpointConfig): the OpenAI key never goes to Azure,
// a missing Azure key is an error naming the command that stores it, and organization, project and headers are
// part of every config (requests and the key check share it).
import * as assert from 'node:assert/strict';
import { EndpointKeyMissingError, resolveEndpointConfig, type EndpointSettingsInput } from '../../src/core';
import { TEST_KEY } from './helpers/fakeServer';

const AZURE = {
  endpoint: 'https://my-resource.openai.azure.com',
  deployment: 'gpt-4.1-mini',
  apiVersion: '2024-10-21',
  apiKeySecret: 'AZURE_OPENAI_API_KEY',
};
const base: EndpointSettingsInput = { baseUrl: 'https://api.openai.com/v1', headers: {} };

describe('resolveEndpointConfig', () => {
  it('Azure configured without its key: throws, naming Set Endpoint Secret and the secret, never the key', () => {
    assert.throws(
      () => resolveEndpointConfig({ ...base, azure: AZURE }, { apiKey: TEST_KEY }),
      (err: Error) => {
        assert.ok(err instanceof EndpointKeyMissingError);
        assert.match(err.message, /"GPT Workbench: Set Endpoint Secret"/);
        assert.match(err.message, /"AZURE_OPENAI_API_KEY"/);
        assert.ok(!err.message.includes(TEST_KEY));
        return true;
      },
    );
  });

  it('Azure with an empty secret name says to set gptWorkbench.azure.apiKeySecret', () => {
    assert.throws(
      () => resolveEndpointConfig({ ...base, azure: { ...AZURE, apiKeySecret: '' } }, { apiKey: TEST_KEY }),
      /gptWorkbench\.azure\.apiKeySecret/,
    );
  });

  it('Azure with its key uses that key only', () => {
    const config = resolveEndpointConfig(
      { ...base, azure: AZURE },
      { apiKey: TEST_KEY, azureKey: 'azure-secret-value' },
    );
    assert.equal(config?.kind, 'azure');
    assert.equal(config?.apiKey, 'azure-secret-value');
    assert.ok(!JSON.stringify(config).includes(TEST_KEY), 'the OpenAI key is nowhere in an Azure config');
  });

  it('api.openai.com: organization, project and headers go with the key; no key, no config', () => {
    const settings = { ...base, organization: 'org-1', project: 'proj_2', headers: { 'x-team': 'blue' } };
    assert.deepEqual(resolveEndpointConfig(settings, { apiKey: TEST_KEY }), {
      kind: 'openai',
      apiKey: TEST_KEY,
      organization: 'org-1',
      project: 'proj_2',
      headers: { 'x-team': 'blue' },
    });
    assert.equal(resolveEndpointConfig(settings, {}), undefined);
  });
});
