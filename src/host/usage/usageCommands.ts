// Show Usage, Export Usage and Clear Response Cache. Show Usage is a read-only virtual markdown document
// (`gptworkbench-usage:`), opened in the markdown preview: read-only because it is a report of the ledger, not a
// file to edit; a content provider (rather than an untitled document) so it re-renders when new requests are
// recorded and never asks to be saved; the markdown preview because the figures are tables. The raw text stays
// one click away ("Open Source" in the preview) and is what the integration tests read.
import * as vscode from 'vscode';
import { ledgerToCsv, ledgerToJsonl, summarizeUsage, usageMarkdown } from '../../core';
import type { CommandManager } from '../commandManager';
import { COMMANDS } from '../commandIds';
import type { WorkbenchLog } from '../log';
import { readBudgetLimits } from '../config';
import type { WorkbenchService } from '../workbench/workbenchService';

export const USAGE_SCHEME = 'gptworkbench-usage';
export const USAGE_URI = vscode.Uri.from({ scheme: USAGE_SCHEME, path: '/GPT Workbench Usage.md' });

export class UsageCommands implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly service: WorkbenchService,
    private readonly log: WorkbenchLog,
    commands: CommandManager,
  ) {
    const entrySub = service.ledger.onEntry(() => this.changed.fire(USAGE_URI));
    this.subscriptions.push(
      this.changed,
      new vscode.Disposable(() => entrySub.dispose()),
      vscode.workspace.registerTextDocumentContentProvider(USAGE_SCHEME, this),
      commands.register(COMMANDS.showUsage, () => this.show()),
      commands.register(COMMANDS.exportUsage, (target?: unknown) =>
        this.export(target instanceof vscode.Uri ? target : undefined),
      ),
      commands.register(COMMANDS.clearResponseCache, () => this.clearCache()),
    );
  }

  /** The page as of now (the content provider calls this whenever the document is shown or refreshed). */
  async provideTextDocumentContent(): Promise<string> {
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const entries = await this.service.ledger.readRange(monthStart, new Date(now.getTime() + 86_400_000));
    const limits = readBudgetLimits();
    return usageMarkdown(summarizeUsage(entries, now), {
      ledgerDir: this.service.ledger.dir,
      dailyUsd: limits.dailyUsd,
      monthlyUsd: limits.monthlyUsd,
    });
  }

  /** Opens the usage page; resolves with its URI. */
  async show(): Promise<vscode.Uri> {
    await this.service.ledger.flush();
    this.changed.fire(USAGE_URI);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', USAGE_URI);
    } catch (err) {
      // Without the built-in markdown extension the source is still readable.
      this.log.warn(`Markdown preview unavailable, showing the usage source: ${String(err)}`);
      const doc = await vscode.workspace.openTextDocument(USAGE_URI);
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return USAGE_URI;
  }

  /** Writes every ledger entry as CSV, or as JSONL when the chosen file ends in .jsonl/.json. */
  async export(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const month = new Date().toISOString().slice(0, 7);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export GPT Workbench Usage',
        saveLabel: 'Export',
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `gpt-workbench-usage-${month}.csv`) } : {}),
        filters: { CSV: ['csv'], 'JSON Lines': ['jsonl'] },
      }));
    if (!uri) return undefined;
    const entries = await this.service.ledger.readAll();
    const jsonl = /\.jsonl?$/i.test(uri.path);
    const text = jsonl ? ledgerToJsonl(entries) : ledgerToCsv(entries);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const name = uri.path.split('/').pop() ?? uri.path;
    void vscode.window.showInformationMessage(
      `Exported ${entries.length} request${entries.length === 1 ? '' : 's'} as ${jsonl ? 'JSONL' : 'CSV'} to ${name}.`,
    );
    return uri;
  }

  /** Empties the response cache; resolves with how many answers were removed. */
  async clearCache(): Promise<number> {
    const dropped = await this.service.clearCache();
    this.log.info(`Response cache cleared (${dropped} answers removed).`);
    void vscode.window.showInformationMessage(
      `GPT Workbench: response cache cleared (${dropped} answer${dropped === 1 ? '' : 's'} removed).`,
    );
    return dropped;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
