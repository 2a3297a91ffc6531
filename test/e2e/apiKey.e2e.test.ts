// The API key as a person handles it: command palette, the password box, notifications. Screenshots go to
// test-results/ (e2e-set-key.png, e2e-admin-key-refused.png, e2e-key-status.png, e2e-clear-key.png).
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { workbench } from './setup';

function fakeKey(prefix: string): string {
  return prefix + randomBytes(36).toString('base64url');
}

describe('API key (UI)', () => {
  const key = fakeKey('sk-proj-');
  const last4 = key.slice(-4);

  after(async () => {
    // Leave no key behind for the next suite, whatever happened above.
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await bench.clearApiKey();
  });

  it('Set API Key: the password box takes the key and the confirmation names its kind', async () => {
    const bench = workbench();
    await bench.openSetApiKey();
    const input = bench.quickInput();
    assert.strictEqual(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
    await input.pressSequentially(key, { delay: 2 });
    await bench.page.keyboard.press('Enter');
    await bench.waitForNotification(`project key …${last4} works and is saved`);
    await bench.screenshot('e2e-set-key');
    assert.ok(!(await bench.pageHtml()).includes(key), 'the key appears nowhere in the page');
    await bench.clearNotifications();
  });

  it('refuses an admin key while it is typed', async () => {
    const bench = workbench();
    await bench.openSetApiKey();
    await bench.quickInput().fill(fakeKey('sk-admin-'));
    const message = bench.quickInputMessage();
    await message.filter({ hasText: 'admin key' }).waitFor({ timeout: 10_000 });
    assert.match(await message.innerText(), /cannot call the model API/);
    await bench.screenshot('e2e-admin-key-refused');
    await bench.page.keyboard.press('Escape');
  });

  it('Show API Key Status names the kind, the last four characters and the source', async () => {
    const bench = workbench();
    await bench.runCommand('GPT Workbench: Show API Key Status');
    const toast = await bench.waitForNotification(`project key …${last4} from VS Code's secret storage`);
    assert.match((await toast.innerText()).replace(/\s+/g, ' '), /set today, last verified/);
    await bench.expandNotification(toast);
    await bench.screenshot('e2e-key-status');
    await bench.clearNotifications();
  });

  it('Clear API Key removes it, and the status says no key is set', async () => {
    const bench = workbench();
    await bench.runCommand('GPT Workbench: Clear API Key');
    await bench.waitForNotification("API key removed from VS Code's secret storage");
    await bench.screenshot('e2e-clear-key');
    await bench.clearNotifications();
    await bench.runCommand('GPT Workbench: Show API Key Status');
    await bench.waitForNotification('no OpenAI API key is set');
    await bench.clearNotifications();
  });
});
