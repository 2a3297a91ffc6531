// Code-task results in the real extension host against the fake OpenAI server: Refactor → diff → Apply (one undo
// step, secrets kept local), a stale document refused, Extract opening valid JSON (and CSV), user tasks from the
// fixture's .gptworkbench/ folder.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extractPresetTask, validateValue, type JsonSchema } from '../../src/core';
import { fakeRequests } from './fakeServerLog';
import { SAMPLE, lines, openSample, useTaskSuite } from './tasksHelpers';

describe('code tasks: results', function () {
  this.timeout(60_000);
  const suite = useTaskSuite();

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
    const proposal = suite.api.tasks.proposals.get(id)!;
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

    // The fake answers the code it was sent (the secret as a placeholder) under a marker comment with the
    // code's own indentation; the secret is put back locally before the proposal is made.
    const selected = editor.document.getText(range);
    const marked = `    // Refactored by the fake OpenAI server\n${selected}`;
    assert.strictEqual(proposal.answer.code, marked);
    const expected = content.replace(selected, marked);
    assert.notStrictEqual(expected, content);
    assert.strictEqual(proposal.proposedText, expected);

    const outcome = await vscode.commands.executeCommand('gptWorkbench.applyProposal', id);
    assert.deepStrictEqual(outcome, { applied: true, relocated: false });
    const doc = editor.document;
    assert.strictEqual(doc.getText(), expected, 'exactly the proposed code replaced exactly the range');
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
    assert.match(suite.ui.last('error').text, /^Not applied: /);
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
    assert.ok(suite.api.tasks.proposals.get(refactorTask.result), 'a refactor task opens a proposal');
    assert.strictEqual(
      await vscode.commands.executeCommand('gptWorkbench.discardProposal', refactorTask.result),
      true,
    );
  });
});
