// The "GPT Workbench" log channel. Every line passes through redactKeys first: the current key (and anything
// shaped like a key) is replaced before it reaches the channel or its log file.
import * as vscode from 'vscode';
import { redactKeys } from '../core';

export type SecretSource = () => readonly string[];

export class WorkbenchLog implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly sources: SecretSource[] = [];

  constructor(name = 'GPT Workbench') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Register a provider of values that must never be logged (called on every line, so keep it cheap). */
  addSecretSource(source: SecretSource): void {
    this.sources.push(source);
  }

  redact(text: string): string {
    return redactKeys(
      text,
      this.sources.flatMap((s) => s()),
    );
  }

  trace(message: string): void {
    this.channel.trace(this.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }
  /** Errors are logged by message only: stacks and SDK error objects can carry request headers. */
  error(message: string, err?: unknown): void {
    const detail = err === undefined ? '' : `: ${err instanceof Error ? err.message : String(err)}`;
    this.channel.error(this.redact(message + detail));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
