// Our tools for VS Code's agent and `@workbench /search`, in the real extension host against the fake server:
// vscode.lm.tools lists the semantic search and batch tools with their schemas; vscode.lm.invokeTool searches an
// index built with the fake's embeddings; the batch tool's confirmation names the cost Run Task on Files… shows,
// and a confirmed invocation submits a job the fake receives; /search answers with links, references and the
// Index Workspace button while the index is not built.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isJobFinished } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import { RecordingStream } from './chatStream';
import { allFakeRequests } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  eventually,
  makeKey,
  requireEnv,
  setKeyQuietly,
  setSetting,
} from './helpers';

const SEARCH_TOOL = 'gptWorkbench_semanticSearch';
const BATCH_TOOL = 'gptWorkbench_submitBatch';

const textOf = (result: vscode.LanguageModelToolResult): string =>
  result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

describe("VS Code's agent: our search and batch tools, @workbench /search", function () {
  this.timeout(90_000);
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const run = Date.now().toString(36);
  const root = requireEnv('GPT_WORKBENCH_TEST_WORKSPACE');
  const dir = `lmtools-${run}`;
  const ledgerFile = `${dir}/invoiceLedger.ts`;
  const question = 'where is the invoice ledger rotated into the archive';

  const search = async (prompt: string) => {
    const stream = new RecordingStream();
    const result = (await api.languageModels.participant.handle(
      { prompt, command: 'search', references: [], toolReferences: [] } as unknown as vscode.ChatRequest,
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    )) as vscode.ChatResult;
    return { stream, result };
  };

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(makeKey('sk-proj-'));
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.writeFileSync(
      path.join(root, ledgerFile),
      [
        '// Rotates the invoice ledger: closed invoices move into the archive at month end.',
        'export function rotateInvoiceLedger(ledger: { closed: string[]; archive: string[] }) {',
        '  ledger.archive.push(...ledger.closed);',
        '  ledger.closed = [];',
        '}',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      path.join(root, dir, 'colors.ts'),
      'export const palette = ["teal", "amber", "slate"];\nexport function shade(c: string) { return c; }\n',
    );
    // A fresh, unbuilt index whatever ran before.
    await (await api.workspaceIndex.service.get())?.delete();
  });
  beforeEach(() => (ui = new WindowStubs()));
  afterEach(() => ui.restore());
  after(async () => {
    await setSetting('batch.pollSeconds', undefined);
    await clearKeyQuietly();
  });

  it('vscode.lm.tools lists the search and batch tools with their input schemas', () => {
    const byName = new Map(vscode.lm.tools.map((t) => [t.name, t]));
    const searchTool = byName.get(SEARCH_TOOL);
    const batchTool = byName.get(BATCH_TOOL);
    assert.ok(searchTool && batchTool, `both tools are listed (got ${[...byName.keys()].join(', ')})`);
    const schema = (t: vscode.LanguageModelToolInformation) =>
      t.inputSchema as { properties: Record<string, { type: string }>; required: string[] };
    assert.deepStrictEqual(Object.keys(schema(searchTool).properties), ['query', 'limit']);
    assert.deepStrictEqual(schema(searchTool).required, ['query']);
    assert.deepStrictEqual(Object.keys(schema(batchTool).properties), [
      'task',
      'glob',
      'model',
      'instruction',
    ]);
    assert.deepStrictEqual(schema(batchTool).required, ['task', 'glob']);
    assert.match(batchTool.description, /spends money: before anything is sent the user sees/);
    assert.match(searchTool.description, /needs no confirmation/);
  });

  it('/search before the index is built: says so, offers Index Workspace, and still lists keyword matches', async () => {
    const before = allFakeRequests().length;
    const { stream, result } = await search(question);
    assert.strictEqual(result.errorDetails, undefined);
    assert.match(
      stream.markdownText,
      /The workspace index is not built yet, so these are keyword matches only/,
    );
    assert.deepStrictEqual(
      stream.buttons.map((b) => b.command),
      ['gptWorkbench.indexWorkspace'],
    );
    assert.ok(
      stream.references.some((r) => r instanceof vscode.Location && r.uri.fsPath.endsWith(ledgerFile)),
      'the keyword match is a reference',
    );
    assert.ok(
      !allFakeRequests()
        .slice(before)
        .some((r) => r.path === '/v1/embeddings'),
      'nothing was embedded',
    );
  });

  it('vscode.lm.invokeTool searches the built index (the query embedded) and returns the fixture file first', async () => {
    await api.workspaceIndex.indexNow({ confirm: false });
    const status = (await api.workspaceIndex.service.get())!.status();
    // `stale` when another suite's files changed meanwhile: the embeddings are there all the same.
    assert.ok(
      (status.state === 'ready' || status.state === 'stale') && status.embedded > 0,
      `indexed (${JSON.stringify(status)})`,
    );
    const before = allFakeRequests().length;
    const result = await vscode.lm.invokeTool(SEARCH_TOOL, {
      input: { query: question, limit: 3 },
      toolInvocationToken: undefined,
    });
    const [head, first] = textOf(result).split('\n');
    assert.match(head!, /^[1-3] places?$/, 'a hybrid search (no keyword-only note)');
    const escaped = ledgerFile.replace(/[.[\]]/g, '\\$&');
    assert.match(
      first!,
      new RegExp(`^${escaped}:1 \\(rotateInvoiceLedger\\): // Rotates the invoice ledger`),
    );
    const embedded = allFakeRequests()
      .slice(before)
      .filter((r) => r.path === '/v1/embeddings');
    assert.strictEqual(embedded.length, 1, 'one embeddings request: the query');
    assert.ok(JSON.stringify(embedded[0]!.body).includes('invoice ledger'), 'it carried the query');
  });

  it('/search on the built index answers with links and references, and offers to explain the top result', async () => {
    const { stream, result } = await search(question);
    assert.doesNotMatch(stream.markdownText, /not built/);
    assert.deepStrictEqual(stream.buttons, []);
    assert.match(
      stream.markdownText,
      new RegExp(
        `^1\\. \\[${ledgerFile.replace(/\./g, '\\.')}:1\\]\\(file:///.*#L1\\) — \`rotateInvoiceLedger\``,
        'm',
      ),
    );
    const top = stream.references[0] as vscode.Location;
    assert.ok(top.uri.fsPath.endsWith(ledgerFile), `the top reference is the fixture (${top.uri.fsPath})`);
    assert.strictEqual(top.range.start.line, 0);
    const followups = await api.languageModels.participant.followups.provideFollowups(
      result,
      { history: [] },
      new vscode.CancellationTokenSource().token,
    );
    assert.deepStrictEqual(followups, [
      { prompt: `${ledgerFile}:1-5`, command: 'explain', label: 'Explain the top result' },
    ]);
    // The follow-up as VS Code sends it: /explain with the hit's location as the prompt.
    const explained = new RecordingStream();
    await api.languageModels.participant.handle(
      { prompt: followups![0]!.prompt, command: 'explain', references: [], toolReferences: [] } as never,
      { history: [] },
      explained as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    assert.ok(explained.markdownText.trim().length > 0, 'an explanation was streamed');
    const explainedAt = explained.references[0] as vscode.Location;
    assert.ok(explainedAt.uri.fsPath.endsWith(ledgerFile), 'it explains the top result');
    assert.deepStrictEqual([explainedAt.range.start.line, explainedAt.range.end.line], [0, 4]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("submitBatch's prepareInvocation asks to confirm with the cost and requests Run Task on Files… shows", async () => {
    const input = { task: 'review', glob: `${dir}/**/*.ts`, model: 'gpt-4.1-mini' };
    const prepared = await api.languageModels.tools.submitBatch.prepareInvocation({ input });
    const title = String(prepared.confirmationMessages?.title);
    const message = (prepared.confirmationMessages?.message as vscode.MarkdownString).value;
    assert.match(title, /^Submit a batch job: 2 request\(s\), about \$0\.\d+\?$/);
    // The same choices through Run Task on Files…: its modal preview (answered with Escape by the stubs).
    await vscode.commands.executeCommand('gptWorkbench.runTaskOnFiles', undefined, undefined, input);
    const preview = ui.last('info').text;
    assert.match(preview, /^Review on 2 file\(s\) with gpt-4\.1-mini: 2 request\(s\) in 1 batch\(es\)/);
    assert.ok(message.startsWith(preview), `the confirmation shows the preview:\n${message}\n${preview}`);
    assert.ok(
      title.includes(preview.match(/batch price about (\$[\d.]+)/)![1]!),
      'the title names that cost',
    );
    // An invocation no confirmation showed submits nothing.
    const before = allFakeRequests().length;
    const unconfirmed = await api.languageModels.tools.submitBatch.invoke({
      input: { ...input, glob: `${dir}/colors.ts` },
      toolInvocationToken: undefined,
    });
    assert.match(textOf(unconfirmed), /was not prepared for confirmation/);
    assert.ok(
      !allFakeRequests()
        .slice(before)
        .some((r) => r.path === '/v1/files'),
      'nothing was uploaded',
    );
  });

  it('a confirmed invokeTool submits the batch through the BatchService: the fake receives the file and the batch', async () => {
    await setSetting('batch.pollSeconds', 0.2);
    const before = allFakeRequests().length;
    // Outside a chat session VS Code confirms with a modal dialog of its own (prepareInvocation's title and
    // message); in an extension test run its dialog service answers every confirmation with yes, as Continue does.
    const result = await vscode.lm.invokeTool(BATCH_TOOL, {
      input: { task: 'review', glob: `${dir}/**/*.ts`, model: 'gpt-4.1-mini' },
      toolInvocationToken: undefined,
    });
    const text = textOf(result);
    const id = /^Submitted batch job (\S+) \("Review on 2 files"\), status /.exec(text)?.[1];
    assert.ok(id, text);
    const sent = allFakeRequests().slice(before);
    const upload = sent.find((r) => r.method === 'POST' && r.path === '/v1/files');
    assert.ok(upload, 'the input file was uploaded');
    assert.ok(JSON.stringify(upload.body).includes('rotateInvoiceLedger'), 'it carries the fixture code');
    assert.ok(
      sent.some((r) => r.method === 'POST' && r.path === '/v1/batches'),
      'the batch was created',
    );
    const job = await eventually(
      () => {
        const j = api.batch.service.manager.get(id);
        return j && isJobFinished(j) && j.resultsDir ? j : undefined;
      },
      `batch job ${id} to finish`,
      60_000,
    );
    assert.strictEqual(job.status, 'completed', 'the same job the Batch Jobs view follows, to its report');
  });
});
