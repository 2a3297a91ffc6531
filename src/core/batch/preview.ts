// The words of a batch job's preview: one text for Run Task on Files…'s modal and for the agent tool's confirmation,
// so both show the same numbers (requests, batches, tokens, the cost at the batch price beside the interactive one).
import { formatUsd } from '../cost/cost';
import type { PreparedJob } from './prepare';
import { BATCH_RESULTS_DIR } from './report';
import type { BatchJob } from './types';

export interface BatchPreviewInput {
  /** The task as the user knows it ("Review", "Extract Identifiers"). */
  taskLabel: string;
  files: number;
  model: string;
  prepared: PreparedJob;
  /** Files the selection matched but that were left out (ignored, secret, binary or too large). */
  skipped: number;
}

/** Requests whose text had secrets replaced before they were written into the batch file. */
export function redactedRequests(prepared: PreparedJob): number {
  return Object.values(prepared.job.items).filter((i) => i.redactedKinds.length > 0).length;
}

export function batchPreviewText(p: BatchPreviewInput): string {
  const e = p.prepared.job.estimate;
  const redacted = redactedRequests(p.prepared);
  return (
    `${p.taskLabel} on ${p.files} file(s) with ${p.model}: ${e.requests} request(s) in ${e.batches} batch(es), ` +
    `about ${e.promptTokens.toLocaleString()} input and up to ${e.outputTokens.toLocaleString()} output tokens. ` +
    `Cost at the batch price about ${formatUsd(e.batchCostUsd)} (interactive: ${formatUsd(e.interactiveCostUsd)}). ` +
    `Results within 24 hours.` +
    (p.skipped ? ` ${p.skipped} file(s) left out (ignored, secret, binary or too large).` : '') +
    (redacted ? ` Secrets were redacted in ${redacted} request(s).` : '')
  );
}

/** The title of the agent's confirmation: the spend and the request count first, where a glance lands. */
export function batchConfirmationTitle(p: BatchPreviewInput): string {
  const e = p.prepared.job.estimate;
  return `Submit a batch job: ${e.requests} request(s), about ${formatUsd(e.batchCostUsd)}?`;
}

/** What the agent hears after a submission: the job id to refer to, its status, the estimate and where results go. */
export function batchSubmittedText(job: BatchJob): string {
  const e = job.estimate;
  const status = job.status.replace(/_/g, ' ');
  if (job.status === 'failed')
    return `Batch job ${job.id} ("${job.title}") failed to submit: ${job.message ?? 'no reason given'}.`;
  return (
    `Submitted batch job ${job.id} ("${job.title}"), status ${status}: ${e.requests} request(s) in ` +
    `${e.batches} batch(es), estimated ${formatUsd(e.batchCostUsd)} at the batch price. Results arrive within ` +
    `24 hours; the Batch Jobs view shows progress and the report is written under ${BATCH_RESULTS_DIR}/ when it ends.`
  );
}
