// Refactor and fix proposals: a read-only virtual document with the proposed file, shown in a diff editor against
// the real file, with Apply and Discard (editor title buttons, a notification, and commands). Apply is one
// WorkspaceEdit (one undo step) placed by the core's planRefactorEdit: the original range if the document is
// unchanged, else the original text found again, else a refusal with the reason.
import * as vscode from 'vscode';
import { planRefactorEdit, type RefactorAnswer, type RefactorOrigin } from '../../core';
import type { CodeTarget } from './codeTarget';

export const PROPOSAL_SCHEME = 'gptworkbench-proposal';
export const PROPOSAL_CONTEXT_KEY = 'gptWorkbench.proposalOpen';

export interface Proposal {
  id: string;
  title: string;
  documentUri: vscode.Uri;
  origin: RefactorOrigin;
  answer: RefactorAnswer;
  /** The whole document as it would be after Apply (what the right side of the diff shows). */
  proposedText: string;
  proposalUri: vscode.Uri;
}

const APPLY = 'Apply';
const DISCARD = 'Discard';

export type ApplyOutcome = { applied: true; relocated: boolean } | { applied: false; reason: string };

export class ProposalManager implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  private latest: string | undefined;
  /** Proposals that were applied or discarded, so a late press on their notification can say so. */
  private readonly settled = new Map<string, { title: string; how: 'applied' | 'discarded' }>();

  /** Builds a proposal for `target` from the model's answer; undefined with a reason if it cannot be placed. */
  create(target: CodeTarget, answer: RefactorAnswer, title: string): Proposal | { reason: string } {
    const doc = target.document;
    const origin: RefactorOrigin = {
      start: doc.offsetAt(target.range.start),
      end: doc.offsetAt(target.range.end),
      text: target.text,
      version: target.version,
    };
    const text = doc.getText();
    const plan = planRefactorEdit(origin, { text, version: doc.version }, answer.code);
    if (!plan.ok) return { reason: plan.reason };
    const id = `p${++this.counter}`;
    const name = doc.uri.path.split('/').pop() || 'proposal';
    const proposal: Proposal = {
      id,
      title,
      documentUri: doc.uri,
      origin,
      answer,
      proposedText: text.slice(0, plan.start) + plan.newText + text.slice(plan.end),
      proposalUri: vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/${name}` }),
    };
    this.proposals.set(id, proposal);
    this.latest = id;
    void vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT_KEY, true);
    return proposal;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.byUri(uri)?.proposedText ?? '';
  }

  get(id: string): Proposal | undefined {
    return this.proposals.get(id);
  }

  /** Opens the diff (original ↔ proposal) and offers Apply / Discard in a notification too. */
  async show(proposal: Proposal): Promise<void> {
    await vscode.commands.executeCommand(
      'vscode.diff',
      proposal.documentUri,
      proposal.proposalUri,
      `${proposal.title} (proposal)`,
      {
        preview: false,
      },
    );
    const summary = proposal.answer.changes.length ? ` ${proposal.answer.changes.slice(0, 3).join(' ')}` : '';
    void vscode.window
      .showInformationMessage(`${proposal.title}:${summary}`, APPLY, DISCARD)
      .then((choice) => this.notificationChoice(proposal.id, choice));
  }

  /**
   * A button of the proposal's notification was pressed. VS Code cannot take a notification back, so when the
   * proposal was already applied or discarded another way (editor title, command), the press settles it with a
   * word instead of doing nothing or applying twice.
   */
  async notificationChoice(
    id: string,
    choice: string | undefined,
  ): Promise<ApplyOutcome | boolean | undefined> {
    if (choice !== APPLY && choice !== DISCARD) return undefined;
    const settled = this.settled.get(id);
    if (settled) {
      void vscode.window.showInformationMessage(`${settled.title}: already ${settled.how}.`);
      return undefined;
    }
    if (!this.proposals.has(id)) return undefined;
    return choice === APPLY ? this.applyAndReport(id) : this.discard(id);
  }

  /** `ref`: a proposal id, a proposal document URI (editor title buttons pass it), or nothing for the latest. */
  resolve(ref?: unknown): Proposal | undefined {
    if (typeof ref === 'string') return this.proposals.get(ref);
    if (ref instanceof vscode.Uri) return this.byUri(ref);
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active && this.byUri(active)) || (this.latest ? this.proposals.get(this.latest) : undefined);
  }

  async apply(ref?: unknown): Promise<ApplyOutcome> {
    const proposal = this.resolve(ref);
    if (!proposal) return { applied: false, reason: 'there is no open proposal' };
    const doc = await vscode.workspace.openTextDocument(proposal.documentUri);
    const plan = planRefactorEdit(
      proposal.origin,
      { text: doc.getText(), version: doc.version },
      proposal.answer.code,
    );
    if (!plan.ok) return { applied: false, reason: plan.reason };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(plan.start), doc.positionAt(plan.end)),
      plan.newText,
    );
    if (!(await vscode.workspace.applyEdit(edit)))
      return { applied: false, reason: 'the editor rejected the edit' };
    await this.close(proposal, 'applied');
    await vscode.window.showTextDocument(doc, { preview: false });
    return { applied: true, relocated: plan.relocated };
  }

  async applyAndReport(ref?: unknown): Promise<ApplyOutcome> {
    const outcome = await this.apply(ref);
    if (!outcome.applied) void vscode.window.showErrorMessage(`Not applied: ${outcome.reason}.`);
    else if (outcome.relocated)
      void vscode.window.setStatusBarMessage('Applied (the code had moved; found it again).', 5000);
    return outcome;
  }

  async discard(ref?: unknown): Promise<boolean> {
    const proposal = this.resolve(ref);
    if (!proposal) return false;
    await this.close(proposal, 'discarded');
    return true;
  }

  private byUri(uri: vscode.Uri): Proposal | undefined {
    if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
    return this.proposals.get(uri.path.split('/')[1] ?? '');
  }

  private async close(proposal: Proposal, how: 'applied' | 'discarded'): Promise<void> {
    this.proposals.delete(proposal.id);
    this.settled.set(proposal.id, { title: proposal.title, how });
    if (this.latest === proposal.id) this.latest = [...this.proposals.keys()].pop();
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter(
        (t) =>
          t.input instanceof vscode.TabInputTextDiff &&
          t.input.modified.toString() === proposal.proposalUri.toString(),
      );
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
    await vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT_KEY, this.proposals.size > 0);
  }

  dispose(): void {
    this.proposals.clear();
    this.settled.clear();
    this.changed.dispose();
  }
}
