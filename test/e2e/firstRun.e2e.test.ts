// The first five minutes, as a newcomer meets them: the empty chat says what the product does and what to do
// first (Set API Key without a key, "connected" with one; the other states are unit-tested), its example
// prompts send with a click, the walkthrough opens and a step completes when the user has done it, the offline demo
// answers an Explain by naming the selected function, and a code block's buttons work from the keyboard.
// Screenshots: test-results/first-run-empty-dark.png, first-run-empty-light.png, first-run-demo-explain-dark.png,
// first-run-demo-explain-light.png, first-run-walkthrough.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ask, chatView, freshChat, lastAnswer, pickColorTheme, waitForAnswerEnd } from './chatView';
import { workbench } from './setup';

const emptyState = () => chatView().locator('[data-testid=empty-state]');
const WALKTHROUGH = 'Get started with GPT Workbench';

/** The same moment in the dark and the light default theme, then the theme the user had. */
async function lightAndDark(name: string): Promise<void> {
  const bench = workbench();
  const previous = await pickColorTheme('Dark Modern');
  try {
    await chatView().locator('body.vscode-dark').waitFor({ timeout: 15_000 });
    await bench.screenshot(`${name}-dark`);
    await pickColorTheme('Light Modern');
    await chatView().locator('body.vscode-light').waitFor({ timeout: 15_000 });
    await bench.screenshot(`${name}-light`);
  } finally {
    await pickColorTheme(previous);
  }
}

async function openWalkthrough(): Promise<void> {
  const bench = workbench();
  await bench.runCommand('Welcome: Open Walkthrough...');
  await bench.page.locator('.quick-input-widget .monaco-list-row', { hasText: WALKTHROUGH }).first().click();
  await bench.page.locator('.getting-started-step[data-step-id$="#usage"]').waitFor({ timeout: 20_000 });
}

describe('first run (UI)', function () {
  this.timeout(180_000);
  // These move focus between the walkthrough, previews and the chat webview, where a key press to the workbench is
  // sometimes lost on a loaded machine; a second whole attempt still fails a test that is really broken.
  this.retries(1);

  after(async () => {
    const bench = workbench();
    bench.fake.setDemo(false);
    await bench.page.keyboard.press('Escape');
    await bench.runCommand('View: Close All Editors').catch(() => undefined);
    await bench.clearApiKey().catch(() => undefined);
  });

  it('the empty chat says what to do first, and says it is connected once a key is set', async () => {
    const bench = workbench();
    await bench.clearApiKey();
    await freshChat();
    await emptyState().waitFor({ state: 'visible', timeout: 15_000 });
    // The suites point the extension at the fake server, a custom endpoint: it may answer without a key.
    await chatView().locator('[data-testid=connection].keyless').waitFor({ timeout: 15_000 });
    const text = await emptyState().innerText();
    assert.match(text, /your own OpenAI key/);
    assert.ok(await emptyState().getByRole('button', { name: 'Set API Key' }).isVisible());
    assert.match(text, /Explain Selection\s+Ctrl\+Alt\+G E/);
    assert.match(text, /Refactor Selection\s+Ctrl\+Alt\+G R/);
    assert.ok((await emptyState().locator('.examples button').count()) >= 2, 'example prompts are offered');
    await bench.setRandomProjectKey();
    await chatView().locator('[data-testid=connection].ready').waitFor({ timeout: 15_000 });
    await lightAndDark('first-run-empty');
  });

  it('an example prompt is sent by a click, and the welcome gives way to the conversation', async () => {
    await freshChat();
    await emptyState().locator('.examples button').first().click();
    await waitForAnswerEnd(0);
    assert.ok(await emptyState().isHidden());
    assert.match(await lastAnswer().innerText(), /This is a fake answer to: "What does this workspace do/);
  });

  it('the walkthrough opens from the welcome, and a step completes when it is done', async () => {
    const bench = workbench();
    await freshChat();
    await emptyState().getByRole('button', { name: 'Open the walkthrough' }).click();
    const usageStep = bench.page.locator('.getting-started-step[data-step-id$="#usage"]');
    await usageStep.waitFor({ timeout: 20_000 });
    assert.equal(await usageStep.locator('.codicon-getting-started-step-checked').count(), 0);
    await bench.runCommand('GPT Workbench: Show Usage');
    // The usage preview is a webview that takes the keyboard focus: close it (if it is up yet) before the palette
    // is used again. The step's completion is what this test waits for, not the preview.
    const usageTab = bench.page.locator('.tab', { hasText: 'GPT Workbench Usage' }).first();
    if (
      await usageTab.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      await usageTab
        .locator('.codicon-close')
        .click()
        .catch(() => undefined);
    await openWalkthrough();
    await usageStep.locator('.codicon-getting-started-step-checked').waitFor({ timeout: 15_000 });
    await bench.screenshot('first-run-walkthrough');
    await bench.runCommand('View: Close All Editors');
  });

  it('the offline demo explains the selected function by its name, parameters and result', async () => {
    const bench = workbench();
    const page = bench.page;
    bench.fake.setDemo({ paceMs: 0 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-e2e-demo-')), 'cart.ts');
    fs.writeFileSync(
      file,
      'export function totalPrice(items: { price: number }[], coupon?: string): number {\n' +
        '  const total = items.reduce((sum, item) => sum + item.price, 0);\n' +
        "  return coupon === 'SAVE10' ? total * 0.9 : total;\n}\n",
    );
    await bench.runCommand('View: Close All Editors');
    await bench.runCommand('Go to File...');
    await bench.quickInput().fill(file);
    // The row is picked with Enter once it is there: a click can miss while the quick pick is still laying out.
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'cart.ts' })
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 });
    await bench.quickInput().press('Enter');
    const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await lines.filter({ hasText: 'totalPrice' }).waitFor({ timeout: 30_000 });
    await lines.click();
    await page.keyboard.press('ControlOrMeta+A');
    await bench.runCommand('GPT Workbench: Explain Selection');
    await lastAnswer().filter({ hasText: 'totalPrice' }).waitFor({ timeout: 30_000 });
    await waitForAnswerEnd((await chatView().locator('article.message.assistant').count()) - 1);
    const answer = await lastAnswer().innerText();
    assert.match(answer, /totalPrice/);
    assert.match(answer, /items/);
    assert.match(answer, /coupon/);
    assert.match(answer, /returns/);
    await lightAndDark('first-run-demo-explain');
    bench.fake.setDemo(false);
    await bench.runCommand('View: Close All Editors');
  });

  it("a code block's buttons are codicons with tooltips, and work from the keyboard", async () => {
    const bench = workbench();
    await freshChat();
    const index = await ask('A code sample please [[fake:markdown]]');
    await waitForAnswerEnd(index);
    const open = lastAnswer().locator('.md-code-action[data-action=open]').first();
    assert.equal(await open.getAttribute('title'), 'Open in New Editor');
    assert.equal(await open.locator('.codicon.codicon-go-to-file').count(), 1);
    await open.focus();
    await open.press('Enter');
    await bench.page
      .locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: 'greet' })
      .first()
      .waitFor({ timeout: 15_000 });
    await bench.runCommand('View: Revert and Close Editor').catch(() => undefined);
  });
});
