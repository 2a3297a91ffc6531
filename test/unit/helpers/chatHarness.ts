// A chat session of the core as the VS Code host builds it, but with a port made of plain objects: a real Workbench
// over the fake OpenAI server (HTTP, SSE, ledger), a real HistoryStore in a temp directory, and a view that records
// every message the session posts. Tests drive it with the same WebviewToHost messages the webview sends.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ChatSession,
  HistoryStore,
  LedgerStore,
  ModelCatalogue,
  RETRY_ACTION,
  conversationToMarkdown,
  createChatBackend,
  createWorkbench,
  type ChatBackend,
  type ChatHistoryPort,
  type ChatPort,
  type ChatSettings,
  type ChatTools,
  type ChatToolsPort,
  type Conversation,
  type FailurePresentation,
  type OpenAI,
  type WorkspaceIndex,
  type AnsweredQuestions,
} from '../../../src/core';
import type { HostToWebview } from '../../../src/shared/protocol';

export type Posted<T extends HostToWebview['type']> = Extract<HostToWebview, { type: T }>;

export interface ChatHarness {
  session: ChatSession;
  ledger: LedgerStore;
  store: HistoryStore;
  dir: string;
  settings: ChatSettings;
  /** Every message the view was sent, in order. */
  posted: HostToWebview[];
  ofType<T extends HostToWebview['type']>(type: T, from?: number): Posted<T>[];
  /** Host actions the port ran (e.g. "setKey"), in order. */
  ran: string[];
  /** Exports written by the port's exportMarkdown. */
  exports: string[];
  /** Waits (polling, no timing assertion) until a message of `type` was posted after `from`. */
  next<T extends HostToWebview['type']>(type: T, from?: number): Promise<Posted<T>>;
  /** The conversation file of `id` as it is on disk now. */
  onDisk(id: string): Conversation | undefined;
  close(): Promise<void>;
}

export interface ChatHarnessOptions {
  client: OpenAI;
  /** Replaces the Workbench backend (e.g. one that throws a plain Error). */
  backend?: ChatBackend;
  saveIntervalMs?: number;
  undoMs?: number;
  /** An existing directory (a "reload": a second harness over the files of the first). */
  dir?: string;
  catalogue?: ModelCatalogue;
  settings?: Partial<ChatSettings>;
  /** Function calling: the tools of the session (its backend then runs the tool loop). */
  tools?: { chatTools: ChatTools; port: ChatToolsPort };
  /** The index `@workspace` questions search. */
  workspaceIndex?: () => Promise<WorkspaceIndex | undefined>;
  /** Questions answered before (the offer before a turn). */
  answeredBefore?: AnsweredQuestions;
}

/** The host's words for a failure, reduced to what tests check: a prefix, a Retry where it helps, one host step. */
function presentFailure(ran: string[]) {
  return (err: unknown, retry: () => unknown): FailurePresentation | undefined => {
    const kind = (err as { kind?: string }).kind ?? 'internal';
    if (kind === 'aborted' || kind === 'cancelled') return undefined;
    const retryable = ['rate_limit', 'server', 'network', 'timeout'].includes(kind);
    return {
      message: `Host says: ${kind}`,
      actions: [
        ...(retryable ? [{ view: { label: 'Retry', command: RETRY_ACTION }, run: async () => retry() }] : []),
        {
          view: { label: 'Set API Key', command: 'test.setApiKey', args: [kind] },
          run: async () => ran.push(`setApiKey:${kind}`),
        },
      ],
    };
  };
}

export async function createChatHarness(options: ChatHarnessOptions): Promise<ChatHarness> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gw-chat-'));
  const store = new HistoryStore(path.join(dir, 'conversations'), { undoMs: options.undoMs ?? 60_000 });
  const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
  const catalogue = options.catalogue ?? new ModelCatalogue();
  const workbench = createWorkbench({
    client: options.client,
    ledger,
    catalogue,
    chatOptions: { retry: false },
    // The Workbench routes `auto` by the same rules the chat's port reports.
    settings: () => ({ routeRules: settings.routeRules }),
  });
  const settings: ChatSettings = {
    systemPrompt: '',
    defaultModel: 'gpt-4.1-mini',
    ...options.settings,
  };
  const posted: HostToWebview[] = [];
  const ran: string[] = [];
  const exports: string[] = [];
  let loaded: Promise<void> | undefined;
  const history: ChatHistoryPort = {
    store,
    ensureLoaded: () => (loaded ??= store.load().then(() => undefined)),
    save: async (c) => {
      if (c.messages.length > 0) await store.save(c);
    },
    exportMarkdown: async (c) => {
      exports.push(conversationToMarkdown(c));
      return path.join(dir, 'export.md');
    },
  };
  const port: ChatPort = {
    settings: () => settings,
    catalogue: () => catalogue,
    history,
    editor: {
      codeAction: async (action) => `did ${action}`,
      openLink: async (href) => void ran.push(`open:${href}`),
      openPath: async (p) => (p.startsWith('..') ? `${p} is not a file in this workspace.` : undefined),
    },
    presentFailure: presentFailure(ran),
  };
  const plain = createChatBackend({ getWorkbench: async () => workbench });
  const session = new ChatSession({
    port,
    backend:
      options.backend ??
      (options.tools ? options.tools.chatTools.backend(async () => workbench, plain) : plain),
    saveIntervalMs: options.saveIntervalMs,
    ...(options.tools ? { tools: options.tools.port } : {}),
    ...(options.workspaceIndex ? { workspaceIndex: options.workspaceIndex } : {}),
    ...(options.answeredBefore ? { answeredBefore: options.answeredBefore } : {}),
  });
  await session.attach((m) => posted.push(structuredClone(m)));

  const ofType = <T extends HostToWebview['type']>(type: T, from = 0): Posted<T>[] =>
    posted.slice(from).filter((m): m is Posted<T> => m.type === type);
  return {
    session,
    ledger,
    store,
    dir,
    settings,
    posted,
    ofType,
    ran,
    exports,
    async next(type, from = 0) {
      for (let i = 0; i < 2_000; i++) {
        const found = ofType(type, from)[0];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`no ${type} was posted`);
    },
    onDisk(id) {
      const file = path.join(store.dir, `${id}.json`);
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Conversation) : undefined;
    },
    async close() {
      await session.turns.stop();
      await store.close();
      await ledger.flush();
      if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
