// Review Changes of a refactor-shaped batch job: every file's proposed text in one multi-file diff (VS Code's
// changes editor), then Apply or Discard. Each file is checked twice against the version that was sent: when the
// diff is planned (the sent lines' sha256) and again when applying (the document still reads as in the diff). All
// files go in one WorkspaceEdit, so one undo takes the whole job back.
import * as vscode from 'vscode';
import { planBatchEdits, type BatchJob, type PlannedEdits } from '../../core';

export const BATCH_CHANGES_SCHEME = 'gptworkbench-batch';

export interface ReviewOptions {
  /** Tests: apply (true) or discard (false) without asking. */
  apply?: boolean;
}

export interface ReviewOutcome {
  applied: string[];
  refused: PlannedEdits['refused'];
}

export class BatchChanges implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(
    BATCH_CHANGES_SCHEME,
    this,
  );

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async review(job: BatchJob, root: vscode.Uri, options: ReviewOptions = {}): Promise<ReviewOutcome> {
    const current = new Map<string, string>();
    for (const item of Object.values(job.items)) {
      if (current.has(item.path)) continue;
      try {
        current.set(
          item.path,
          (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, item.path))).getText(),
        );
      } catch {
        // gone: planBatchEdits says so
      }
    }
    const plan = planBatchEdits(job, (p) => current.get(p));
    const refusedNote = plan.refused.length
      ? ` ${plan.refused.length} left out: ${plan.refused.map((r) => `${r.path} (${r.reason})`).join('; ')}.`
      : '';
    if (plan.changes.length === 0) {
      void vscode.window.showWarningMessage(`Batch job "${job.title}": no changes to apply.${refusedNote}`);
      return { applied: [], refused: plan.refused };
    }
    const entries = plan.changes.map((c) => {
      const file = vscode.Uri.joinPath(root, c.path);
      const proposed = vscode.Uri.from({ scheme: BATCH_CHANGES_SCHEME, path: `/${job.id}/${c.path}` });
      this.texts.set(proposed.toString(), c.proposed);
      return { change: c, file, proposed };
    });
    await vscode.commands.executeCommand(
      'vscode.changes',
      `${job.title}: proposed changes`,
      entries.map((e) => [e.file, e.file, e.proposed]),
    );
    const apply =
      options.apply ??
      (await vscode.window.showInformationMessage(
        `Apply the proposed changes to ${entries.length} file(s)?${refusedNote}`,
        'Apply',
        'Discard',
      )) === 'Apply';
    const applied: string[] = [];
    const refused = [...plan.refused];
    if (apply) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of entries) {
        const doc = await vscode.workspace.openTextDocument(e.file);
        if (doc.getText() !== e.change.original) {
          refused.push({
            path: e.change.path,
            customId: e.change.customIds.join(','),
            reason: 'the file changed while the diff was open',
          });
          continue;
        }
        edit.replace(
          e.file,
          new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
          e.change.proposed,
        );
        applied.push(e.change.path);
      }
      if (applied.length > 0 && !(await vscode.workspace.applyEdit(edit))) {
        throw new Error('VS Code refused the edit; nothing was changed.');
      }
    }
    for (const e of entries) this.texts.delete(e.proposed.toString());
    return { applied, refused };
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
