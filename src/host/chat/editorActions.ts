// What the chat view asks of the editor: code-block actions (insert at the cursor of the last active editor,
// replacing its selection; open in a new editor; copy through the host clipboard), links (http/https/mailto
// only, through openExternal), workspace paths with a line, and "Add Selection to Chat". Every request is model
// output relayed by the webview, so each is checked here again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export class EditorActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription: vscode.Disposable;

  constructor() {
    // Clicking into the chat view can leave no active text editor: remember the last real one.
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && editor.document.uri.scheme !== 'output') this.lastEditor = editor;
    });
  }

  /** Returns a short note for the view, or undefined. */
  async codeAction(
    action: 'copy' | 'insert' | 'open',
    code: string,
    language: string,
  ): Promise<string | undefined> {
    switch (action) {
      case 'copy':
        await vscode.env.clipboard.writeText(code);
        return 'Copied to the clipboard.';
      case 'open': {
        // An id VS Code does not know is refused: fall back to plain text rather than fail the click.
        const document = await vscode.workspace
          .openTextDocument({ content: code, language: editorLanguage(language) })
          .then(undefined, () => vscode.workspace.openTextDocument({ content: code, language: 'plaintext' }));
        await vscode.window.showTextDocument(document, { preview: false });
        return undefined;
      }
      case 'insert':
        return this.insert(code);
    }
  }

  private async insert(code: string): Promise<string | undefined> {
    const editor = this.targetEditor();
    if (!editor) return 'Open a file in an editor first: there is nowhere to insert the code.';
    const ok = await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
    if (!ok) return 'The editor refused the edit (is the file read-only?).';
    await vscode.window.showTextDocument(editor.document, {
      viewColumn: editor.viewColumn,
      preserveFocus: false,
    });
    return undefined;
  }

  private targetEditor(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors;
    if (vscode.window.activeTextEditor) return vscode.window.activeTextEditor;
    if (this.lastEditor && visible.includes(this.lastEditor)) return this.lastEditor;
    return visible.find((e) => e.document.uri.scheme === 'file' || e.document.uri.scheme === 'untitled');
  }

  async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return;
    }
    // The schemes the renderer lets through (ARCHITECTURE.md); anything else (command:, file:, vscode:) stays inert.
    if (uri.scheme !== 'http' && uri.scheme !== 'https' && uri.scheme !== 'mailto') return;
    await vscode.env.openExternal(uri);
  }

  /** Opens `relPath` (inside a workspace folder) at `line`; returns a problem to show, or undefined. */
  async openPath(relPath: string, line: number): Promise<string | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const clean = relPath.replace(/\\/g, '/');
    // In a multi-root workspace a path may start with its folder's name (the index's and the tools' paths do).
    const tries = folders.flatMap((folder) =>
      folders.length > 1 && clean.startsWith(`${folder.name}/`)
        ? [{ folder, rel: clean.slice(folder.name.length + 1) }]
        : [],
    );
    for (const folder of folders) tries.push({ folder, rel: clean });
    for (const { folder, rel } of tries) {
      const root = folder.uri.fsPath;
      const full = path.resolve(root, rel);
      if (full !== root && !full.startsWith(root + path.sep)) continue; // no escaping the workspace
      if (!(await staysInside(root, full))) continue; // nor through a symbolic link that points out
      const uri = folder.uri.with({ path: vscode.Uri.file(full).path });
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        continue;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const target = Math.min(Math.max(1, Math.floor(line)), document.lineCount) - 1;
      const range = document.lineAt(target).range;
      await vscode.window.showTextDocument(document, { selection: range, preview: true });
      return undefined;
    }
    return `${relPath} is not a file in this workspace.`;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** True when `full`, with every symbolic link resolved, is still below `root` (true when it cannot be resolved). */
async function staysInside(root: string, full: string): Promise<boolean> {
  try {
    const [realRoot, real] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(full)]);
    return real === realRoot || real.startsWith(realRoot + path.sep);
  } catch {
    return true; // absent (the stat below says so) or not on this machine's disk: the textual check stands
  }
}

/** The selection of `editor` as a fenced block headed by its `path:line` reference, for "Add Selection to Chat". */
export function selectionAsMarkdown(editor: vscode.TextEditor): string | undefined {
  const selection = editor.selection;
  const text = editor.document.getText(
    selection.isEmpty ? editor.document.lineAt(selection.active.line).range : selection,
  );
  if (text.trim() === '') return undefined;
  const where = vscode.workspace.asRelativePath(editor.document.uri, false);
  const start = selection.start.line + 1;
  // A selection ending at column 0 of a line does not include that line.
  const end =
    selection.end.line + (selection.end.character === 0 && selection.end.line > selection.start.line ? 0 : 1);
  const ref = end > start ? `${where}:${start}-${end}` : `${where}:${start}`;
  const fence = text.includes('```') ? '````' : '```';
  return `\`${ref}\`\n${fence}${editor.document.languageId}\n${text.replace(/\n$/, '')}\n${fence}`;
}

const LANGUAGE_IDS: Record<string, string> = {
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  yml: 'yaml',
  md: 'markdown',
  'c#': 'csharp',
  cs: 'csharp',
  rs: 'rust',
  golang: 'go',
  html: 'html',
  xml: 'xml',
};

function editorLanguage(language: string): string {
  const id = language.toLowerCase();
  return LANGUAGE_IDS[id] ?? (/^[a-z0-9+#.-]{1,32}$/.test(id) && id !== '' ? id : 'plaintext');
}
