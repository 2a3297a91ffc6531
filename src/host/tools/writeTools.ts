// propose_edit and create_file: the change is planned first (the text to replace must occur exactly once; a new
// file must not exist), shown as a diff while the chat asks for approval, and applied only to the text the user
// saw — one WorkspaceEdit, one undo step, saved — and recorded in the turn's checkpoint. undoEdits puts a turn's
// files back unless they changed since.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { FileEdit, StoredEdit, ToolDefinition, ToolRunContext } from '../../core';
import { mustResolve, type WorkspaceGuard } from './workspaceGuard';

export const TOOL_EDIT_SCHEME = 'gptworkbench-tool-edit';

interface Planned {
  uri: vscode.Uri;
  relative: string;
  before: string | null;
  after: string;
  summary: string;
}

function occurrences(text: string, find: string): number {
  let n = 0;
  for (let i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + find.length)) n++;
  return n;
}

async function currentText(uri: vscode.Uri): Promise<string | null> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return await fs.promises.readFile(uri.fsPath, 'utf8');
  } catch {
    return null;
  }
}

export class ToolEdits implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly planned = new Map<string, Planned>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly guard: WorkspaceGuard) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, callId, side] = uri.path.split('/');
    const p = this.planned.get(decodeURIComponent(callId ?? ''));
    if (!p) return '';
    return side === 'before' ? (p.before ?? '') : p.after;
  }

  /** The approval card's words, and the diff opened next to the chat. */
  async describe(callId: string): Promise<{ summary: string; detail?: string }> {
    const p = this.planned.get(callId);
    if (!p) return { summary: 'The proposed change is no longer available.' };
    const name = p.relative.split('/').pop() ?? p.relative;
    const side = (which: string) =>
      vscode.Uri.from({ scheme: TOOL_EDIT_SCHEME, path: `/${encodeURIComponent(callId)}/${which}/${name}` });
    const left = p.before === null ? side('before') : p.uri;
    await vscode.commands.executeCommand('vscode.diff', left, side('after'), `Proposed: ${p.relative}`, {
      preview: true,
      preserveFocus: true,
    });
    return { summary: p.summary };
  }

  async planEdit(callId: string, args: Record<string, unknown>): Promise<void> {
    const target = mustResolve(this.guard, args.path);
    const uri = vscode.Uri.file(target.absolute);
    const before = await currentText(uri);
    if (before === null)
      throw new Error(`${target.relative} cannot be read; use create_file for a new file.`);
    const find = String(args.find);
    const count = find ? occurrences(before, find) : 0;
    if (count !== 1)
      throw new Error(
        count === 0
          ? `the text to replace was not found in ${target.relative}; read the file again and copy it exactly.`
          : `the text to replace occurs ${count} times in ${target.relative}; include more lines so it is unique.`,
      );
    const at = before.indexOf(find);
    const after = before.slice(0, at) + String(args.replace) + before.slice(at + find.length);
    const line = before.slice(0, at).split('\n').length;
    const lines = find.split('\n').length;
    this.planned.set(callId, {
      uri,
      relative: target.relative,
      before,
      after,
      summary: `Edit ${target.relative}: replace ${lines} line${lines === 1 ? '' : 's'} at line ${line}`,
    });
  }

  async planCreate(callId: string, args: Record<string, unknown>): Promise<void> {
    const target = mustResolve(this.guard, args.path, { mayNotExist: true });
    const uri = vscode.Uri.file(target.absolute);
    if ((await currentText(uri)) !== null || fs.existsSync(target.absolute))
      throw new Error(`${target.relative} already exists; use propose_edit to change it.`);
    const after = String(args.content);
    const lines = after.split('\n').length;
    this.planned.set(callId, {
      uri,
      relative: target.relative,
      before: null,
      after,
      summary: `Create ${target.relative} (${lines} line${lines === 1 ? '' : 's'})`,
    });
  }

  /** Applies an approved plan, only if the file still holds what the diff showed. */
  async apply(ctx: ToolRunContext): Promise<string> {
    const p = this.planned.get(ctx.callId);
    if (!p) throw new Error('the change was not prepared');
    this.planned.delete(ctx.callId);
    const now = await currentText(p.uri);
    if (now !== p.before)
      throw new Error(`${p.relative} changed after the diff was shown; nothing was written. Read it again.`);
    const edit = new vscode.WorkspaceEdit();
    if (p.before === null) edit.createFile(p.uri, { contents: Buffer.from(p.after, 'utf8') });
    else {
      const doc = await vscode.workspace.openTextDocument(p.uri);
      edit.replace(p.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), p.after);
    }
    if (!(await vscode.workspace.applyEdit(edit)))
      throw new Error(`VS Code did not apply the edit to ${p.relative}.`);
    if (p.before !== null) await (await vscode.workspace.openTextDocument(p.uri)).save();
    const record: FileEdit = { path: p.uri.fsPath, relative: p.relative, before: p.before, after: p.after };
    ctx.recordEdit(record);
    return p.before === null ? `Created ${p.relative}.` : `Edited ${p.relative}.`;
  }

  /** Reverts a turn's edits, newest first; a file changed since is left alone and named. */
  async undo(edits: readonly StoredEdit[]): Promise<{ reverted: string[]; problems: string[] }> {
    const reverted: string[] = [];
    const problems: string[] = [];
    for (const e of [...edits].reverse()) {
      const uri = vscode.Uri.file(e.path);
      const now = await currentText(uri);
      if (now !== e.after) {
        problems.push(`${e.relative} changed after the turn edited it.`);
        continue;
      }
      const edit = new vscode.WorkspaceEdit();
      if (e.before === null) edit.deleteFile(uri, { ignoreIfNotExists: true });
      else {
        const doc = await vscode.workspace.openTextDocument(uri);
        edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(now.length)), e.before);
      }
      if (!(await vscode.workspace.applyEdit(edit))) {
        problems.push(`VS Code did not revert ${e.relative}.`);
        continue;
      }
      if (e.before !== null) await (await vscode.workspace.openTextDocument(uri)).save();
      reverted.push(e.path);
    }
    return { reverted, problems };
  }

  dispose(): void {
    this.changed.dispose();
    this.planned.clear();
  }
}

export function writeTools(edits: ToolEdits): ToolDefinition[] {
  return [
    {
      name: 'propose_edit',
      description:
        'Proposes replacing one exact piece of a workspace file (`find`, which must occur once) with `replace`. ' +
        'The user sees a diff and approves or rejects it; nothing changes before.',
      kind: 'write',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, find: { type: 'string' }, replace: { type: 'string' } },
        required: ['path', 'find', 'replace'],
        additionalProperties: false,
      },
      prepare: (args, ctx) => edits.planEdit(ctx.callId, args),
      run: (_args, ctx) => edits.apply(ctx),
    },
    {
      name: 'create_file',
      description: 'Proposes a new workspace file with `content`. The user approves it first.',
      kind: 'write',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, content: { type: 'string' } },
        required: ['path', 'content'],
        additionalProperties: false,
      },
      prepare: (args, ctx) => edits.planCreate(ctx.callId, args),
      run: (_args, ctx) => edits.apply(ctx),
    },
  ];
}
