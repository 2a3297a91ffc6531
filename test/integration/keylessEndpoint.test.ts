// A base URL of one's own that needs no key (Ollama, LM Studio, a local vLLM), in the real extension host: a second
// fake server, started here without key checking, stands for it. With no key stored, requests go out with no
// Authorization header at all and are answered; Set API Key takes any non-empty token there, shows it as
// "custom", checks it against that server and sends it as the bearer token from then on.
import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { WindowStubs, activateExtension, clearKeyQuietly, requireEnv } from './helpers';

describe('an endpoint without a key (a local server)', () => {
  let api: WorkbenchTestingApi;
  let local: FakeOpenAI;
  let ui: WindowStubs;
  const baseUrl = process.env.GPT_WORKBENCH_BASE_URL;

  const ask = async (text: string) =>
    (await api.production.getWorkbench()).chat(
      { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: text }] },
      { feature: 'test.keyless' },
    );
  const chats = () => local.requests.filter((r) => r.path === '/v1/chat/completions');

  before(async () => {
    api = await activateExtension();
    local = await startFakeOpenAI({
      quiet: true,
      checkKeys: false,
      requireSpec: true,
      specPath: requireEnv('OPENAI_OPENAPI_SPEC'),
      logFile: path.join(os.tmpdir(), `gptwb-keyless-${process.pid}.jsonl`),
    });
    await clearKeyQuietly();
    process.env.GPT_WORKBENCH_BASE_URL = local.baseURL;
  });

  beforeEach(() => {
    ui = new WindowStubs();
  });

  afterEach(() => ui.restore());

  after(async () => {
    process.env.GPT_WORKBENCH_BASE_URL = baseUrl;
    await clearKeyQuietly();
    await local.close();
  });

  it('with no key, a request is sent without any Authorization header and answered', async () => {
    assert.strictEqual(await api.openai.activeSource(), undefined, 'no key is stored');
    const result = await ask(`keyless ${Date.now()}`);
    assert.ok(result.content.length > 0);
    assert.strictEqual(chats().at(-1)?.auth, 'none');
    assert.strictEqual(chats().at(-1)?.status, 200);
  });

  it('Set API Key takes any non-empty token as "custom", checks it there and sends it from then on', async () => {
    ui.answerInputBox('lm-studio-local-token');
    const result = await vscode.commands.executeCommand('gptWorkbench.setApiKey');
    assert.deepStrictEqual(result, { outcome: 'stored', kind: 'custom', verified: true });
    const check = local.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models').at(-1);
    assert.strictEqual(check?.auth, 'bearer', 'the token was checked against the local server');
    const status = (await vscode.commands.executeCommand('gptWorkbench.showApiKeyStatus')) as {
      kind?: string;
    };
    assert.strictEqual(status.kind, 'custom');
    assert.match(ui.last('info').text, /custom endpoint token …oken/);
    await ask(`keyless with token ${Date.now()}`);
    assert.strictEqual(chats().at(-1)?.auth, 'bearer');
  });
});
