// The chat view's composer and picker as a person uses them, in Chromium against the fake OpenAI server: Enter
// sends and Shift+Enter is a newline, Up edits the last message and sending replaces the last turn, the model
// picker's rows show each model's price class and whether it reads images and its choice names the answer, images
// come by the attach button or a paste for a vision model and are refused for a model the catalogue says cannot
// read them, and the view stays legible with visible focus in the high-contrast theme.
// Screenshots: test-results/chat-keyboard.png, chat-edit-last.png, chat-model-picker.png, chat-image.png,
// chat-image-refused.png, chat-high-contrast.png.
import * as assert from 'node:assert';
import {
  answers,
  ask,
  attachThroughButton,
  chatFrame,
  chatInput,
  chatView,
  dispatchImage,
  freshChat,
  pickColorTheme,
  userMessages,
  waitForAnswerEnd,
} from './chatView';
import { TEXT_ONLY_MODEL, workbench } from './setup';

/** Runs in the webview: the lowest text/background contrast ratio among the last answer's text elements. */
const CONTRAST_PROBE = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const backgroundOf = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [0, 0, 0];
  };
  const answer = [...document.querySelectorAll('.body')].at(-1);
  let worst = { ratio: Infinity, text: '' };
  for (const el of answer.querySelectorAll('p, li, th, td, code, span, a, h1, h2, h3, strong, em')) {
    if (!el.textContent.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color));
    const b = lum(backgroundOf(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: el.tagName + ' "' + el.textContent.slice(0, 30) + '"' };
  }
  return worst;
})()`;

const modelSelect = () => chatView().locator('select.model');

/** The body of the newest chat completion request the fake received. */
function lastChatRequest(): { model: string; messages: { role: string; content: unknown }[] } {
  const request = workbench()
    .fake.requests.filter((r) => r.path.endsWith('/chat/completions'))
    .at(-1);
  assert.ok(request, 'the fake received a chat request');
  return request.body as { model: string; messages: { role: string; content: unknown }[] };
}

describe('chat composer, model picker, images and theme (UI)', function () {
  this.timeout(120_000);
  /** A real PNG to attach: a corner of the workbench itself (the activity bar's icons). */
  let png: Buffer;

  before(async () => {
    const bench = workbench();
    await bench.setRandomProjectKey();
    png = await bench.page.screenshot({ clip: { x: 0, y: 0, width: 96, height: 96 } });
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await freshChat(); // back to the default model for later suites
    await bench.clearApiKey();
  });

  it('Shift+Enter inserts a newline without sending; Enter sends both lines', async () => {
    const bench = workbench();
    await freshChat();
    const requestsBefore = bench.fake.requests.length;
    await chatInput().click();
    await chatInput().pressSequentially('first line');
    await chatInput().press('Shift+Enter');
    await chatInput().pressSequentially('second line');
    assert.strictEqual(
      await chatInput().inputValue(),
      'first line\nsecond line',
      'the composer holds two lines',
    );
    assert.strictEqual(await userMessages().count(), 0, 'nothing was sent');
    assert.strictEqual(bench.fake.requests.length, requestsBefore, 'no request reached the server');

    await chatInput().press('Enter');
    await waitForAnswerEnd(0);
    assert.strictEqual(await userMessages().count(), 1);
    assert.strictEqual(await userMessages().first().locator('.body').innerText(), 'first line\nsecond line');
    assert.strictEqual(await chatInput().inputValue(), '', 'the composer is empty after sending');
    await bench.screenshot('chat-keyboard');
  });

  it('Up in an empty composer edits the last message; sending it replaces the last turn', async () => {
    const bench = workbench();
    await freshChat();
    await waitForAnswerEnd(await ask('What is a monad?'));
    await waitForAnswerEnd(await ask('Explain it with an example about lists'));
    assert.strictEqual(await answers().count(), 2);

    await chatInput().click();
    await chatInput().press('ArrowUp');
    assert.strictEqual(await chatInput().inputValue(), 'Explain it with an example about lists');
    await chatView().locator('.edit-banner').waitFor({ state: 'visible' });
    await chatInput().fill('Explain it with an example about options');
    await chatInput().press('Enter');
    await waitForAnswerEnd(1);

    const users = await userMessages().locator('.body').allInnerTexts();
    assert.deepStrictEqual(users, ['What is a monad?', 'Explain it with an example about options']);
    assert.strictEqual(await answers().count(), 2, 'the old answer was replaced, not kept');
    assert.match(
      await answers().nth(1).locator('.body').innerText(),
      /fake answer to: "Explain it .* options"/,
    );
    assert.doesNotMatch(await chatView().locator('.transcript').innerText(), /about lists/);
    assert.ok(await chatView().locator('.edit-banner').isHidden(), 'the edit banner is gone after sending');
    // The host replaced it too: the request carries the edited question only.
    const sent = lastChatRequest()
      .messages.filter((m) => m.role === 'user')
      .map((m) => m.content);
    assert.deepStrictEqual(sent, ['What is a monad?', 'Explain it with an example about options']);
    await bench.screenshot('chat-edit-last');
  });

  it("the model picker's choice is used, and the answer's footer names it", async () => {
    const bench = workbench();
    await freshChat();
    // Each row says what the catalogue says: the price class and whether the model reads images.
    const rows = await modelSelect().locator('option').allTextContents();
    assert.ok(rows.includes('gpt-4.1-nano · $ · reads images'), rows.join(' | '));
    assert.ok(rows.includes('gpt-4o · $$$ · reads images'), rows.join(' | '));
    await modelSelect().selectOption('gpt-4.1-nano');
    assert.match((await modelSelect().getAttribute('title')) ?? '', /\$0\.1 in \/ \$0\.4 out per 1M tokens/);
    await waitForAnswerEnd(await ask('Which model answers this?'));
    assert.strictEqual(lastChatRequest().model, 'gpt-4.1-nano');
    const meta = await answers().last().locator('.footer .meta').innerText();
    assert.match(meta, /^gpt-4\.1-nano-2025-04-14 · /, 'the footer names the dated snapshot that answered');
    assert.strictEqual(await modelSelect().inputValue(), 'gpt-4.1-nano', 'the picker keeps the choice');
    await bench.screenshot('chat-model-picker');
  });

  it('attaches an image for gpt-4o (button and paste); the message shows it and the answer arrives', async () => {
    const bench = workbench();
    await freshChat();
    await modelSelect().selectOption('gpt-4o');
    await attachThroughButton('corner.png', png);
    await chatView().locator('.attachments img[alt="corner.png"]').waitFor({ timeout: 15_000 });

    // A paste of an image file lands in the same attachment row.
    await dispatchImage('paste', 'pasted.png', png);
    await chatView().locator('.attachments img[alt="pasted.png"]').waitFor({ timeout: 15_000 });

    await waitForAnswerEnd(await ask('What is in these pictures?'));
    const thumbs = userMessages().last().locator('.images img.thumb');
    assert.deepStrictEqual(await thumbs.evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))), [
      'corner.png',
      'pasted.png',
    ]);
    assert.ok(
      await thumbs.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 96),
      'the thumbnail shows the attached image',
    );
    assert.strictEqual(await chatView().locator('.attachments img').count(), 0, 'the attachments were sent');
    assert.match(await answers().last().locator('.footer .meta').innerText(), /^gpt-4o-2024-08-06 · /);
    const request = lastChatRequest();
    const parts = request.messages.at(-1)?.content as { type: string; image_url?: { url: string } }[];
    assert.strictEqual(parts.filter((p) => p.type === 'image_url').length, 2, 'both images were sent');
    assert.ok(
      parts.every((p) => p.type !== 'image_url' || p.image_url?.url.startsWith('data:image/png;base64,')),
    );
    await bench.screenshot('chat-image');

    // Up edits that message with its images; Esc cancels and leaves the composer empty.
    await chatInput().click();
    await chatInput().press('ArrowUp');
    assert.strictEqual(await chatInput().inputValue(), 'What is in these pictures?');
    assert.strictEqual(await chatView().locator('.attachments img').count(), 2, 'editing keeps the images');
    await chatInput().press('Escape');
    assert.strictEqual(await chatInput().inputValue(), '');
    assert.strictEqual(await chatView().locator('.attachments img').count(), 0, 'cancelling drops them');
  });

  it('refuses an image for a model the catalogue says cannot read images, with a clear message', async () => {
    const bench = workbench();
    await freshChat();
    // With the default routing `auto` picks only vision models: it takes an image.
    await modelSelect().selectOption('auto');
    await attachThroughButton('corner.png', png);
    await chatView().locator('.attachments img').first().waitFor({ timeout: 15_000 });
    await chatView().locator('.attachments button[aria-label="Remove corner.png"]').click();

    await modelSelect().selectOption(TEXT_ONLY_MODEL);
    await attachThroughButton('corner.png', png);
    const notice = chatView().locator('.notice.warning', {
      hasText: `${TEXT_ONLY_MODEL} cannot read images`,
    });
    await notice.waitFor({ timeout: 15_000 });
    // The vision models are named from the host's picker (the catalogue), not from a list in the view.
    assert.match(await notice.innerText(), /Choose a vision model \(gpt-4\.1, gpt-4\.1-mini, .*gpt-4o.*\)/);
    assert.doesNotMatch(await notice.innerText(), new RegExp(`\\(.*${TEXT_ONLY_MODEL}.*\\)`));
    assert.strictEqual(await chatView().locator('.attachments img').count(), 0, 'nothing was attached');
    await bench.screenshot('chat-image-refused');
    await notice.locator('button[aria-label="Dismiss"]').click();

    // A dropped image is refused the same way.
    await dispatchImage('drop', 'dropped.png', png);
    const dropped = chatView().locator('.notice.warning', { hasText: 'to attach "dropped.png"' });
    await dropped.waitFor({ timeout: 15_000 });
    assert.strictEqual(await chatView().locator('.attachments img').count(), 0, 'nothing was attached');
    await dropped.locator('button[aria-label="Dismiss"]').click();
  });

  it('high contrast: an answer with code stays legible and keyboard focus is visible', async () => {
    const bench = workbench();
    const previous = await pickColorTheme('Dark High Contrast, Default High Contrast');
    try {
      await bench.page.locator('.monaco-workbench.hc-black').waitFor({ timeout: 30_000 });
      await freshChat();
      await chatView().locator('body.vscode-high-contrast').waitFor({ timeout: 15_000 });
      await waitForAnswerEnd(await ask('Show me some code [[fake:markdown]]'));
      const block = answers().last().locator('.md-code').first();
      await block.scrollIntoViewIfNeeded();
      assert.match(await block.locator('pre code').innerText(), /export function greet/);
      // Legible means contrast: every text element of the answer against the background behind it (WCAG ≥ 4.5).
      // (A string, not a function: tsx would wrap the inner functions in a helper the page does not have.)
      const weakest = (await (await chatFrame()).evaluate(CONTRAST_PROBE)) as {
        ratio: number;
        text: string;
      };
      assert.ok(weakest.ratio >= 4.5, `contrast ${weakest.ratio.toFixed(2)} for ${weakest.text}`);

      await chatInput().click();
      const frame = await chatFrame();
      const outline = await frame.evaluate(() => {
        const el = document.getElementById('chat-input')!;
        const style = getComputedStyle(el);
        return {
          focused: document.activeElement === el,
          style: style.outlineStyle,
          width: style.outlineWidth,
          color: style.outlineColor,
        };
      });
      assert.ok(outline.focused, 'the composer has focus');
      assert.notStrictEqual(outline.style, 'none', 'the focused composer has an outline');
      assert.notStrictEqual(outline.width, '0px');
      assert.doesNotMatch(outline.color, /rgba\(0, 0, 0, 0\)|transparent/, 'the outline has a colour');
      await bench.screenshot('chat-high-contrast');
    } finally {
      if (previous && previous !== 'Dark High Contrast, Default High Contrast')
        await pickColorTheme(previous);
      await bench.page.locator('.monaco-workbench.hc-black').waitFor({ state: 'detached', timeout: 30_000 });
    }
  });
});
