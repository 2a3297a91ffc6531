// The runtime guards of every host<->webview message (protocol.ts): anything crossing the boundary is untrusted
// until checked. The host checks what the webview posts; the webview checks what it is sent.
import {
  MAX_IMAGE_BYTES,
  isFailureKind,
  type ChatModelOption,
  type ChatSnapshot,
  type ConversationSummary,
  type ErrorActionArg,
  type ErrorActionView,
  type HostToWebview,
  type ImageAttachment,
  type MessageView,
  type TokenUsage,
  type WebviewToHost,
  type WelcomeView,
} from './protocol';
import { isMcpServerView, isToolCallView, isToolDecision, isToolToggle } from './toolProtocol';
import { isAnsweredBeforeChoice, isAnsweredBeforeView, isSourceList } from './workspaceProtocol';

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
