// Every message between the extension host and the chat webview: one discriminated union per direction.
// The host owns the state; the webview asks with `ready` and is sent a `snapshot`, then turns stream as
// correlated messages (turnStarted → turnDelta* → turnDone | turnError) keyed by turnId.
// Pure TypeScript: imported by the host (Node) and by the webview bundle (browser).
import {
  isMcpServerView,
  isToolCallView,
  isToolDecision,
  isToolToggle,
  type McpServerView,
  type ToolCallView,
  type ToolDecision,
  type ToolToggleView,
} from './toolProtocol';
import {
  isAnsweredBeforeChoice,
  isAnsweredBeforeView,
  isSourceList,
  type AnsweredBeforeChoice,
  type AnsweredBeforeView,
  type SourceView,
} from './workspaceProtocol';
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

// ---- Runtime guards: anything crossing the boundary is untrusted until checked. ----

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const bool = (v: unknown): v is boolean => typeof v === 'boolean';

function isActionArg(v: unknown): v is ErrorActionArg {
  return str(v) || num(v) || bool(v);
}

function isErrorAction(v: unknown): v is ErrorActionView {
  return (
    isRec(v) &&
    str(v.label) &&
    str(v.command) &&
    (v.args === undefined || (Array.isArray(v.args) && v.args.every(isActionArg)))
  );
}

/** The formats the API reads, base64-encoded; the length bound is the size cap in base64 (4/3) plus the prefix. */
const IMAGE_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]*$/;
const MAX_IMAGE_DATA_URL_LENGTH = Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64;

function isImage(v: unknown): v is ImageAttachment {
  return (
    isRec(v) &&
    str(v.name) &&
    str(v.dataUrl) &&
    v.dataUrl.length <= MAX_IMAGE_DATA_URL_LENGTH &&
    IMAGE_DATA_URL.test(v.dataUrl) &&
    num(v.bytes)
  );
}

const webviewChecks: { [K in WebviewToHost['type']]: (m: Rec) => boolean } = {
  ready: () => true,
  send: (m) => str(m.text) && Array.isArray(m.images) && m.images.every(isImage) && bool(m.replaceLast),
  stop: (m) => str(m.turnId),
  newChat: () => true,
  setModel: (m) => str(m.model) && m.model.length > 0 && m.model.length <= 200,
  codeAction: (m) =>
    ['copy', 'insert', 'open'].includes(m.action as string) && str(m.code) && str(m.language),
  openLink: (m) => str(m.href),
  openPath: (m) => str(m.path) && num(m.line),
  openConversation: (m) => str(m.id),
  renameConversation: (m) => str(m.id) && str(m.title),
  deleteConversation: (m) => str(m.id),
  undoDelete: (m) => str(m.id),
  exportConversation: (m) => str(m.id),
  errorAction: (m) => str(m.turnId) && str(m.command) && Array.isArray(m.args) && m.args.every(isActionArg),
  welcomeAction: (m) => str(m.command) && Array.isArray(m.args) && m.args.every(isActionArg),
  toolDecision: (m) => str(m.turnId) && str(m.callId) && isToolDecision(m.decision),
  setToolEnabled: (m) => str(m.name) && bool(m.enabled),
  undoTurnEdits: (m) => str(m.turnId),
  restartMcpServer: (m) => str(m.name),
  answeredBeforeChoice: (m) => str(m.offerId) && isAnsweredBeforeChoice(m.choice),
};

export function isWebviewToHost(v: unknown): v is WebviewToHost {
  if (!isRec(v) || !str(v.type) || !Object.hasOwn(webviewChecks, v.type)) return false;
  return webviewChecks[v.type as WebviewToHost['type']](v);
}

function isUsage(v: unknown): v is TokenUsage {
  return isRec(v) && num(v.prompt) && num(v.cached) && num(v.completion);
}

function isMessageView(v: unknown): v is MessageView {
  return (
    isRec(v) &&
    str(v.id) &&
    (v.role === 'user' || v.role === 'assistant') &&
    str(v.content) &&
    ['complete', 'streaming', 'interrupted', 'stopped', 'error'].includes(v.status as string) &&
    (v.actions === undefined || (Array.isArray(v.actions) && v.actions.every(isErrorAction))) &&
    (v.sources === undefined || isSourceList(v.sources))
  );
}

