// activate(): build the services and register each feature; nothing else lives here.
import * as vscode from 'vscode';
import { registerChat, type ChatFeature } from './host/chat/registerChat';
import { CommandManager } from './host/commandManager';
import { WorkbenchLog } from './host/log';
import { OpenAIAccess } from './host/openaiAccess';
import { ApiKeyFeature } from './host/secrets/apiKeyCommands';
import { ApiKeyStore } from './host/secrets/apiKeyStore';

/** Returned by activate() only in the integration tests (ExtensionMode.Test): state the tests inspect. */
export interface WorkbenchTestingApi {
  globalState: vscode.Memento;
  workspaceState: vscode.Memento;
  secrets: vscode.SecretStorage;
  log: WorkbenchLog;
  openai: OpenAIAccess;
  checkRotationReminder(now?: Date): Promise<boolean>;
  chat: ChatFeature;
}

export async function activate(context: vscode.ExtensionContext): Promise<WorkbenchTestingApi | undefined> {
  const log = new WorkbenchLog();
  const commands = new CommandManager();
  const apiKeys = new ApiKeyStore(context.secrets, context.globalState);
  await apiKeys.load();
  log.addSecretSource(() => apiKeys.secretsToRedact());
  // Every feature gets its OpenAI client from `openai.getClient()`; nothing else reads the key.
  const openai = new OpenAIAccess(apiKeys, log);
  context.subscriptions.push(log, commands, apiKeys, openai);

  // Features register here.
  const apiKeyFeature = new ApiKeyFeature({ commands, store: apiKeys, access: openai, log });
  context.subscriptions.push(apiKeyFeature);
  const chat = registerChat({ context, commands, log, getClient: () => openai.requireClient() });
  context.subscriptions.push(chat);

  log.info(`Activated (endpoint ${openai.baseUrl}).`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    globalState: context.globalState,
    workspaceState: context.workspaceState,
    secrets: context.secrets,
    log,
    openai,
    checkRotationReminder: (now) => apiKeyFeature.checkRotationReminder(now),
    chat,
  };
}

export function deactivate(): void {}
