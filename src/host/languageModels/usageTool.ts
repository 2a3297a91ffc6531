// A tool for VS Code's agent: what GPT Workbench spent today and this month (by model and feature) and how much of
// each budget is left. It reads the local ledger only, so it costs nothing and needs no confirmation; the agent
// can check it before a large job on the user's key.
import * as vscode from 'vscode';
import { spendSoFar } from '../../core';
import { readBudgetLimits } from '../config';
import type { WorkbenchService } from '../workbench/workbenchService';
import { monthEntries, spendReport } from './participant';

export const USAGE_TOOL = 'gptWorkbench_usage';

export interface UsageToolInput {
  /** Include the tables by model and feature (default true). */
  breakdown?: boolean;
}

function remaining(spent: number, limit: number | null | undefined): string {
  if (!limit) return 'no limit set';
  const left = Math.max(0, limit - spent);
  return `$${left.toFixed(4)} left of $${limit} (${Math.round((spent / limit) * 100)} % used)`;
}

/** The budget lines the agent reads first: spent and left for the UTC day and month. */
export async function budgetStatus(service: WorkbenchService): Promise<string> {
  const now = new Date();
  const spent = spendSoFar(await monthEntries(service, now), now);
  const limits = readBudgetLimits();
  return [
    `Daily budget: spent $${spent.todayUsd.toFixed(4)}, ${remaining(spent.todayUsd, limits.dailyUsd)}.`,
    `Monthly budget: spent $${spent.monthUsd.toFixed(4)}, ${remaining(spent.monthUsd, limits.monthlyUsd)}.`,
  ].join('\n');
}

export class UsageTool implements vscode.LanguageModelTool<UsageToolInput> {
  constructor(private readonly service: WorkbenchService) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: 'Reading GPT Workbench usage and budgets' };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<UsageToolInput>,
  ): Promise<vscode.LanguageModelToolResult> {
    const parts = [await budgetStatus(this.service)];
    if (options.input?.breakdown !== false) parts.push(await spendReport(this.service));
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(parts.join('\n\n'))]);
  }
}
