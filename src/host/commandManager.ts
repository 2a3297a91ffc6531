// Registers the extension's commands and disposes them together. Every id must also be declared in
// package.json `contributes.commands` (the integration suite checks both directions).
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';

export class CommandManager implements vscode.Disposable {
  private readonly registrations = new Map<string, vscode.Disposable>();

  register<A extends unknown[], R>(id: CommandId, handler: (...args: A) => R): vscode.Disposable {
    if (this.registrations.has(id)) throw new Error(`Command ${id} is registered twice.`);
    const disposable = vscode.commands.registerCommand(id, handler as (...args: unknown[]) => R);
    this.registrations.set(id, disposable);
    return new vscode.Disposable(() => {
      disposable.dispose();
      this.registrations.delete(id);
    });
  }

  get ids(): readonly string[] {
    return [...this.registrations.keys()];
  }

  dispose(): void {
    for (const disposable of this.registrations.values()) disposable.dispose();
    this.registrations.clear();
  }
}
