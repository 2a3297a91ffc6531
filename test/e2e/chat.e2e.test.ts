// The chat view as a person uses it, in Chromium against the fake OpenAI server: an answer appears progressively,
// Stop keeps the partial, Retry answers again, a window reload keeps the conversation, a code block's Insert puts
// the code into the editor, an answer full of XSS payloads shows them as text and runs nothing, a redacted secret
// is noted, and a failed turn's next-step button runs its command. The composer (keys, Up to edit), the model
// picker, images and the high-contrast theme are in chatComposer.e2e.test.ts.
// Screenshots: test-results/chat-streaming.png, chat-answer.png, chat-stopped.png, chat-retried.png,
// chat-after-reload.png, chat-insert.png, chat-xss.png, chat-history.png, chat-error-actions.png.
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  answers,
  ask,
  chatFrame,
  chatView,
  footerTokensFor,
  freshChat,
  lastAnswer,
  openChat,
  stopButton,
  userMessages,
  waitForAnswerEnd,
} from './chatView';
import { workbench } from './setup';

/** A fresh untitled editor, picked by its exact palette row: the title alone also matches "Compare New Untitled…". */
async function newUntitledEditor(page: Page): Promise<void> {
  const input = workbench().quickInput();
  for (let attempt = 0; attempt < 10 && !(await input.isVisible()); attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await input.fill('>New Untitled Text File');
  await page
    .locator('.quick-input-widget .monaco-list-row[aria-label^="File: New Untitled Text File"]')
    .first()
    .click();
}

describe('chat view (UI)', function () {
  this.timeout(120_000);
  const dialogs: string[] = [];

  before(async () => {
    const bench = workbench();
    bench.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await bench.setRandomProjectKey();
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await bench.clearApiKey();
  });

  it('shows the answer progressively, then its model, tokens and time to first token', async () => {
    const bench = workbench();
    await openChat();
    const index = await ask('Tell me about streams [[fake:stall_mid_stream;after=3;ms=2500]]');
    // The stream stalls after three chunks: the answer must already show them while Stop is still offered.
    await stopButton().waitFor({ state: 'visible', timeout: 30_000 });
    const body = lastAnswer().locator('.body');
    await body.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    const intermediate = (await body.innerText()).trim();
    assert.ok(intermediate.length > 0, 'part of the answer is visible before the end');
    assert.ok(await stopButton().isVisible(), 'still streaming when the partial answer was seen');
    await bench.screenshot('chat-streaming');

    await waitForAnswerEnd(index);
    const final = (await body.innerText()).trim();
    assert.ok(
      final.length > intermediate.length,
      `the answer grew after the stall (${intermediate.length} → ${final.length})`,
    );
    const meta = await lastAnswer().locator('.footer .meta').innerText();
    assert.match(meta, /gpt-4\.1-mini/);
    // The numbers are the ones the API reported for this very request, not merely in the right format.
    assert.ok(meta.includes(footerTokensFor('Tell me about streams').line), meta);
    assert.match(meta, /first token \d+ ms/);
    await bench.screenshot('chat-answer');
  });

  it('Stop keeps the partial answer, and Retry answers again', async () => {
    const bench = workbench();
    const index = await ask('Second question [[fake:stall_mid_stream;after=3;times=1]]');
    await answers().nth(index).waitFor({ timeout: 30_000 });
    const body = lastAnswer().locator('.body');
    await body.filter({ hasText: /\S/ }).waitFor({ timeout: 30_000 });
    await stopButton().click();
    await lastAnswer().locator('.status.stopped').waitFor({ timeout: 15_000 });
    const partial = (await body.innerText()).trim();
    assert.ok(partial.length > 0, 'the partial answer stays after Stop');
    await bench.screenshot('chat-stopped');

    await chatView().locator('[data-testid=retry]').click();
    await waitForAnswerEnd(index); // the retried answer takes the stopped one's place
    assert.strictEqual(
      await lastAnswer().locator('.status.stopped').count(),
      0,
      'the retried answer completed',
    );
    assert.ok(
      (await body.innerText()).trim().length > partial.length,
      'the full answer replaced the partial',
    );
    // The second turn repeats the product's long system prompt and the first turn: the API caches that prefix.
    const tokens = footerTokensFor('Second question');
    assert.ok(tokens.cached > 0, `the fake reported cached tokens on the second turn (${tokens.line})`);
    assert.ok((await lastAnswer().locator('.footer .meta').innerText()).includes(tokens.line));
    await bench.screenshot('chat-retried');
  });

  it('keeps the conversation across a window reload', async () => {
    const bench = workbench();
    // Wait for the new page: the old one's status bar and palette are still there for a moment after Enter.
    await Promise.all([
      bench.page.waitForEvent('load', { timeout: 60_000 }),
      bench.runCommand('Developer: Reload Window'),
    ]);
    await bench.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await openChat();
    const transcript = chatView().locator('.transcript');
    await transcript.filter({ hasText: 'Second question' }).waitFor({ timeout: 30_000 });
    assert.match(await transcript.innerText(), /Tell me about streams/);
    assert.ok((await answers().count()) >= 2, 'both answers are back');
    await bench.screenshot('chat-after-reload');
  });

  it("a code block's Insert puts the code into the editor", async () => {
    const bench = workbench();
    await newUntitledEditor(bench.page);
    await bench.page.locator('.monaco-editor.focused').waitFor({ timeout: 15_000 });
    await openChat();
    await waitForAnswerEnd(await ask('Show me some code [[fake:markdown]]'));
    const block = lastAnswer().locator('.md-code').first();
    const code = await block.locator('pre code').innerText();
    assert.match(code, /export function greet/);
    await block.locator('button[data-action="insert"]').click();
    const editorText = bench.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await editorText.filter({ hasText: /export\s+function\s+greet/ }).waitFor({ timeout: 15_000 });
    await bench.screenshot('chat-insert');
  });

  it('shows XSS payloads from the model as text and runs none of them', async () => {
    const bench = workbench();
    await openChat();
    await waitForAnswerEnd(await ask('Render this safely [[fake:xss]]'));
    const answer = lastAnswer();
    const text = await answer.locator('.body').innerText();
    assert.match(text, /<script>window\.__xss = "script"<\/script>/, 'the script tag is shown as text');
    assert.match(text, /onerror=/, 'the handler is shown as text');
    for (const selector of [
      'script',
      'iframe',
      'svg [onload]',
      '[onerror]',
      '[onload]',
      '[onclick]',
      'a[href^="javascript:"]',
      'img[src^="javascript:"]',
    ]) {
      assert.strictEqual(
        await answer.locator(`.body ${selector}`).count(),
        0,
        `no ${selector} in the answer`,
      );
    }
    // Clicking the would-be javascript: link does nothing either.
    const link = answer.locator('.body a', { hasText: 'click me' });
    if ((await link.count()) > 0) await link.first().click();
    const frame = await chatFrame();
    assert.strictEqual(
      await frame.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
      undefined,
    );
    assert.strictEqual(
      await bench.page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
      undefined,
    );
    assert.deepStrictEqual(dialogs, [], 'no alert/confirm dialog opened');
    await bench.screenshot('chat-xss');
  });

  it('lists conversations; delete offers Undo, which brings it back; opening one closes the list', async () => {
    const bench = workbench();
    await openChat();
    await chatView().locator('[data-testid=history]').click();
    const rows = chatView().locator('.conversation-list li[data-id]');
    await rows.first().waitFor({ timeout: 15_000 });
    const count = await rows.count();
    const title = await rows.first().locator('.title').innerText();
    await bench.screenshot('chat-history');
    await rows.first().locator('button[aria-label^="Delete"]').click();
    await chatView().locator('[data-testid=undo]').waitFor({ timeout: 15_000 });
    await chatView()
      .locator('.conversation-list li[data-id]', { hasText: title })
      .waitFor({ state: 'detached' });
    await chatView().locator('[data-testid=undo]').click();
    await chatView()
      .locator('.conversation-list li[data-id]', { hasText: title })
      .waitFor({ timeout: 15_000 });
    assert.strictEqual(await rows.count(), count, 'the list is whole again');

    // Opening a conversation closes the list: the transcript is not left under it.
    const other = rows.nth(count > 1 ? 1 : 0);
    const otherTitle = await other.locator('.title').innerText();
    await other.locator('button.open').click();
    await chatView().locator('.history-panel').waitFor({ state: 'hidden', timeout: 15_000 });
    assert.strictEqual(
      await chatView().locator('[data-testid=history]').getAttribute('aria-expanded'),
      'false',
    );
    await chatView().locator('.toolbar', { hasText: otherTitle }).waitFor({ timeout: 15_000 });
    assert.ok((await userMessages().count()) > 0, 'the opened conversation is shown');
  });

  it('notes what was redacted; a failed turn offers its next step as a button that works', async () => {
    const bench = workbench();
    // New Chat and wait for its empty transcript: asking at once would count the answers of the old one.
    await freshChat();
    const awsKey = `AKIA${randomBytes(16).toString('hex').toUpperCase().slice(0, 16)}`;
    await waitForAnswerEnd(await ask(`Is this safe? aws_access_key_id = ${awsKey}`));
    const notice = lastAnswer().locator('[data-testid=redaction-notice]');
    assert.strictEqual(await notice.innerText(), '1 secret redacted before sending: AWS access key');
    assert.match(await lastAnswer().locator('.body').innerText(), new RegExp(awsKey), 'restored locally');

    await ask('Who am I? [[fake:unauthorized]]');
    const action = lastAnswer().locator('[data-testid=error-action]');
    await action.waitFor({ timeout: 30_000 });
    assert.strictEqual(await action.innerText(), 'Set API Key');
    await bench.screenshot('chat-error-actions');
    await action.click();
    // The host ran the offered command: its key prompt opens.
    await bench.keyPrompt().waitFor();
    await bench.page.keyboard.press('Escape');
  });
});
