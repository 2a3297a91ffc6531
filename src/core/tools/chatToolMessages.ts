// The chat view's tool messages, answered for the session: approval clicks, the per-chat toggles of the tools
// menu, Undo this turn's edits, and restarting an MCP server. Kept apart so the session only routes to here.
import type { HostToWebview, McpServerView, ToolToggleView, WebviewToHost } from '../../shared/protocol';
import type { Conversation, StoredEdit } from '../history/types';
import type { ChatTools } from './chatTools';

/** What the editor adds to the tools of the chat (the VS Code host implements it). */
export interface ChatToolsPort {
  chatTools: ChatTools;
  /** The tools menu of a conversation: every built-in tool and MCP server with its state. */
  menu(isEnabled: (name: string) => boolean): Promise<{ tools: ToolToggleView[]; servers: McpServerView[] }>;
  /** Puts each file back as it was before the turn; a file changed since is left alone and named. */
  undoEdits(edits: readonly StoredEdit[]): Promise<{ reverted: string[]; problems: string[] }>;
  restartServer(name: string): Promise<void>;
}

export type ToolMessage = Extract<
  WebviewToHost,
  { type: 'toolDecision' | 'setToolEnabled' | 'undoTurnEdits' | 'restartMcpServer' }
>;

export interface ToolMessageContext {
  port: ChatToolsPort | undefined;
  conversation: Conversation | undefined;
  post: (message: HostToWebview) => void;
  save: (conversation: Conversation) => Promise<void>;
}

export async function postToolsMenu(ctx: ToolMessageContext): Promise<void> {
  const { port, conversation } = ctx;
  if (!port || !conversation) return;
  const menu = await port.menu((name) => port.chatTools.isEnabled(conversation.id, name));
  ctx.post({ type: 'tools', ...menu });
}

export async function handleToolMessage(message: ToolMessage, ctx: ToolMessageContext): Promise<void> {
  const { port, conversation, post } = ctx;
  if (!port) {
    post({ type: 'notice', level: 'warning', text: 'Tools are not available in this window.' });
    return;
  }
  switch (message.type) {
    case 'toolDecision':
      if (!port.chatTools.decide(message.turnId, message.callId, message.decision))
        post({ type: 'notice', level: 'warning', text: 'That call is no longer waiting for approval.' });
      return;
    case 'setToolEnabled':
      if (!conversation) return;
      port.chatTools.setEnabled(conversation.id, message.name, message.enabled);
      return postToolsMenu(ctx);
    case 'restartMcpServer':
      await port.restartServer(message.name).catch((err: unknown) =>
        post({
          type: 'notice',
          level: 'error',
          text: err instanceof Error ? err.message : `MCP server "${message.name}" did not restart.`,
        }),
      );
      return postToolsMenu(ctx);
    case 'undoTurnEdits':
      return undoTurn(message.turnId, ctx, port);
  }
}

async function undoTurn(turnId: string, ctx: ToolMessageContext, port: ChatToolsPort): Promise<void> {
  const turn = ctx.conversation?.messages.find((m) => m.id === turnId);
  if (!ctx.conversation || !turn?.edits?.length) {
    ctx.post({ type: 'notice', level: 'info', text: 'This turn has no edits left to undo.' });
    return;
  }
  const { reverted, problems } = await port.undoEdits(turn.edits);
  // What could not be reverted stays in the checkpoint, so a second try (after the user looked) can finish.
  turn.edits = turn.edits.filter((e) => !reverted.includes(e.path));
  if (turn.edits.length === 0) delete turn.edits;
  await ctx.save(ctx.conversation);
  ctx.post({ type: 'turnEdits', turnId, files: [...new Set((turn.edits ?? []).map((e) => e.relative))] });
  const files = new Set(reverted).size;
  const text =
    problems.length > 0
      ? `Reverted ${files} file(s); not reverted: ${problems.join(' ')}`
      : `Reverted this turn's edits (${files} file(s)).`;
  ctx.post({ type: 'notice', level: problems.length > 0 ? 'warning' : 'info', text });
}
