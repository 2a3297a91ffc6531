// The three API key commands (Set, Clear, Show Status) and the 90-day rotation reminder.
// Messages are shown without awaiting them so that a command returns as soon as its work is done (a test or a
// caller of executeCommand never waits for a notification to be dismissed). Each command returns a result
// object for callers and tests; none of them contains the key.
import * as vscode from 'vscode';
import {
  classifyApiKey,
  describeKeyKind,
  formatAge,
  keyLast4,
  shouldRemindRotation,
  type ApiKeyKind,
} from '../../core';
import type { CommandManager } from '../commandManager';
import { COMMANDS } from '../commandIds';
import type { WorkbenchLog } from '../log';
import type { OpenAIAccess } from '../openaiAccess';
import { API_KEY_ENV, type ApiKeyStore, type KeyStatus } from './apiKeyStore';

export type SetKeyResult =
  | { outcome: 'cancelled' }
  | { outcome: 'refused'; kind: ApiKeyKind; reason: string }
  | { outcome: 'rejected'; kind: ApiKeyKind }
  | { outcome: 'stored'; kind: ApiKeyKind; verified: boolean };

/** Re-check the rotation reminder this often in a long-lived window (the reminder itself is once a day). */
const REMINDER_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface ApiKeyFeatureDeps {
  commands: CommandManager;
  store: ApiKeyStore;
  access: OpenAIAccess;
  log: WorkbenchLog;
}

