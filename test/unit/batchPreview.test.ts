// The words of a batch job's preview, shared by Run Task on Files…'s modal and the agent tool's confirmation: the
// estimate's numbers (requests, batches, tokens, batch and interactive cost), files left out and redactions, and the
// text the agent gets back after a submission.
import * as assert from 'node:assert/strict';
import {
  EXPLAIN_TASK,
  ModelCatalogue,
  batchConfirmationTitle,
  batchPreviewText,
  batchSubmittedText,
  createOpenAIClient,
  createWorkbench,
  formatUsd,
  prepareBatchJob,
  type BatchFileInput,
} from '../../src/core';

const catalogue = new ModelCatalogue();
const file = (p: string, text: string): BatchFileInput => ({ path: p, languageId: 'typescript', text });
// batchRequest builds lines locally (redaction, request shape); the client is never called.
const builder = createWorkbench({
  client: createOpenAIClient({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1' }),
  ledger: { append: async () => undefined, flush: async () => undefined },
  catalogue,
});

async function prepared(files: BatchFileInput[]) {
  return prepareBatchJob(files, {
    spec: EXPLAIN_TASK,
    model: 'gpt-4.1-mini',
    catalogue,
    build: (d) => builder.batchRequest(d),
  });
}

describe('batch preview: the numbers a person (or the agent) confirms', () => {
  it('names the requests, batches, tokens and both prices from the estimate', async () => {
    const p = await prepared([
      file('src/a.ts', 'export const a = 1;'),
      file('src/b.ts', 'export const b = 2;'),
    ]);
    const e = p.job.estimate;
    const text = batchPreviewText({
      taskLabel: 'Explain',
      files: 2,
      model: 'gpt-4.1-mini',
      prepared: p,
      skipped: 0,
    });
    assert.ok(e.batchCostUsd !== null && e.batchCostUsd > 0, 'gpt-4.1-mini has a price');
    assert.equal(
      text,
      `Explain on 2 file(s) with gpt-4.1-mini: 2 request(s) in 1 batch(es), about ${e.promptTokens.toLocaleString()} ` +
        `input and up to ${e.outputTokens.toLocaleString()} output tokens. Cost at the batch price about ` +
        `${formatUsd(e.batchCostUsd)} (interactive: ${formatUsd(e.interactiveCostUsd)}). Results within 24 hours.`,
    );
    assert.equal(
      batchConfirmationTitle({
        taskLabel: 'Explain',
        files: 2,
        model: 'gpt-4.1-mini',
        prepared: p,
        skipped: 0,
      }),
      `Submit a batch job: 2 request(s), about ${formatUsd(e.batchCostUsd)}?`,
    );
  });

  it('says how many files were left out and in how many requests secrets were redacted', async () => {
    const secret = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';
    const p = await prepared([
      file('src/a.ts', `const key = "${secret}";`),
      file('src/b.ts', 'const b = 2;'),
    ]);
    const text = batchPreviewText({
      taskLabel: 'Review',
      files: 2,
      model: 'gpt-4.1-mini',
      prepared: p,
      skipped: 3,
    });
    assert.match(text, / 3 file\(s\) left out \(ignored, secret, binary or too large\)\./);
    assert.match(text, / Secrets were redacted in 1 request\(s\)\.$/);
  });

  it('tells the agent the job id, its status, the estimate and where the report goes', async () => {
    const p = await prepared([file('src/a.ts', 'export const a = 1;')]);
    const job = { ...p.job, status: 'running' as const };
    const text = batchSubmittedText(job);
    assert.match(
      text,
      new RegExp(`^Submitted batch job ${job.id} \\("Explain on 1 file"\\), status running: 1 request`),
    );
    assert.match(text, /under \.gptworkbench\/batch\/ when it ends\.$/);
    const failed = batchSubmittedText({ ...p.job, status: 'failed', message: 'the upload was refused' });
    assert.match(failed, /failed to submit: the upload was refused\.$/);
  });
});
