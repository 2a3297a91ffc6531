// A conversation as a Markdown document, for "Export Chat as Markdown", and the file name it is offered under.
// Each turn is a `##` section with `### You` / `### Assistant` under it; headings inside messages are pushed down
// below those, so an answer's own `# Title` cannot break the outline. Images are named, not embedded, so an export
// stays a readable text file.
import type { Conversation, StoredMessage } from './types';

const STATUS_NOTE: Partial<Record<StoredMessage['status'], string>> = {
  interrupted: '_(interrupted: the window closed while this answer was streaming)_',
  stopped: '_(stopped)_',
  error: '_(failed)_',
  streaming: '_(still streaming when exported)_',
};

/** Headings inside a message move down by `by` levels (at most h6); fenced code is left alone. */
export function nestHeadings(markdown: string, by: number): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const open = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (open && (!fence || open.startsWith(fence))) {
        fence = fence ? undefined : open;
        return line;
      }
      if (fence) return line;
      return line.replace(
        /^(\s{0,3})(#{1,6})(?=\s|$)/,
        (_m, indent: string, hashes: string) => `${indent}${'#'.repeat(Math.min(6, hashes.length + by))}`,
      );
    })
    .join('\n');
}

/**
 * The file name an export is offered under: the title slugged (lower case, ASCII, dashes, no spaces), cut at a
 * word boundary, without the ellipsis a shortened title ends with.
 */
export function exportFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(…|\.\.\.)\s*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let cut = slug;
  if (cut.length > 60) {
    cut = cut.slice(0, 61);
    cut = cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, 60);
  }
  return `${cut || 'chat'}.md`;
}

export function conversationToMarkdown(conversation: Conversation): string {
  const lines: string[] = [`# ${conversation.title}`, ''];
  lines.push(`_Exported from GPT Workbench — started ${new Date(conversation.createdAt).toISOString()}_`, '');
  let turn = 0;
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      lines.push(`## Turn ${++turn}`, '', '### You', '');
    } else {
      if (turn === 0) lines.push(`## Turn ${++turn}`, '');
      lines.push(`### Assistant${message.model ? ` (${message.model})` : ''}`, '');
    }
    if (message.content !== '') lines.push(nestHeadings(message.content, 3), '');
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
