// Code tasks in the real extension host against the fake OpenAI server: commands and code actions offered where
// they should be, Explain streamed into the chat view, Refactor → diff → Apply (one undo step), a stale document
// refused, Extract opening valid JSON, and a user task from the fixture's .gptworkbench/ folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { extractPresetTask, validateValue, type JsonSchema } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import { WindowStubs, activateExtension, makeKey, requireEnv } from './helpers';

const SAMPLE = [
  'export class Cart {',
  '  total(items: { price: number }[]): number {',
  '    let sum = 0;',
  '    // TODO: handle discounts',
  '    for (const item of items) sum += item.price;',
  '    return sum;',
  '  }',
  '}',
  '',
].join('\n');

/** Each test gets a real file of its own outside the workspace (the fixture is shared; untitled names get reused). */
let scratchDir = '';
let fileCount = 0;

async function openSample(content = SAMPLE): Promise<vscode.TextEditor> {
  const file = path.join(scratchDir, `sample${++fileCount}.ts`);
  fs.writeFileSync(file, content);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
}

/** Lines `from`..`to` (0-based, inclusive) as a range. */
function lines(editor: vscode.TextEditor, from: number, to: number): vscode.Range {
  return new vscode.Range(from, 0, to, editor.document.lineAt(to).text.length);
}

interface LoggedRequest {
  path: string;
  body: {
    model?: string;
    seed?: number;
    messages?: { content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict: boolean } };
  };
}

function fakeRequests(): LoggedRequest[] {
  const file = requireEnv('FAKE_OPENAI_LOG');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoggedRequest)
    .filter((r) => r.path === '/v1/chat/completions');
}

/** Polls an async check (language services and markers arrive asynchronously). */
async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function codeActionTitles(uri: vscode.Uri, range: vscode.Range): Promise<string[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
  );
  return (actions ?? []).map((a) => `${a.title} [${a.kind?.value ?? '-'}]`);
}

