// The chat feature's one registration call from activate(): the view provider, its commands and settings.
// Nothing is loaded here beyond objects: history is read when the view or a command first needs it, and the
// tokenizer on the first turn.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AnsweredQuestions,
  ChatSession,
  embedThroughWorkbench,
  DEFAULT_MODEL,
  createChatBackend,
  type ChatBackend,
  type ChatSessionDeps,
  type ChatTools,
  type ChatToolsPort,
  type ModelCatalogue,
  type Workbench,
  type WorkspaceIndex,
} from '../../core';
import { COMMANDS } from '../commandIds';
import type { CommandManager } from '../commandManager';
import type { WorkbenchLog } from '../log';
import { readChatOptions, readGenerationSettings, readPriceOverrides } from '../config';
import { readAnsweredBeforeSettings, readChatSettings, readIndexSettings } from '../featureSettings';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { EditorActions, selectionAsMarkdown } from './editorActions';
import { turnFailurePresentation } from './errorActions';
import { ChatHistory } from './historyAdapter';
import { WelcomeSource, type WelcomeDeps } from './welcomeSource';

const LAST_OPEN_KEY = 'gptWorkbench.chat.lastConversation';

export interface ChatFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: WorkbenchLog;
  /** The host's one Workbench: every request goes through it (ledger, budget, cache, moderation). */
  getWorkbench: () => Promise<Workbench>;
  /** The production catalogue (price overrides, the endpoint's models): context windows for `auto` and trimming. */
  getCatalogue?: () => ModelCatalogue;
  /** Replaces the backend (integration tests). */
  backend?: ChatBackend;
  /** What the empty chat's welcome needs: whether a request can go anywhere, and when that changes. */
  endpoint?: Pick<WelcomeDeps, 'keyState' | 'onDidChangeEndpoint'>;
  /** Function calling: the tool turns' backend, approvals, toggles and undo (absent: plain chat). */
  tools?: { chatTools: ChatTools; port: ChatToolsPort };
  /** The index `@workspace` questions search (undefined: no folder is open). */
  workspaceIndex?: () => Promise<WorkspaceIndex | undefined>;
}

export interface ChatFeature extends vscode.Disposable {
  readonly session: ChatSession;
  readonly history: ChatHistory;
  readonly provider: ChatViewProvider;
}

export function registerChat(deps: ChatFeatureDeps): ChatFeature {
  const { context, commands, log } = deps;
  const history = new ChatHistory(context.globalStorageUri.fsPath, log);
  const actions = new EditorActions();
  const session = new ChatSession({
    port: {
      settings: () => {
        const chat = readChatSettings();
        return {
          systemPrompt: chat.systemPrompt,
          responseFormat: chat.responseFormat,
          defaultModel: chat.model ?? DEFAULT_MODEL,
          // The Workbench routes `auto` by these; the chat only learns which models `auto` may pick.
          routeRules: readGenerationSettings().routeRules,
          models: [...(readChatOptions().fallbackModels ?? []), ...Object.keys(readPriceOverrides())],
        };
      },
      ...(deps.getCatalogue ? { catalogue: deps.getCatalogue } : {}),
      history,
      editor: actions,
      presentFailure: turnFailurePresentation,
      lastOpen: {
        get: () => context.workspaceState.get<string>(LAST_OPEN_KEY),
        set: (id) => void context.workspaceState.update(LAST_OPEN_KEY, id),
      },
    },
    backend: deps.backend ?? chatBackend(deps),
    ...(deps.tools ? { tools: deps.tools.port } : {}),
    ...(deps.workspaceIndex ? { workspaceIndex: deps.workspaceIndex } : {}),
    ...answeredBefore(deps),
  });
  const welcome = deps.endpoint
    ? new WelcomeSource({
        ...deps.endpoint,
        manifest: context.extension.packageJSON as WelcomeDeps['manifest'],
      })
    : undefined;
  const provider = new ChatViewProvider(context.extensionUri, session, log, welcome);

  const disposables: vscode.Disposable[] = [
    actions,
    ...(welcome ? [welcome] : []),
    provider,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    commands.register(COMMANDS.openChat, async () => {
      await provider.reveal();
      session.post({ type: 'focusInput' });
    }),
    commands.register(COMMANDS.newChat, async () => {
      await session.newChat();
      await provider.reveal();
      session.post({ type: 'focusInput' });
    }),
    commands.register(COMMANDS.addSelectionToChat, async () => {
      const editor = vscode.window.activeTextEditor;
      const text = editor && selectionAsMarkdown(editor);
      if (!text) {
        void vscode.window.showInformationMessage('Select some code first, then add it to the chat.');
        return;
      }
      session.post({ type: 'setDraft', text, append: true });
      await provider.reveal();
    }),
    commands.register(COMMANDS.exportChat, () => session.exportConversation()),
  ];

  return {
    session,
    history,
    provider,
    dispose() {
      void session.turns.stop();
      void history.store.close();
      for (const d of disposables) d.dispose();
    },
  };
}

/**
 * "Answered before" needs a workspace (its questions are kept per workspace, under the workspace storage); the
 * question's embedding goes through the Workbench with the index's embedding model.
 */
function answeredBefore(deps: ChatFeatureDeps): Pick<ChatSessionDeps, 'answeredBefore' | 'onQuietError'> {
  const storage = deps.context.storageUri;
  if (!storage) return {};
  const questions = new AnsweredQuestions({
    file: path.join(storage.fsPath, 'answered-questions.json'),
    embed: async (request) =>
      embedThroughWorkbench(await deps.getWorkbench(), { feature: 'chat-answered-before' })(request),
    model: () => readIndexSettings(),
    settings: () => readAnsweredBeforeSettings(),
  });
  return {
    answeredBefore: questions,
    onQuietError: (err) => deps.log.warn(`Answered before: ${(err as Error).message}`),
  };
}

/** Plain turns through the Workbench; with tools, the tool loop (each round through the same Workbench). */
function chatBackend(deps: ChatFeatureDeps): ChatBackend {
  const plain = createChatBackend({ getWorkbench: deps.getWorkbench });
  return deps.tools ? deps.tools.chatTools.backend(deps.getWorkbench, plain) : plain;
}
