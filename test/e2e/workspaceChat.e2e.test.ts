// `@workspace` in the chat as a person meets it, in Chromium against the fake OpenAI server: asked before the index
// exists, the answer says so with Index Workspace (which shows its cost and asks) and Retry; after indexing (the
// fake's embeddings), Retry answers with a citation link in the text and the sources in the footer, and a click on
// a source opens the code in the editor. With answered before on (a user setting), a question close to
// one answered before shows the earlier answer with Use it / Ask again, and Use it answers with no request.
// Semantic Search… lists the places a question is about and opens the chosen one.
// Screenshots: test-results/rag-not-built.png, rag-workspace-answer.png, rag-semantic-search.png,
// rag-answered-before.png.
import * as assert from 'node:assert';
import { updateUserSettings } from '../../scripts/codeServer';
import { answers, ask, chatView, freshChat, lastAnswer, waitForAnswerEnd } from './chatView';
import { workbench } from './setup';

/** Reloads the window and waits for the new page's workbench (the old one's status bar lingers a moment). */
async function reloadWindow(): Promise<void> {
  const bench = workbench();
  await Promise.all([
    bench.page.waitForEvent('load', { timeout: 60_000 }),
    bench.runCommand('Developer: Reload Window'),
  ]);
  await bench.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await bench.waitForCommand('GPT Workbench: Show API Key Status');
}

describe('@workspace questions in the chat (UI)', function () {
  this.timeout(180_000);

  before(() => workbench().setRandomProjectKey());
  after(async function () {
    this.timeout(120_000);
    updateUserSettings(workbench().server.userDataDir, {
      'gptWorkbench.chat.answeredBefore.enabled': undefined,
    });
    await reloadWindow();
    await workbench().clearApiKey();
  });

  it('says the index is not built, indexes from the answer, and the retried answer cites code that opens', async () => {
    const bench = workbench();
    const page = bench.page;
    await freshChat();
    await ask('@workspace how do we greet someone?');
    const answer = lastAnswer();
    const status = answer.locator('.footer .status.error');
    await status.waitFor({ timeout: 30_000 });
    assert.match((await status.textContent()) ?? '', /workspace index is not built yet/);
    const asked = () =>
      bench.fake.requests.filter(
        (r) => r.path === '/v1/chat/completions' && JSON.stringify(r.body).includes('greet someone'),
      );
    assert.strictEqual(asked().length, 0, 'no chat request was sent without context');
    await bench.screenshot('rag-not-built');

    // The answer's own button runs Index Workspace: the cost first, then the index over the fake's embeddings.
    await answer.locator('[data-testid=error-action]', { hasText: 'Index Workspace' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Index \d+ files: \d+ chunks, [\d,]+ tokens in 1 request to /);
    await dialog.locator('.monaco-button', { hasText: 'Index' }).click();
    await bench.waitForNotification(/Indexed \d+ files/, 60_000);
    await bench.clearNotifications();
    assert.ok(
      bench.fake.requests.some((r) => r.path === '/v1/embeddings'),
      'embedded through the fake',
    );

    await lastAnswer().locator('[data-testid=retry]').click();
    await waitForAnswerEnd(0, 60_000);
    const body = lastAnswer().locator('.body');
    const cited = body.locator('a.md-link-path[data-path="src/greet.ts"]');
    await cited.waitFor({ timeout: 15_000 });
    assert.match((await cited.textContent()) ?? '', /^src\/greet\.ts:\d+$/);
    const source = lastAnswer().locator('[data-testid=sources] a.md-link-path[data-path="src/greet.ts"]');
    await source.waitFor({ timeout: 15_000 });
    assert.match((await source.textContent()) ?? '', /^src\/greet\.ts:\d+$/);
    assert.strictEqual(asked().length, 1);
    assert.match(JSON.stringify(asked()[0]!.body), /<<<BEGIN WORKSPACE CONTEXT>>>\\nsrc\/greet\.ts:\d+/);
    await source.scrollIntoViewIfNeeded();
    await bench.screenshot('rag-workspace-answer');

    // A source opens the code: the editor shows greet.ts.
    await source.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'greet.ts' }).waitFor({ timeout: 15_000 });
    await chatView().locator('#chat-input').waitFor();
  });

  it('Semantic Search… lists path:line results for a question and opens the chosen one in the editor', async () => {
    const bench = workbench();
    const page = bench.page;
    await bench.runCommand('View: Close All Editors').catch(() => undefined);
    await bench.runCommand('GPT Workbench: Semantic Search…');
    const input = bench.quickInput();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('how do we greet someone by name?');
    await page.keyboard.press('Enter');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'src/greet.ts:' }).first();
    await row.waitFor({ timeout: 30_000 });
    assert.match((await row.textContent()) ?? '', /src\/greet\.ts:\d+/);
    await bench.screenshot('rag-semantic-search');
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'greet.ts' }).waitFor({ timeout: 15_000 });
  });

  it('answered before: a close question shows the earlier answer with Use it / Ask again; Use it sends nothing', async () => {
    const bench = workbench();
    // A user setting, as most people would turn it on. After a window reload earlier in the run (chat.e2e),
    // code-server was seen not to notice edits of the settings file any more: the window is reloaded to read it.
    updateUserSettings(bench.server.userDataDir, { 'gptWorkbench.chat.answeredBefore.enabled': true });
    await reloadWindow();
    const question = 'Where is the greeting text built?';
    const embedded = () =>
      bench.fake.requests.some(
        (r) => r.path === '/v1/embeddings' && JSON.stringify(r.body).includes(question),
      );
    // The settings file applies when VS Code has read it: until then a question is answered without an embedding
    // (and not remembered), so ask until one was embedded — that one is answered and remembered.
    for (let attempt = 0; !embedded(); attempt++) {
      assert.ok(attempt < 20, 'the user setting turned answered before on');
      await freshChat();
      await waitForAnswerEnd(await ask(question), 60_000);
    }
    const chatRequests = () => bench.fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const before = chatRequests();

    await freshChat();
    await ask('where is the greeting text built');
    const card = chatView().locator('[data-testid=answered-before]');
    await card.waitFor({ timeout: 30_000 });
    assert.match(
      (await card.textContent()) ?? '',
      /Answered before \(\d+% similar\): use it, or ask again\./,
    );
    assert.match((await card.textContent()) ?? '', /Earlier question: Where is the greeting text built\?/);
    await chatView().locator('[data-testid=answered-before-ask]').waitFor();
    await bench.screenshot('rag-answered-before');
    await chatView().locator('[data-testid=answered-before-use]').click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
    await waitForAnswerEnd(0, 15_000);
    assert.match(
      (await answers().nth(0).locator('.footer .meta').textContent()) ?? '',
      /answered before, no request/,
    );
    assert.match(
      (await answers().nth(0).locator('.body').textContent()) ?? '',
      /Where is the greeting text built\?/,
    );
    assert.strictEqual(chatRequests(), before, 'Use it sent no chat request');
  });
});
