// Which key goes where, in the real extension host against the fake server: with Azure configured and its key not
// stored, nothing is sent (the OpenAI key never goes to Azure) and the error names the command that fixes it;
// Set API Key checks a candidate key through the same client every request uses (organization, project, custom
// headers), and with Azure configured it does not send the OpenAI key there either.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { allFakeRequests } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  makeKey,
  requireEnv,
  setKeyQuietly,
  setSetting,
} from './helpers';

const ENDPOINT_SETTINGS = [
  'azure.endpoint',
  'azure.deployment',
  'azure.apiKeySecret',
  'organization',
  'project',
  'customHeaders',
];

describe('endpoint keys: a key goes only to its own endpoint', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const baseUrl = process.env.GPT_WORKBENCH_BASE_URL;
  const secretName = `AZURE_TEST_${Date.now()}`;

  const ask = async (text: string) =>
    (await api.production.getWorkbench()).chat(
      { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: text }] },
      { feature: 'test.endpointKeys' },
    );

  /** Azure at the fake's origin (it serves /openai/deployments/…); the environment base URL would win over it. */
  async function configureAzure(): Promise<void> {
    const origin = requireEnv('GPT_WORKBENCH_BASE_URL').replace(/\/v1\/?$/, '');
    delete process.env.GPT_WORKBENCH_BASE_URL;
    await setSetting('azure.endpoint', origin);
    await setSetting('azure.deployment', 'gpt-4.1-mini');
    await setSetting('azure.apiKeySecret', secretName);
  }

  before(async () => {
    api = await activateExtension();
  });

  beforeEach(() => {
    ui = new WindowStubs();
  });

  afterEach(async () => {
    ui.restore();
    process.env.GPT_WORKBENCH_BASE_URL = baseUrl;
    for (const k of ENDPOINT_SETTINGS) await setSetting(k, undefined);
    await api.secrets.delete(`gptWorkbench.secret.${secretName}`);
    await clearKeyQuietly();
  });

  it('Azure without its key: nothing is sent and the error names Set Endpoint Secret', async () => {
    await setKeyQuietly(makeKey('sk-proj-'));
    await configureAzure();
    const marker = `azure-no-key-${Date.now()}`;
    await assert.rejects(ask(marker), (err: Error) => {
      assert.match(err.message, /GPT Workbench: Set Endpoint Secret/);
      assert.ok(err.message.includes(secretName), 'the message names the secret to store');
      return true;
    });
    const sent = allFakeRequests().filter((r) => JSON.stringify(r.body ?? '').includes(marker));
    assert.deepStrictEqual(sent, [], 'no request reached any endpoint');

    // With the Azure key stored, the same request goes to the Azure deployment path.
    await api.secrets.store(`gptWorkbench.secret.${secretName}`, `azure-${makeKey('')}`);
    const result = await ask(`${marker} again`);
    assert.ok(result.content.length > 0);
    const azure = allFakeRequests().filter((r) => JSON.stringify(r.body ?? '').includes(`${marker} again`));
    assert.strictEqual(azure.length, 1);
    assert.match(azure[0]!.path, /^\/openai\/deployments\/gpt-4\.1-mini\/chat\/completions$/);
  });

  it('Set API Key checks the key with the organization, project and custom headers of every request', async () => {
    const probe = `probe-${Date.now()}`;
    await setSetting('organization', `org-${probe}`);
    await setSetting('project', `proj_${probe}`);
    await setSetting('customHeaders', { 'x-verify-probe': probe });
    const before = allFakeRequests().length;
    ui.answerInputBox(makeKey('sk-proj-'));
    const result = await vscode.commands.executeCommand('gptWorkbench.setApiKey');
    assert.deepStrictEqual(result, { outcome: 'stored', kind: 'project', verified: true });
    const checks = allFakeRequests()
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path === '/v1/models');
    assert.strictEqual(checks.length, 1, 'one key check');
    assert.strictEqual(checks[0]!.headers['openai-organization'], `org-${probe}`);
    assert.strictEqual(checks[0]!.headers['openai-project'], `proj_${probe}`);
    assert.strictEqual(checks[0]!.headers['x-verify-probe'], probe);
  });

  it('Set API Key with Azure configured does not send the OpenAI key to Azure', async () => {
    await configureAzure();
    const before = allFakeRequests().length;
    ui.answerInputBox(makeKey('sk-proj-'));
    const result = await vscode.commands.executeCommand('gptWorkbench.setApiKey');
    assert.deepStrictEqual(result, { outcome: 'stored', kind: 'project', verified: false });
    assert.deepStrictEqual(allFakeRequests().slice(before), [], 'no request was made with it');
    assert.match(ui.last('warning').text, /Azure OpenAI, which uses its own key/);
  });
});
