// The empty chat's welcome in the host: whether requests can go anywhere yet (a key, a key-less endpoint, the
// offline demo, or none), the manifest's command titles and keybindings, and the buttons it offered — a click runs
// a command only when it is one of those.
import * as vscode from 'vscode';
import {
  buildWelcome,
  isOfferedWelcomeAction,
  type ManifestCommand,
  type ManifestKeybinding,
} from '../../core';
import type { ErrorActionArg, WelcomeView } from '../../shared/protocol';
import { COMMANDS } from '../commandIds';
import { readOfflineDemo } from '../config';

/** The code tasks the empty chat lists, in this order. */
const WELCOME_TASKS = [
  COMMANDS.explainSelection,
  COMMANDS.refactorSelection,
  COMMANDS.extractData,
  COMMANDS.fixProblem,
];

export interface WelcomeDeps {
  /** A key in use (stored or OPENAI_API_KEY), a custom endpoint that takes requests without one, or neither. */
  keyState(): Promise<'key' | 'keyless' | 'none'>;
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
    const state = readOfflineDemo() ? 'demo' : await this.deps.keyState();
    const connection = ({ demo: 'offlineDemo', key: 'ready', keyless: 'keyless', none: 'noKey' } as const)[
      state
    ];
    this.offered = buildWelcome({
      connection,
      ids: { tasks: WELCOME_TASKS, setApiKey: COMMANDS.setApiKey },
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
