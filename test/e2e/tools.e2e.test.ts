// Function calling as a person sees it, in Chromium against the fake OpenAI server: a question about TODO comments
// makes the model search the workspace — the calls show in the chat, collapsed, then the answer — and an edit the
// model proposes waits for the inline Approve (reached with the keyboard), applies, and offers Undo this turn's
// edits. Screenshots: test-results/tools-calls.png, tools-approval.png, tools-approved.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toolScriptMarker } from '../fake-openai/toolScript';
import { ask, chatView, freshChat, lastAnswer, waitForAnswerEnd } from './chatView';
import { workbench } from './setup';

const TODOS = "// TODO: greet in the user's language\nexport const later = 1; // TODO: remove\n";

describe('tool calls in the chat (UI)', function () {
  this.timeout(120_000);
  let todoFile: string;
  let greetFile: string;
  let greet: string;

  before(async () => {
    const bench = workbench();
    const root = bench.server.workspace;
    todoFile = path.join(root, 'src', 'later.ts');
    greetFile = path.join(root, 'src', 'greet.ts');
    greet = fs.readFileSync(greetFile, 'utf8');
    fs.writeFileSync(todoFile, TODOS);
    await bench.setRandomProjectKey();
  });
  after(async () => {
    fs.rmSync(todoFile, { force: true });
    fs.writeFileSync(greetFile, greet);
    await workbench().clearApiKey();
  });

  it('answers "how many TODO comments" after showing its search calls', async () => {
    const bench = workbench();
    await freshChat();
    const index = await ask('How many TODO comments are in this workspace?');
    await waitForAnswerEnd(index, 60_000);
    const calls = lastAnswer().locator('[data-testid=tool-call]');
    assert.strictEqual(await calls.count(), 2);
    assert.match(
      (await calls.nth(0).locator('summary').textContent()) ?? '',
      /search_text\{"query":"TODO"\}done/,
    );
    await calls.nth(0).locator('summary').click(); // expand: the whole result
    const result = (await calls.nth(0).locator('.tool-result').textContent()) ?? '';
    assert.match(result, /src\/later\.ts:1: \/\/ TODO: greet in the user's language/);
    assert.match(result, /src\/later\.ts:2: export const later = 1; \/\/ TODO: remove/);
    assert.match((await lastAnswer().locator('.body').textContent()) ?? '', /The tool returned/);
    assert.match((await lastAnswer().locator('.tool-totals').textContent()) ?? '', /^2 requests · \$/);
    await bench.screenshot('tools-calls');
  });

  it('reads in parallel, then an edit waits for the inline Approve, applies on Enter, and offers Undo this turn’s edits', async () => {
    const bench = workbench();
    await freshChat();
    // Round 1: two reads in parallel; round 2: the edit; round 3: the answer.
    const script = toolScriptMarker([
      [
        { name: 'read_file', arguments: { path: 'src/greet.ts' } },
        { name: 'search_text', arguments: { query: 'Hello' } },
      ],
      [{ name: 'propose_edit', arguments: { path: 'src/greet.ts', find: 'Hello', replace: 'Hi' } }],
    ]);
    const index = await ask(`Make the greeting shorter ${script}`);
    const approve = chatView().locator('[data-testid=tool-approve]');
    await approve.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(
      (await chatView().locator('.tool-approval-summary').textContent()) ?? '',
      /Edit src\/greet\.ts: replace 1 line at line 3/,
    );
    assert.strictEqual(fs.readFileSync(greetFile, 'utf8'), greet, 'nothing written before Approve');
    await bench.screenshot('tools-approval');
    // The approval has the focus: the keyboard alone approves.
    await approve.press('Enter');
    await waitForAnswerEnd(index, 60_000);
    assert.match(fs.readFileSync(greetFile, 'utf8'), /`Hi, \$\{name\}!`/);
    const undo = lastAnswer().locator('[data-testid=undo-turn-edits]');
    await undo.waitFor({ state: 'visible', timeout: 15_000 });
    const calls = lastAnswer().locator('[data-testid=tool-call] summary');
    assert.deepStrictEqual(
      (await calls.allTextContents()).map((t) => t.replace(/\{.*$/, '')),
      ['read_file', 'search_text', 'propose_edit'],
    );
    assert.match((await lastAnswer().locator('.tool-totals').textContent()) ?? '', /^3 requests · \$/);
    // The transcript of the turn as the chat shows it (for the record of a run).
    console.log(`      transcript:\n${(await lastAnswer().innerText()).replace(/^/gm, '        ')}`);
    await bench.screenshot('tools-approved');
    await undo.click();
    await undo.waitFor({ state: 'detached', timeout: 15_000 });
    assert.strictEqual(fs.readFileSync(greetFile, 'utf8'), greet);
  });
});
