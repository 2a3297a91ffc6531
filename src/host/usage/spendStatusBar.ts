// The status-bar item with today's spend ("$0.0123 today"): tooltip with the month and the budgets, a warning
// background over 80 % of a budget or on a spending spike, click → Show Usage. Refreshed after every ledger
// entry (any feature) and when the budget settings change; the first refresh is not awaited by activation.
import * as vscode from 'vscode';
import { DEFAULT_WARN_RATIO, detectSpike, formatUsd, type BudgetGuard, type LedgerStore } from '../../core';
import { COMMANDS } from '../commandIds';
import { onDidChangeConfig, readBudgetLimits } from '../config';

export interface SpendSnapshot {
  text: string;
  tooltip: string;
  warning: boolean;
}

export class SpendStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private refreshing: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<SpendSnapshot>();
  /** Fires after each refresh (tests read the item through this, the status bar DOM is out of their reach). */
  readonly onDidRefresh = this.changed.event;

  constructor(
    private readonly budget: BudgetGuard,
    ledger: Pick<LedgerStore, 'onEntry'>,
  ) {
    this.item = vscode.window.createStatusBarItem('gptWorkbench.spend', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'GPT Workbench Spend';
    this.item.command = COMMANDS.showUsage;
    this.item.text = '$(graph) GPT';
    this.item.show();
    const entrySub = ledger.onEntry(() => void this.refresh());
    this.subscriptions.push(
      new vscode.Disposable(() => entrySub.dispose()),
      onDidChangeConfig(() => void this.refresh(), 'budget'),
      this.changed,
    );
  }

  get snapshot(): SpendSnapshot {
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      warning: this.item.backgroundColor !== undefined,
    };
  }

  /** Re-reads the spend from the ledger; refreshes run one after another so the last one shows the latest. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.update()).catch(() => undefined);
    return this.refreshing;
  }

  private async update(): Promise<void> {
    const spend = await this.budget.spend();
    const limits = readBudgetLimits();
    const spike = detectSpike(spend.todayUsd, spend.previousDaysUsd);
    const of = (limit: number | null | undefined): string =>
      limit ? ` of $${limit} budget` : ' (no budget set)';
    const near = (spent: number, limit: number | null | undefined): boolean =>
      !!limit && spent >= DEFAULT_WARN_RATIO * limit;
    const lines = [
      `GPT Workbench spend (UTC days and months, known prices)`,
      `Today: ${formatUsd(spend.todayUsd)}${of(limits.dailyUsd)}`,
      `This month: ${formatUsd(spend.monthUsd)}${of(limits.monthlyUsd)}`,
    ];
    if (spike) {
      lines.push(
        `Spike: today is ${spike.ratio.toFixed(1)}× the previous 7-day average ($${spike.averageUsd.toFixed(4)}).`,
      );
    }
    lines.push('Click for Show Usage.');
    // formatUsd keeps six decimals below a cent, so a day of small requests does not read as $0.0000.
    this.item.text = `$(graph) ${formatUsd(spend.todayUsd)} today`;
    this.item.tooltip = lines.join('\n');
    const warning =
      !!spike || near(spend.todayUsd, limits.dailyUsd) || near(spend.monthUsd, limits.monthlyUsd);
    this.item.backgroundColor = warning
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    this.changed.fire(this.snapshot);
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
