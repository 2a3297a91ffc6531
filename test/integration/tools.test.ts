// The built-in workspace tools in the real extension host, on the copy of the fixture workspace: read_file,
// search_text (ripgrep), get_diagnostics and get_definition through the language servers VS Code runs, the guards
// (a secret file, an escape), and a chat turn whose propose_edit waits for the inline approval, applies as one
// step, and is reverted by Undo this turn's edits.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ToolRunContext } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import { toolScriptMarker } from '../fake-openai/toolScript';
import {
  activateExtension,
  chatViewMessages,
  clearKeyQuietly,
  eventually,
  makeKey,
  setKeyQuietly,
} from './helpers';

const FILES: Record<string, string> = {
  'src/todos.ts': [
    "import { greet } from './greet';",
    '',
    "// TODO: greet in the user's language",
    'export function welcome(name: string): string {',
    '  // TODO: trim the name first',
    '  return greet(name);',
    '}',
    '',
  ].join('\n'),
  'src/broken.ts': "export const count: number = 'not a number';\n",
  '.env': 'API_TOKEN=do-not-read-me\n',
};

const ctx = (): ToolRunContext => ({
  signal: new AbortController().signal,
  turnId: 't',
  callId: `c${Math.random()}`,
  approved: false,
  recordEdit: () => undefined,
});

