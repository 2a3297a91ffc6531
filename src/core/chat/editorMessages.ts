// What the view asks of the editor rather than of the conversation: a code block's Copy / Insert / Open, a link, a
// workspace path, an export. The host's port does it; a note or a refusal comes back to the view as a notice.
import type { HostToWebview, WebviewToHost } from '../../shared/protocol';
import type { Conversation } from '../history/types';
import type { ChatEditorPort, ChatHistoryPort } from './chatPort';

type EditorMessage = Extract<WebviewToHost, { type: 'codeAction' | 'openLink' | 'openPath' }>;

export async function handleEditorMessage(
  message: EditorMessage,
  editor: ChatEditorPort,
  post: (message: HostToWebview) => void,
): Promise<void> {
  switch (message.type) {
    case 'codeAction': {
      const note = await editor.codeAction(message.action, message.code, message.language);
      if (note) post({ type: 'notice', level: 'info', text: note });
      return;
    }
    case 'openLink':
      return editor.openLink(message.href);
    case 'openPath': {
      // Refused paths (outside the workspace, missing) are said, never opened.
      const problem = await editor.openPath(message.path, message.line);
      if (problem) post({ type: 'notice', level: 'warning', text: problem });
      return;
    }
  }
}

/** Exports through the host's save dialog; an empty conversation has nothing to export, and is told so. */
export async function exportConversation(
  history: ChatHistoryPort,
  conversation: Conversation | undefined,
  post: (message: HostToWebview) => void,
): Promise<void> {
  if (!conversation || conversation.messages.length === 0) {
    post({ type: 'notice', level: 'info', text: 'There is nothing to export yet.' });
    return;
  }
  const target = await history.exportMarkdown(conversation);
  if (target) post({ type: 'notice', level: 'info', text: `Exported to ${target}.` });
}
