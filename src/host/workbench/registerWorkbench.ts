// The Workbench feature's one registration call from activate(): the Workbench service
// (ledger, cache, budget, moderation around every request), the spend status-bar item, Show Usage, Export Usage,
// Clear Response Cache and Set Endpoint Secret. Chat and tasks get `getWorkbench` from here.
import * as vscode from 'vscode';
import type { Workbench } from '../../core';
import type { CommandManager } from '../commandManager';
import type { WorkbenchLog } from '../log';
import { showApiError } from '../failureButtons';
import { confirmBudget, confirmModeration } from './confirmations';
import { COMMANDS } from '../commandIds';
import { setEndpointSecret } from '../secrets/endpointSecrets';
import { SpendStatusBar } from '../usage/spendStatusBar';
import { UsageCommands } from '../usage/usageCommands';
import { WorkbenchService, type EndpointSource } from './workbenchService';

export interface WorkbenchFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: WorkbenchLog;
  /** OpenAIAccess: the only source of clients. */
  access: EndpointSource;
}

export interface WorkbenchFeature extends vscode.Disposable {
  readonly service: WorkbenchService;
  readonly statusBar: SpendStatusBar;
  readonly usage: UsageCommands;
  /** The facade for chat and tasks (host modals for budget and moderation unless the caller passes its own). */
  getWorkbench(): Promise<Workbench>;
  /** Every feature shows failed requests through this (cause in words + a next-step button). */
  showApiError: typeof showApiError;
}

export function registerWorkbench(deps: WorkbenchFeatureDeps): WorkbenchFeature {
  const { context, commands, log } = deps;
  const service = new WorkbenchService({
    storageDir: context.globalStorageUri.fsPath,
    access: deps.access,
    log,
    prompts: { confirmBudget, confirmModeration },
  });
  const statusBar = new SpendStatusBar(service.budget, service.ledger);
  const usage = new UsageCommands(service, log, commands);
  const secretCommand = commands.register(COMMANDS.setEndpointSecret, () =>
    setEndpointSecret(context.secrets),
  );
  // Reads this month's ledger file; activation does not wait for it.
  void statusBar.refresh();
  return {
    service,
    statusBar,
    usage,
    getWorkbench: () => service.getWorkbench(),
    showApiError,
    dispose() {
      secretCommand.dispose();
      usage.dispose();
      statusBar.dispose();
      service.dispose();
    },
  };
}
