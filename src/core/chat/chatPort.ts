// What the chat core needs from the editor that hosts it, and nothing more: a view to post to, the settings, the
// conversation store, the editor's own actions (code blocks, links, export) and the words and buttons of a failure.
// The VS Code host implements it in src/host/chat/ (registerChat.ts); unit tests implement it with plain objects.
import type { CodeAction, ErrorActionView, HostToWebview } from '../../shared/protocol';
import type { Conversation } from '../history/types';
import type { HistoryStore } from '../history/historyStore';
import type { ModelCatalogue } from '../models/catalogue';
import type { RouteRule } from '../models/router';

/** The chat view: every message reaches the webview through this (undefined while no page is ready). */
export type ChatViewSink = (message: HostToWebview) => void;

/** The settings a turn reads; read again on every turn, so a change applies to the next one without a reload. */
export interface ChatSettings {
  /** `gptWorkbench.chat.systemPrompt`: appended after the product's own prompt (empty = nothing appended). */
  systemPrompt: string;
  /** `gptWorkbench.request.responseFormat`: `json_object` asks every plain chat turn for a JSON object. */
  responseFormat?: 'text' | 'json_object';
  /** `gptWorkbench.chat.model`: the model of a new conversation. */
  defaultModel: string;
  /** `gptWorkbench.models.routing` (the Workbench routes `auto` by it); undefined = the core's default rules. */
  routeRules?: readonly RouteRule[];
  /** Models named in settings (fallbacks, price overrides): offered in the picker even when not listed. */
  models?: readonly string[];
}

/** The conversation store as the host opened it (under its global storage), loaded on first use. */
export interface ChatHistoryPort {
  readonly store: HistoryStore;
  /** Loads once; the host reports files moved aside. */
  ensureLoaded(): Promise<void>;
  /** Saves, reporting (not throwing) a failure: a chat must not break because the disk is full. */
  save(conversation: Conversation): Promise<void>;
  /** Asks the user where to export; resolves with where it went (for the notice), or undefined when cancelled. */
  exportMarkdown(conversation: Conversation): Promise<string | undefined>;
}

/** What the editor does for the view; each resolves with a note for the user, if any. */
export interface ChatEditorPort {
  codeAction(action: CodeAction, code: string, language: string): Promise<string | undefined>;
  openLink(href: string): Promise<void>;
  /** Resolves with the reason when the path is refused (outside the workspace, missing). */
  openPath(path: string, line: number): Promise<string | undefined>;
}

/** A next step of a failed turn: what the view shows, and what the host does when it is clicked. */
export interface OfferedAction {
  view: ErrorActionView;
  run(): PromiseLike<unknown>;
}

/** A failure in the host's words, with its next steps (undefined from the host: the core's own message). */
export interface FailurePresentation {
  message: string;
  actions: OfferedAction[];
}

export interface ChatPort {
  settings(): ChatSettings;
  /** The host's catalogue (built-ins + price overrides + the endpoint's model list); default: built-ins. */
  catalogue?(): ModelCatalogue;
  history: ChatHistoryPort;
  editor: ChatEditorPort;
  /** The words and next steps of a failed turn; `retry` is what a Retry step must call. */
  presentFailure(err: unknown, retry: () => unknown): FailurePresentation | undefined;
  /** Remembers the open conversation across reloads (workspace state), so a reload reopens it. */
  lastOpen?: { get(): string | undefined; set(id: string | undefined): void };
}
