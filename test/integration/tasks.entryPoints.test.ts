// Code-task entry points in the real extension host against the fake OpenAI server: commands in the palette,
// the editor submenu and keybindings; code actions offered where they should be (and what they run); Explain
// streamed into the chat view; the enclosing symbol used when nothing is selected.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { fakeRequests } from './fakeServerLog';
import {
  codeActionTitles,
  codeActions,
  documentSymbols,
  lines,
  openSample,
  until,
  useTaskSuite,
} from './tasksHelpers';

describe('code tasks: entry points', function () {
  this.timeout(60_000);
  const suite = useTaskSuite();

  /** Reports one problem on the sample's `for` (line 5) through the suite's own collection, as a linter would. */
  const reportProblem = (
    uri: vscode.Uri,
    message: string,
    severity: vscode.DiagnosticSeverity,
    source: string,
  ): vscode.Diagnostic => {
    const problem = new vscode.Diagnostic(new vscode.Range(4, 4, 4, 7), message, severity);
    problem.source = source;
    suite.diagnostics.set(uri, [problem]);
    return problem;
  };

  it('registers every task command and puts them in the editor submenu, palette and keybindings', async () => {
    const ids = [
      'explainSelection',
      'refactorSelection',
      'extractData',
      'fixProblem',
      'runTask',
      'applyProposal',
      'discardProposal',
    ].map((id) => `gptWorkbench.${id}`);
    const registered = await vscode.commands.getCommands(true);
    for (const id of ids) assert.ok(registered.includes(id), `${id} registered`);
    const pkg = vscode.extensions.getExtension('gpt-workbench.gpt-workbench')!.packageJSON as {
      contributes: {
        menus: Record<string, { command?: string; submenu?: string; when?: string }[]>;
        keybindings: { command: string }[];
      };
    };
    const submenu = pkg.contributes.menus['gptWorkbench.editorSubmenu']!.map((m) => m.command);
    // Add Selection to Chat sits with the tasks, last, in its own group.
    const order = [
      'explainSelection',
      'refactorSelection',
      'fixProblem',
      'extractData',
      'runTask',
      'addSelectionToChat',
    ];
    assert.deepStrictEqual(
      submenu,
      order.map((id) => `gptWorkbench.${id}`),
    );
    assert.ok(
      pkg.contributes.menus['editor/context']!.some((m) => m.submenu === 'gptWorkbench.editorSubmenu'),
    );
    const palette = pkg.contributes.menus['commandPalette']!;
    assert.strictEqual(
      palette.find((m) => m.command === 'gptWorkbench.applyProposal')?.when,
      'gptWorkbench.proposalOpen',
    );
    for (const id of ids.slice(0, 5))
      assert.ok(
        pkg.contributes.keybindings.some((k) => k.command === id),
        `${id} has a keybinding`,
      );
  });

  it('offers RefactorRewrite actions on a selection and QuickFix actions on a diagnostic', async () => {
    const editor = await openSample();
    const uri = editor.document.uri;
    const onSelection = await codeActionTitles(uri, lines(editor, 2, 5));
    console.log(`    code actions on a selection: ${JSON.stringify(onSelection)}`);
    assert.ok(onSelection.includes('Refactor with GPT… [refactor.rewrite]'), onSelection.join(', '));
    assert.ok(onSelection.includes('Explain with GPT [refactor.rewrite]'));
    assert.ok(onSelection.includes('Extract Structured Data with GPT… [refactor.rewrite]'));
    // Chosen, it extracts from exactly the selection (the preset picked here instead of in its quick pick).
    const extract = (await codeActions(uri, lines(editor, 2, 5))).find((a) =>
      a.title.startsWith('Extract Structured Data'),
    );
    assert.strictEqual(extract?.command?.command, 'gptWorkbench.extractData');
    const [extractArgs] = (extract.command.arguments ?? []) as [{ uri: vscode.Uri; range: vscode.Range }];
    assert.strictEqual(extractArgs.uri.toString(), uri.toString());
    assert.ok(extractArgs.range.isEqual(lines(editor, 2, 5)), 'the selection is what gets extracted');
    const marker = fakeRequests().length;
    const extracted = await vscode.commands.executeCommand<{ document: vscode.Uri } | undefined>(
      'gptWorkbench.extractData',
      { ...extractArgs, what: 'todos' },
    );
    assert.ok(extracted?.document, 'the extraction ran and opened its result');
    const sentCode = JSON.stringify(fakeRequests().slice(marker).at(-1)?.body ?? '');
    assert.ok(sentCode.includes('let sum = 0;'), 'the selected lines were sent');

    reportProblem(uri, "'item' is possibly undefined.", vscode.DiagnosticSeverity.Error, 'ts');
    const onProblem = await until(async () => {
      const titles = await codeActionTitles(uri, new vscode.Range(4, 5, 4, 5));
      return titles.some((t) => t.startsWith('Fix with GPT')) ? titles : undefined;
    }, 'the QuickFix actions on the diagnostic');
    console.log(`    code actions on a diagnostic: ${JSON.stringify(onProblem)}`);
    assert.ok(onProblem.includes('Fix with GPT [quickfix]'), onProblem.join(', '));
    assert.ok(onProblem.includes('Explain this problem [quickfix]'));
    assert.ok(
      !onProblem.some((t) => t.startsWith('Refactor with GPT') || t.startsWith('Extract Structured')),
      'no refactor or extract offer on an empty selection',
    );
  });

  it('the QuickFix actions run: Fix with GPT proposes a fix, Explain this problem explains it in the chat', async () => {
    const editor = await openSample();
    const uri = editor.document.uri;
    const problem = reportProblem(
      uri,
      'Loop variable is never used.',
      vscode.DiagnosticSeverity.Warning,
      'lint',
    );
    const actions = await until(async () => {
      const found = await codeActions(uri, problem.range);
      return found.some((a) => a.title === 'Fix with GPT') ? found : undefined;
    }, 'the QuickFix actions');
    const run = (title: string): Thenable<unknown> => {
      const command = actions.find((a) => a.title === title)!.command!;
      return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    };
    const id = (await run('Fix with GPT')) as string;
    assert.ok(suite.api.tasks.proposals.get(id), 'a fix proposal');
    const fixRequest = fakeRequests().at(-1)!.body.messages!.at(-1)!.content;
    assert.match(fixRequest, /Instruction: Fix: Loop variable is never used\. \(lint, line 5\)$/);
    assert.match(fixRequest, /<<<BEGIN CODE>>>\n {2}total\(/, 'the enclosing method is sent');
    await vscode.commands.executeCommand('gptWorkbench.discardProposal', id);

    const explained = (await run('Explain this problem')) as { target: string; markdown: string };
    assert.match(explained.target, /\(method total\)$/);
    assert.ok(explained.markdown.length > 0);
    assert.match(
      suite.api.chat.session.current!.messages.at(-2)!.content,
      /^Explain this problem .*: Loop variable is never used/,
    );
  });

  it('Explain Selection streams the explanation into the chat view and keeps it in history', async () => {
    const editor = await openSample();
    const from = suite.api.chatView.sent.length;
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.explainSelection', {
      uri: editor.document.uri,
      range: lines(editor, 1, 6),
    })) as { target: string; markdown: string; value?: { summary: string } };
    assert.ok(outcome.value, 'a validated explanation');
    assert.match(outcome.target, /:2-7 \(selection\)$/);
    const posted = suite.api.chatView.sent.slice(from);
    const deltas = posted.filter((m) => m.type === 'turnDelta').map((m) => (m as { text: string }).text);
    assert.ok(posted.some((m) => m.type === 'turnStarted') && posted.some((m) => m.type === 'turnDone'));
    assert.strictEqual(deltas.join(''), outcome.markdown, 'the view got exactly the rendered explanation');
    const stored = suite.api.chat.session.current!.messages.at(-1)!;
    assert.strictEqual(stored.role, 'assistant');
    assert.strictEqual(stored.content, outcome.markdown);
    assert.ok(stored.content.startsWith(outcome.value.summary));

    // Retry re-runs the explain task (a Structured Outputs request), not free text to the chat model.
    const before = fakeRequests().length;
    await suite.api.chat.session.retry();
    const again = fakeRequests().slice(before);
    assert.strictEqual(again.length, 1, 'one request for the retried explanation');
    assert.strictEqual(again[0]!.body.response_format?.json_schema?.name, 'explanation');
    assert.strictEqual(suite.api.chat.session.current!.messages.at(-1)!.content, outcome.markdown);
  });

  it('uses the enclosing symbol when nothing is selected, and says so', async () => {
    const editor = await openSample();
    const doc = editor.document;
    editor.selection = new vscode.Selection(4, 10, 4, 10);
    await until(
      async () => {
        const symbols = await documentSymbols(doc.uri);
        return symbols.length ? symbols : undefined;
      },
      'the TypeScript symbol provider',
      40_000,
    );
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.explainSelection')) as {
      target: string;
    };
    assert.match(outcome.target, /:2-7 \(method total\)$/);
  });
});
