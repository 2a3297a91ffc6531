// Shared by the code-task integration suites: sample files of their own (outside the shared fixture workspace),
// polling for language services, and the suite setup (key set, editors closed). What reached the fake server is
// read by fakeServerLog.ts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { WindowStubs, activateExtension, eventually, makeKey } from './helpers';

export const SAMPLE = [
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

export async function openSample(content = SAMPLE): Promise<vscode.TextEditor> {
  const file = path.join(scratchDir, `sample${++fileCount}.ts`);
  fs.writeFileSync(file, content);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
}

/** Lines `from`..`to` (0-based, inclusive) as a range. */
export function lines(editor: vscode.TextEditor, from: number, to: number): vscode.Range {
  return new vscode.Range(from, 0, to, editor.document.lineAt(to).text.length);
}

/** Polls an async check (language services and markers arrive asynchronously, and take longer than files). */
export function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  return eventually(check, what, timeoutMs, 250);
}

/** The document's symbols from the language service ([] until it has started: tasks poll for them). */
export async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
    'vscode.executeDocumentSymbolProvider',
    uri,
  );
  return symbols ?? [];
}

/** The code actions every provider offers at `range`, as the lightbulb would list them. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
  );
  return actions ?? [];
}

export async function codeActionTitles(uri: vscode.Uri, range: vscode.Range): Promise<string[]> {
  return (await codeActions(uri, range)).map((a) => `${a.title} [${a.kind?.value ?? '-'}]`);
}

export interface TaskSuite {
  readonly api: WorkbenchTestingApi;
  readonly ui: WindowStubs;
  readonly diagnostics: vscode.DiagnosticCollection;
}

/** Hooks for a code-task suite: a key is set, each test's editors are reverted and closed, diagnostics cleared. */
export function useTaskSuite(): TaskSuite {
  const state: { api?: WorkbenchTestingApi; ui?: WindowStubs; diagnostics?: vscode.DiagnosticCollection } =
    {};
  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-tasks-'));
    state.diagnostics = vscode.languages.createDiagnosticCollection('gptwb-test');
    state.api = await activateExtension();
    state.ui = new WindowStubs();
    state.ui.answerInputBox(makeKey('sk-proj-'));
    await vscode.commands.executeCommand('gptWorkbench.setApiKey');
  });
  after(async () => {
    fs.rmSync(scratchDir, { recursive: true, force: true });
    state.diagnostics?.dispose();
    await vscode.commands.executeCommand('gptWorkbench.clearApiKey');
    state.ui?.restore();
  });
  afterEach(async () => {
    state.diagnostics?.clear();
    // Revert (never save) and close every editor a test opened: proposals, diffs, extracted JSON.
    for (let i = 0; i < 20 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
  return {
    get api() {
      return state.api!;
    },
    get ui() {
      return state.ui!;
    },
    get diagnostics() {
      return state.diagnostics!;
    },
  };
}
