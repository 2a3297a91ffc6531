// The views of function calling the host sends the chat webview (each call of a turn, an approval waiting, the
// tools menu) and the guards that check them; the message union itself is in protocol.ts.

export type ToolCallStatus = 'running' | 'awaiting' | 'done' | 'error' | 'rejected';

export interface ToolApprovalView {
  /** One line: what will happen ("Edit src/a.ts: replace 3 lines", "Run `npm test` in /ws"). */
  summary: string;
  /** The exact command, or the change, shown verbatim. */
  detail?: string;
  /** "Approve for this chat" is offered (reads outside the default set, untrusted MCP servers; never commands). */
  allowForChat: boolean;
}

export interface ToolCallView {
  id: string;
  round: number;
  name: string;
  /** The arguments as the model sent them (JSON text). */
  args: string;
  status: ToolCallStatus;
  durationMs?: number;
  /** One line of the result, for the collapsed view. */
  preview?: string;
  /** The whole result (capped), for the expanded view. */
  result?: string;
  approval?: ToolApprovalView;
}

export interface ToolToggleView {
  name: string;
  description: string;
  kind: 'read' | 'write' | 'command' | 'external';
  enabled: boolean;
  /** Why it cannot be turned on here (Restricted Mode, run_command off in settings). */
  unavailable?: string;
}

export interface McpServerView {
  name: string;
  state: string;
  trusted: boolean;
  error?: string;
  tools?: string[];
}

export type ToolDecision = 'approve' | 'reject' | 'approveChat';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isToolCallView(v: unknown): v is ToolCallView {
  return (
    isRec(v) &&
    str(v.id) &&
    num(v.round) &&
    str(v.name) &&
    str(v.args) &&
    ['running', 'awaiting', 'done', 'error', 'rejected'].includes(v.status as string) &&
    (v.approval === undefined || (isRec(v.approval) && str(v.approval.summary)))
  );
}

export function isToolToggle(v: unknown): v is ToolToggleView {
  return isRec(v) && str(v.name) && str(v.description) && str(v.kind) && typeof v.enabled === 'boolean';
}

export function isMcpServerView(v: unknown): v is McpServerView {
  return isRec(v) && str(v.name) && str(v.state) && typeof v.trusted === 'boolean';
}

export const isToolDecision = (v: unknown): v is ToolDecision =>
  v === 'approve' || v === 'reject' || v === 'approveChat';
