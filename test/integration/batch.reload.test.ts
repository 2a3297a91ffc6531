// A real window reload in the middle of a batch job. Phase 1 starts a job, notes it in the reload marker and runs
// `workbench.action.reloadWindow`: the extension host, this test runner with it, goes away. The reloaded window starts
// a new host that runs the suites again (test/integration/index.ts runs this suite alone before the reload, first
// after it); phase 2 finds the marker and checks that the new activation read the job from disk, polled it again,
// and that it completed and wrote its report.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isJobFinished, type BatchJob } from '../../src/core';
import {
  RELOAD_MARKER,
  activateExtension,
  clearKeyQuietly,
  eventually,
  makeKey,
  requireEnv,
  setKeyQuietly,
  setSetting,
} from './helpers';

interface Marker {
  jobId: string;
  batchId: string;
  pollsBefore: number;
  reloadedAt: number;
}

function batchPolls(batchId: string): number {
  const file = requireEnv('FAKE_OPENAI_LOG');
  if (!fs.existsSync(file)) return 0;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { method: string; path: string })
    .filter((r) => r.method === 'GET' && r.path === `/v1/batches/${batchId}`).length;
}

describe('batch jobs: a window reload in the middle of a job', function () {
  this.timeout(90_000);
  const root = requireEnv('GPT_WORKBENCH_TEST_WORKSPACE');
  const markerFile = path.join(root, RELOAD_MARKER);

  it('resumes the job in the reloaded window: polled again from disk, completed, its report written', async () => {
    const api = await activateExtension();
    if (!fs.existsSync(markerFile)) {
      // Phase 1: a job under way, then the reload.
      await setKeyQuietly(makeKey('sk-proj-'));
      await setSetting('batch.pollSeconds', 0.2);
      const dir = path.join(root, 'batch-reload');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
      fs.writeFileSync(path.join(dir, 'b.ts'), 'export const b = 2;\n');
      const uri = vscode.Uri.file(dir);
      const job = (await vscode.commands.executeCommand('gptWorkbench.runTaskOnFiles', uri, [uri], {
        task: 'explain',
        model: 'gpt-4.1-mini',
        glob: '**/*',
        submit: true,
      })) as BatchJob;
      assert.ok(job && !isJobFinished(job), 'the job is under way');
      const batchId = job.parts[0]!.batchId!;
      const marker: Marker = {
        jobId: job.id,
        batchId,
        pollsBefore: batchPolls(batchId),
        reloadedAt: Date.now(),
      };
      fs.writeFileSync(markerFile, JSON.stringify(marker));
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      // The reload ends this host; reaching the end of the wait means it did not happen.
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      assert.fail('the window did not reload');
    }
    // Phase 2: the activation of the reloaded window.
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as Marker;
    try {
      const done = await eventually(
        () => {
          const job = api.batch.service.manager.get(marker.jobId);
          return job && isJobFinished(job) && job.resultsDir ? job : undefined;
        },
        `batch job ${marker.jobId} to finish after the reload`,
        60_000,
      );
      assert.strictEqual(done.status, 'completed');
      assert.strictEqual(done.parts[0]?.batchId, marker.batchId, 'the same batch, not a new submission');
      assert.ok(done.finishedAt! > marker.reloadedAt, 'it finished after the reload');
      assert.ok(batchPolls(marker.batchId) > marker.pollsBefore, 'the new window polled the batch');
      const report = fs.readFileSync(path.join(root, done.resultsDir!, 'report.md'), 'utf8');
      assert.match(report, /^# Explain on 2 files/m);
      assert.match(report, /Status: completed/);
    } finally {
      fs.rmSync(markerFile, { force: true });
      await setSetting('batch.pollSeconds', undefined);
      await clearKeyQuietly();
    }
  });
});
