// Refactor-shaped batch results as edits: for each file, the answers' `code` replaces the line ranges that were
// sent — but only where the file still holds exactly the text that was sent (its sha256), so an answer is never
// applied to code the user changed since. Answers that still hold redaction placeholders are refused: the secret
// values were not kept, and putting placeholders into code would break it.
import { createHash } from 'node:crypto';
import type { BatchItem, BatchJob } from './types';

export interface FileChange {
  path: string;
  original: string;
  proposed: string;
  /** The items applied to this file, top to bottom. */
  customIds: string[];
}

export interface PlannedEdits {
  changes: FileChange[];
  /** Items that cannot be applied, with why. */
  refused: { path: string; customId: string; reason: string }[];
}

const PLACEHOLDER = /«REDACTED:[A-Z0-9_]+»/;

function linesOf(text: string, item: BatchItem): string {
  return text
    .split('\n')
    .slice(item.startLine - 1, item.endLine)
    .join('\n');
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Plans the edits of a job's successful refactor answers against the files as they are now (`read` returns the
 * current text, or undefined when the file is gone).
 */
export function planBatchEdits(job: BatchJob, read: (path: string) => string | undefined): PlannedEdits {
  const byFile = new Map<string, BatchItem[]>();
  for (const item of Object.values(job.items)) {
    const r = job.results[item.customId];
    if (!r?.ok || typeof (r.value as { code?: unknown } | undefined)?.code !== 'string') continue;
    byFile.set(item.path, [...(byFile.get(item.path) ?? []), item]);
  }
  const changes: FileChange[] = [];
  const refused: PlannedEdits['refused'] = [];
  for (const [path, items] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const original = read(path);
    if (original === undefined) {
      for (const i of items)
        refused.push({ path, customId: i.customId, reason: 'the file no longer exists' });
      continue;
    }
    const lines = original.split('\n');
    const applied: string[] = [];
    // Bottom to top, so the line numbers of the ranges above stay valid.
    for (const item of [...items].sort((a, b) => b.startLine - a.startLine)) {
      let code = (job.results[item.customId]!.value as { code: string }).code;
      const sent = linesOf(original, item);
      // A chunk that ended with the file's last newline keeps it, whether or not the answer repeats it.
      if (sent.endsWith('\n') && !code.endsWith('\n')) code += '\n';
      if (sha(sent) !== item.sha256) {
        refused.push({
          path,
          customId: item.customId,
          reason: `lines ${item.startLine}–${item.endLine} changed since they were sent`,
        });
        continue;
      }
      if (PLACEHOLDER.test(code)) {
        refused.push({
          path,
          customId: item.customId,
          reason: 'the answer holds redacted secrets as placeholders (their values were not kept)',
        });
        continue;
      }
      lines.splice(item.startLine - 1, item.endLine - item.startLine + 1, ...code.split('\n'));
      applied.unshift(item.customId);
    }
    if (applied.length > 0) changes.push({ path, original, proposed: lines.join('\n'), customIds: applied });
  }
  return { changes, refused };
}
