// A ChatResponseStream for calling the @workbench participant's handler directly: it keeps what was written
// (markdown, references, buttons, progress) for the suites to check.
import type * as vscode from 'vscode';

export class RecordingStream {
  markdownText = '';
  readonly references: (vscode.Uri | vscode.Location)[] = [];
  readonly progressNotes: string[] = [];
  readonly buttons: vscode.Command[] = [];
  markdown(value: string | vscode.MarkdownString): void {
    this.markdownText += typeof value === 'string' ? value : value.value;
  }
  reference(value: vscode.Uri | vscode.Location): void {
    this.references.push(value);
  }
  progress(value: string): void {
    this.progressNotes.push(value);
  }
  button(command: vscode.Command): void {
    this.buttons.push(command);
  }
  anchor(): void {}
  filetree(): void {}
  push(): void {}
}
