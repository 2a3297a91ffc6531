// The chat view in the real extension host, against the fake OpenAI server: the view resolves and its page
// talks to the host (ready → snapshot, again after a reload), a turn streams as correlated messages and is
// stored in history on disk, Stop keeps the partial answer, and Add Selection to Chat hands the selection over.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { WindowStubs, activateExtension, chatViewMessages, eventually, makeKey, setSetting } from './helpers';

describe('chat view', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;

  const { sent, ofType } = chatViewMessages(() => api);

  const key = makeKey('sk-proj-');

  before(async () => {
    api = await activateExtension();
    ui = new WindowStubs();
    ui.answerInputBox(key);
    await vscode.commands.executeCommand('gptWorkbench.setApiKey');
  });

  after(async () => {
    await vscode.commands.executeCommand('gptWorkbench.clearApiKey');
    ui.restore();
  });

  it('Open Chat resolves the view; its page says ready and is sent a snapshot', async () => {
    await vscode.commands.executeCommand('gptWorkbench.openChat');
    await eventually(
      () => (api.chat.provider.isReady ? true : undefined),
      'the chat page to say ready',
      20_000,
    );
    const snapshot = ofType('snapshot').at(-1);
    assert.ok(snapshot, 'a snapshot was posted');
    assert.strictEqual(snapshot.snapshot.model, 'gpt-4.1-mini', 'the default model');
    const gpt4o = snapshot.snapshot.models.find((m) => m.id === 'gpt-4o');
    assert.deepStrictEqual(
      gpt4o,
      {
        id: 'gpt-4o',
        label: 'gpt-4o',
        vision: true,
        priceClass: '$$$',
        priceDetail: '$2.5 in / $10 out per 1M tokens',
      },
      'from the catalogue',
    );
  });

  it('a reloaded page asks again and gets a fresh snapshot (protocol round trip)', async () => {
    const before = ofType('snapshot').length;
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await eventually(
      () => (ofType('snapshot').length > before ? true : undefined),
      'a second snapshot',
      20_000,
    );
  });

  it('a turn streams as correlated messages and is stored in history', async () => {
    const from = sent().length;
    await api.chat.session.send('Hello there [[fake:chunks=12]]', [], false);

    const started = ofType('turnStarted', from);
    assert.strictEqual(started.length, 1);
    const turnId = started[0]!.turnId;
    const turnMessages = sent()
      .slice(from)
      .filter((m) => 'turnId' in m && m.turnId === turnId);
    assert.strictEqual(turnMessages[0]!.type, 'turnStarted');
    assert.strictEqual(turnMessages.at(-1)!.type, 'turnDone');
    const streamed = ofType('turnDelta', from)
      .filter((m) => m.turnId === turnId)
      .map((m) => m.text)
      .join('');
    const done = ofType('turnDone', from)[0]!;
    assert.ok(done.usage && done.usage.completion > 0, 'usage reported');
    assert.ok(done.ttftMs !== null && done.ttftMs >= 0, 'time to first token reported');

    const conversation = api.chat.session.current!;
    const file = path.join(api.chat.history.store.dir, `${conversation.id}.json`);
    await eventually(() => (fs.existsSync(file) ? true : undefined), 'the conversation file');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      title: string;
      messages: { role: string; content: string; status: string }[];
    };
    assert.strictEqual(stored.title, 'Hello there [[fake:chunks=12]]');
    assert.strictEqual(stored.messages.length, 2);
    assert.strictEqual(stored.messages[1]!.status, 'complete');
    assert.ok(stored.messages[1]!.content.length > 0);
    assert.strictEqual(stored.messages[1]!.content, streamed, 'what was streamed is what was stored');
    assert.ok(
      api.chat.history.summaries().some((s) => s.id === conversation.id),
      'listed in history',
    );
  });

  it('Stop ends the stream through its AbortSignal and keeps the partial answer', async () => {
    const from = sent().length;
    const turn = api.chat.session.send('Stall please [[fake:stall_mid_stream;after=3]]', [], false);
    const started = await eventually(() => ofType('turnStarted', from)[0], 'the turn to start');
    await eventually(() => ofType('turnDelta', from)[0], 'the first delta');
    await api.chat.session.handle({ type: 'stop', turnId: started.turnId });
    await turn;

    const error = ofType('turnError', from)[0];
    assert.ok(error, 'the turn ended with turnError');
    assert.strictEqual(error.kind, 'aborted');
    assert.ok(error.partial.length > 0, 'the partial answer is kept');
    const stored = api.chat.session.current!.messages.at(-1)!;
    assert.strictEqual(stored.status, 'stopped');
    assert.strictEqual(stored.content, error.partial);
  });

  it('Add Selection to Chat sends the selection as a fenced block with its file:line', async () => {
    const document = await vscode.workspace.openTextDocument({
      content: 'const a = 1;\nconst b = 2;\n',
      language: 'typescript',
    });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, 12);
    const from = sent().length;
    await vscode.commands.executeCommand('gptWorkbench.addSelectionToChat');
    const draft = await eventually(() => ofType('setDraft', from)[0], 'the draft to reach the view');
    assert.match(draft.text, /:2`\n```typescript\nconst b = 2;\n```$/);
    assert.strictEqual(draft.append, true);
  });

  it('refuses images for a model that cannot read them, and sends nothing', async () => {
    const session = api.chat.session;
    const before = session.current!.messages.length;
    // `auto` takes images only when every model the routing can pick reads them; this one may pick a text model.
    await setSetting('models.routing', [{ kind: 'chat', maxPromptTokens: 100, model: 'text-only-local' }]);
    await session.handle({ type: 'setModel', model: 'auto' });
    const from = sent().length;
    const image = { name: 'dot.png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=', bytes: 8 };
    await session.send('What is in this picture?', [image], false);
    const notice = ofType('notice', from)[0];
    assert.ok(notice && notice.level === 'error', 'an error notice');
    assert.match(notice.text, /auto cannot read images/);
    assert.strictEqual(ofType('turnStarted', from).length, 0, 'no turn started');
    assert.strictEqual(session.current!.messages.length, before, 'nothing was added');
    await setSetting('models.routing', undefined);
    await session.handle({ type: 'setModel', model: 'gpt-4.1-mini' });
  });

  it('opens a workspace path from the view at its line, and nothing outside the workspace', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // A real file next to the workspace folder: reachable by "../", so only the host's check keeps it shut.
    const outside = path.join(path.dirname(root), `gptwb-outside-${process.pid}.txt`);
    fs.writeFileSync(outside, 'not part of the workspace\n');
    // A link inside the workspace that points out of it: the text of the path looks fine, the file is not.
    const link = path.join(root, `gptwb-link-${process.pid}.txt`);
    fs.symlinkSync(outside, link);
    try {
      const escapes = [`../${path.basename(outside)}`, outside, `src/../../${path.basename(outside)}`];
      for (const escape of [...escapes, path.basename(link)]) {
        const from = sent().length;
        await api.chat.session.handle({ type: 'openPath', path: escape, line: 1 });
        const notice = ofType('notice', from).at(-1);
        assert.strictEqual(notice?.level, 'warning', `${escape} is refused with a notice`);
        assert.match(notice.text, /is not a file in this workspace/);
        assert.notStrictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, outside, escape);
      }
    } finally {
      fs.rmSync(link, { force: true });
      fs.rmSync(outside, { force: true });
    }

    const from = sent().length;
    await api.chat.session.handle({ type: 'openPath', path: 'src/greet.ts', line: 2 });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.fsPath, path.join(root, 'src', 'greet.ts'));
    assert.strictEqual(editor.selection.start.line, 1, 'the selection is on line 2');
    assert.strictEqual(ofType('notice', from).length, 0, 'no warning for a real workspace file');
  });

  it('renames, deletes with undo, and exports the conversation as Markdown', async () => {
    const session = api.chat.session;
    const store = api.chat.history.store;
    const id = session.current!.id;
    const file = path.join(store.dir, `${id}.json`);

    await session.handle({ type: 'renameConversation', id, title: 'Renamed in a test' });
    assert.strictEqual(store.get(id)!.title, 'Renamed in a test');
    assert.match(fs.readFileSync(file, 'utf8'), /"title":"Renamed in a test"/);

    const from = sent().length;
    await session.handle({ type: 'deleteConversation', id });
    assert.ok(!fs.existsSync(file), 'the file is gone while the undo window is open');
    const notice = ofType('notice', from).find((n) => n.undoDeleteId === id);
    assert.ok(notice, 'the notice offers Undo');
    assert.notStrictEqual(session.current!.id, id, 'a new chat replaced the deleted one');
    await session.handle({ type: 'undoDelete', id });
    assert.ok(fs.existsSync(file), 'Undo brought the file back');
    await session.handle({ type: 'openConversation', id });
    assert.strictEqual(session.current!.id, id);

    // A user who pasted their own key into the chat: the export (which may be shared) must not carry it.
    session.current!.messages.push({
      id: 'u-key',
      role: 'user',
      content: `Why does ${key} fail?`,
      createdAt: Date.now(),
      status: 'complete',
    });
    const target = vscode.Uri.file(
      path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-export-')), 'chat.md'),
    );
    const window = vscode.window as { showSaveDialog: typeof vscode.window.showSaveDialog };
    const original = window.showSaveDialog;
    let offered: vscode.Uri | undefined;
    window.showSaveDialog = async (options) => {
      offered = options?.defaultUri;
      return target;
    };
    try {
      await vscode.commands.executeCommand('gptWorkbench.exportChat');
    } finally {
      window.showSaveDialog = original;
    }
    const markdown = fs.readFileSync(target.fsPath, 'utf8');
    assert.ok(markdown.startsWith('# Renamed in a test\n'), markdown.slice(0, 80));
    assert.equal(offered && path.basename(offered.path), 'renamed-in-a-test.md', 'a slugged file name');
    assert.match(markdown, /## Turn 1\n\n### You\n\nHello there/);
    assert.match(markdown, /### Assistant \(gpt-4\.1-mini/);
    assert.match(markdown, /_\(stopped\)_/);
    assert.match(markdown, /## You\n\nWhy does .+ fail\?/);
    assert.ok(!markdown.includes(key), 'the API key is not in the exported chat');
  });
});
