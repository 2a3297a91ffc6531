// Request settings as the real host applies them, read back from what reached the fake server: a task's own
// `gptWorkbench.tasks.<task>` value wins, the global `request.temperature` / `topP` come next, and a task's built-in
// default (temperature 0 for Refactor) applies only when neither is set; `request.reasoningEffort` (and a task's
// own `reasoning_effort`) reach reasoning models only; `request.responseFormat: json_object` makes chat turns ask
// for a JSON object; `budget.onLimit: block` refuses a request over the budget without asking.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { chatRequestsWith } from './fakeServerLog';
import { WindowStubs, setSetting } from './helpers';
import { lines, openSample, useTaskSuite } from './tasksHelpers';

interface SentBody {
  temperature?: number;
  top_p?: number;
  reasoning_effort?: string;
  response_format?: { type: string };
  model?: string;
}

describe('request settings in the real host', function () {
  this.timeout(60_000);
  const suite = useTaskSuite();
  const SETTINGS = [
    'request.temperature',
    'request.topP',
    'request.reasoningEffort',
    'request.responseFormat',
    'tasks.refactor',
    'tasks.model',
    'budget.dailyUsd',
    'budget.onLimit',
  ];
  afterEach(async () => {
    for (const k of SETTINGS) await setSetting(k, undefined);
  });

  /** Runs Refactor on the sample with a unique instruction and returns the body the fake received. */
  async function refactorBody(): Promise<SentBody> {
    const marker = `settings-probe-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const editor = await openSample();
    await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
      uri: editor.document.uri,
      range: lines(editor, 2, 5),
      instruction: `Use reduce (${marker}).`,
    });
    const sent = chatRequestsWith<unknown>(marker);
    assert.strictEqual(sent.length, 1, 'one request');
    return sent[0]!.body as SentBody;
  }

  it("temperature: the task's own setting, else the global one, else the built-in default", async () => {
    assert.strictEqual((await refactorBody()).temperature, 0, 'built-in default when nothing is set');
    await setSetting('request.temperature', 0.7);
    await setSetting('request.topP', 0.9);
    const inherited = await refactorBody();
    assert.strictEqual(inherited.temperature, 0.7, 'the global setting wins over the built-in default');
    assert.strictEqual(inherited.top_p, 0.9);
    await setSetting('tasks.refactor', { temperature: 0.1 });
    assert.strictEqual((await refactorBody()).temperature, 0.1, "the task's own setting wins");
  });

  it('reasoning effort reaches a reasoning model (global, then per task), never temperature', async () => {
    await setSetting('tasks.model', 'o4-mini');
    await setSetting('request.reasoningEffort', 'high');
    await setSetting('request.temperature', 0.7);
    const global = await refactorBody();
    assert.strictEqual(global.model, 'o4-mini');
    assert.strictEqual(global.reasoning_effort, 'high');
    assert.strictEqual(global.temperature, undefined, 'reasoning models never get temperature');
    await setSetting('tasks.refactor', { reasoning_effort: 'low' });
    assert.strictEqual((await refactorBody()).reasoning_effort, 'low');
    await setSetting('tasks.model', 'gpt-4.1-mini');
    assert.strictEqual((await refactorBody()).reasoning_effort, undefined, 'other models never get it');
  });

  it('responseFormat json_object: a chat turn asks for a JSON object', async () => {
    await setSetting('request.responseFormat', 'json_object');
    const marker = `json-mode-${Date.now()}`;
    await suite.api.chat.session.newChat();
    await suite.api.chat.session.send(`Three colours as JSON (${marker})`, [], false);
    const [sent] = chatRequestsWith<unknown>(marker);
    assert.deepStrictEqual((sent?.body as SentBody).response_format, { type: 'json_object' });
  });

  it('budget.onLimit block: a request over the budget is refused without a question', async () => {
    await setSetting('budget.dailyUsd', 0.000001);
    await setSetting('budget.onLimit', 'block');
    const asked = new WindowStubs();
    const marker = `hard-stop-${Date.now()}`;
    try {
      await assert.rejects(
        (await suite.api.production.getWorkbench()).chat(
          { model: 'gpt-4.1', messages: [{ role: 'user', content: marker }] },
          { feature: 'test.budget' },
        ),
        (err: Error & { kind?: string }) => {
          assert.strictEqual(err.kind, 'budget_blocked');
          assert.match(err.message, /onLimit is "block"/);
          assert.match(err.message, /The estimate assumes/);
          return true;
        },
      );
      assert.deepStrictEqual(
        asked.messages.filter((m) => m.severity === 'warning'),
        [],
        'no "Send anyway" question',
      );
    } finally {
      asked.restore();
    }
    assert.strictEqual(chatRequestsWith(marker).length, 0, 'nothing reached the server');
  });
});
