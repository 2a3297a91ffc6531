// Batch jobs as a person uses them, in Chromium against the fake Batch API: the palette's Run Task on Files… asks
// for the task, the files and the model, shows the preview with the batch and interactive prices, and after Submit
// the Batch Jobs view follows the job through its states until the notification offers the report, which opens.
// Screenshots: test-results/batch-preview.png, batch-validating.png, batch-in-progress.png, batch-completed.png,
// batch-report.png.
import * as assert from 'node:assert';
import type { Locator } from 'playwright-core';
import { workbench } from './setup';

describe('batch jobs (UI)', function () {
  this.timeout(180_000);

  before(async () => {
    await workbench().setRandomProjectKey();
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await bench.runCommand('View: Close All Editors');
    await bench.clearNotifications();
    await bench.clearApiKey();
  });

  /** The Batch Jobs view's row of the job (the view is a section of the GPT Workbench container). */
  const jobRow = (): Locator =>
    workbench().page.locator('.pane', { hasText: 'Batch Jobs' }).locator('.monaco-list-row').first();

  it('previews, submits, follows the job through its states and opens the report', async () => {
    const bench = workbench();
    const page = bench.page;
    await bench.runCommand('GPT Workbench: Run Task on Files…');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Review' }).first().waitFor();
    await bench.quickInput().fill('Review');
    await page.keyboard.press('Enter');
    // The glob box, then the model picker (the default model first).
    await bench.quickInput().waitFor();
    await bench.quickInput().fill('src/**/*.ts');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'gpt-4.1-mini' }).first().waitFor();
    await page.keyboard.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const preview = await dialog.innerText();
    assert.match(preview, /Review on 1 file\(s\) with gpt-4\.1-mini: 1 request\(s\) in 1 batch\(es\)/);
    assert.match(preview, /batch price about \$[\d.]+ \(interactive: \$[\d.]+\)/);
    await bench.screenshot('batch-preview');
    await dialog.locator('.monaco-button', { hasText: 'Submit' }).click();

    await bench.openViewContainer('GPT Workbench');
    const header = page.locator('.pane-header', { hasText: 'Batch Jobs' });
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await jobRow().filter({ hasText: 'Review on 1 file' }).waitFor({ timeout: 30_000 });
    const seen: string[] = [];
    for (const [state, shot] of [
      ['validating', 'batch-validating'],
      ['in progress', 'batch-in-progress'],
      ['completed', 'batch-completed'],
    ] as const) {
      const row = jobRow().filter({ hasText: new RegExp(`${state} · \\d+/1 done`) });
      const visible = await row
        .waitFor({ timeout: state === 'completed' ? 60_000 : 15_000 })
        .then(() => true)
        .catch(() => false);
      if (visible) {
        seen.push(state);
        await bench.screenshot(shot);
      }
    }
    assert.ok(seen.includes('completed'), `states seen: ${seen.join(', ')}`);
    assert.ok(seen.length >= 2, `the view showed the job before it completed (seen: ${seen.join(', ')})`);

    const toast = await bench.waitForNotification(/Review on 1 file" completed: 1 of 1 done/, 30_000);
    await toast.locator('.monaco-button', { hasText: 'Open Report' }).click();
    const preview2 = page.locator('.tab', { hasText: 'Preview report.md' });
    await preview2.waitFor({ timeout: 30_000 });
    // The report is rendered in the preview's webview (the last one opened; the chat view has the first).
    const heading = page
      .frameLocator('iframe.webview.ready >> nth=-1')
      .frameLocator('#active-frame')
      .locator('h1', { hasText: 'Review on 1 file' });
    await heading.waitFor({ timeout: 30_000 });
    await bench.screenshot('batch-report');
  });
});
