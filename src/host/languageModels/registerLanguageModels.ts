// VS Code's own chat, from activate(): our models in its model picker (vendor `gpt-workbench`), the `@workbench`
// participant, our tools for its agent, and the model picker's "Manage" command (key and endpoint setup).
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { CommandManager } from '../commandManager';
import type { OpenAIAccess } from '../openaiAccess';
import type { WorkbenchFeature } from '../workbench/registerWorkbench';
import type { TaskFeature } from '../tasks/registerTasks';
import type { BatchFeature } from '../batch/registerBatch';
import type { WorkspaceIndexFeature } from '../workspaceIndex/registerWorkspaceIndex';
import { SUBMIT_BATCH_TOOL, SubmitBatchTool } from './batchTool';
import { VSCODE_SEMANTIC_SEARCH_TOOL, SemanticSearchTool } from './searchTool';
import { LM_VENDOR, WorkbenchChatProvider } from './chatProvider';
import { PARTICIPANT_ID, WorkbenchParticipant } from './participant';
import { USAGE_TOOL, UsageTool } from './usageTool';

export interface LanguageModelFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  access: OpenAIAccess;
  production: WorkbenchFeature;
  tasks: TaskFeature;
  workspaceIndex: WorkspaceIndexFeature;
  batch: BatchFeature;
}

export interface LanguageModelFeature extends vscode.Disposable {
  readonly provider: WorkbenchChatProvider;
  readonly participant: WorkbenchParticipant;
  /** The tools as registered with vscode.lm (tests call prepareInvocation, which VS Code has no API for). */
  readonly tools: { semanticSearch: SemanticSearchTool; submitBatch: SubmitBatchTool };
}

type SetupChoice = vscode.QuickPickItem & { run: () => Thenable<unknown> };

/** The model picker's Manage entry: the key and endpoint setup in one list. */
async function manageModels(): Promise<void> {
  const run =
    (id: string, ...args: unknown[]) =>
    () =>
      vscode.commands.executeCommand(id, ...args);
  const items: SetupChoice[] = [
    { label: 'Set API Key', detail: 'Stored in VS Code secret storage', run: run(COMMANDS.setApiKey) },
    { label: 'Show API Key Status', run: run(COMMANDS.showApiKeyStatus) },
    {
      label: 'Endpoint Settings',
      detail: 'Base URL, Azure OpenAI, organization / project, custom headers',
      run: run('workbench.action.openSettings', 'gptWorkbench'),
    },
    { label: 'Set Endpoint Secret', run: run(COMMANDS.setEndpointSecret) },
    {
      label: 'Show Usage',
      detail: 'The ledger: spend by model and feature',
      run: run(COMMANDS.showUsage),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'GPT Workbench: models and endpoint' });
  await picked?.run();
}

export function registerLanguageModels(deps: LanguageModelFeatureDeps): LanguageModelFeature {
  const { production } = deps;
  const changed = new vscode.EventEmitter<void>();
  const provider = new WorkbenchChatProvider({
    getWorkbench: () => production.getWorkbench(),
    listCatalogue: (prompt) => production.service.endpointCatalogue(prompt),
    catalogue: () => production.service.catalogue(),
    onDidChange: changed.event,
  });
  const participant = new WorkbenchParticipant({
    tasks: deps.tasks,
    service: production.service,
    getWorkbench: () => production.getWorkbench(),
    index: deps.workspaceIndex.service,
  });
  const tools = {
    semanticSearch: new SemanticSearchTool(deps.workspaceIndex.service),
    submitBatch: new SubmitBatchTool({
      service: deps.batch.service,
      getWorkbench: () => production.getWorkbench(),
      getCatalogue: () => production.service.catalogue(),
    }),
  };
  const chatParticipant = vscode.chat.createChatParticipant(PARTICIPANT_ID, participant.handle);
  chatParticipant.iconPath = vscode.Uri.joinPath(deps.context.extensionUri, 'media', 'chat-icon.svg');
  chatParticipant.followupProvider = participant.followups;
  const disposables: vscode.Disposable[] = [
    changed,
    deps.access.onDidChange(() => changed.fire()),
    production.service.onDidChangeModels(() => changed.fire()),
    vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider),
    chatParticipant,
    vscode.lm.registerTool(USAGE_TOOL, new UsageTool(production.service)),
    vscode.lm.registerTool(VSCODE_SEMANTIC_SEARCH_TOOL, tools.semanticSearch),
    vscode.lm.registerTool(SUBMIT_BATCH_TOOL, tools.submitBatch),
    deps.commands.register(COMMANDS.manageModels, manageModels),
  ];
  return {
    provider,
    participant,
    tools,
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
