// The code tasks' one registration call from activate(): commands (palette, editor submenu, keybindings), the
// code action provider, and the proposal documents behind the refactor diff.
import * as vscode from 'vscode';
import type { ChatTurnResult, Workbench, ModelCatalogue } from '../../core';
import { COMMANDS } from '../commandIds';
import type { CommandManager } from '../commandManager';
import type { WorkbenchLog } from '../log';
import { CodeCommands, type CodeTaskArgs, type ExplanationView } from './codeCommands';
import { TaskCodeActionProvider } from './codeActions';
import { ExtractCommand, type ExtractArgs } from './extractCommand';
import { PROPOSAL_SCHEME, ProposalManager } from './proposals';
import { TaskServices } from './taskServices';
import { UserTaskCommand, type RunTaskArgs } from './userTaskCommand';

export interface TaskFeatureDeps {
  commands: CommandManager;
  log: WorkbenchLog;
  /** The host's one Workbench: every request goes through it (ledger, budget, cache). */
  getWorkbench: () => Promise<Workbench>;
  getCatalogue?: () => ModelCatalogue;
  /** The chat view's task turn: explanations stream there and stay in history. */
  explanations?: ExplanationView;
}

export interface TaskFeature extends vscode.Disposable {
  readonly services: TaskServices;
  readonly proposals: ProposalManager;
  readonly code: CodeCommands;
  readonly extract: ExtractCommand;
  readonly userTasks: UserTaskCommand;
}

/** Accepts what the palette, menus and code actions pass: nothing, a URI (editor context), or our args object. */
function argsOf<T extends object>(arg: unknown): T {
  if (arg instanceof vscode.Uri) return { uri: arg } as T;
  return (arg && typeof arg === 'object' ? arg : {}) as T;
}

export function registerTasks(deps: TaskFeatureDeps): TaskFeature {
  const services = new TaskServices(deps);
  const proposals = new ProposalManager();
  const code = new CodeCommands(services, proposals, deps.explanations);
  const extract = new ExtractCommand(services);
  const userTasks = new UserTaskCommand(services, proposals, deps.explanations);
  const { commands } = deps;

  const disposables: vscode.Disposable[] = [
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
      new TaskCodeActionProvider(),
      TaskCodeActionProvider.metadata,
    ),
    commands.register(COMMANDS.explainSelection, (arg?: unknown) => code.explain(argsOf<CodeTaskArgs>(arg))),
    commands.register(COMMANDS.refactorSelection, (arg?: unknown) =>
      code.refactor(argsOf<CodeTaskArgs>(arg)),
    ),
    commands.register(COMMANDS.fixProblem, (arg?: unknown) => code.fix(argsOf<CodeTaskArgs>(arg))),
    commands.register(COMMANDS.extractData, (arg?: unknown) => extract.run(argsOf<ExtractArgs>(arg))),
    commands.register(COMMANDS.runTask, (arg?: unknown) => userTasks.run(argsOf<RunTaskArgs>(arg))),
    commands.register(COMMANDS.applyProposal, (arg?: unknown) => proposals.applyAndReport(arg)),
    commands.register(COMMANDS.discardProposal, (arg?: unknown) => proposals.discard(arg)),
  ];

  return {
    services,
    proposals,
    code,
    extract,
    userTasks,
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}

/** The chat feature's side of an explanation turn, typed by shape so the tasks do not depend on chat internals. */
export interface ChatTurnHost {
  provider: { reveal(): Promise<void> };
  session: {
    runTaskTurn(
      prompt: string,
      model: string,
      backend: (request: { signal: AbortSignal; onDelta: (text: string) => void }) => Promise<ChatTurnResult>,
    ): Promise<void>;
  };
}

/** Explanations stream into the chat view as a turn of the open conversation. */
export function chatExplanationView(chat: ChatTurnHost): ExplanationView {
  return {
    async showTaskTurn(prompt, model, answer) {
      await chat.provider.reveal();
      await chat.session.runTaskTurn(prompt, model, (request) => answer(request.onDelta, request.signal));
    },
  };
}
