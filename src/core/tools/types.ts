// The shapes of function calling: a tool the model may call (built-in, MCP, or added by another feature), the
// approval the loop asks for, the events a view follows and the turn's result.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatToolCall, ChatUsage } from '../chat/types';
import type { JsonSchema } from '../tasks/types';

/**
 * `read`: no side effects, runs without asking. `write`: changes files, always approved. `command`: runs a
 * process, approved every time (never "for this chat"). `external`: an MCP server's tool, approved unless the
 * server is trusted.
 */
export type ToolKind = 'read' | 'write' | 'command' | 'external';

/** A file a write tool changed: what Undo this turn's edits puts back (kept with the conversation). */
export interface FileEdit {
  /** Absolute path. */
  path: string;
  /** Workspace-relative, for the view. */
  relative: string;
  /** The text before; null when the turn created the file. */
  before: string | null;
  after: string;
}

export interface ToolRunContext {
  /** Aborted on Stop: a tool that runs long (a search, a command) must end when it fires. */
  signal: AbortSignal;
  /** The turn the call belongs to (checkpoints of edits are kept per turn). */
  turnId: string;
  callId: string;
  /** The user approved this call (a read outside the default set may then go ahead). */
  approved: boolean;
  /** Write tools report each change here, for the turn's checkpoint. */
  recordEdit(edit: FileEdit): void;
}

/** An image a tool returned (an MCP server's screenshot, a chart): base64 data and its MIME type. */
export interface ToolImage {
  mimeType: string;
  /** Base64, without a `data:` prefix. */
  data: string;
}

/**
 * What a tool gives back: text for the model; `display` (optional) is what the view shows instead; `images` go to
 * a model that reads images, after the round's tool messages (the API's tool messages take text only).
 */
export type ToolOutput = string | { text: string; display?: string; images?: ToolImage[] };

export interface ToolDefinition {
  /** `^[a-zA-Z0-9_.-]{1,64}$`; MCP tools are `server.tool`. */
  name: string;
  description: string;
  /** JSON Schema of the arguments (an object schema); the arguments are validated against it before `run`. */
  parameters: JsonSchema;
  kind: ToolKind;
  /**
   * Whether this call needs the user's approval. Default: every call of a `write`, `command` or `external` tool,
   * none of a `read` tool.
   */
  needsApproval?: (args: Record<string, unknown>) => boolean;
  /**
   * Checks a call before the user is asked (a propose_edit whose text is not in the file fails here, without an
   * approval prompt); throwing sends the reason back as the error result.
   */
  prepare?(args: Record<string, unknown>, ctx: ToolRunContext): Promise<void>;
  /** Throwing is fine: the message goes back to the model as an error result and the turn goes on. */
  run(args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput>;
}

export interface ApprovalRequest {
  turnId: string;
  round: number;
  call: ChatToolCall;
  tool: ToolDefinition;
  args: Record<string, unknown>;
  signal: AbortSignal;
}

export type ApprovalDecision = boolean | { approved: boolean; reason?: string };

export interface ToolCallRecord {
  round: number;
  id: string;
  name: string;
  /** The raw JSON text the model sent. */
  arguments: string;
  ok: boolean;
  /** What went back to the model (delimited, capped). */
  result: string;
  /** What the view shows: the tool's display text or its output, or the error's reason. */
  display: string;
  /** Images the tool returned (successful calls only). */
  images?: ToolImage[];
  durationMs: number;
  approval?: 'approved' | 'rejected';
}

export type ToolLoopEvent =
  | { type: 'round'; round: number; withTools: boolean }
  | { type: 'delta'; text: string }
  | { type: 'toolCall'; round: number; id: string; name: string; arguments: string }
  | { type: 'approval'; round: number; id: string; name: string; decision: 'approved' | 'rejected' }
  | { type: 'toolResult'; record: ToolCallRecord }
  | { type: 'roundLimit'; maxRounds: number; message: string };

export interface TurnTotals {
  rounds: number;
  usage: ChatUsage;
  /** Sum over the rounds; null when a round's cost is unknown (a model without a price). */
  costUsd: number | null;
  /** Requests answered from the response cache. */
  cacheHits: number;
}

export interface ToolLoopResult {
  /** The text of every round, in order (what the user saw stream). */
  content: string;
  /** The model that answered the last round. */
  model: string;
  finishReason: string;
  /** The messages the turn added after the draft's: assistant rounds with their calls, and the tool results. */
  messages: ChatCompletionMessageParam[];
  calls: ToolCallRecord[];
  totals: TurnTotals;
  /** Set when the round limit ended the tool rounds (the reason the user is shown). */
  roundLimit?: string;
  timeToFirstTokenMs?: number;
}
