// Every message between the extension host and the chat webview: one discriminated union per direction.
// The host owns the state; the webview asks with `ready` and is sent a `snapshot`, then turns stream as
// correlated messages (turnStarted → turnDelta* → turnDone | turnError) keyed by turnId.
// Pure TypeScript: imported by the host (Node) and by the webview bundle (browser). The runtime guards of both
// directions are in protocolGuards.ts.
import type { McpServerView, ToolCallView, ToolDecision, ToolToggleView } from './toolProtocol';
import type { AnsweredBeforeChoice, AnsweredBeforeView, SourceView } from './workspaceProtocol';
export * from './toolProtocol';
export * from './workspaceProtocol';

/** Why a request to the API failed (the core's ApiError). */
export const API_ERROR_KINDS = [
  'auth',
  'permission',
  'quota',
  'rate_limit',
  'not_found',
  'context_length',
  'bad_request',
  'server',
  'timeout',
  'network',
  'aborted',
  'content_filter',
  'invalid_output',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

/**
 * Why a turn or a task failed, as the view is told: an ApiError's kind; a request the Workbench did not send
 * (budget, moderation, the user's no); a task whose code does not fit the model; a task file or an answer that
 * cannot be used; or `unexpected`, a fault of ours, whose message points at the log.
 */
export const FAILURE_KINDS = [
  ...API_ERROR_KINDS,
  'budget_blocked',
  'moderation_blocked',
  'cancelled',
  'too_large',
  'task_file',
  'unplaceable',
  'index_missing',
  'unexpected',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export function isFailureKind(v: unknown): v is FailureKind {
  return typeof v === 'string' && (FAILURE_KINDS as readonly string[]).includes(v);
}

/** Images are refused above this size (bytes of the decoded file), before anything is sent. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

/** A model of the chat's picker, as the host's catalogue describes it. */
export interface ChatModelOption {
  id: string;
  label: string;
  /** Images may be attached (for `auto`: every model it may pick reads them). */
  vision: boolean;
  /** `$` to `$$$` from the catalogue's price (`?` unknown); `auto` has none, its price depends on the route. */
  priceClass?: '$' | '$$' | '$$$' | '?';
  /** The price in words for the picker's tooltip ("$0.4 in / $1.6 out per 1M tokens"). */
  priceDetail?: string;
}

export interface TokenUsage {
  prompt: number;
  cached: number;
  completion: number;
}

export interface ImageAttachment {
  name: string;
  /** `data:image/...;base64,...` */
  dataUrl: string;
  bytes: number;
}

export type MessageStatus = 'complete' | 'streaming' | 'interrupted' | 'stopped' | 'error';

/** One message as the webview shows it (the host maps its stored conversation onto this). */
export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  images?: ImageAttachment[];
  status: MessageStatus;
  model?: string;
  usage?: TokenUsage;
  ttftMs?: number;
  error?: { kind: FailureKind; message: string };
  /**
   * The buttons this message shows, in order (Retry, Set API Key, Open Billing…). The host decides them — a failed
   * turn's next steps, Retry on the last answer that did not complete — and the view shows exactly these.
   */
  actions?: ErrorActionView[];
  /** "2 secrets redacted before sending: AWS access key, password" (kinds only, never values). */
  redactions?: string;
  /** The tool calls of the turn, in order. */
  toolCalls?: ToolCallView[];
  /** Requests of a turn with tool rounds, and their cost in USD (null: unknown). */
  rounds?: number;
  costUsd?: number | null;
  /** Files this turn edited that Undo this turn's edits can still revert. */
  editedFiles?: string[];
  /** An `@workspace` answer: the places its request carried (empty: the index found nothing). */
  sources?: SourceView[];
  /** The answer was reused from an earlier question (answered before), with no request. */
  reused?: boolean;
}

/** The command of the chat's own Retry step (not a VS Code command: the chat session runs it). */
export const RETRY_ACTION = 'gptWorkbench.chat.retry';

/**
 * A button of a message (Set API Key, Open Billing, Retry…). The webview shows it and echoes `command`/`args`
 * back in `errorAction`; the host only runs an action it offers for that message at that moment.
 */
export interface ErrorActionView {
  label: string;
  command: string;
  args?: ErrorActionArg[];
}
export type ErrorActionArg = string | number | boolean;

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface ChatSnapshot {
  conversationId: string | null;
  title: string;
  messages: MessageView[];
  /** The conversation's model (one of `models`). */
  model: string;
  models: ChatModelOption[];
  /** The turn still streaming when the view was (re)created, so the webview can keep appending to it. */
  activeTurnId: string | null;
  conversations: ConversationSummary[];
}

/** What the empty chat shows: how it is connected, what to do first, example prompts, the code tasks and keys. */
export interface WelcomeView {
  /** With the user's key, a custom endpoint without a key, the offline demo server, or not yet. */
  connection: 'ready' | 'keyless' | 'noKey' | 'offlineDemo';
  /** Buttons the host offers (Set API Key…); the view echoes `command` back, and the host runs only these. */
  actions: ErrorActionView[];
  /** Prompts a click sends as they are. */
  examples: string[];
  tasks: { title: string; keys: string }[];
}

export type CodeAction = 'copy' | 'insert' | 'open';
export type NoticeLevel = 'info' | 'warning' | 'error';

export type HostToWebview =
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'userMessage'; message: MessageView }
  /** `replaces`: the answer this turn takes the place of (Retry), which the view drops. */
  | { type: 'turnStarted'; turnId: string; model: string; replaces?: string }
  | { type: 'turnDelta'; turnId: string; text: string }
  | {
      type: 'turnDone';
      turnId: string;
      usage: TokenUsage | null;
      model: string;
      ttftMs: number | null;
      /** Tool turns: requests made and their total cost. */
      rounds?: number;
      costUsd?: number | null;
    }
  /** A tool call of the turn started, waits for approval, or ended (the whole view each time). */
  | { type: 'toolCall'; turnId: string; call: ToolCallView }
  /** The tool-round limit ended the tool rounds: why the answer came without more tools. */
  | { type: 'turnNote'; turnId: string; text: string }
  /** The files a turn edited (Undo this turn's edits); empty once undone. */
  | { type: 'turnEdits'; turnId: string; files: string[] }
  /** The places an `@workspace` turn's request carries, known before the answer streams. */
  | { type: 'turnSources'; turnId: string; sources: SourceView[] }
  /** A question very close to one answered before: its answer is offered (null: the offer is gone). */
  | { type: 'answeredBefore'; offer: AnsweredBeforeView | null }
  /** The tools menu: built-in tools with this chat's toggles, and the MCP servers with their state. */
  | { type: 'tools'; tools: ToolToggleView[]; servers: McpServerView[] }
  /** `status`: stopped (the user's Stop) or error; `actions`: every button the answer shows now. */
  | {
      type: 'turnError';
      turnId: string;
      status: 'stopped' | 'error';
      kind: FailureKind;
      message: string;
      partial: string;
      actions: ErrorActionView[];
    }
  /** The buttons of a message changed (a newer message took Retry away from it). */
  | { type: 'messageActions'; id: string; actions: ErrorActionView[] }
  /** What was withheld from this turn's request (placeholders were sent instead). */
  | { type: 'turnRedacted'; turnId: string; summary: string }
  | { type: 'contextTrimmed'; turnId: string; leftOut: number }
  /** The saved list changed; `current` is the open conversation once it is saved (its id and title). */
  | {
      type: 'conversations';
      conversations: ConversationSummary[];
      current: { id: string; title: string } | null;
    }
  | { type: 'notice'; level: NoticeLevel; text: string; undoDeleteId?: string }
  | { type: 'welcome'; welcome: WelcomeView }
  | { type: 'setDraft'; text: string; append: boolean }
  | { type: 'focusInput' }
  /** The picker changed (the endpoint's model list arrived, a setting changed). */
  | { type: 'models'; models: ChatModelOption[]; model: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string; images: ImageAttachment[]; replaceLast: boolean }
  | { type: 'stop'; turnId: string }
  | { type: 'newChat' }
  /** The host accepts only a model its picker offers. */
  | { type: 'setModel'; model: string }
  | { type: 'codeAction'; action: CodeAction; code: string; language: string }
  | { type: 'openLink'; href: string }
  | { type: 'openPath'; path: string; line: number }
  | { type: 'openConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'undoDelete'; id: string }
  | { type: 'exportConversation'; id: string }
  /** A click on a button of the empty chat's welcome: the host checks it against what it offered. */
  | { type: 'welcomeAction'; command: string; args: ErrorActionArg[] }
  /** A click on a failed turn's next-step button: the host checks it against what it offered. */
  | { type: 'errorAction'; turnId: string; command: string; args: ErrorActionArg[] }
  /** Approve / Reject (/ Approve for this chat) of a call waiting for approval. */
  | { type: 'toolDecision'; turnId: string; callId: string; decision: ToolDecision }
  /** A tool (or an MCP server, `server.*`) on or off for this chat. */
  | { type: 'setToolEnabled'; name: string; enabled: boolean }
  | { type: 'undoTurnEdits'; turnId: string }
  | { type: 'restartMcpServer'; name: string }
  /** Use it / Ask again on the answered-before offer. */
  | { type: 'answeredBeforeChoice'; offerId: string; choice: AnsweredBeforeChoice };

/** Typed sender for one direction; each side wraps its own transport (webview.postMessage / vscode api). */
export type Post<T> = (message: T) => void;
export function typedPost<T extends { type: string }>(sink: {
  postMessage(message: unknown): unknown;
}): Post<T> {
  return (message) => {
    void sink.postMessage(message);
  };
}
