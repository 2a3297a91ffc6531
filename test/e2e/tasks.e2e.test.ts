// Code tasks as a person uses them, in Chromium against the fake OpenAI server: right-click → GPT Workbench →
// Explain Selection shows the explanation in the chat view with the chat's footer (tokens as reported); Refactor
// Selection… asks how, shows the diff, and Apply changes the file. Screenshots: test-results/tasks-context-menu.png,
// tasks-explain.png, tasks-refactor-diff.png, tasks-refactor-applied.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { footerTokensFor, lastAnswer, userMessages } from './chatView';
import { workbench } from './setup';

const editorLines = (): Locator =>
  workbench().page.locator('.editor-group-container.active .monaco-editor .view-lines').first();

/** A file of our own outside the fixture workspace: other suites (and parallel runs) share the fixture. */
let sampleFile = '';
/** The comment the fake server puts on top of the code it hands back as a refactor (the editor renders spaces as U+00A0). */
const MARKER = /Refactored\sby\sthe\sfake\sOpenAI\sserver/;
const SAMPLE = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n';

/** Quick Open the sample file by its absolute path and select all of it. */
async function openSampleAndSelectAll(): Promise<void> {
  const page = workbench().page;
  await workbench().runCommand('Go to File...');
  await workbench().quickInput().fill(sampleFile);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(sampleFile) })
    .first()
    .click();
  await editorLines().filter({ hasText: 'greet' }).waitFor({ timeout: 30_000 });
  await editorLines().click();
  await page.keyboard.press('ControlOrMeta+A');
}

/** A menu item of the open context menu (monaco menus live in a shadow root; Playwright pierces it). */
function menuItem(label: string): Locator {
  return workbench()
    .page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: label })
    .first();
}

describe('code tasks (UI)', function () {
  this.timeout(180_000);

  before(async () => {
    sampleFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-e2e-tasks-')), 'sample.ts');
    fs.writeFileSync(sampleFile, SAMPLE);
    await workbench().setRandomProjectKey();
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    // Revert whatever a failed test left, so closing does not ask to save.
    await bench.runCommand('File: Revert File').catch(() => undefined);
    await bench.runCommand('View: Close All Editors');
    await bench.clearApiKey();
    fs.rmSync(path.dirname(sampleFile), { recursive: true, force: true });
  });

  it('right-click → GPT Workbench → Explain Selection shows the explanation in the chat view', async () => {
    const bench = workbench();
    await openSampleAndSelectAll();
    await editorLines().click({ button: 'right', position: { x: 60, y: 10 } });
    await menuItem('GPT Workbench').hover();
    await menuItem('Explain Selection').waitFor({ state: 'visible', timeout: 10_000 });
    await bench.screenshot('tasks-context-menu');
    await menuItem('Explain Selection').click();

    const question = userMessages().last();
    await question
      .filter({ hasText: /Explain \S*sample\.ts:1-3 \(selection\)/ })
      .waitFor({ timeout: 60_000 });
    const answer = lastAnswer();
    await answer.locator('.footer .meta').waitFor({ state: 'visible', timeout: 60_000 });
    await answer.locator('h3', { hasText: 'Steps' }).waitFor({ timeout: 10_000 });
    const text = await answer.locator('.body').innerText();
    assert.match(text, /Steps/);
    assert.match(text, /Concepts/);
    // A task's answer has the chat's footer: its model, the tokens the API reported for it, time to first token.
    const meta = await answer.locator('.footer .meta').innerText();
    assert.ok(meta.includes(footerTokensFor().line), meta);
    assert.match(meta, /first token \d+ ms/);
    await bench.screenshot('tasks-explain');
  });

  it('Refactor Selection… shows the diff, and Apply changes the file', async () => {
    const bench = workbench();
    const page = bench.page;
    await openSampleAndSelectAll();
    await bench.runCommand('GPT Workbench: Refactor Selection…');
    await page
      .locator('.quick-input-widget', { hasText: 'How should the code change?' })
      .waitFor({ timeout: 10_000 });
    await bench.quickInput().fill('Use an arrow function.');
    await page.keyboard.press('Enter');

    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.tab', { hasText: '(proposal)' }).first().waitFor({ timeout: 10_000 });
    // Left: the file as it is; right: the proposal document.
    const original = diff.locator('.monaco-editor .view-lines').nth(0);
    const modified = diff.locator('.monaco-editor .view-lines').nth(1);
    await original.filter({ hasText: /Hello,\s/ }).waitFor({ timeout: 10_000 });
    // The fake answers with the code it was sent under a marker comment: the diff shows exactly that line added.
    await modified.filter({ hasText: MARKER }).waitFor({ timeout: 10_000 });
    const proposed = (await modified.innerText()).replace(/\u00a0/g, ' ').trim();
    assert.ok(!MARKER.test(await original.innerText()), 'the original side has no marker');
    assert.match(proposed, /^\/\/ Refactored by the fake OpenAI server\s+export function greet/);
    assert.match(proposed, /return `Hello, \$\{name\}!`;/, `the rest of the code is kept: ${proposed}`);
    await bench.screenshot('tasks-refactor-diff');

    await page.locator('.editor-actions .action-label[aria-label^="Apply Proposal"]').first().click();
    await diff.waitFor({ state: 'hidden', timeout: 15_000 });
    await editorLines().filter({ hasText: MARKER }).waitFor({ timeout: 15_000 });
    const after = (await editorLines().innerText()).replace(/\u00a0/g, ' ').trim();
    assert.strictEqual(after, proposed, 'the file now holds exactly the proposal');
    await bench.screenshot('tasks-refactor-applied');

    // Apply was one edit: one undo brings the file back (and leaves it clean, so nothing asks to save).
    await editorLines().click();
    await page.keyboard.press('ControlOrMeta+Z');
    await editorLines().filter({ hasNotText: MARKER }).waitFor({ timeout: 10_000 });
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
  });
});