describe('workspace tools (real extension host)', function () {
  this.timeout(120_000);
  let api: WorkbenchTestingApi;
  let root: string;
  const { ofType } = chatViewMessages(() => api);
  const run = (name: string, args: Record<string, unknown>) => {
    const tool = api.tools.registry.get(name);
    assert.ok(tool, `${name} is registered`);
    return tool.run(args, ctx());
  };

  before(async () => {
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    for (const [rel, text] of Object.entries(FILES)) fs.writeFileSync(path.join(root, rel), text);
    await setKeyQuietly(makeKey('sk-proj-'));
  });
  after(async () => {
    for (const rel of Object.keys(FILES)) fs.rmSync(path.join(root, rel), { force: true });
    await clearKeyQuietly();
  });

  it('read_file reads with line numbers and a range; the guard refuses a secret file and an escape', async () => {
    const text = await run('read_file', { path: 'src/greet.ts', startLine: 2, endLine: 3 });
    assert.match(String(text), /^src\/greet\.ts \(lines 2–3 of \d+\)\n2\| export function greet/);
    await assert.rejects(run('read_file', { path: '.env' }), /secret-file patterns/);
    await assert.rejects(run('read_file', { path: '../../etc/passwd' }), /leads outside the workspace/);
  });

  it('search_text finds the TODO comments with ripgrep, and never a secret file', async () => {
    const text = String(await run('search_text', { query: 'TODO' }));
    assert.match(text, /src\/todos\.ts:3: \/\/ TODO: greet in the user's language/);
    assert.match(text, /src\/todos\.ts:5: \/\/ TODO: trim the name first/);
    const secret = String(await run('search_text', { query: 'do-not-read-me' }));
    assert.strictEqual(secret, 'No matches.');
  });

  it('get_diagnostics reports the problems VS Code holds for a file', async () => {
    // A collection of our own (as the task suites do): the semantic TypeScript check is not reliably up in the
    // test host, and what the tool reads is VS Code's diagnostics, whoever reported them.
    const problems = vscode.languages.createDiagnosticCollection('gptwb-tools-test');
    try {
      const uri = vscode.Uri.file(path.join(root, 'src', 'broken.ts'));
      const problem = new vscode.Diagnostic(
        new vscode.Range(0, 13, 0, 18),
        "Type 'string' is not assignable to type 'number'.",
        vscode.DiagnosticSeverity.Error,
      );
      problem.source = 'ts';
      problems.set(uri, [problem]);
      const text = String(await run('get_diagnostics', { path: 'src/broken.ts' }));
      assert.strictEqual(
        text,
        "src/broken.ts:1:14 error: Type 'string' is not assignable to type 'number'. (ts)",
      );
      assert.match(String(await run('get_diagnostics', {})), /src\/broken\.ts:1:14 error/);
    } finally {
      problems.dispose();
    }
  });

  it('get_definition and get_references find greet through the TypeScript language server', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'src', 'todos.ts')));
    const definition = await eventually(
      async () => {
        const t = String(await run('get_definition', { path: 'src/todos.ts', line: 6, column: 10 }));
        return /greet\.ts/.test(t) ? t : undefined;
      },
      'the definition of greet',
      60_000,
      500,
    );
    assert.match(definition, /^src\/greet\.ts:2:\d+: export function greet/);
    const references = String(await run('get_references', { path: 'src/greet.ts', line: 2, column: 17 }));
    assert.match(references, /src\/todos\.ts:6:\d+: return greet\(name\);/);
  });

  it('propose_edit waits for the inline approval, applies, and Undo this turn reverts it', async () => {
    await vscode.commands.executeCommand('gptWorkbench.openChat');
    await eventually(() => (api.chat.provider.isReady ? true : undefined), 'the chat view', 20_000);
    const file = path.join(root, 'src', 'greet.ts');
    const original = fs.readFileSync(file, 'utf8');
    const script = toolScriptMarker([
      [
        { name: 'read_file', arguments: { path: 'src/greet.ts' } },
        { name: 'search_text', arguments: { query: 'TODO' } },
      ],
      [{ name: 'propose_edit', arguments: { path: 'src/greet.ts', find: 'Hello', replace: 'Hi' } }],
    ]);
    const turn = api.chat.session.send(`Make the greeting shorter ${script}`, [], false);
    const waiting = await eventually(
      () => ofType('toolCall').find((m) => m.call.status === 'awaiting' && m.call.name === 'propose_edit'),
      'the approval of propose_edit',
      30_000,
    );
    assert.match(waiting.call.approval!.summary, /^Edit src\/greet\.ts: replace 1 line at line 3$/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), original, 'nothing written before Approve');
    await api.chat.session.handle({
      type: 'toolDecision',
      turnId: waiting.turnId,
      callId: waiting.call.id,
      decision: 'approve',
    });
    await turn;
    assert.match(fs.readFileSync(file, 'utf8'), /return `Hi, \$\{name\}!`;/);
    const done = ofType('turnDone').find((m) => m.turnId === waiting.turnId)!;
    assert.strictEqual(done.rounds, 3);
    assert.deepStrictEqual(ofType('turnEdits').find((m) => m.turnId === waiting.turnId)!.files, [
      'src/greet.ts',
    ]);

    await api.chat.session.handle({ type: 'undoTurnEdits', turnId: waiting.turnId });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), original);
    const stored = api.chat.session.current!.messages.find((m) => m.id === waiting.turnId)!;
    assert.strictEqual(stored.edits, undefined, 'the checkpoint is used up');
  });

  it('offers no run_command unless the setting turns it on', async () => {
    const menu = await api.tools.port.menu(() => true);
    const command = menu.tools.find((t) => t.name === 'run_command')!;
    assert.strictEqual(command.enabled, false);
    assert.match(command.unavailable!, /gptWorkbench\.tools\.runCommand\.enabled/);
    assert.ok(menu.tools.find((t) => t.name === 'propose_edit')!.enabled, 'a trusted workspace may write');
  });

  it('semantic_search is registered by the workspace index, offered in the menu, and finds greet once indexed', async () => {
    const menu = await api.tools.port.menu(() => true);
    assert.strictEqual(menu.tools.find((t) => t.name === 'semantic_search')?.kind, 'read');
    await api.workspaceIndex.indexNow({ confirm: false });
    const text = String(await run('semantic_search', { query: 'greet someone by name', limit: 3 }));
    assert.match(text, /^\d+ places?\n/);
    assert.match(text, /\nsrc\/greet\.ts:\d+ \(greet\): /);
  });
});
