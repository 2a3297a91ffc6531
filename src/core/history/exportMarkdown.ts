// A conversation as a Markdown document, for "Export Chat as Markdown". Answers are already Markdown and are
// copied verbatim; images are named, not embedded, so an export stays a readable text file.
import type { Conversation, StoredMessage } from './types';

const STATUS_NOTE: Partial<Record<StoredMessage['status'], string>> = {
  interrupted: '_(interrupted: the window closed while this answer was streaming)_',
  stopped: '_(stopped)_',
  error: '_(failed)_',
  streaming: '_(still streaming when exported)_',
};

export function conversationToMarkdown(conversation: Conversation): string {
  const lines: string[] = [`# ${conversation.title}`, ''];
  lines.push(`_Exported from GPT Workbench — started ${new Date(conversation.createdAt).toISOString()}_`, '');
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      lines.push('## You', '');
    } else {
      lines.push(`## Assistant${message.model ? ` (${message.model})` : ''}`, '');
    }
    if (message.content !== '') lines.push(message.content, '');
    for (const image of message.images ?? []) lines.push(`_[image: ${image.name}]_`, '');
    const note = STATUS_NOTE[message.status];
    if (note) lines.push(note, '');
    if (message.error) lines.push(`> Error (${message.error.kind}): ${message.error.message}`, '');
    if (message.usage) {
      const u = message.usage;
      lines.push(
        `<sub>tokens: ${u.prompt} prompt / ${u.cached} cached / ${u.completion} completion</sub>`,
        '',
      );
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
