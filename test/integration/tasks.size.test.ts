// The size limit of code tasks in the real extension host: with gpt-4o (128,000-token window) a file with one
// small function and one ~600 KB function. Too large → the nearby lines are dropped when the code fits without
// them, else the enclosing symbol is offered, else the task is refused with the numbers; nothing too large is
// ever sent to the (fake) server.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { requireEnv } from './helpers';
import { fakeRequests } from './fakeServerLog';
import { documentSymbols, until, useTaskSuite } from './tasksHelpers';

const MODEL = 'gpt-4o';
const SMALL = [
  'export function small(a: number, b: number): number {',
  '  const sum = a + b;',
  '  return sum * 2;',
  '}',
].join('\n');

/** Four lines of ~150 KB each (~70k tokens a line): the huge function's first lines are the small one's context. */
function hugeFunction(): string {
  const longLines: string[] = [];
  for (let line = 0; line < 4; line++) {
    const statements: string[] = [];
    for (let i = 0; i < 8000; i++) statements.push(`acc += ${(i * 7919 + line) % 10007} * v${i % 97};`);
    longLines.push(`  ${statements.join(' ')}`);
  }
  return [
    'export function huge(...v: number[]): number {',
    '  let acc = 0;',
    ...longLines,
    '  return acc;',
    '}',
  ].join('\n');
}

// Line 0: comment; 1-4: small; 5: huge's header; 6: `let acc`; 7-10: the long lines; 11-12: its end.
const CONTENT = `// Size limit test: a small function next to a huge one.\n${SMALL}\n${hugeFunction()}\n`;
const NUMBERS =
  /([\d,]+) prompt tokens \+ ([\d,]+) reserved for the answer > ([\d,]+)-token context window of gpt-4o/;

/** The numbers a size message names, checked for consistency: the prompt plus the reserve exceed the window. */
function numbersIn(text: string): { prompt: number; reserve: number; window: number } {
  const m = NUMBERS.exec(text);
  assert.ok(m, `the message names the numbers: ${text}`);
  const [prompt, reserve, window] = [m[1]!, m[2]!, m[3]!].map((n) => Number(n.replace(/,/g, '')));
  assert.strictEqual(window, 128_000, "gpt-4o's context window");
  assert.ok(reserve! > 0, 'output tokens are reserved');
  assert.ok(prompt! + reserve! > window!, 'the numbers show why it does not fit');
  // ~600 KB of code is far more than 128,000 tokens: the count is real, not a guess from a short prompt.
  assert.ok(prompt! > 128_000, `prompt tokens ${prompt}`);
  return { prompt: prompt!, reserve: reserve!, window: window! };
}

function lastUserMessage(): string {
  return fakeRequests().at(-1)!.body.messages!.at(-1)!.content;
}

