// activate(): build the services and register each feature; nothing else lives here.
import * as vscode from 'vscode';
import { endpointLabel } from './core';
import { recordChatView } from './host/chat/chatViewProvider';
import { registerChat, type ChatFeature } from './host/chat/registerChat';
import { CommandManager } from './host/commandManager';
import { WorkbenchLog } from './host/log';
import { OpenAIAccess } from './host/openaiAccess';
import { registerWorkbench, type WorkbenchFeature } from './host/workbench/registerWorkbench';
import { readConfig } from './host/config';
import { ENDPOINT_SECRET_PREFIX } from './host/openaiAccess';
import { registerTools, type ToolsFeature } from './host/tools/registerTools';
import {
  registerWorkspaceIndex,
  type WorkspaceIndexFeature,
} from './host/workspaceIndex/registerWorkspaceIndex';
import { ApiKeyFeature } from './host/secrets/apiKeyCommands';
import { ApiKeyStore } from './host/secrets/apiKeyStore';
import { chatExplanationView, registerTasks, type TaskFeature } from './host/tasks/registerTasks';
import {
  registerLanguageModels,
  type LanguageModelFeature,
} from './host/languageModels/registerLanguageModels';
import { registerBatch, type BatchFeature } from './host/batch/registerBatch';
import type { HostToWebview } from './shared/protocol';

/** Returned by activate() only in the integration tests (ExtensionMode.Test): state the tests inspect. */
export interface WorkbenchTestingApi {
  globalState: vscode.Memento;
  workspaceState: vscode.Memento;
  secrets: vscode.SecretStorage;
  log: WorkbenchLog;
  openai: OpenAIAccess;
  checkRotationReminder(now?: Date): Promise<boolean>;
  chat: ChatFeature;
  /** Every message the chat view was sent since activation, in order. */
  chatView: { readonly sent: readonly HostToWebview[] };
  tasks: TaskFeature;
  production: WorkbenchFeature;
  batch: BatchFeature;
  tools: ToolsFeature;
  workspaceIndex: WorkspaceIndexFeature;
  languageModels: LanguageModelFeature;
}

export async function activate(context: vscode.ExtensionContext): Promise<WorkbenchTestingApi | undefined> {
  // Logged below: `activation.host_ms` of the bench is read from that line (test/integration/activation.test.ts).
  const started = performance.now();
  const log = new WorkbenchLog();
  const commands = new CommandManager();
  const apiKeys = new ApiKeyStore(context.secrets, context.globalState);
  await apiKeys.load();
  log.addSecretSource(() => apiKeys.secretsToRedact());
  // The one place a client is built from the key; features reach the API only through the Workbench below.
  const openai = new OpenAIAccess(apiKeys, log, readConfig, context.secrets);
  context.subscriptions.push(log, commands, apiKeys, openai);

  // Features register here.
  const apiKeyFeature = new ApiKeyFeature({ commands, store: apiKeys, access: openai, log });
  context.subscriptions.push(apiKeyFeature);
  // Ledger, budgets, response cache and moderation around every request.
  const production = registerWorkbench({ context, commands, log, access: openai });
  context.subscriptions.push(production);
  openai.useVerificationDoor((endpoint) => production.service.verificationDoor(endpoint));
  const getWorkbench = () => production.getWorkbench();
  // Function calling: built-in workspace tools and MCP servers (started on first use, stopped on deactivate).
  const tools = registerTools({
    log,
    lookupSecret: (name) => Promise.resolve(context.secrets.get(ENDPOINT_SECRET_PREFIX + name)),
  });
  context.subscriptions.push(tools);
  // Batch jobs: a task over many files through the Batch API; polling resumes for the jobs left running.
  const batch = registerBatch({
    commands,
    log,
    storageDir: context.globalStorageUri.fsPath,
    getWorkbench,
    getCatalogue: () => production.service.catalogue(),
    record: (entry) => production.service.ledger.append(entry),
  });
  context.subscriptions.push(batch);
  // Workspace index: embeddings + keyword search over the code (opened on first use); `semantic_search` for the
  // chat's tools, and the index `@workspace` questions search. A large first index can go through the batch jobs.
  const workspaceIndex = registerWorkspaceIndex({
    context,
    commands,
    log,
    getWorkbench,
    catalogue: () => production.service.catalogue(),
    tools: tools.registry,
    batch,
  });
  context.subscriptions.push(workspaceIndex);
  const chat = registerChat({
    tools,
    workspaceIndex: () => workspaceIndex.service.get(),
    context,
    commands,
    log,
    getWorkbench,
    getCatalogue: () => production.service.catalogue(),
    endpoint: {
      keyState: async () => {
        if ((await apiKeys.status()).source !== 'none') return 'key';
        return (await openai.getEndpoint().catch(() => undefined)) ? 'keyless' : 'none';
      },
      onDidChangeEndpoint: openai.onDidChange,
    },
  });
  context.subscriptions.push(chat);
  const tasks = registerTasks({
    commands,
    log,
    getWorkbench,
    getCatalogue: () => production.service.catalogue(),
    explanations: chatExplanationView(chat),
  });
  context.subscriptions.push(tasks);
  // VS Code's own chat: our models in its picker, @workbench, our tools for its agent (search, batch, usage).
  const languageModels = registerLanguageModels({
    context,
    commands,
    access: openai,
    production,
    tasks,
    workspaceIndex,
    batch,
  });
  context.subscriptions.push(languageModels);

  // The label drops any user:password a base URL may carry.
  const ms = (performance.now() - started).toFixed(1);
  log.info(`Activated in ${ms} ms (endpoint ${endpointLabel(openai.baseUrl)}).`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    globalState: context.globalState,
    workspaceState: context.workspaceState,
    secrets: context.secrets,
    log,
    openai,
    checkRotationReminder: (now) => apiKeyFeature.checkRotationReminder(now),
    chat,
    chatView: recordChatView(chat.provider, context.subscriptions),
    tasks,
    production,
    batch,
    tools,
    workspaceIndex,
    languageModels,
  };
}

export function deactivate(): void {}
