// VS Code's own chat (1.104+), driven like a person on the newest host: pick a GPT Workbench model in its model
// picker, ask @workbench, and the fake's answer comes back through us — one request at the fake with that model,
// one ledger line with feature vscode-chat. (A question without a participant goes to VS Code's default agent,
// which GitHub Copilot Chat provides; it cannot be installed offline, so such a question never reaches any model
// here. The API tests in test/integration/vscodeChat.test.ts send to our models directly.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workbench } from './setup';

const PICKER = '[aria-label^="Pick Model"]';
const FOCUSED_ROW = '.action-widget .monaco-list-row.focused';
const CHAT_INPUT = '.interactive-input-part .monaco-editor .view-lines';

interface LedgerLine {
  feature: string;
  model: string;
  status: string;
  requestId: string | null;
}

function ledgerLines(): LedgerLine[] {
  const dir = path.join(
    workbench().server.userDataDir,
    'User',
    'globalStorage',
    'gpt-workbench.gpt-workbench',
    'ledger',
  );
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LedgerLine);
}

/** The model picker is an action widget under a pointer block: it is driven with the keyboard. */
async function pickModel(name: string): Promise<void> {
  const page = workbench().page;
  await page.locator(PICKER).first().click();
  const focused = page.locator(FOCUSED_ROW).first();
  await focused.waitFor({ timeout: 10_000 });
  const text = async (): Promise<string> => (await focused.innerText().catch(() => '')).split('\n')[0]!;
  // Our models sit in the collapsed "Other Models" group until one of them was used: expand it once.
  if ((await text()) === 'Other Models') {
    await page.keyboard.press('Enter');
    await page
      .locator('.action-widget .monaco-list-row', { hasText: name })
      .first()
      .waitFor({ timeout: 10_000 });
  }
  for (let i = 0; i < 30 && (await text()) !== name; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await text(), name, `the picker lists ${name}`);
  await page.keyboard.press('Enter');
  await page.locator(`${PICKER}`, { hasText: name }).first().waitFor({ timeout: 10_000 });
}

describe("VS Code's own chat with a GPT Workbench model (UI)", function () {
  this.timeout(120_000);

  before(async () => {
    await workbench().setRandomProjectKey();
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await bench.runCommand('View: Close Secondary Side Bar', 5_000).catch(() => undefined);
    await bench.clearApiKey();
  });

  it('picks gpt-4.1-mini in its model picker, asks @workbench, and the answer comes through us', async () => {
    const bench = workbench();
    const page = bench.page;
    const marker = `vscode chat ${Date.now().toString(36)}`;
    await bench.runCommand('Chat: Open Chat');
    await page.locator(PICKER).first().waitFor({ timeout: 20_000 });
    await pickModel('gpt-4.1-mini');

    // Typed key by key, "@w…" opens the participant suggestions and a loaded machine may accept the first one
    // (@agent) before the rest arrives: insert the text at once, check it, close the suggestions, then send.
    const question = `@workbench What is ${marker}?`;
    const input = page.locator(CHAT_INPUT).first();
    for (let attempt = 0; attempt < 3; attempt++) {
      await input.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.insertText(question);
      if ((await input.innerText()).replace(/\s+/g, ' ').includes(question)) break;
    }
    if ((await page.locator('.interactive-input-part .suggest-widget.visible').count()) > 0)
      await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const answer = page.locator('.interactive-item-container', {
      hasText: `This is a fake answer to: "What is ${marker}?"`,
    });
    await answer.last().waitFor({ timeout: 60_000 });
    await bench.screenshot('vscode-chat-model-picker-answer');

    const sent = bench.fake.requests.filter(
      (r) => r.path === '/v1/chat/completions' && JSON.stringify(r.body).includes(marker),
    );
    assert.equal(sent.length, 1, 'one request reached the server');
    assert.equal((sent[0]!.body as { model: string }).model, 'gpt-4.1-mini', 'the model picked in VS Code');
    let line: LedgerLine | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = ledgerLines().find((l) => l.feature === 'vscode-chat');
      if (!line) await page.waitForTimeout(200); // the ledger file is appended asynchronously
    }
    assert.ok(line, 'the ledger recorded the request with feature vscode-chat');
    assert.equal(line.status, 'ok');
    console.log(`      ledger: ${JSON.stringify(line)}`);
    assert.equal(line.model, 'gpt-4.1-mini-2025-04-14');
  });
});
