// The workspace index: file selection, syntax chunks, packed embedding requests, the int8 store, hybrid search.
export { WorkspaceIndex } from './workspaceIndex';
export type { SearchOptions } from './hybridSearch';
export { embedThroughWorkbench } from './embedder';
export { asksCostQuestion, indexCost, indexCostQuestion } from './costQuestion';
export { IndexFolders } from './folders';
export type { IndexFolder, FolderFile } from './folders';
export type { IndexCost } from './costQuestion';
export { searchWorkspace, previewLine, WorkspaceIndexMissingError } from './retrieval';
export type { WorkspaceSearch } from './retrieval';
export type {
  EmbedFn,
  EmbedRequest,
  EmbedProgress,
  EmbedSummary,
  IndexStatus,
  ScanSummary,
  SearchHit,
  SearchMode,
  WorkspaceIndexOptions,
} from './indexTypes';
export { chunkFile, contentHash, embeddingText, DEFAULT_MAX_CHUNK_TOKENS } from './chunker';
export type { Chunk, ChunkKind, ChunkerOptions } from './chunker';
export { SyntaxParsers, GRAMMAR_FILES, languageOf } from './syntax';
export { loadEmbeddingTokenCounter } from './embeddingTokens';
export { EMBEDDING_CAPS, packRequests, minimumRequests } from './packing';
export type { Caps } from './packing';
export { IndexStore, STORE_FORMAT, STORE_VERSION, encodeVectors, decodeVectors } from './store';
export type { IndexSnapshot, StoredChunk, StoredFile, LoadResult } from './store';
export { VectorSpace, quantize, paddedDim, loadScoreKernel } from './vectorSpace';
export type { ScoreKernel } from './vectorSpace';
export { searchVectors, topIndexes, KeywordIndex, keywordTokens, reciprocalRankFusion } from './search';
export type { Scored } from './search';
export {
  selectFiles,
  FileFilter,
  looksBinary,
  SECRET_FILE_GLOBS,
  DEFAULT_MAX_FILE_BYTES,
} from './fileSelection';
export type { FileSelectionOptions, SelectedFile, SkippedCounts } from './fileSelection';
export { GitignoreRules } from './gitignore';
export { compileExcludeGlobs, globToRegexSource } from './glob';
export { hitLocation, parseCodeLocation, keywordOnlyNote, searchHitsMarkdown } from './searchAnswers';
