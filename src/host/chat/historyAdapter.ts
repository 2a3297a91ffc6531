// The chat core's history port in VS Code: the conversation store lives under the extension's global storage,
// loads once on first use (never at activation), reports files moved aside as warnings, and exports a conversation
// as Markdown through a save dialog.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  HistoryStore,
  conversationSummaries,
  conversationToMarkdown,
  exportFileName,
  writeFileAtomic,
  type ChatHistoryPort,
  type Conversation,
} from '../../core';
import type { ConversationSummary } from '../../shared/protocol';
import type { WorkbenchLog } from '../log';

export class ChatHistory implements ChatHistoryPort {
  readonly store: HistoryStore;
  private loaded: Promise<void> | undefined;

  constructor(
    storageDir: string,
    private readonly log: WorkbenchLog,
    undoMs?: number,
  ) {
    this.store = new HistoryStore(path.join(storageDir, 'conversations'), { undoMs });
  }

  ensureLoaded(): Promise<void> {
    this.loaded ??= this.store.load().then((notices) => {
      for (const notice of notices) {
        this.log.warn(notice.message);
        void vscode.window.showWarningMessage(`GPT Workbench: ${notice.message}`);
      }
    });
    return this.loaded;
  }

  summaries(): ConversationSummary[] {
    return conversationSummaries(this.store);
  }

  /** Saves, logging (not throwing) a failure: a chat must not break because the disk is full. */
  async save(conversation: Conversation): Promise<void> {
    if (conversation.messages.length === 0) return; // an untouched new chat is not worth a file
    try {
      await this.store.save(conversation);
    } catch (err) {
      this.log.error(`Saving conversation ${conversation.id} failed: ${String(err)}`);
    }
  }

  /** Asks where to save; resolves with the file's path (for the notice), or undefined when cancelled. */
  async exportMarkdown(conversation: Conversation): Promise<string | undefined> {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = exportFileName(conversation.title);
    const target = await vscode.window.showSaveDialog({
      title: 'Export Chat as Markdown',
      saveLabel: 'Export',
      filters: { Markdown: ['md'] },
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
    });
    if (!target) return undefined;
    // An exported chat may be shared: the API key (and anything shaped like a key) never goes into it.
    const markdown = this.log.redact(conversationToMarkdown(conversation));
    if (target.scheme === 'file') await writeFileAtomic(target.fsPath, markdown);
    else await vscode.workspace.fs.writeFile(target, Buffer.from(markdown, 'utf8'));
    // Not awaited: the export is done whether or not the user ever answers the notification.
    void vscode.window
      .showInformationMessage(`Chat exported to ${path.basename(target.path)}.`, 'Open')
      .then((choice) => (choice === 'Open' ? vscode.window.showTextDocument(target) : undefined));
    return target.fsPath || target.toString();
  }
}
