// Conversation history: atomic one-file-per-conversation store, throttled saving while streaming, Markdown export.
export { HistoryStore, isSafeConversationId } from './historyStore';
export type { HistoryStoreOptions } from './historyStore';
export { createThrottledSaver } from './throttledSaver';
export type { ThrottledSaver, Timers } from './throttledSaver';
export { conversationToMarkdown, exportFileName, nestHeadings } from './exportMarkdown';
export { writeFileAtomic, nodeFileOps } from './atomicFile';
export type { FileOps } from './atomicFile';
export { titleFromFirstMessage, isConversation } from './types';
export type {
  Conversation,
  ConversationListItem,
  HistoryNotice,
  StoredMessage,
  StoredEdit,
  StoredToolCall,
  StoredStatus,
  StoredUsage,
  StoredImage,
} from './types';
