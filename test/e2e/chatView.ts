// The chat view's parts and the moves a person makes in it (open, ask, wait for the answer, attach an image), shared
// by the e2e suites so that a selector or a wait changes in one place. Workbench-level moves (the command palette,
// the API key, notifications) are in harness.ts.
import * as assert from 'node:assert';
import type { Frame, FrameLocator, Locator } from 'playwright-core';
import { workbench } from './setup';

/** The chat view's own document (inside VS Code's webview iframes). */
export const chatView = (): FrameLocator => workbench().webview();
export const chatInput = (): Locator => chatView().locator('#chat-input');
export const answers = (): Locator => chatView().locator('article.message.assistant');
export const lastAnswer = (): Locator => answers().last();
export const userMessages = (): Locator => chatView().locator('article.message.user');
export const stopButton = (): Locator => chatView().locator('[data-testid=stop]');

/** Types into the chat input and presses Enter; returns the index the new answer will have. */
export async function ask(text: string): Promise<number> {
  await chatInput().waitFor({ state: 'visible', timeout: 30_000 });
  const index = await answers().count();
  await chatInput().fill(text);
  await chatInput().press('Enter');
  return index;
}

/** Waits until answer `index` exists and is complete (an earlier, finished answer cannot satisfy this). */
export async function waitForAnswerEnd(index: number, timeout = 30_000): Promise<void> {
  const answer = answers().nth(index);
  await answer.waitFor({ state: 'attached', timeout });
  await answer.locator('.footer .meta').waitFor({ state: 'visible', timeout });
  await answer.locator('.footer .status').waitFor({ state: 'detached', timeout });
  await stopButton().waitFor({ state: 'hidden', timeout });
}

/** F1 → Open Chat, then wait until its input is there (the webview loads after the command returns). */
export async function openChat(): Promise<void> {
  await workbench().runCommand('GPT Workbench: Open Chat');
  await chatInput().waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * New Chat (with the history list closed, so the transcript has the room), then wait for its snapshot: an empty
 * transcript and the default model back in the picker.
 */
export async function freshChat(): Promise<void> {
  await openChat();
  const history = chatView().locator('[data-testid=history]');
  if ((await history.getAttribute('aria-expanded')) === 'true') await history.click();
  await chatView().locator('[data-testid=history][aria-expanded=false]').waitFor({ timeout: 15_000 });
  await chatView().locator('[data-testid=new-chat]').click();
  await chatView().locator('article.message').first().waitFor({ state: 'detached', timeout: 15_000 });
  await chatView()
    .locator('select.model:has(option[value="gpt-4.1-mini"]:checked)')
    .waitFor({ timeout: 15_000 });
}

/**
 * The chat view's own document as a Playwright Frame, for evaluating in its window (a FrameLocator cannot
 * evaluate): the frame that has the chat input.
 */
export async function chatFrame(): Promise<Frame> {
  for (const frame of workbench().page.frames()) {
    const found = await frame
      .evaluate(() => document.getElementById('chat-input') !== null)
      .catch(() => false);
    if (found) return frame;
  }
  throw new Error('The chat view frame was not found');
}

/** The attach button opens the browser's file chooser; the file is picked there. */
export async function attachThroughButton(name: string, png: Buffer): Promise<void> {
  const [chooser] = await Promise.all([
    workbench().page.waitForEvent('filechooser', { timeout: 15_000 }),
    chatView().locator('button[aria-label="Attach image"]').click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: png });
}

/** A paste or drop of a PNG file onto the chat input, as the browser delivers it (a DataTransfer with the file). */
export async function dispatchImage(kind: 'paste' | 'drop', name: string, png: Buffer): Promise<void> {
  const frame = await chatFrame();
  await frame.evaluate(
    ({ kind, name, base64 }) => {
      const data = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], name, { type: 'image/png' }));
      const init = { bubbles: true, cancelable: true };
      const event =
        kind === 'paste'
          ? new ClipboardEvent('paste', { ...init, clipboardData: data })
          : new DragEvent('drop', { ...init, dataTransfer: data });
      document.getElementById('chat-input')!.dispatchEvent(event);
    },
    { kind, name, base64: png.toString('base64') },
  );
}

/**
 * Picks a color theme by its full palette row label ("Dark High Contrast, Default High Contrast") through
 * F1 → Preferences: Color Theme, and returns the row label of the theme that was active before.
 */
export async function pickColorTheme(label: string): Promise<string> {
  const page = workbench().page;
  const quick = workbench().quickInput();
  for (let attempt = 0; attempt < 10 && !(await quick.isVisible()); attempt++) {
    await page.keyboard.press(attempt % 2 === 0 ? 'F1' : 'Control+Shift+P');
    await quick.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await quick.fill('>Preferences: Color Theme');
  // "Browse Color Themes in Marketplace" sorts first and would search the (offline) marketplace.
  await page.locator('.quick-input-widget .monaco-list-row[aria-label^="Preferences: Color Theme,"]').click();
  const current = page.locator('.quick-input-widget .monaco-list-row.focused:not([aria-label^="loading"])');
  await current.waitFor({ timeout: 15_000 });
  // From 1.104 an unfiltered row also names its group ("Light 2026, Default Light, light themes"); filtered rows
  // do not, and the label is used to pick it again later.
  const previous = ((await current.getAttribute('aria-label')) ?? '').replace(/, [a-z ]+ themes$/i, '');
  await quick.fill(label.split(',')[0]!);
  // A full label must match exactly; a name alone ("Light Modern") picks the row that starts with it.
  const row = label.includes(',') ? `[aria-label="${label}"]` : `[aria-label^="${label}"]`;
  await page.locator(`.quick-input-widget .monaco-list-row${row}`).first().click();
  await quick.waitFor({ state: 'hidden', timeout: 10_000 });
  return previous;
}

interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/**
 * The footer's token line for the usage the fake reported on the last chat request whose last message holds `text`
 * (any text: the last chat request that reported usage).
 */
export function footerTokensFor(text = ''): { line: string; cached: number } {
  const request = [...workbench().fake.requests].reverse().find((r) => {
    const messages = (r.body as { messages?: unknown[] } | null)?.messages;
    return r.path === '/v1/chat/completions' && r.usage && JSON.stringify(messages?.at(-1)).includes(text);
  });
  assert.ok(request, `the fake answered a chat request holding ${JSON.stringify(text)} with usage`);
  const u = request.usage as FakeUsage;
  const cached = u.prompt_tokens_details.cached_tokens;
  return {
    line: `${u.prompt_tokens} prompt / ${cached} cached / ${u.completion_tokens} completion tokens`,
    cached,
  };
}
