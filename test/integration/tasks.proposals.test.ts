// What surrounds a proposal in the real host: its Apply / Discard notification after the proposal was settled
// another way (editor title, command), and task failures shown with the production wording and next step.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { lines, openSample, until, useTaskSuite } from './tasksHelpers';

type ShowInfo = typeof vscode.window.showInformationMessage;

/**
 * Holds back the answer of every notification that offers Apply, so a test can press its button later; every
 * other information message goes on to the suite's recorder.
 */
function holdProposalNotifications(): {
  press(choice: string | undefined): void;
  restore(): void;
  readonly shown: number;
} {
  const window = vscode.window as { showInformationMessage: ShowInfo };
  const recorder = window.showInformationMessage;
  const pending: ((choice: string | undefined) => void)[] = [];
  let shown = 0;
  window.showInformationMessage = ((message: string, ...items: unknown[]) => {
    if (!items.includes('Apply'))
      return (recorder as (m: string, ...i: unknown[]) => unknown)(message, ...items);
    shown++;
    return new Promise((resolve) => pending.push(resolve));
  }) as ShowInfo;
  return {
    press: (choice) => pending.shift()?.(choice),
    restore: () => (window.showInformationMessage = recorder),
    get shown() {
      return shown;
    },
  };
}

describe('code tasks: proposal notifications and task errors', function () {
  this.timeout(60_000);
  const suite = useTaskSuite();

  it('a notification pressed after Apply from elsewhere says "already applied" and applies nothing twice', async () => {
    const held = holdProposalNotifications();
    try {
      const editor = await openSample();
      const args = { uri: editor.document.uri, range: lines(editor, 2, 5), instruction: 'Simplify.' };
      const applied = (await vscode.commands.executeCommand(
        'gptWorkbench.refactorSelection',
        args,
      )) as string;
      assert.strictEqual(held.shown, 1, 'the proposal offered Apply / Discard in a notification');
      const proposal = suite.api.tasks.proposals.get(applied)!;
      const title = proposal.title;
      // The editor title's Apply passes the proposal document's URI.
      assert.deepStrictEqual(
        await vscode.commands.executeCommand('gptWorkbench.applyProposal', proposal.proposalUri),
        { applied: true, relocated: false },
      );
      const after = editor.document.getText();
      held.press('Apply');
      const said = await until(
        async () => suite.ui.messages.find((m) => m.text === `${title}: already applied.`),
        'the "already applied" message',
      );
      assert.strictEqual(said.severity, 'info');
      assert.strictEqual(editor.document.getText(), after, 'the late press changed nothing');

      const discarded = (await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
        ...args,
        range: lines(editor, 0, 1),
      })) as string;
      const second = suite.api.tasks.proposals.get(discarded)!.title;
      assert.strictEqual(
        await vscode.commands.executeCommand('gptWorkbench.discardProposal', discarded),
        true,
      );
      held.press('Apply');
      await until(
        async () => suite.ui.messages.find((m) => m.text === `${second}: already discarded.`),
        'the "already discarded" message',
      );
      assert.strictEqual(editor.document.getText(), after, 'a discarded proposal is never applied');
      assert.ok(!suite.ui.messages.some((m) => m.severity === 'error'), 'no error along the way');
    } finally {
      held.restore();
    }
  });

  it('a quota error of a task says it is not a rate limit and offers the billing page', async () => {
    const editor = await openSample();
    const id = await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
      uri: editor.document.uri,
      range: lines(editor, 2, 5),
      instruction: 'Use reduce. [[fake:insufficient_quota]]',
    });
    assert.strictEqual(id, undefined, 'no proposal');
    const shown = suite.ui.last('error');
    assert.match(shown.text, /^Refactor: .*out of credit/);
    assert.match(shown.text, /This is not a rate limit/);
    assert.deepStrictEqual(shown.items, ['Open Billing']);
  });

  it('a rate limit of a task is a warning with Retry', async () => {
    const editor = await openSample();
    await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
      uri: editor.document.uri,
      range: lines(editor, 2, 5),
      instruction: 'Use reduce. [[fake:rate_limit;retry_after_ms=10]]',
    });
    const shown = suite.ui.last('warning');
    assert.match(shown.text, /^Refactor: Rate limited by the API \(429\)/);
    assert.ok(shown.items.includes('Retry'), shown.items.join(', '));
  });
});