describe('code tasks: size limit (gpt-4o, 128,000 tokens)', function () {
  this.timeout(120_000);
  const suite = useTaskSuite();
  const config = () => vscode.workspace.getConfiguration('gptWorkbench');
  let saved: { model?: string; contextLines?: number } = {};
  let file = '';
  let editor: vscode.TextEditor;

  before(async () => {
    saved = {
      model: config().inspect<string>('tasks.model')?.globalValue,
      contextLines: config().inspect<number>('tasks.contextLines')?.globalValue,
    };
    await config().update('tasks.model', MODEL, vscode.ConfigurationTarget.Global);
    await config().update('tasks.contextLines', 5, vscode.ConfigurationTarget.Global);
    file = path.join(requireEnv('GPT_WORKBENCH_TEST_WORKSPACE'), 'sizeLimit.ts');
    fs.writeFileSync(file, CONTENT);
  });

  after(async () => {
    await config().update('tasks.model', saved.model, vscode.ConfigurationTarget.Global);
    await config().update('tasks.contextLines', saved.contextLines, vscode.ConfigurationTarget.Global);
    fs.rmSync(file, { force: true });
  });

  beforeEach(async () => {
    editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(vscode.Uri.file(file)),
    );
    assert.strictEqual(editor.document.lineAt(11).text, '  return acc;', 'the layout the tests rely on');
    await until(
      async () => {
        const symbols = await documentSymbols(editor.document.uri);
        return symbols.length >= 2 ? symbols : undefined;
      },
      'the TypeScript symbol provider on the large file',
      60_000,
    );
  });

  /** Answers the next warning with `answer` (undefined = dismissed), recording it in the suite's messages. */
  function answerWarning(answer: string | undefined): () => void {
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    window.showWarningMessage = async (text: string, ...items: string[]) => {
      suite.ui.messages.push({ severity: 'warning', text, items });
      return answer;
    };
    return () => {
      window.showWarningMessage = original;
    };
  }

  async function explain(args?: { uri: vscode.Uri; range: vscode.Range }) {
    return (await vscode.commands.executeCommand('gptWorkbench.explainSelection', args)) as
      { target: string; markdown: string } | undefined;
  }

  it('refuses the whole file with the numbers when no enclosing symbol is smaller, and sends nothing', async () => {
    const doc = editor.document;
    const end = doc.positionAt(doc.getText().length);
    editor.selection = new vscode.Selection(new vscode.Position(0, 0), end); // Select All: the cursor at the end
    const before = fakeRequests().length;
    const shown = suite.ui.messages.length;
    assert.strictEqual(await explain(), undefined, 'nothing was explained');
    const refusal = suite.ui.last('error');
    assert.match(refusal.text, /^Explain: the code is too large \(.*\)\. Select a smaller range\.$/);
    numbersIn(refusal.text);
    assert.ok(!suite.ui.messages.slice(shown).some((m) => m.severity === 'warning'), 'no symbol was offered');
    assert.strictEqual(fakeRequests().length, before, 'no chat request reached the server');

    // A range inside the huge function: its only enclosing symbol is larger still → refused too.
    editor.selection = new vscode.Selection(8, 4, 8, 4);
    const range = new vscode.Range(7, 0, 9, doc.lineAt(9).text.length);
    assert.strictEqual(await explain({ uri: doc.uri, range }), undefined);
    numbersIn(suite.ui.last('error').text);
    assert.strictEqual(fakeRequests().length, before, 'still no chat request');
  });

  it('offers the enclosing small function (without its huge nearby lines); accepting sends only its code', async () => {
    const doc = editor.document;
    // Everything selected, the cursor (active end) inside `small`.
    editor.selection = new vscode.Selection(doc.positionAt(doc.getText().length), new vscode.Position(2, 4));
    const before = fakeRequests().length;

    let restore = answerWarning(undefined);
    try {
      assert.strictEqual(await explain(), undefined, 'dismissing the offer does nothing');
    } finally {
      restore();
    }
    const offer = suite.ui.last('warning');
    assert.deepStrictEqual(offer.items, ['Use function small']);
    assert.match(offer.text, /The enclosing function small fits without its nearby lines\.$/);
    numbersIn(offer.text);
    assert.strictEqual(fakeRequests().length, before, 'no chat request before the offer is accepted');

    restore = answerWarning('Use function small');
    let outcome;
    try {
      outcome = await explain();
    } finally {
      restore();
    }
    assert.ok(outcome, 'the explanation ran');
    assert.match(outcome.target, /sizeLimit\.ts:2-5 \(function small\)$/);
    assert.strictEqual(fakeRequests().length, before + 1, 'exactly one request');
    const sent = lastUserMessage();
    assert.ok(sent.includes(`<<<BEGIN CODE>>>\n${SMALL}\n<<<END CODE>>>`), 'the delimited code is `small`');
    assert.ok(!sent.includes('CONTEXT AFTER') && !sent.includes('CONTEXT BEFORE'), 'no nearby lines');
    assert.ok(!sent.includes('acc +='), 'nothing of the huge function was sent');
    assert.ok(sent.length < 2_000, `a small prompt (${sent.length} characters)`);
  });

  it('a selection too large only because of its nearby lines is sent without them, and the user is told', async () => {
    const doc = editor.document;
    editor.selection = new vscode.Selection(2, 0, 3, doc.lineAt(3).text.length); // inside `small`
    const before = fakeRequests().length;
    const shown = suite.ui.messages.length;
    const outcome = await explain();
    assert.ok(outcome, 'the explanation ran');
    assert.match(outcome.target, /sizeLimit\.ts:3-4 \(selection\)$/);
    const told = suite.ui.messages.slice(shown).find((m) => m.text.includes('without the nearby lines'));
    assert.ok(told, 'the user is told the nearby lines were left out');
    assert.strictEqual(told.severity, 'info');
    numbersIn(told.text);
    assert.ok(!suite.ui.messages.slice(shown).some((m) => m.severity !== 'info'), 'no offer, no refusal');
    assert.strictEqual(fakeRequests().length, before + 1, 'exactly one request');
    const sent = lastUserMessage();
    assert.ok(sent.includes(`<<<BEGIN CODE>>>\n${doc.getText(editor.selection)}\n<<<END CODE>>>`));
    assert.ok(!sent.includes('CONTEXT AFTER') && !sent.includes('acc +='), 'the huge lines were not sent');
  });
});
