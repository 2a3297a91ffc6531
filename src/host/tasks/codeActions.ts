// The lightbulb: on a selection, RefactorRewrite actions "Refactor with GPT…", "Explain with GPT" and "Extract
// Structured Data with GPT…" (it asks what to extract when chosen); on each
// diagnostic in range, QuickFix actions "Fix with GPT" and "Explain this problem". They only carry arguments: the
// commands do the work when chosen, so offering them costs nothing.
import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { CodeTaskArgs } from './codeCommands';

/** Diagnostics from every source in range, at most this many fixes (each adds two entries to the menu). */
const MAX_DIAGNOSTICS = 3;

export class TaskCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite, vscode.CodeActionKind.QuickFix],
  };

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const wants = (kind: vscode.CodeActionKind): boolean =>
      !context.only || context.only.contains(kind) || kind.contains(context.only);

    if (!range.isEmpty && wants(vscode.CodeActionKind.RefactorRewrite)) {
      const args: CodeTaskArgs = { uri: document.uri, range: new vscode.Range(range.start, range.end) };
      actions.push(
        this.action(
          'Refactor with GPT…',
          vscode.CodeActionKind.RefactorRewrite,
          COMMANDS.refactorSelection,
          args,
        ),
      );
      actions.push(
        this.action(
          'Explain with GPT',
          vscode.CodeActionKind.RefactorRewrite,
          COMMANDS.explainSelection,
          args,
        ),
      );
      actions.push(
        this.action(
          'Extract Structured Data with GPT…',
          vscode.CodeActionKind.RefactorRewrite,
          COMMANDS.extractData,
          args,
        ),
      );
    }
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const diagnostic of context.diagnostics.slice(0, MAX_DIAGNOSTICS)) {
        const args: CodeTaskArgs = { uri: document.uri, diagnostic };
        const fix = this.action('Fix with GPT', vscode.CodeActionKind.QuickFix, COMMANDS.fixProblem, args);
        fix.diagnostics = [diagnostic];
        const explain = this.action(
          'Explain this problem',
          vscode.CodeActionKind.QuickFix,
          COMMANDS.explainSelection,
          args,
        );
        explain.diagnostics = [diagnostic];
        actions.push(fix, explain);
      }
    }
    return actions;
  }

  private action(
    title: string,
    kind: vscode.CodeActionKind,
    command: string,
    args: CodeTaskArgs,
  ): vscode.CodeAction {
    const action = new vscode.CodeAction(title, kind);
    action.command = { title, command, arguments: [args] };
    return action;
  }
}