function isSummary(v: unknown): v is ConversationSummary {
  return isRec(v) && str(v.id) && str(v.title) && num(v.updatedAt) && num(v.messageCount);
}

function isModelOption(v: unknown): v is ChatModelOption {
  return (
    isRec(v) &&
    str(v.id) &&
    str(v.label) &&
    bool(v.vision) &&
    (v.priceClass === undefined || ['$', '$$', '$$$', '?'].includes(v.priceClass as string)) &&
    (v.priceDetail === undefined || str(v.priceDetail))
  );
}

function isSnapshot(v: unknown): v is ChatSnapshot {
  return (
    isRec(v) &&
    (v.conversationId === null || str(v.conversationId)) &&
    str(v.title) &&
    Array.isArray(v.messages) &&
    v.messages.every(isMessageView) &&
    str(v.model) &&
    Array.isArray(v.models) &&
    v.models.every(isModelOption) &&
    (v.activeTurnId === null || str(v.activeTurnId)) &&
    Array.isArray(v.conversations) &&
    v.conversations.every(isSummary)
  );
}

function isWelcome(v: unknown): v is WelcomeView {
  return (
    isRec(v) &&
    ['ready', 'keyless', 'noKey', 'offlineDemo'].includes(v.connection as string) &&
    Array.isArray(v.actions) &&
    v.actions.every(isErrorAction) &&
    Array.isArray(v.examples) &&
    v.examples.every(str) &&
    Array.isArray(v.tasks) &&
    v.tasks.every((t) => isRec(t) && str(t.title) && str(t.keys))
  );
}

const hostChecks: { [K in HostToWebview['type']]: (m: Rec) => boolean } = {
  snapshot: (m) => isSnapshot(m.snapshot),
  userMessage: (m) => isMessageView(m.message),
  turnStarted: (m) => str(m.turnId) && str(m.model) && (m.replaces === undefined || str(m.replaces)),
  turnDelta: (m) => str(m.turnId) && str(m.text),
  turnDone: (m) =>
    str(m.turnId) &&
    str(m.model) &&
    (m.usage === null || isUsage(m.usage)) &&
    (m.ttftMs === null || num(m.ttftMs)) &&
    (m.rounds === undefined || num(m.rounds)) &&
    (m.costUsd === undefined || m.costUsd === null || num(m.costUsd)),
  toolCall: (m) => str(m.turnId) && isToolCallView(m.call),
  turnNote: (m) => str(m.turnId) && str(m.text),
  turnEdits: (m) => str(m.turnId) && Array.isArray(m.files) && m.files.every(str),
  turnSources: (m) => str(m.turnId) && isSourceList(m.sources),
  answeredBefore: (m) => m.offer === null || isAnsweredBeforeView(m.offer),
  tools: (m) =>
    Array.isArray(m.tools) &&
    m.tools.every(isToolToggle) &&
    Array.isArray(m.servers) &&
    m.servers.every(isMcpServerView),
  turnError: (m) =>
    str(m.turnId) &&
    (m.status === 'stopped' || m.status === 'error') &&
    isFailureKind(m.kind) &&
    str(m.message) &&
    str(m.partial) &&
    Array.isArray(m.actions) &&
    m.actions.every(isErrorAction),
  messageActions: (m) => str(m.id) && Array.isArray(m.actions) && m.actions.every(isErrorAction),
  turnRedacted: (m) => str(m.turnId) && str(m.summary),
  contextTrimmed: (m) => str(m.turnId) && num(m.leftOut),
  conversations: (m) =>
    Array.isArray(m.conversations) &&
    m.conversations.every(isSummary) &&
    (m.current === null || (isRec(m.current) && str(m.current.id) && str(m.current.title))),
  notice: (m) => ['info', 'warning', 'error'].includes(m.level as string) && str(m.text),
  welcome: (m) => isWelcome(m.welcome),
  setDraft: (m) => str(m.text) && bool(m.append),
  focusInput: () => true,
  models: (m) => Array.isArray(m.models) && m.models.every(isModelOption) && str(m.model),
};

export function isHostToWebview(v: unknown): v is HostToWebview {
  if (!isRec(v) || !str(v.type) || !Object.hasOwn(hostChecks, v.type)) return false;
  return hostChecks[v.type as HostToWebview['type']](v);
}
