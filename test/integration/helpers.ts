// Shared by the integration suites: the extension under test, stubs for the few window.* prompts a test
// must answer, the key and settings a suite sets up, and what the host posted to the chat view. The `vscode` object here is the extension host's own, shared with the extension, so replacing
// `vscode.window.showInputBox` answers the extension's input box; every stub is restored after each test.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import type { HostToWebview } from '../../src/shared/protocol';

export const EXTENSION_ID = 'gpt-workbench.gpt-workbench';

/** In the test workspace while a `*.reload.test.ts` suite's window reload is under way (index.ts reads it). */
export const RELOAD_MARKER = '.gptwb-reload-phase.json';

export async function activateExtension(): Promise<WorkbenchTestingApi> {
  const extension = vscode.extensions.getExtension<WorkbenchTestingApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  const api = await extension.activate();
  if (!api) throw new Error('activate() returned no testing API: is the host in extension test mode?');
  return api;
}

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
  items: string[];
}

type Window = typeof vscode.window;
type Writable = { -readonly [K in keyof Window]: Window[K] };

/** Replace window functions for one test; `restore()` puts the originals back. */
export class WindowStubs {
  readonly messages: ShownMessage[] = [];
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  private readonly originals = new Map<keyof Window, unknown>();

  constructor() {
    this.replace('showInformationMessage', this.recorder('info'));
    this.replace('showWarningMessage', this.recorder('warning'));
    this.replace('showErrorMessage', this.recorder('error'));
  }

  /** The next input boxes answer these values, in order (undefined = the user pressed Escape). */
  answerInputBox(...answers: (string | undefined)[]): void {
    this.replace('showInputBox', (async (options?: vscode.InputBoxOptions) => {
      this.inputBoxes.push(options ?? {});
      return answers.shift();
    }) as Window['showInputBox']);
  }

  last(severity?: ShownMessage['severity']): ShownMessage {
    const found = this.messages.filter((m) => !severity || m.severity === severity).at(-1);
    if (!found) throw new Error(`No ${severity ?? ''} message was shown`);
    return found;
  }

  restore(): void {
    const window = vscode.window as Writable;
    for (const [name, original] of this.originals) (window as Record<string, unknown>)[name] = original;
    this.originals.clear();
  }

  private replace<K extends keyof Window>(name: K, fn: Window[K]): void {
    const window = vscode.window as Writable;
    if (!this.originals.has(name)) this.originals.set(name, window[name]);
    window[name] = fn;
  }

  private recorder(severity: ShownMessage['severity']): never {
    return (async (text: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      this.messages.push({ severity, text, items });
      return undefined;
    }) as never;
  }
}

/** Files under `root` (recursively) whose bytes contain `needle`. Large binaries are read too: nothing is skipped. */
export function filesContaining(root: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(needle)) hits.push(full);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return hits;
}

/**
 * Poll until `check` returns a value (log files are written asynchronously). `check` may be async: tasksHelpers'
 * until() polls language services through this same loop.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A random key of the given prefix: unique per test, so a search for it cannot hit an older run's files. */
export function makeKey(prefix: string, marker = ''): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let body = '';
  for (let i = 0; i < 48; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}${marker}${body}`;
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites with npm run test:integration`);
  return value;
}

/** Sets `key` through the real Set API Key command; its input box and confirmation go to stubs used only here. */
export async function setKeyQuietly(key: string): Promise<void> {
  const setup = new WindowStubs();
  setup.answerInputBox(key);
  await vscode.commands.executeCommand('gptWorkbench.setApiKey');
  setup.restore();
}

/** Clears the key through the real command, its confirmation going to stubs used only here. */
export async function clearKeyQuietly(): Promise<void> {
  const cleanup = new WindowStubs();
  await vscode.commands.executeCommand('gptWorkbench.clearApiKey');
  cleanup.restore();
}

/** Sets a gptWorkbench.* setting for the user (undefined removes it, which is how suites undo theirs). */
export function setSetting(key: string, value: unknown): Thenable<void> {
  return vscode.workspace
    .getConfiguration('gptWorkbench')
    .update(key, value, vscode.ConfigurationTarget.Global);
}

export type SentToView<T extends HostToWebview['type']> = Extract<HostToWebview, { type: T }>;

/**
 * Readers of every message the host posted to the chat view (the test API's record). `api` is a getter because
 * suites activate the extension in before(), after these are made.
 */
export function chatViewMessages(api: () => WorkbenchTestingApi): {
  sent(): readonly HostToWebview[];
  ofType<T extends HostToWebview['type']>(type: T, from?: number): SentToView<T>[];
} {
  const sent = (): readonly HostToWebview[] => api().chatView.sent;
  const ofType = <T extends HostToWebview['type']>(type: T, from = 0): SentToView<T>[] =>
    sent()
      .slice(from)
      .filter((m): m is SentToView<T> => m.type === type);
  return { sent, ofType };
}
