// The Batch Jobs tree view: one item per job (status, done / failed / total, times, estimated and actual cost) with
// its batches as children. The item's contextValue lists the actions that make sense now (Cancel while running,
// Open Results / Open Errors once written, Retry Failed when lines failed, Resubmit when some never ran), and
// package.json shows exactly those.
import * as vscode from 'vscode';
import { formatUsd, isJobFinished, type BatchJob, type BatchPart } from '../../core';
import { COMMANDS } from '../commandIds';
import type { BatchService } from './batchService';

export const BATCH_VIEW_ID = 'gptWorkbench.batchJobs';

type Node = { kind: 'job'; job: BatchJob } | { kind: 'part'; job: BatchJob; part: BatchPart };

const ICONS: Record<string, string> = {
  submitting: 'cloud-upload',
  running: 'sync~spin',
  cancelling: 'circle-slash',
  completed: 'pass',
  completed_with_errors: 'warning',
  failed: 'error',
  expired: 'watch',
  cancelled: 'circle-slash',
};

function time(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toLocaleString();
}

export function jobCounts(job: BatchJob): { done: number; failed: number; total: number } {
  const total = Object.keys(job.items).length;
  if (isJobFinished(job)) {
    const results = Object.values(job.results);
    return { done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, total };
  }
  // While running: what the API reports, plus the lines already collected from finished batches.
  let done = 0;
  let failed = 0;
  for (const p of job.parts) {
    done += p.counts.completed;
    failed += p.counts.failed;
  }
  return { done: Math.min(done, total), failed, total };
}

/**
 * What the tree shows on one line: `in progress · 3/10 done · 1 failed`. While the job runs and its batches agree,
 * the batches' own state (validating, in progress, finalizing) says more than "running".
 */
export function jobDescription(job: BatchJob): string {
  const c = jobCounts(job);
  const states = new Set(job.parts.map((p) => p.status));
  const state = !isJobFinished(job) && states.size === 1 ? [...states][0]! : job.status;
  return `${state.replace(/_/g, ' ')} · ${c.done}/${c.total} done${c.failed ? ` · ${c.failed} failed` : ''}`;
}

function contextValue(job: BatchJob): string {
  const flags = ['batchJob'];
  if (!isJobFinished(job)) flags.push('cancellable');
  if (job.resultsDir) flags.push('results');
  const results = Object.values(job.results);
  if (results.some((r) => !r.ok)) flags.push('errors', 'retryable');
  if (job.refactor && results.some((r) => r.ok)) flags.push('changes');
  if (
    isJobFinished(job) &&
    results.length < Object.keys(job.items).length &&
    job.parts.some((p) => p.inputFileId)
  )
    flags.push('incomplete');
  return flags.join(' ');
}

export class BatchJobsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: BatchService) {
    this.subscription = service.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.service.manager.list().map((job) => ({ kind: 'job', job }));
    if (node.kind === 'job' && node.job.parts.length > 1)
      return node.job.parts.map((part) => ({ kind: 'part', job: node.job, part }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'part') {
      const p = node.part;
      const item = new vscode.TreeItem(`Batch ${p.index + 1}: ${p.status.replace(/_/g, ' ')}`);
      item.description = `${p.counts.completed}/${p.counts.total} done${p.counts.failed ? ` · ${p.counts.failed} failed` : ''}`;
      item.tooltip = [p.batchId ?? 'not submitted', ...p.errors].join('\n');
      return item;
    }
    const job = node.job;
    const item = new vscode.TreeItem(
      job.title,
      job.parts.length > 1 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = job.id;
    item.description = jobDescription(job);
    item.iconPath = new vscode.ThemeIcon(ICONS[job.status] ?? 'circle-outline');
    item.contextValue = contextValue(job);
    const expected = Math.max(0, ...job.parts.map((p) => p.expiresAt ?? 0));
    item.tooltip = new vscode.MarkdownString(
      [
        `**${job.title}** — ${job.taskTitle} with ${job.model}`,
        '',
        `Status: ${job.status.replace(/_/g, ' ')} · ${jobDescription(job)}`,
        `Created: ${time(job.createdAt)}`,
        `Expected by: ${expected ? time(expected) : '—'} (24-hour window)`,
        job.finishedAt ? `Finished: ${time(job.finishedAt)}` : '',
        `Cost: estimated ${formatUsd(job.estimate.batchCostUsd)} (interactive ${formatUsd(job.estimate.interactiveCostUsd)}), actual ${formatUsd(job.actualCostUsd)}`,
        `Batches: ${job.parts.length}`,
        job.message ? `\n${job.message}` : '',
      ]
        .filter((l) => l !== '')
        .join('  \n'),
    );
    if (job.resultsDir) {
      item.command = { command: COMMANDS.batchOpenResults, title: 'Open Results', arguments: [node] };
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Commands get the tree node (context menu), a job id (tests, notifications), or nothing. */
export function jobOf(service: BatchService, arg: unknown): BatchJob | undefined {
  if (typeof arg === 'string') return service.manager.get(arg);
  if (arg && typeof arg === 'object' && 'job' in arg) return service.manager.get((arg as Node).job.id);
  return undefined;
}
