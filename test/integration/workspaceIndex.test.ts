// The workspace index in the real extension host, on the copy of the fixture workspace, against the fake server:
// Index Workspace asks about the cost, then embeds with a progress notification; Semantic Search finds the file a
// question is about; an edited file re-embeds only its changed chunk (through the file watcher); the index read
// back from storage answers without re-embedding; a cancelled run resumes with only the chunks still missing.
// What reached the server is read from the fake's request log.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isJobFinished } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import { allFakeRequests } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  eventually,
  makeKey,
  requireEnv,
  setKeyQuietly,
} from './helpers';

interface ProgressRun {
  title: string | undefined;
  cancellable: boolean;
  reports: Array<{ message?: string; increment?: number }>;
}

/** The inputs of every embeddings request the fake answered, oldest first. */
function embeddingRequests(): string[][] {
  return allFakeRequests()
    .filter((r) => r.path === '/v1/embeddings' && r.status === 200)
    .map((r) => {
      const input = (r.body as { input: string | string[] }).input;
      return Array.isArray(input) ? input : [input];
    });
}

describe('workspace index: index, search, edit, reload, cancel and resume', function () {
  this.timeout(120_000);
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const root = requireEnv('GPT_WORKBENCH_TEST_WORKSPACE');
  const index = async () => {
    const open = await api.workspaceIndex.service.get();
    assert.ok(open, 'the index opens for the workspace folder');
    return open;
  };

  /**
   * Records what each progress notification reports; the notification itself still shows. With `cancelAfter`,
   * the run is cancelled after that many reports, as the notification's Cancel button does.
   */
  function recordProgress(cancelAfter?: number): ProgressRun[] {
    const runs: ProgressRun[] = [];
    const original = vscode.window.withProgress;
    ui.stub('withProgress', ((options, task) =>
      original(options, (progress, token) => {
        const run: ProgressRun = {
          title: options.title,
          cancellable: options.cancellable === true,
          reports: [],
        };
        runs.push(run);
        const source = new vscode.CancellationTokenSource();
        const sub = token.onCancellationRequested(() => source.cancel());
        const recording = {
          report: (value: { message?: string; increment?: number }) => {
            run.reports.push(value);
            progress.report(value);
            if (cancelAfter !== undefined && run.cancellable && run.reports.length >= cancelAfter) {
              source.cancel();
            }
          },
        };
        return Promise.resolve(task(recording, source.token)).finally(() => {
          sub.dispose();
          source.dispose();
        });
      })) as typeof vscode.window.withProgress);
    return runs;
  }

  /** Runs Semantic Search for `query`; returns the labels it offered (the first is picked and opened). */
  async function semanticSearch(query: string): Promise<string[]> {
    ui.answerInputBox(query);
    let labels: string[] = [];
    ui.stub('showQuickPick', (async (
      items: readonly vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>,
    ) => {
      const list = await items;
      labels = list.map((i) => i.label);
      return list[0];
    }) as never);
    await vscode.commands.executeCommand('gptWorkbench.semanticSearch');
    return labels;
  }

  let chunks = 0;
  let files = 0;

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(makeKey('sk-proj-'));
    // Earlier suites' batch jobs write their results into this workspace when they finish: wait for the last ones,
    // so the files counted here stay put. Then start from an empty index (the tools suite built one).
    await eventually(
      () =>
        api.batch.service.manager.list().every((j) => isJobFinished(j) && j.resultsDir) ? true : undefined,
      "earlier suites' batch jobs to finish",
      90_000,
    );
    await (await index()).delete();
  });
  beforeEach(() => {
    ui = new WindowStubs();
  });
  afterEach(() => ui.restore());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearKeyQuietly();
  });

  it('asks about the cost first, then indexes with progress in files and chunks', async () => {
    const sent = embeddingRequests().length;
    ui.answerMessage('Index');
    const runs = recordProgress();
    await vscode.commands.executeCommand('gptWorkbench.indexWorkspace');

    const question = ui.messages.find((m) => m.items.includes('Index'));
    assert.ok(question, 'the cost question was asked');
    const asked = question.text.match(
      /^Index (\d+) files: (\d+) chunks, ([\d,]+) tokens in (\d+) requests? to text-embedding-3-small — about (\$[\d.]+) \(Batch price (\$[\d.]+)\)\.$/,
    );
    assert.ok(asked, `the question names files, chunks, tokens and both prices: ${question.text}`);
    files = Number(asked[1]);
    chunks = Number(asked[2]);
    assert.ok(files >= 7 && chunks >= 10, `the fixture's files were found: ${question.text}`);

    const status = (await index()).status();
    assert.deepStrictEqual(status, { state: 'ready', files, chunks, embedded: chunks });
    const inputs = embeddingRequests().slice(sent).flat();
    assert.strictEqual(inputs.length, chunks, 'each chunk was embedded once');
    assert.ok(
      inputs.some((i) => i.startsWith('lib/retry.ts fetchWithRetry\n')),
      'lib/retry.ts was embedded',
    );
    assert.ok(
      inputs.some((i) => i.startsWith('lib/csv.ts parseCsv\n')),
      'lib/csv.ts was embedded',
    );

    const indexing = runs.find((r) => r.title === 'Indexing the workspace');
    assert.ok(indexing?.cancellable, 'the indexing notification can be cancelled');
    assert.ok(indexing.reports.length > 0, 'the notification reported progress');
    assert.match(
      indexing.reports.at(-1)!.message ?? '',
      new RegExp(`^${chunks} of ${chunks} chunks \\(${files} files\\)`),
    );
    const total = indexing.reports.reduce((sum, r) => sum + (r.increment ?? 0), 0);
    assert.ok(Math.abs(total - 100) < 1e-6, `the increments add up to 100 %, not ${total}`);
    assert.match(ui.last('info').text, new RegExp(`^Indexed ${files} files: ${chunks} chunks`));
  });

  it('Semantic Search finds the file a question is about and opens it', async () => {
    const sent = embeddingRequests().length;
    const query = 'where do we retry a request after a rate limit?';
    const labels = await semanticSearch(query);
    assert.match(labels[0] ?? '', /^lib\/retry\.ts:\d+$/, `first result: ${labels.join(', ')}`);
    assert.strictEqual(
      vscode.window.activeTextEditor?.document.uri.fsPath,
      path.join(root, 'lib', 'retry.ts'),
    );
    assert.deepStrictEqual(embeddingRequests().slice(sent), [[query]], 'one request, for the question only');
  });

  it('an edited file re-embeds only the chunk that changed', async () => {
    const sent = embeddingRequests().length;
    const file = path.join(root, 'lib', 'retry.ts');
    const word = `jitter${Date.now().toString(36)}`;
    const before = fs.readFileSync(file, 'utf8');
    // One more line inside backoffDelay: the function after it moves down a line but keeps its text.
    const after = before.replace(
      '  return baseDelayMs * 2 ** attempt;',
      `  const ${word} = Math.random() * baseDelayMs;\n  return baseDelayMs * 2 ** attempt + ${word};`,
    );
    assert.notStrictEqual(after, before);
    fs.writeFileSync(file, after);

    const ix = await index();
    await eventually(
      () => (embeddingRequests().length > sent && ix.status().state === 'ready' ? true : undefined),
      'the watcher to re-embed the edited file',
      30_000,
    );
    await ix.idle();
    const inputs = embeddingRequests().slice(sent);
    assert.strictEqual(inputs.length, 1, 'one request');
    assert.strictEqual(inputs[0]!.length, 1, `one chunk re-embedded, not ${inputs[0]!.length}`);
    assert.ok(inputs[0]![0]!.startsWith('lib/retry.ts backoffDelay\n'), inputs[0]![0]);
    assert.ok(inputs[0]![0]!.includes(word));
    assert.deepStrictEqual(ix.status(), { state: 'ready', files, chunks, embedded: chunks });
  });

  it('read back from storage, the index answers without re-embedding', async () => {
    const old = await index();
    const before = old.status();
    // What a new window does: a new index object reads index.json and the vectors file of this workspace.
    const reopened = await api.workspaceIndex.service.reopen();
    assert.ok(reopened && reopened !== old, 'a new index was opened');
    assert.deepStrictEqual(reopened.status(), before);

    const sent = embeddingRequests().length;
    const query = 'parse quoted fields of comma separated values';
    const labels = await semanticSearch(query);
    assert.match(labels[0] ?? '', /^lib\/csv\.ts:\d+$/, `first result: ${labels.join(', ')}`);
    assert.deepStrictEqual(embeddingRequests().slice(sent), [[query]], 'one request, for the question only');
  });

  it('a cancelled run keeps what arrived, and the next run sends only the chunks still missing', async () => {
    ui.answerMessage('Delete', 'Index');
    await vscode.commands.executeCommand('gptWorkbench.deleteIndex');
    assert.deepStrictEqual((await index()).status(), { state: 'empty' });

    // Two chunks per request, so the fixture takes several requests; Cancel after the first one answered.
    const caps = { maxInputsPerRequest: 2, maxTokensPerRequest: 300_000, maxTokensPerInput: 8192 };
    let sent = embeddingRequests().length;
    recordProgress(1);
    await api.workspaceIndex.indexNow({ caps });
    const paused = (await index()).status();
    assert.strictEqual(paused.state, 'partial');
    const embedded = paused.state === 'partial' ? paused.embedded : -1;
    assert.ok(
      paused.state === 'partial' && paused.files === files && paused.chunks === chunks,
      JSON.stringify(paused),
    );
    assert.ok(
      embedded > 0 && embedded < chunks,
      `some but not all chunks embedded: ${embedded} of ${chunks}`,
    );
    assert.match(ui.last('info').text, new RegExp(`^Indexing paused: ${embedded} chunks embedded`));
    assert.ok(embeddingRequests().length > sent, 'requests were made before the cancel');

    ui.restore();
    ui = new WindowStubs();
    ui.answerMessage('Index');
    const runs = recordProgress();
    sent = embeddingRequests().length;
    await api.workspaceIndex.indexNow({ caps });
    const question = ui.messages.find((m) => m.items.includes('Index'));
    assert.match(question?.text ?? '', new RegExp(`^Index ${files} files: ${chunks - embedded} chunks`));
    const resumed = embeddingRequests().slice(sent).flat();
    assert.strictEqual(resumed.length, chunks - embedded, 'only the missing chunks were sent');
    assert.strictEqual(new Set(resumed).size, resumed.length, 'no chunk twice');
    assert.deepStrictEqual((await index()).status(), { state: 'ready', files, chunks, embedded: chunks });
    const last = runs.find((r) => r.title === 'Indexing the workspace')?.reports.at(-1)?.message ?? '';
    assert.match(last, new RegExp(`^${chunks - embedded} of ${chunks - embedded} chunks`));
  });
});
