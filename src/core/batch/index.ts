// Public face of batch jobs (a task over many files through the Batch API); re-exported from src/core/index.ts.
export type {
  BatchItem,
  BatchJob,
  BatchPart,
  EmbeddingTarget,
  ItemResult,
  JobEstimate,
  JobStatus,
  PartStatus,
} from './types';
export { FINAL_BATCH_STATUSES, isJobFinished } from './types';
export {
  BATCH_ENDPOINT,
  EMBEDDINGS_BATCH_ENDPOINT,
  BATCH_LIMITS,
  splitIntoFiles,
  toJsonlLine,
  jsonlText,
  parseJsonl,
} from './jsonl';
export type {
  BatchEndpoint,
  BatchLimits,
  BatchRequestLine,
  EmbeddingLineBody,
  InputFileChunk,
} from './jsonl';
export {
  BATCH_INDEX_MIN_TOKENS,
  INDEX_BATCH_TASK,
  decodeEmbedding,
  mapEmbeddingFile,
  prepareEmbeddingJob,
} from './embeddingJob';
export type { EmbeddingChunk, EmbeddingJobOptions } from './embeddingJob';
export { prepareBatchJob, chunkLines, newJobId } from './prepare';
export type { BatchFileInput, PrepareOptions, PreparedJob } from './prepare';
export { mapResultFile } from './results';
export { submitJob, refreshJob, cancelJob, resubmit, failedIds, incompleteIds, deriveStatus } from './runner';
export type { BatchRunnerDeps } from './runner';
export { BatchJobStore } from './jobStore';
export { BatchJobManager } from './manager';
export type { BatchManagerDeps } from './manager';
export { renderReport, resultsJson, errorsJson, writeJobResults, BATCH_RESULTS_DIR } from './report';
export { planBatchEdits } from './edits';
export type { FileChange, PlannedEdits } from './edits';
export { batchPreviewText, batchConfirmationTitle, batchSubmittedText, redactedRequests } from './preview';
export type { BatchPreviewInput } from './preview';
