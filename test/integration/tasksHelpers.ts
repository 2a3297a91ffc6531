// Shared by the code-task integration suites: sample files of their own (outside the shared fixture workspace),
// the fake server's request log, polling for language services, and the suite setup (key set, editors closed).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { WindowStubs, activateExtension, makeKey, requireEnv } from './helpers';

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

interface LoggedRequest {
  path: string;
  body: {
    model?: string;
    seed?: number;
    messages?: { content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict: boolean } };
  };
}

export function fakeRequests(): LoggedRequest[] {
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
export async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function codeActionTitles(uri: vscode.Uri, range: vscode.Range): Promise<string[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
  );
  return (actions ?? []).map((a) => `${a.title} [${a.kind?.value ?? '-'}]`);
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