describe('code tasks', function () {
  this.timeout(60_000);
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const diagnostics = vscode.languages.createDiagnosticCollection('gptwb-test');

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-tasks-'));
    api = await activateExtension();
    ui = new WindowStubs();
    ui.answerInputBox(makeKey('sk-proj-'));
    await vscode.commands.executeCommand('gptWorkbench.setApiKey');
  });

  after(async () => {
    fs.rmSync(scratchDir, { recursive: true, force: true });
    diagnostics.dispose();
    await vscode.commands.executeCommand('gptWorkbench.clearApiKey');
    ui.restore();
  });

  afterEach(async () => {
    diagnostics.clear();
    // Revert (never save) and close every editor a test opened: proposals, diffs, extracted JSON.
    for (let i = 0; i < 20 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

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
    const order = ['explainSelection', 'refactorSelection', 'fixProblem', 'extractData', 'runTask'];
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

    const problem = new vscode.Diagnostic(
      new vscode.Range(4, 4, 4, 7),
      "'item' is possibly undefined.",
      vscode.DiagnosticSeverity.Error,
    );
    problem.source = 'ts';
    diagnostics.set(uri, [problem]);
    const onProblem = await until(async () => {
      const titles = await codeActionTitles(uri, new vscode.Range(4, 5, 4, 5));
      return titles.some((t) => t.startsWith('Fix with GPT')) ? titles : undefined;
    }, 'the QuickFix actions on the diagnostic');
    console.log(`    code actions on a diagnostic: ${JSON.stringify(onProblem)}`);
    assert.ok(onProblem.includes('Fix with GPT [quickfix]'), onProblem.join(', '));
    assert.ok(onProblem.includes('Explain this problem [quickfix]'));
    assert.ok(
      !onProblem.some((t) => t.startsWith('Refactor with GPT')),
      'no refactor offer on an empty selection',
    );
  });

  it('the QuickFix actions run: Fix with GPT proposes a fix, Explain this problem explains it in the chat', async () => {
    const editor = await openSample();
    const uri = editor.document.uri;
    const problem = new vscode.Diagnostic(
      new vscode.Range(4, 4, 4, 7),
      'Loop variable is never used.',
      vscode.DiagnosticSeverity.Warning,
    );
    problem.source = 'lint';
    diagnostics.set(uri, [problem]);
    const actions = await until(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        problem.range,
      );
      return found?.some((a) => a.title === 'Fix with GPT') ? found : undefined;
    }, 'the QuickFix actions');
    const run = (title: string): Thenable<unknown> => {
      const command = actions.find((a) => a.title === title)!.command!;
      return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    };
    const id = (await run('Fix with GPT')) as string;
    assert.ok(api.tasks.proposals.get(id), 'a fix proposal');
    const fixRequest = fakeRequests().at(-1)!.body.messages!.at(-1)!.content;
    assert.match(fixRequest, /Instruction: Fix: Loop variable is never used\. \(lint, line 5\)$/);
    assert.match(fixRequest, /<<<BEGIN CODE>>>\n {2}total\(/, 'the enclosing method is sent');
    await vscode.commands.executeCommand('gptWorkbench.discardProposal', id);

    const explained = (await run('Explain this problem')) as { target: string; markdown: string };
    assert.match(explained.target, /\(method total\)$/);
    assert.ok(explained.markdown.length > 0);
    assert.match(
      api.chat.session.current!.messages.at(-2)!.content,
      /^Explain this problem .*: Loop variable is never used/,
    );
  });

  it('Explain Selection streams the explanation into the chat view and keeps it in history', async () => {
    const editor = await openSample();
    const from = api.chat.provider.sentLog.length;
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.explainSelection', {
      uri: editor.document.uri,
      range: lines(editor, 1, 6),
    })) as { target: string; markdown: string; value?: { summary: string } };
    assert.ok(outcome.value, 'a validated explanation');
    assert.match(outcome.target, /:2-7 \(selection\)$/);
    const posted = api.chat.provider.sentLog.slice(from);
    const deltas = posted.filter((m) => m.type === 'turnDelta').map((m) => (m as { text: string }).text);
    assert.ok(posted.some((m) => m.type === 'turnStarted') && posted.some((m) => m.type === 'turnDone'));
    assert.strictEqual(deltas.join(''), outcome.markdown, 'the view got exactly the rendered explanation');
    const stored = api.chat.session.current!.messages.at(-1)!;
    assert.strictEqual(stored.role, 'assistant');
    assert.strictEqual(stored.content, outcome.markdown);
    assert.ok(stored.content.startsWith(outcome.value.summary));
  });

  it('uses the enclosing symbol when nothing is selected, and says so', async () => {
    const editor = await openSample();
    const doc = editor.document;
    editor.selection = new vscode.Selection(4, 10, 4, 10);
    await until(
      async () => {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
          'vscode.executeDocumentSymbolProvider',
          doc.uri,
        );
        return symbols?.length ? symbols : undefined;
      },
      'the TypeScript symbol provider',
      40_000,
    );
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.explainSelection')) as {
      target: string;
    };
    assert.match(outcome.target, /:2-7 \(method total\)$/);
  });

  it('Refactor shows a diff; Apply replaces exactly the range in one undoable edit; secrets stay local', async () => {
    const secret = 'AKIAQ3EGUBJ7ZR4TNWXY';
    const content = SAMPLE.replace('let sum = 0;', `let sum = 0; // key ${secret}`);
    const editor = await openSample(content);
    const range = lines(editor, 2, 5);
    const id = (await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
      uri: editor.document.uri,
      range,
      instruction: 'Use reduce.',
    })) as string;
    assert.ok(id, 'a proposal was made');
    assert.ok(
      !fakeRequests().some((r) => JSON.stringify(r.body).includes(secret)),
      'the secret never reached the server',
    );
    const proposal = api.tasks.proposals.get(id)!;
    const diffTab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find(
        (t) =>
          t.input instanceof vscode.TabInputTextDiff &&
          t.input.modified.toString() === proposal.proposalUri.toString(),
      );
    assert.ok(diffTab, 'the diff editor is open');
    const shown = await vscode.workspace.openTextDocument(proposal.proposalUri);
    assert.strictEqual(shown.getText(), proposal.proposedText);

    const outcome = await vscode.commands.executeCommand('gptWorkbench.applyProposal', id);
    assert.deepStrictEqual(outcome, { applied: true, relocated: false });
    const doc = editor.document;
    assert.strictEqual(doc.getText(), proposal.proposedText);
    assert.ok(
      doc.getText().startsWith('export class Cart {\n  total('),
      'text outside the range is untouched',
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(doc.getText(), content, 'one undo restores the original');
  });

  it('refuses to apply when the original code was changed, and relocates it when it only moved', async () => {
    const editor = await openSample();
    const range = lines(editor, 2, 5);
    const args = { uri: editor.document.uri, range, instruction: 'Simplify.' };
    const moved = (await vscode.commands.executeCommand('gptWorkbench.refactorSelection', args)) as string;
    // The diff editor took the tab: edit through a fresh editor of the same document, as a user would.
    const user = await vscode.window.showTextDocument(editor.document);
    await user.edit((e) => e.insert(new vscode.Position(0, 0), '// header\n// more\n'));
    assert.deepStrictEqual(await vscode.commands.executeCommand('gptWorkbench.applyProposal', moved), {
      applied: true,
      relocated: true,
    });
    assert.ok(editor.document.getText().startsWith('// header\n// more\nexport class Cart {'));

    const stale = (await vscode.commands.executeCommand('gptWorkbench.refactorSelection', {
      ...args,
      range: lines(editor, 0, 1),
    })) as string;
    const before = editor.document.getText();
    await (
      await vscode.window.showTextDocument(editor.document)
    ).edit((e) => e.replace(new vscode.Range(1, 0, 1, 7), '// HEADER CHANGED'));
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.applyProposal', stale)) as {
      applied: boolean;
      reason?: string;
    };
    assert.strictEqual(outcome.applied, false);
    assert.match(outcome.reason ?? '', /changed or removed after the refactor was requested/);
    assert.match(ui.last('error').text, /^Not applied: /);
    assert.notStrictEqual(editor.document.getText(), before, 'only the user edit is there');
    assert.ok(editor.document.getText().includes('// HEADER CHANGED'));
  });

  it('Extract Structured Data opens valid JSON (and CSV on request)', async () => {
    const editor = await openSample();
    const json = (await vscode.commands.executeCommand('gptWorkbench.extractData', {
      uri: editor.document.uri,
      what: 'todos',
    })) as {
      document: vscode.Uri;
      value: unknown;
    };
    const doc = await vscode.workspace.openTextDocument(json.document);
    assert.strictEqual(doc.languageId, 'json');
    const parsed = JSON.parse(doc.getText()) as unknown;
    assert.ok(validateValue(parsed, extractPresetTask('todos').schema).ok, doc.getText());
    const csv = (await vscode.commands.executeCommand('gptWorkbench.extractData', {
      uri: editor.document.uri,
      what: 'todos',
      format: 'csv',
    })) as {
      document: vscode.Uri;
    };
    const csvText = (await vscode.workspace.openTextDocument(csv.document)).getText();
    assert.ok(csvText.startsWith('tag,text,line\r\n'), csvText);
  });

  it('runs user tasks from .gptworkbench/tasks: a schema task opens valid JSON with its model and seed', async () => {
    const editor = await openSample();
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.runTask', {
      name: 'List Identifiers',
      uri: editor.document.uri,
    })) as {
      kind: string;
      result: string;
    };
    assert.strictEqual(outcome.kind, 'json');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.result));
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const schemaText = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(folder, '.gptworkbench', 'schemas', 'identifiers.json'),
      ),
    );
    assert.ok(
      validateValue(JSON.parse(doc.getText()), JSON.parse(schemaText) as JsonSchema).ok,
      doc.getText(),
    );
    const sent = fakeRequests().at(-1)!.body;
    assert.strictEqual(sent.model, 'gpt-4.1-nano');
    assert.strictEqual(sent.seed, 7);
    assert.deepStrictEqual(
      sent.response_format?.json_schema && {
        name: sent.response_format.json_schema.name,
        strict: sent.response_format.json_schema.strict,
      },
      {
        name: 'List_Identifiers',
        strict: true,
      },
    );
    const refactorTask = (await vscode.commands.executeCommand('gptWorkbench.runTask', {
      name: 'Add Doc Comments',
      uri: editor.document.uri,
    })) as {
      kind: string;
      result: string;
    };
    assert.strictEqual(refactorTask.kind, 'refactor');
    assert.ok(api.tasks.proposals.get(refactorTask.result), 'a refactor task opens a proposal');
    assert.strictEqual(
      await vscode.commands.executeCommand('gptWorkbench.discardProposal', refactorTask.result),
      true,
    );
  });
});
