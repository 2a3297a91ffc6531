// What a finished job leaves in the workspace, under `.gptworkbench/batch/<job>/`: `results.json` (every request
// mapped back to its file and range, with its answer or its error), `errors.json` (only those that did not succeed)
// and `report.md` (one section per file, links to the code). All are written atomically, and again after a Retry Failed merges new answers in.
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { formatUsd } from '../cost/cost';
import { writeFileAtomic } from '../history/atomicFile';
import { explanationToMarkdown } from '../tasks/explainMarkdown';
import type { BatchItem, BatchJob, ItemResult } from './types';

export const BATCH_RESULTS_DIR = '.gptworkbench/batch';

/** From `.gptworkbench/batch/<job>/report.md` back to the workspace root. */
const TO_ROOT = '../../../';

function link(item: BatchItem, line: number, label: string): string {
  const target = `${TO_ROOT}${item.path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
  return `[${label.replace(/[[\]]/g, '\\$&')}](${target})`;
}

function fence(text: string, lang = ''): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function answerMarkdown(job: BatchJob, item: BatchItem, value: unknown): string {
  if (job.output === 'text') return String(value ?? '');
  const v = value as Record<string, unknown>;
  if (job.taskId === 'explain') return explanationToMarkdown(value);
  if (job.taskId === 'review' && Array.isArray(v.findings)) {
    const findings = v.findings as { line: number; severity: string; message: string }[];
    const list = findings.map(
      (f) => `- **${f.severity}** ${link(item, f.line, `line ${f.line}`)}: ${f.message}`,
    );
    return [String(v.summary ?? ''), '', ...(list.length > 0 ? list : ['No findings.'])].join('\n');
  }
  if (job.refactor && typeof v.code === 'string') {
    const rest = { ...v };
    delete rest.code;
    return [fence(v.code, item.languageId), '', fence(JSON.stringify(rest, null, 2), 'json')].join('\n');
  }
  return fence(JSON.stringify(value, null, 2), 'json');
}

function itemSection(job: BatchJob, item: BatchItem, result: ItemResult | undefined, whole: boolean): string {
  const heading = whole
    ? []
    : [`### ${link(item, item.startLine, `Lines ${item.startLine}–${item.endLine}`)}`, ''];
  if (!result) return [...heading, '_Not completed (the batch ended before this request ran)._'].join('\n');
  if (!result.ok) {
    const raw = result.raw
      ? ['', '<details><summary>Raw answer</summary>', '', fence(result.raw), '', '</details>']
      : [];
    return [...heading, `**Failed:** ${result.error ?? 'unknown error'}`, ...raw].join('\n');
  }
  return [...heading, answerMarkdown(job, item, result.value)].join('\n');
}

/** An index job's report: the figures and the chunks that did not get a vector (the rest are in the index). */
function renderEmbeddingReport(job: BatchJob): string {
  const items = Object.values(job.items);
  const ok = items.filter((i) => job.results[i.customId]?.ok).length;
  const missing = items.filter((i) => !job.results[i.customId]?.ok);
  const out = [
    `# ${job.title}`,
    '',
    `- Embeddings: ${job.model} (${job.embedding?.dimensions} dimensions) · job \`${job.id}\``,
    `- Status: ${job.status} · ${ok} of ${items.length} chunks embedded into the workspace index`,
    `- Cost: ${formatUsd(job.actualCostUsd)} at the batch price (estimated ${formatUsd(job.estimate.batchCostUsd)}; interactive would be about ${formatUsd(job.estimate.interactiveCostUsd)})`,
    `- Batches: ${job.parts.map((p) => `${p.batchId ?? 'not submitted'} (${p.status})`).join(', ')}`,
  ];
  if (job.message) out.push(`- Note: ${job.message}`);
  if (missing.length > 0) {
    out.push('', '## Without a vector', '', 'Index Workspace embeds these interactively.', '');
    for (const item of missing) {
      const why = job.results[item.customId]?.error ?? 'not completed';
      out.push(`- ${link(item, item.startLine, `${item.path}:${item.startLine}`)}: ${why}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function renderReport(job: BatchJob): string {
  if (job.embedding) return renderEmbeddingReport(job);
  const items = Object.values(job.items);
  const ok = items.filter((i) => job.results[i.customId]?.ok).length;
  const failed = items.filter((i) => job.results[i.customId] && !job.results[i.customId]!.ok).length;
  const out = [
    `# ${job.title}`,
    '',
    `- Task: ${job.taskTitle} · model ${job.model} · job \`${job.id}\``,
    `- Status: ${job.status} · ${ok} done, ${failed} failed, ${items.length - ok - failed} not completed, ${items.length} total`,
    `- Cost: ${formatUsd(job.actualCostUsd)} at the batch price (estimated ${formatUsd(job.estimate.batchCostUsd)}; interactive would be about ${formatUsd(job.estimate.interactiveCostUsd)})`,
    `- Batches: ${job.parts.map((p) => `${p.batchId ?? 'not submitted'} (${p.status})`).join(', ')}`,
  ];
  if (job.message) out.push(`- Note: ${job.message}`);
  const byFile = new Map<string, BatchItem[]>();
  for (const item of items) byFile.set(item.path, [...(byFile.get(item.path) ?? []), item]);
  for (const [file, chunks] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    out.push('', `## ${link(chunks[0]!, 1, file)}`, '');
    const whole = chunks.length === 1;
    out.push(chunks.map((c) => itemSection(job, c, job.results[c.customId], whole)).join('\n\n'));
  }
  return `${out.join('\n')}\n`;
}

/** The machine-readable results: the job's figures and one record per request, in file order. */
export function resultsJson(job: BatchJob): string {
  const requests = Object.values(job.items).map((item) => ({
    path: item.path,
    startLine: item.startLine,
    endLine: item.endLine,
    ...(job.results[item.customId] ?? { customId: item.customId, ok: false, error: 'not completed' }),
  }));
  const { items: _i, results: _r, schema: _s, ...summary } = job;
  return `${JSON.stringify({ job: summary, requests }, null, 2)}\n`;
}

/** The requests that did not succeed (failed or never ran), with why: what Retry Failed would send again. */
export function errorsJson(job: BatchJob): string {
  const errors = Object.values(job.items)
    .filter((item) => !job.results[item.customId]?.ok)
    .map((item) => {
      const r = job.results[item.customId];
      return {
        customId: item.customId,
        path: item.path,
        startLine: item.startLine,
        endLine: item.endLine,
        error: r?.error ?? 'not completed',
        ...(r?.raw ? { raw: r.raw } : {}),
        ...(r?.requestId ? { requestId: r.requestId } : {}),
      };
    });
  return `${JSON.stringify({ job: job.id, errors }, null, 2)}\n`;
}

/** Writes the files under `<root>/.gptworkbench/batch/<job>/`; returns the folder relative to the root. */
export async function writeJobResults(job: BatchJob, workspaceRoot: string): Promise<string> {
  const rel = `${BATCH_RESULTS_DIR}/${job.id}`;
  const dir = path.join(workspaceRoot, ...rel.split('/'));
  await fsp.mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, 'results.json'), resultsJson(job));
  await writeFileAtomic(path.join(dir, 'report.md'), renderReport(job));
  await writeFileAtomic(path.join(dir, 'errors.json'), errorsJson(job));
  job.resultsDir = rel;
  return rel;
}