export class ApiKeyFeature implements vscode.Disposable {
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly deps: ApiKeyFeatureDeps) {
    deps.commands.register(COMMANDS.setApiKey, () => this.setKey());
    deps.commands.register(COMMANDS.clearApiKey, () => this.clearKey());
    deps.commands.register(COMMANDS.showApiKeyStatus, () => this.showStatus());
    void this.checkRotationReminder();
    this.timer = setInterval(() => void this.checkRotationReminder(), REMINDER_CHECK_INTERVAL_MS);
  }

  async setKey(): Promise<SetKeyResult> {
    const { store, access, log } = this.deps;
    // A base URL of the user's own takes any token (or none at all); api.openai.com takes OpenAI keys only.
    const custom = { customEndpoint: access.customEndpoint };
    const input = await vscode.window.showInputBox({
      title: 'GPT Workbench: Set API Key',
      prompt: custom.customEndpoint
        ? `Paste the token for ${access.baseUrl} (this endpoint works without one, too). It is kept in VS Code's secret storage and nowhere else.`
        : "Paste your OpenAI API key. It is kept in VS Code's secret storage and nowhere else.",
      placeHolder: custom.customEndpoint ? 'token' : 'sk-proj-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? undefined : classifyApiKey(value, custom).reason),
    });
    if (input === undefined || input.trim() === '') return { outcome: 'cancelled' };
    const key = input.trim();
    const hold = store.holdPending(key);
    try {
      const kind = classifyApiKey(key, custom);
      const label = describeKeyKind(kind.kind);
      if (!kind.accepted) {
        log.warn(`Refused an API key (${label}).`);
        const reason = kind.reason ?? 'This is not an OpenAI API key.';
        void vscode.window.showErrorMessage(`GPT Workbench: ${reason} Nothing was stored.`);
        return { outcome: 'refused', kind: kind.kind, reason };
      }
      const last4 = keyLast4(key);
      const verification = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Checking the ${label} with GET /v1/models…`,
          cancellable: true,
        },
        (_progress, token) => access.verifyKey(key, token),
      );
      if (verification.outcome === 'rejected') {
        log.warn(`The API rejected the ${label} …${last4}; nothing stored.`);
        void vscode.window.showErrorMessage(
          `GPT Workbench: the OpenAI API rejected this ${label} (…${last4}, HTTP ${verification.status}). Nothing was stored.`,
        );
        return { outcome: 'rejected', kind: kind.kind };
      }
      const verified = verification.outcome === 'ok';
      await store.save(key, verified ? new Date() : undefined, kind.kind);
      log.info(`Stored the ${label} …${last4} (${verified ? 'verified' : 'not verified'}).`);
      const caution = kind.warning ? ` ${kind.warning}` : '';
      if (verification.outcome === 'ok') {
        const text = `GPT Workbench: ${label} …${last4} works and is saved.${caution}`;
        void (kind.warning
          ? vscode.window.showWarningMessage(text)
          : vscode.window.showInformationMessage(text));
      } else {
        void vscode.window.showWarningMessage(
          `GPT Workbench: ${label} …${last4} saved, but it could not be checked: ${verification.reason}.${caution}`,
        );
      }
      return { outcome: 'stored', kind: kind.kind, verified };
    } finally {
      hold.dispose();
    }
  }

  async clearKey(): Promise<{ removed: boolean; environmentKeyInUse: boolean }> {
    const { store, access, log } = this.deps;
    const removed = await store.clear();
    const environmentKeyInUse = (await access.activeSource()) === 'environment';
    const fallback = environmentKeyInUse ? ` ${API_KEY_ENV} from the environment is used now.` : '';
    log.info(removed ? 'Removed the stored API key.' : 'Clear API Key: no key was stored.');
    void vscode.window.showInformationMessage(
      removed
        ? `GPT Workbench: API key removed from VS Code's secret storage.${fallback}`
        : `GPT Workbench: no API key is stored.${fallback}`,
    );
    return { removed, environmentKeyInUse };
  }

  async showStatus(): Promise<KeyStatus> {
    const status = await this.deps.store.status();
    const text = `GPT Workbench: ${describeStatus(status)} Endpoint: ${this.deps.access.baseUrl}.`;
    const action = status.source === 'none' ? 'Set API Key' : 'Clear API Key';
    void vscode.window.showInformationMessage(text, action).then((choice) => {
      if (choice === 'Set API Key') void vscode.commands.executeCommand(COMMANDS.setApiKey);
      if (choice === 'Clear API Key') void vscode.commands.executeCommand(COMMANDS.clearApiKey);
    });
    return status;
  }

  /** Show the rotation reminder if the stored key is older than 90 days and none was shown today. */
  async checkRotationReminder(now = new Date()): Promise<boolean> {
    const { store } = this.deps;
    const meta = store.meta();
    const setAt = meta ? new Date(meta.setAt) : undefined;
    if (!meta || !shouldRemindRotation(setAt, store.lastReminderAt(), now)) return false;
    await store.setLastReminderAt(now);
    const status = await store.status(now);
    if (status.source !== 'secretStorage') return false;
    void vscode.window
      .showWarningMessage(
        `GPT Workbench: your OpenAI ${describeKeyKind(meta.kind)} …${meta.last4} is ${formatAge(status.ageDays ?? 0)} old. ` +
          'Rotate it: create a new key, set it here, then revoke the old one.',
        'Rotate now',
        'Remind me later',
      )
      .then((choice) => {
        if (choice === 'Rotate now') void vscode.commands.executeCommand(COMMANDS.setApiKey);
      });
    return true;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}

export function describeStatus(status: KeyStatus): string {
  if (status.source === 'none') {
    return `no OpenAI API key is set. Run "GPT Workbench: Set API Key" or set ${API_KEY_ENV} in the environment.`;
  }
  const label = describeKeyKind(status.kind ?? 'invalid');
  if (status.source === 'environment') {
    return `using the ${label} …${status.last4} from the ${API_KEY_ENV} environment variable (no key is stored in VS Code).`;
  }
  const parts = [`using the ${label} …${status.last4} from VS Code's secret storage`];
  if (status.setAt !== undefined && status.ageDays !== undefined) {
    parts.push(status.ageDays === 0 ? 'set today' : `set ${formatAge(status.ageDays)} ago`);
  }
  parts.push(
    status.lastVerifiedAt
      ? `last verified ${status.lastVerifiedAt.slice(0, 16).replace('T', ' ')} UTC`
      : 'not verified',
  );
  const ignored = status.environmentKeyIgnored ? ` (${API_KEY_ENV} is set too but not used)` : '';
  return `${parts.join(', ')}${ignored}.`;
}
