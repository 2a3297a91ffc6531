// activate(): build the services and register each feature; nothing else lives here.
import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Features register here.
}

export function deactivate(): void {}
