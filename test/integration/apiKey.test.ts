// The API key commands in the real extension host, against the fake OpenAI server. Assertion messages never
// contain a key: a failing test must not print one either.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  eventually,
  filesContaining,
  makeKey,
  requireEnv,
} from './helpers';

const SET = 'gptWorkbench.setApiKey';
const CLEAR = 'gptWorkbench.clearApiKey';
const STATUS = 'gptWorkbench.showApiKeyStatus';
const SECRET_ID = 'gptWorkbench.openaiApiKey';

interface Status {
  source: string;
  kind?: string;
  last4?: string;
  ageDays?: number;
  lastVerifiedAt?: string;
  environmentKeyIgnored?: boolean;
}

describe('API key', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const savedEnv = { ...process.env };

  before(async () => {
    api = await activateExtension();
  });

  beforeEach(async () => {
    ui = new WindowStubs();
    await vscode.commands.executeCommand(CLEAR);
    ui.messages.length = 0;
  });

  afterEach(async () => {
    ui.restore();
    for (const name of ['OPENAI_API_KEY', 'GPT_WORKBENCH_BASE_URL']) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    await clearKeyQuietly();
  });

  const status = async (): Promise<Status> => (await vscode.commands.executeCommand(STATUS)) as Status;

  it('Set → Status → Clear round trip with a project key', async () => {
    const key = makeKey('sk-proj-');
    const last4 = key.slice(-4);
    ui.answerInputBox(key);
    const result = await vscode.commands.executeCommand(SET);
    assert.deepStrictEqual(result, { outcome: 'stored', kind: 'project', verified: true });
    assert.strictEqual(ui.inputBoxes[0]?.password, true, 'the input box hides what is typed');
    const confirmation = ui.last('info').text;
    assert.match(confirmation, /project key/);
    assert.ok(confirmation.includes(`…${last4}`), 'confirmation names the last four characters');
    assert.match(confirmation, /works and is saved/);

    const shown = await status();
    assert.strictEqual(shown.source, 'secretStorage');
    assert.strictEqual(shown.kind, 'project');
    assert.strictEqual(shown.last4, last4);
    assert.strictEqual(shown.ageDays, 0);
    assert.ok(shown.lastVerifiedAt, 'last verification date is kept');
    assert.match(
      ui.last('info').text,
      /project key …\w{4} from VS Code's secret storage, set today, last verified/,
    );

    const cleared = (await vscode.commands.executeCommand(CLEAR)) as { removed: boolean };
    assert.strictEqual(cleared.removed, true);
    assert.match(ui.last('info').text, /removed from VS Code's secret storage/);
    assert.strictEqual((await status()).source, 'none');
    assert.match(ui.last('info').text, /no OpenAI API key is set/);
    assert.strictEqual(await api.secrets.get(SECRET_ID), undefined);
  });

  it('keeps the key out of settings files, globalState, workspaceState and the log', async () => {
    const key = makeKey('sk-proj-');
    ui.answerInputBox(key);
    assert.strictEqual(
      ((await vscode.commands.executeCommand(SET)) as { outcome: string }).outcome,
      'stored',
    );
    assert.ok((await api.secrets.get(SECRET_ID)) === key, 'the key is in SecretStorage');
    // A line that tries to log the key on purpose: the log must redact it.
    const marker = `redaction-probe-${Date.now()}`;
    api.log.info(`${marker} ${key}`);

    for (const memento of [api.globalState, api.workspaceState]) {
      for (const name of memento.keys()) {
        assert.ok(
          !JSON.stringify(memento.get(name) ?? null).includes(key),
          `state value ${name} holds the key`,
        );
      }
    }
    const userData = requireEnv('GPT_WORKBENCH_TEST_USER_DATA_DIR');
    // The log file is written asynchronously: wait for the probe line, which also proves the right files are read.
    const logFiles = await eventually(() => {
      const hits = filesContaining(userData, marker);
      return hits.length > 0 ? hits : undefined;
    }, 'the probe line in a log file under the user-data folder');
    const logText = logFiles.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(logText, new RegExp(`${marker} \\[redacted key\\]`));
    assert.deepStrictEqual(
      filesContaining(userData, key),
      [],
      'files under the user-data folder hold the key',
    );
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'a workspace folder is open');
    assert.deepStrictEqual(filesContaining(workspace, key), [], 'workspace files hold the key');
    const settings = JSON.stringify(vscode.workspace.getConfiguration().inspect('gptWorkbench') ?? {});
    assert.ok(!settings.includes(key), 'settings hold the key');
  });

  it('refuses an admin key and stores nothing', async () => {
    ui.answerInputBox(makeKey('sk-admin-'));
    const result = (await vscode.commands.executeCommand(SET)) as { outcome: string; kind: string };
    assert.strictEqual(result.outcome, 'refused');
    assert.strictEqual(result.kind, 'admin');
    assert.match(ui.last('error').text, /admin key .*cannot call the model API.*Nothing was stored/);
    assert.strictEqual((await status()).source, 'none');
  });

  it('refuses malformed keys with the reason and stores nothing (api.openai.com)', async () => {
    // Only api.openai.com insists on OpenAI shapes (a base URL of one's own takes any token); nothing is sent here.
    delete process.env.GPT_WORKBENCH_BASE_URL;
    const cases: [string, RegExp][] = [
      ['hello-this-is-not-a-key-1234567890', /starts with "sk-"/],
      ['sk-proj-abc def ghi jkl mno pqr stu', /spaces or characters/],
      ['sk-proj-short', /too short/],
    ];
    for (const [input, reason] of cases) {
      ui.answerInputBox(input);
      const result = (await vscode.commands.executeCommand(SET)) as { outcome: string; kind: string };
      assert.strictEqual(result.outcome, 'refused');
      assert.strictEqual(result.kind, 'invalid');
      assert.match(ui.last('error').text, reason);
    }
    // The input box explains the refusal while typing, too.
    const validate = ui.inputBoxes[0]?.validateInput;
    assert.ok(validate, 'the input box validates as the user types');
    assert.match(String(await validate('sk-admin-0123456789abcdefghijklmnop')), /admin key/);
    assert.strictEqual(await validate('sk-proj-0123456789abcdefghijklmnop'), undefined);
    assert.strictEqual((await status()).source, 'none');
  });

  it('a key the API rejects (401) is not stored', async () => {
    ui.answerInputBox(makeKey('sk-proj-', 'rejectme'));
    const result = (await vscode.commands.executeCommand(SET)) as { outcome: string };
    assert.strictEqual(result.outcome, 'rejected');
    assert.match(ui.last('error').text, /rejected this project key .*HTTP 401.*Nothing was stored/);
    assert.strictEqual((await status()).source, 'none');
    assert.strictEqual(await api.secrets.get(SECRET_ID), undefined);
  });

  it('accepts a legacy user key with a warning, and a service account key', async () => {
    ui.answerInputBox(makeKey('sk-'), makeKey('sk-svcacct-'));
    assert.deepStrictEqual(await vscode.commands.executeCommand(SET), {
      outcome: 'stored',
      kind: 'legacy_user',
      verified: true,
    });
    assert.match(ui.last('warning').text, /legacy user key .*every project.*project key \(sk-proj-\)/);
    assert.deepStrictEqual(await vscode.commands.executeCommand(SET), {
      outcome: 'stored',
      kind: 'service_account',
      verified: true,
    });
    assert.match(ui.last('info').text, /service account key …\w{4} works and is saved/);
  });

  it('stores a key it could not check, with a warning', async () => {
    process.env.GPT_WORKBENCH_BASE_URL = 'http://127.0.0.1:9/v1'; // discard port: nothing listens
    ui.answerInputBox(makeKey('sk-proj-'));
    const result = await vscode.commands.executeCommand(SET);
    assert.deepStrictEqual(result, { outcome: 'stored', kind: 'project', verified: false });
    assert.match(ui.last('warning').text, /saved, but it could not be checked: the API could not be reached/);
    const shown = await status();
    assert.strictEqual(shown.source, 'secretStorage');
    assert.strictEqual(shown.lastVerifiedAt, undefined);
  });

  it('falls back to OPENAI_API_KEY and says which key is in use', async () => {
    const envKey = makeKey('sk-proj-');
    process.env.OPENAI_API_KEY = envKey;
    const fromEnv = await status();
    assert.strictEqual(fromEnv.source, 'environment');
    assert.match(ui.last('info').text, /from the OPENAI_API_KEY environment variable/);
    const client = await api.openai.getClient();
    assert.ok(client?.apiKey === envKey, 'the client uses the environment key');
    assert.ok((await client.models.list()).data.length > 0, 'the fake answers with the environment key');

    ui.answerInputBox(makeKey('sk-proj-'));
    await vscode.commands.executeCommand(SET);
    const stored = await status();
    assert.strictEqual(stored.source, 'secretStorage');
    assert.strictEqual(stored.environmentKeyIgnored, true);
    const cleared = (await vscode.commands.executeCommand(CLEAR)) as { environmentKeyInUse: boolean };
    assert.strictEqual(cleared.environmentKeyInUse, true);
    assert.match(ui.last('info').text, /OPENAI_API_KEY from the environment is used now/);
  });

  it('follows a key changed in SecretStorage by another window (onDidChange)', async () => {
    assert.strictEqual(await api.openai.activeSource(), undefined, 'no key yet');
    const key = makeKey('sk-svcacct-');
    const changed = new Promise<void>((resolve) => {
      const sub = api.openai.onDidChange(() => {
        sub.dispose();
        resolve();
      });
    });
    await api.secrets.store(SECRET_ID, key); // what another window's Set API Key does
    await changed;
    const client = await api.openai.getClient();
    assert.ok(client?.apiKey === key, 'the client was rebuilt with the new key');
    assert.strictEqual(client.baseURL, requireEnv('GPT_WORKBENCH_BASE_URL'));
    assert.strictEqual((await status()).kind, 'service_account');
  });

  it('reminds to rotate a key older than 90 days, at most once a day', async () => {
    ui.answerInputBox(makeKey('sk-proj-'));
    await vscode.commands.executeCommand(SET);
    const meta = api.globalState.get<Record<string, unknown>>('gptWorkbench.apiKeyMeta');
    assert.ok(meta, 'key facts are in globalState');
    const now = new Date();
    const setAt = new Date(now.getTime() - 100 * 24 * 3600 * 1000);
    await api.globalState.update('gptWorkbench.apiKeyMeta', { ...meta, setAt: setAt.toISOString() });

    assert.strictEqual(await api.checkRotationReminder(now), true);
    const reminder = ui.last('warning');
    assert.match(reminder.text, /project key …\w{4} is 100 days old/);
    assert.deepStrictEqual(reminder.items, ['Rotate now', 'Remind me later']);
    assert.strictEqual(await api.checkRotationReminder(new Date(now.getTime() + 3600 * 1000)), false);
    assert.strictEqual(await api.checkRotationReminder(new Date(now.getTime() + 25 * 3600 * 1000)), true);
    assert.match((await status()).ageDays?.toString() ?? '', /^100$/);
  });
});
