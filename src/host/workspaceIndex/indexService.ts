// The workspace index in the host: one core WorkspaceIndex over every folder of the workspace (on disk), stored
// under the workspace's storage, with the SIMD kernel and the grammars from dist/wasm. Opened on first use (never at
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
import { readIndexExcludes } from '../config';
import { readIndexSettings } from '../featureSettings';
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

  /** The folders the index covers: every workspace folder on the local disk. */
  get folders(): readonly vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  }

  /**
   * What names this workspace's index (a Batch API job's target): the folder's path, or with several folders
   * every path joined by " + ".
   */
  get place(): string | undefined {
    const folders = this.folders;
    return folders.length === 0 ? undefined : folders.map((f) => f.uri.fsPath).join(' + ');
  }

  get isOpen(): boolean {
    return this.opening !== undefined;
  }

  notify(): void {
    this.changed.fire();
  }

  /**
   * The index for the current folders and settings: reopened when a folder, the model, the dimensions or the size
   * limit changed; given the folders' current `files.exclude` / `search.exclude` every time (the next scan and
   * watcher event use them, never the excludes of the moment it was opened).
   */
  async get(): Promise<WorkspaceIndex | undefined> {
    const folders = this.folders;
    if (folders.length === 0) return undefined;
    const settings = readIndexSettings();
    const places = folders.map((f) => `${f.name}=${f.uri.fsPath}`).join('|');
    const key = `${places}|${settings.model}|${settings.dimensions}|${settings.maxFileBytes}`;
    if (!this.opening || key !== this.key) {
      this.key = key;
      this.opening = this.open(folders, settings);
    }
    const index = await this.opening;
    index?.setSelections(folders.map((f) => this.selection(f, settings)));
    return index;
  }

  private selection(folder: vscode.WorkspaceFolder, settings: ReturnType<typeof readIndexSettings>) {
    return { exclude: readIndexExcludes(folder.uri), maxFileBytes: settings.maxFileBytes };
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
    folders: readonly vscode.WorkspaceFolder[],
    settings: ReturnType<typeof readIndexSettings>,
  ): Promise<WorkspaceIndex> {
    const { context, log } = this.deps;
    const wasmDir = path.join(context.extensionPath, 'dist', 'wasm');
    const kernelBytes = await fs.readFile(path.join(wasmDir, 'dotInt8.wasm')).catch(() => undefined);
    const kernel = await loadScoreKernel(kernelBytes);
    if (!kernel) log.warn('Workspace index: no WebAssembly SIMD here; searching with the plain loop.');
    const storage = context.storageUri ?? context.globalStorageUri;
    const index = await WorkspaceIndex.open({
      folders: folders.map((f) => ({
        name: f.name,
        path: f.uri.fsPath,
        selection: this.selection(f, settings),
      })),
      storageDir: path.join(storage.fsPath, 'workspace-index'),
      model: settings.model,
      dimensions: settings.dimensions,
      embed: this.embedFn(),
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
