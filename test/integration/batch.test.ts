// Batch jobs in the real extension host against the fake Batch API: Run Task on Files over a fixture folder runs to
// completion and writes its report (secret files never read), every answer lands in the ledger at the batch price,
// Retry Failed submits only the failed lines, and a first workspace index embeds through an embeddings batch. A real
// window reload in the middle of a job is batch.reload.test.ts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isJobFinished, type BatchJob } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import {
  RELOAD_MARKER,
  WindowStubs,
  activateExtension,
  eventually,
  makeKey,
  requireEnv,
  setSetting,
} from './helpers';

interface LoggedRequest {
  method: string;
  path: string;
  body: unknown;
}

function fakeLog(): LoggedRequest[] {
  const file = requireEnv('FAKE_OPENAI_LOG');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoggedRequest);
}

describe('batch jobs: Run Task on Files', function () {
  this.timeout(90_000);
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  let folder: vscode.Uri;
  const root = requireEnv('GPT_WORKBENCH_TEST_WORKSPACE');

  before(async () => {
    api = await activateExtension();
    ui = new WindowStubs();
    ui.answerInputBox(makeKey('sk-proj-'));
    await vscode.commands.executeCommand('gptWorkbench.setApiKey');
    await setSetting('batch.pollSeconds', 0.2);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('batch.pollSeconds', undefined);
    await vscode.commands.executeCommand('gptWorkbench.clearApiKey');
    ui.restore();
  });

  /** A fixture folder of its own per test: two source files, a secret file that must never be read. */
  function fixture(name: string, files: Record<string, string>): vscode.Uri {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    folder = vscode.Uri.file(dir);
    return folder;
  }

  const run = async (dir: vscode.Uri, task = 'review'): Promise<BatchJob> =>
    (await vscode.commands.executeCommand('gptWorkbench.runTaskOnFiles', dir, [dir], {
      task,
      model: 'gpt-4.1-mini',
      glob: '**/*',
      submit: true,
      instruction: 'Use const.',
    })) as BatchJob;

  const finished = (id: string): Promise<BatchJob> =>
    eventually(
      () => {
        const job = api.batch.service.manager.get(id);
        return job && isJobFinished(job) && job.resultsDir ? job : undefined;
      },
      `batch job ${id} to finish`,
      60_000,
    );

  it('runs over a fixture folder to completion, writes the report and records each line at the batch price', async () => {
    const secretValue = makeKey('never-sent-');
    const dir = fixture('batch-review', {
      'cart.ts':
        'export function total(items: { price: number }[]) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\n',
      'greet.ts': 'export const greet = (name: string) => `Hello, ${name}`;\n',
      '.env': `API_TOKEN=${secretValue}\n`,
    });
    const job = await run(dir);
    assert.ok(job, 'a job was started');
    assert.deepStrictEqual(
      Object.values(job.items).map((i) => i.path),
      ['batch-review/cart.ts', 'batch-review/greet.ts'],
      'one request per file; the .env file is left out',
    );
    const done = await finished(job.id);
    assert.strictEqual(done.status, 'completed');
    assert.ok(
      !fakeLog().some((r) => JSON.stringify(r.body).includes(secretValue)),
      'the secret file was never sent',
    );

    const report = fs.readFileSync(path.join(root, done.resultsDir!, 'report.md'), 'utf8');
    assert.match(report, /^# Review on 2 files/m);
    assert.match(report, /^## \[batch-review\/cart\.ts\]\(\.\.\/\.\.\/\.\.\/batch-review\/cart\.ts#L1\)/m);
    assert.match(report, /^## \[batch-review\/greet\.ts\]/m);
    const results = JSON.parse(
      fs.readFileSync(path.join(root, done.resultsDir!, 'results.json'), 'utf8'),
    ) as {
      requests: { path: string; ok: boolean }[];
    };
    assert.deepStrictEqual(
      results.requests.map((r) => [r.path, r.ok]),
      [
        ['batch-review/cart.ts', true],
        ['batch-review/greet.ts', true],
      ],
    );

    await api.production.service.flush();
    const ledger = await api.production.service.ledger.readAll();
    const lines = ledger.filter((e) => e.feature === 'batch.review' && e.operation === 'chat');
    assert.strictEqual(lines.length, 2);
    for (const l of lines) {
      assert.strictEqual(l.batch, true);
      // gpt-4.1-mini at the batch price: $0.20 input, $0.05 cached input, $0.80 output per 1M tokens.
      const t = l.tokens;
      const expected = ((t.prompt - t.cached) * 0.2 + t.cached * 0.05 + t.completion * 0.8) / 1e6;
      assert.ok(Math.abs(l.costUsd! - expected) < 1e-9, `${l.costUsd} vs ${expected}`);
    }
    // The view shows it; the notification named the outcome and offered the report.
    const [item] = api.batch.view.getChildren();
    assert.ok(
      item && api.batch.view.getTreeItem(item).description?.toString().startsWith('completed · 2/2 done'),
    );
    assert.ok(
      ui.messages.some((m) => /Review on 2 files" completed/.test(m.text) && m.items.includes('Open Report')),
    );
    await vscode.commands.executeCommand('gptWorkbench.batch.openResults', done.id);
  });

  it('Retry Failed submits only the failed lines, and the job then completes', async () => {
    const dir = fixture('batch-retry', {
      'ok.ts': 'export const ok = 1;\n',
      'flaky.ts': 'export const flaky = 1; // [[fake:server_error;times=1]]\n',
    });
    const job = await run(dir);
    const first = await finished(job.id);
    assert.strictEqual(first.status, 'completed_with_errors');
    const uploads = fakeLog().filter((r) => r.method === 'POST' && r.path === '/v1/files').length;
    const sent = await vscode.commands.executeCommand('gptWorkbench.batch.retryFailed', job.id);
    assert.strictEqual(sent, 1);
    const retryUploads = fakeLog().filter((r) => r.method === 'POST' && r.path === '/v1/files');
    assert.strictEqual(retryUploads.length, uploads + 1);
    const body = String(retryUploads.at(-1)!.body);
    assert.match(body, /batch-retry\/flaky\.ts/);
    assert.doesNotMatch(body, /batch-retry\/ok\.ts/);
    // The report is written again when the retried job finishes: wait for that version.
    const report = await eventually(
      () => {
        const j = api.batch.service.manager.get(job.id);
        if (j?.status !== 'completed') return undefined;
        const text = fs.readFileSync(path.join(root, j.resultsDir!, 'report.md'), 'utf8');
        return /Status: completed/.test(text) ? text : undefined;
      },
      'the retried job to complete and its report to be rewritten',
      60_000,
    );
    assert.doesNotMatch(report, /Failed:/);
    assert.strictEqual(api.batch.service.manager.get(job.id)!.parts.length, 2);
  });

  it('a refactor job opens its changes as one multi-file diff; Apply edits only files still as they were sent', async () => {
    const dir = fixture('batch-refactor', {
      'one.ts': 'export function one() {\n  var x = 1;\n  return x;\n}\n',
      'two.ts': 'export function two() {\n  var y = 2;\n  return y;\n}\n',
    });
    const job = await run(dir, 'refactor');
    const done = await finished(job.id);
    assert.strictEqual(done.status, 'completed');
    assert.strictEqual(done.refactor, true);
    // two.ts changes on disk after it was sent: its answer must not be applied.
    const twoPath = path.join(dir.fsPath, 'two.ts');
    fs.writeFileSync(twoPath, 'export function two() {\n  return 2;\n}\n');
    const outcome = (await vscode.commands.executeCommand('gptWorkbench.batch.reviewChanges', job.id, {
      apply: true,
    })) as { applied: string[]; refused: { path: string; reason: string }[] };
    assert.deepStrictEqual(outcome.applied, ['batch-refactor/one.ts']);
    assert.deepStrictEqual(
      outcome.refused.map((r) => [r.path, r.reason]),
      [['batch-refactor/two.ts', 'lines 1–5 changed since they were sent']],
    );
    const diffTab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.label.startsWith(`${done.title}: proposed changes`));
    assert.ok(
      diffTab,
      `the multi-file diff is open (tabs: ${vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.label)
        .join(', ')})`,
    );
    const one = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(dir, 'one.ts'));
    assert.match(one.getText(), /^\/\/ Refactored by the fake OpenAI server\nexport function one\(\) \{/);
    assert.ok(one.getText().endsWith('}\n'), 'the final newline is kept');
    assert.strictEqual(fs.readFileSync(twoPath, 'utf8'), 'export function two() {\n  return 2;\n}\n');
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('embeds a first workspace index through the Batch API: a job in the view, the vectors in the index when it completes', async () => {
    const interactive = () => fakeLog().filter((r) => r.path === '/v1/embeddings').length;
    const before = interactive();
    // The other tests of this suite write their fixture folders (a refactor's Apply and revert land on disk late)
    // and the reload marker: kept out of the index, so the watcher has nothing new to embed while the job runs and
    // the index holds exactly what the job embedded.
    const files = vscode.workspace.getConfiguration('files');
    await files.update(
      'exclude',
      { '**/.gptworkbench/**': true, 'batch-*/**': true, [RELOAD_MARKER]: true },
      vscode.ConfigurationTarget.Global,
    );
    try {
      await api.workspaceIndex.indexNow({ confirm: false, batch: true });
      const job = api.batch.service.manager.list().find((j) => j.embedding);
      assert.ok(job, 'an embeddings job was started');
      assert.strictEqual(job.endpoint, '/v1/embeddings');
      assert.ok(
        api.batch.view.getChildren().some((n) => n.job.id === job.id),
        'the Batch Jobs view shows it',
      );
      const done = await finished(job.id);
      assert.strictEqual(done.status, 'completed');
      const index = await api.workspaceIndex.service.get();
      const status = index!.status();
      // `stale` when the watcher has seen a file written since: every chunk still has its vector.
      assert.ok(
        (status.state === 'ready' || status.state === 'stale') &&
          status.embedded === status.chunks &&
          status.chunks > 0,
        JSON.stringify(status),
      );
      assert.strictEqual(interactive(), before, 'no interactive embeddings request');
      await api.production.service.flush();
      const lines = (await api.production.service.ledger.readAll()).filter(
        (e) => e.feature === 'batch.index',
      );
      assert.strictEqual(lines.length, Object.keys(done.items).length);
      for (const l of lines) {
        assert.strictEqual(l.operation, 'embedding');
        assert.strictEqual(l.batch, true);
        // text-embedding-3-small at the batch price: $0.01 per 1M tokens.
        assert.ok(Math.abs(l.costUsd! - (l.tokens.prompt * 0.01) / 1e6) < 1e-12, `${l.costUsd}`);
      }
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
