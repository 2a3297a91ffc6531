// The workspace index in the host: one core WorkspaceIndex for the first workspace folder, stored under the
// workspace's storage, with the SIMD kernel and the grammars from dist/wasm. Opened on first use (never at
// activation). Embeddings go through the Workbench; without a key the index still answers keyword searches.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  SyntaxParsers,
  WorkspaceIndex,
  embedThroughWorkbench,
  loadScoreKernel,
  type EmbedFn,
  type Workbench,
} from '../../core';
import { readIndexExcludes, readIndexSettings } from '../config';
import type { WorkbenchLog } from '../log';
import { confirmBudget } from '../workbench/confirmations';

export interface IndexServiceDeps {
  context: vscode.ExtensionContext;
  log: WorkbenchLog;
  getWorkbench(): Promise<Workbench>;
}

export class IndexService {
  private opening: Promise<WorkspaceIndex | undefined> | undefined;
  private key = '';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: IndexServiceDeps) {}

  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
  }

  get isOpen(): boolean {
    return this.opening !== undefined;
  }

  notify(): void {
    this.changed.fire();
  }

  /** The index for the current folder and settings (reopened when the model or dimensions change). */
  async get(): Promise<WorkspaceIndex | undefined> {
    const folder = this.folder;
    if (!folder) return undefined;
    const settings = readIndexSettings();
    const key = `${folder.uri.fsPath}|${settings.model}|${settings.dimensions}|${settings.maxFileBytes}`;
    if (!this.opening || key !== this.key) {
      this.key = key;
      this.opening = this.open(folder, settings);
    }
    return this.opening;
  }

  /**
   * Drops the open index once its operations are done, then opens it from storage again: the chunks, vectors and
   * keyword index are read back from disk as a new window would read them (tests; the process, the Workbench and
   * the watcher stay).
   */
  async reopen(): Promise<WorkspaceIndex | undefined> {
    const old = await this.opening?.catch(() => undefined);
    await old?.idle();
    this.opening = undefined;
    this.key = '';
    return this.get();
  }

  private async open(
    folder: vscode.WorkspaceFolder,
    settings: ReturnType<typeof readIndexSettings>,
  ): Promise<WorkspaceIndex> {
    const { context, log } = this.deps;
    const wasmDir = path.join(context.extensionPath, 'dist', 'wasm');
    const kernelBytes = await fs.readFile(path.join(wasmDir, 'dotInt8.wasm')).catch(() => undefined);
    const kernel = await loadScoreKernel(kernelBytes);
    if (!kernel) log.warn('Workspace index: no WebAssembly SIMD here; searching with the plain loop.');
    const storage = context.storageUri ?? context.globalStorageUri;
    const index = await WorkspaceIndex.open({
      root: folder.uri.fsPath,
      storageDir: path.join(storage.fsPath, 'workspace-index'),
      model: settings.model,
      dimensions: settings.dimensions,
      embed: this.embedFn(),
      selection: { exclude: readIndexExcludes(folder.uri), maxFileBytes: settings.maxFileBytes },
      kernel,
      parsers: new SyntaxParsers(wasmDir),
      onNotice: (message) => {
        log.warn(message);
        void vscode.window.showWarningMessage(message);
      },
    });
    this.notify();
    return index;
  }

  /** Every embedding request through the Workbench (pacing, retries, budget with its modal, ledger). */
  private embedFn(): EmbedFn {
    return async (request) => {
      const wb = await this.deps.getWorkbench();
      return embedThroughWorkbench(wb, { feature: 'index', confirmBudget })(request);
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
