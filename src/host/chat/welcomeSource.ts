// The empty chat's welcome in the host: whether requests can go anywhere yet (a key, a key-less endpoint, or the
// offline demo), the manifest's command titles and keybindings, and the buttons it offered — a click runs a
// command only when it is one of those.
import * as vscode from 'vscode';
import {
  buildWelcome,
  isOfferedWelcomeAction,
  type ManifestCommand,
  type ManifestKeybinding,
} from '../../core';
import type { ErrorActionArg, WelcomeView } from '../../shared/protocol';
import { readOfflineDemo } from '../config';

export interface WelcomeDeps {
  /** Whether a request could be sent now (a stored key, OPENAI_API_KEY, or a key-less custom endpoint). */
  hasEndpoint(): Promise<boolean>;
  /** Fires when the key or the endpoint changes. */
  onDidChangeEndpoint: vscode.Event<void>;
  manifest: { contributes?: { commands?: ManifestCommand[]; keybindings?: ManifestKeybinding[] } };
}

export class WelcomeSource implements vscode.Disposable {
  private offered: WelcomeView | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when what the welcome says may have changed (the view is sent it again). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: WelcomeDeps) {
    this.subscription = deps.onDidChangeEndpoint(() => this.changed.fire());
  }

  async current(): Promise<WelcomeView> {
    const connection = readOfflineDemo()
      ? 'offlineDemo'
      : (await this.deps.hasEndpoint())
        ? 'ready'
        : 'noKey';
    this.offered = buildWelcome({
      connection,
      commands: this.deps.manifest.contributes?.commands ?? [],
      keybindings: this.deps.manifest.contributes?.keybindings ?? [],
      mac: process.platform === 'darwin',
    });
    return this.offered;
  }

  /** Runs a welcome button's command if (and only if) the welcome shown offered it. */
  async run(command: string, args: ErrorActionArg[]): Promise<void> {
    if (!isOfferedWelcomeAction(this.offered, command, args)) return;
    await vscode.commands.executeCommand(command, ...args);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
