// An answer from the reader's side: a "thinking" cue from Send to the first token, Regenerate on a finished
// answer, Copy on every message (what reaches the clipboard), the user's own message rendered as markdown (a code
// block as code), and a failure that retrying cannot fix (no quota) offering Open Billing instead of Retry.
// Screenshots: test-results/chat-thinking-dark.png, chat-streaming-dark.png, chat-streaming-light.png,
// chat-regenerated.png.
import * as assert from 'node:assert';
import {
  answers,
  ask,
  chatView,
  freshChat,
  lastAnswer,
  pickColorTheme,
  stopButton,
  userMessages,
  waitForAnswerEnd,
} from './chatView';
import { workbench } from './setup';

describe('chat turn (UI)', function () {
  this.timeout(180_000);

  before(async () => {
    await workbench().setRandomProjectKey();
  });

  after(async () => {
    const bench = workbench();
    await bench.page.keyboard.press('Escape');
    await bench.clearApiKey();
  });

  it('shows a thinking cue from Send until the first token, then the answer', async () => {
    const bench = workbench();
    await freshChat();
    // Headers at once, then 2.5 s without a token: the cue must be there meanwhile.
    const index = await ask('Slow start please [[fake:stall_mid_stream;after=0;ms=2500]]');
    const cue = answers().nth(index).locator('[data-testid=thinking]');
    await cue.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await cue.innerText(), /Thinking/);
    const previous = await pickColorTheme('Dark Modern');
    try {
      await bench.screenshot('chat-thinking-dark');
    } finally {
      await pickColorTheme(previous);
    }
    await waitForAnswerEnd(index);
    assert.equal(await cue.count(), 0, 'the cue is gone once the answer arrived');
    assert.match(await lastAnswer().locator('.footer .meta').innerText(), /first token \d+ ms/);
  });

  it('streams an answer legibly in the dark and the light theme (screenshots mid-stream)', async () => {
    const bench = workbench();
    await freshChat();
    // The offline demo's realistic answer (heading, list, code) at a slow pace: the screenshots see it arriving.
    bench.fake.setDemo({ paceMs: 250 });
    try {
      const index = await ask('How do I retry a fetch with exponential backoff in TypeScript?');
      const answer = answers().nth(index);
      await answer.locator('.body .md-code, .body li').first().waitFor({ timeout: 45_000 });
      const previous = await pickColorTheme('Dark Modern');
      try {
        await chatView().locator('body.vscode-dark').waitFor({ timeout: 15_000 });
        assert.ok(await stopButton().isVisible(), 'still streaming in the dark screenshot');
        await bench.screenshot('chat-streaming-dark');
        await pickColorTheme('Light Modern');
        await chatView().locator('body.vscode-light').waitFor({ timeout: 15_000 });
        assert.ok(await stopButton().isVisible(), 'still streaming in the light screenshot');
        await bench.screenshot('chat-streaming-light');
      } finally {
        await pickColorTheme(previous);
      }
      await stopButton().click();
      await answer.locator('.status.stopped').waitFor({ timeout: 15_000 });
    } finally {
      bench.fake.setDemo(false);
    }
  });

  it('regenerates a finished answer in place', async () => {
    const bench = workbench();
    await freshChat();
    const index = await ask('Name a colour');
    await waitForAnswerEnd(index);
    const regenerate = lastAnswer().getByRole('button', { name: 'Regenerate' });
    await regenerate.waitFor({ timeout: 15_000 });
    const chats = () => bench.fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const before = chats();
    await regenerate.click();
    // The finished answer is still on screen until the new turn starts: wait for the request, then for its end.
    for (let i = 0; i < 150 && chats() === before; i++) await bench.page.waitForTimeout(100);
    await waitForAnswerEnd(index);
    assert.equal(chats(), before + 1, 'the question was asked again');
    assert.equal(await answers().count(), index + 1, 'the answer was replaced, not added');
    await bench.screenshot('chat-regenerated');
  });

  it('renders the user message as markdown and gives every message a Copy button', async () => {
    await freshChat();
    const typed = 'Why does this fail?\n\n```ts\nconst x: number = "1";\n```';
    const index = await ask(typed);
    await waitForAnswerEnd(index);
    const question = userMessages().last();
    assert.equal(await question.locator('.md-code code').count(), 1, 'the code block is a code block');
    assert.match(await question.locator('.md-code code').innerText(), /const x: number = "1";/);
    const page = workbench().page;
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const copied: string[] = [];
    for (const message of [question, lastAnswer()]) {
      const copy = message.locator('.message-copy');
      assert.equal(await copy.getAttribute('aria-label'), 'Copy message');
      await copy.focus();
      assert.ok(await copy.evaluate((el) => el === document.activeElement), 'Copy is reachable by keyboard');
      await page.evaluate(() => navigator.clipboard.writeText('(before Copy)'));
      await copy.press('Enter');
      for (let i = 0; i < 50 && (await clipboard()) === '(before Copy)'; i++) await page.waitForTimeout(100);
      copied.push(await clipboard());
    }
    // The user's message reaches the clipboard as typed (markdown source, fence included), the answer as its text.
    const [copiedQuestion, copiedAnswer = ''] = copied;
    assert.equal(copiedQuestion, typed);
    const firstWords = (await lastAnswer().locator('.body').innerText())
      .trim()
      .split(/\s+/)
      .slice(0, 3)
      .join(' ');
    assert.ok(
      copiedAnswer.replace(/[#*`_]/g, '').includes(firstWords),
      `${JSON.stringify(copiedAnswer)} ⊇ ${firstWords}`,
    );
    assert.notEqual(copiedAnswer, copiedQuestion);
  });

  it('offers Open Billing, not Retry, when the account has no quota left', async () => {
    await freshChat();
    const index = await ask('Hello [[fake:insufficient_quota]]');
    const answer = answers().nth(index);
    await answer.locator('.footer .status.error').waitFor({ timeout: 15_000 });
    const labels = await answer.locator('.footer button').allInnerTexts();
    assert.ok(
      labels.some((l) => /Billing/.test(l)),
      labels.join(', '),
    );
    assert.ok(!labels.includes('Retry'), labels.join(', '));
    assert.equal(await chatView().locator('[data-testid=thinking]').count(), 0);
  });
});
