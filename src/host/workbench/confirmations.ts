// The questions the Workbench facade asks before sending: over a budget → a modal with "Send anyway" /
// "Raise budget" / cancel; from 80 % of a budget or on a spending spike → a non-modal notice and the request goes
// on; flagged input in moderation `warn` mode → a modal naming the categories. Block-mode moderation never asks:
// the facade refuses before anything is sent.
import * as vscode from 'vscode';
import type { BudgetDecision, ModerationDecision, ModerationResult } from '../../core';
import { COMMANDS } from '../commandIds';

export const SEND_ANYWAY = 'Send anyway';
export const RAISE_BUDGET = 'Raise budget';

function usd(v: number): string {
  return `$${v.toFixed(4)}`;
}

function estimateLine(decision: BudgetDecision): string {
  const e = decision.estimate;
  const cost = e.costUsd === null ? 'unknown (model price not known)' : `about ${usd(e.costUsd)}`;
  return (
    `This request: ${e.promptTokens.toLocaleString('en-US')} prompt tokens + ` +
    `${e.maxOutputTokens.toLocaleString('en-US')} output tokens, ${cost}. ` +
    `Spent today ${usd(decision.spentTodayUsd)}, this month ${usd(decision.spentMonthUsd)}.`
  );
}

/** Answers the facade's confirmBudget: false cancels the request. */
export async function confirmBudget(decision: BudgetDecision): Promise<boolean> {
  if (decision.level === 'ok') return true;
  if (decision.level === 'warn') {
    // 80 % and spikes are worth knowing, not worth a modal in the middle of work.
    void vscode.window
      .showWarningMessage(`GPT Workbench: ${decision.reasons.join(' ')}`, 'Show Usage')
      .then((choice) => choice && vscode.commands.executeCommand(COMMANDS.showUsage));
    return true;
  }
  const limit = decision.limit === 'monthly' ? 'monthly' : 'daily';
  const choice = await vscode.window.showWarningMessage(
    `This request would go over your ${limit} budget of $${decision.limitUsd ?? 0}.`,
    { modal: true, detail: `${decision.reasons.join(' ')}\n\n${estimateLine(decision)}` },
    SEND_ANYWAY,
    RAISE_BUDGET,
  );
  if (choice === SEND_ANYWAY) return true;
  if (choice === RAISE_BUDGET) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `gptWorkbench.budget.${limit}Usd`);
  }
  return false;
}

/** Answers the facade's confirmModeration (warn mode): the flagged categories, send or not. */
export async function confirmModeration(
  result: ModerationResult,
  decision: ModerationDecision,
): Promise<boolean> {
  const categories = result.categories.length ? result.categories.join(', ') : 'unspecified';
  const choice = await vscode.window.showWarningMessage(
    decision.message || 'The moderation check flagged this input.',
    {
      modal: true,
      detail: `Flagged categories: ${categories}.\nSetting gptWorkbench.moderation.input is "warn"; "block" never sends flagged input.`,
    },
    SEND_ANYWAY,
  );
  return choice === SEND_ANYWAY;
}
