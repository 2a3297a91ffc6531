// THE way every feature gets an OpenAI client: `await access.getClient()`. It builds the client with the core
// factory from the key in use (SecretStorage, else OPENAI_API_KEY) and the configured base URL, and rebuilds
// it when either changes. No other code reads the key.
import * as vscode from 'vscode';
import { createOpenAIClient, verifyApiKey, type KeyVerification, type OpenAI } from '../core';
import { onDidChangeConfig, readConfig, type WorkbenchConfig } from './config';
import type { WorkbenchLog } from './log';
import type { ApiKeyStore, KeySource } from './secrets/apiKeyStore';

/** A key check should not keep the user waiting for the default two minutes. */
const VERIFY_TIMEOUT_MS = 15_000;

export class OpenAIAccess implements vscode.Disposable {
  private cache: { key: string; baseUrl: string; client: OpenAI } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when the key in use or the endpoint changes: holders of a client should get a new one. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: WorkbenchLog,
    private readonly config: () => WorkbenchConfig = readConfig,
  ) {
    this.subscriptions.push(
      keys.onDidChange(() => this.invalidate()),
      onDidChangeConfig(() => this.invalidate()),
      this.changed,
    );
  }

  /** A client for the key in use, or undefined when no key is stored and OPENAI_API_KEY is unset. */
  async getClient(): Promise<OpenAI | undefined> {
    const active = await this.keys.getActiveKey();
    if (!active) return undefined;
    const { baseUrl } = this.config();
    if (this.cache && this.cache.key === active.key && this.cache.baseUrl === baseUrl) return this.cache.client;
    this.cache = { key: active.key, baseUrl, client: createOpenAIClient({ apiKey: active.key, baseURL: baseUrl }) };
    return this.cache.client;
  }

  /** Like getClient, but tells the user how to set a key when there is none. */
  async requireClient(): Promise<OpenAI | undefined> {
    const client = await this.getClient();
    if (!client) {
      const choice = await vscode.window.showWarningMessage(
        'GPT Workbench needs an OpenAI API key.',
        'Set API Key',
      );
      if (choice === 'Set API Key') await vscode.commands.executeCommand('gptWorkbench.setApiKey');
    }
    return client;
  }

  /** Which key source is in use, without revealing the key. */
  async activeSource(): Promise<KeySource | undefined> {
    return (await this.keys.getActiveKey())?.source;
  }

  /** Check a candidate key (not yet stored) with GET /v1/models against the configured endpoint. */
  async verifyKey(key: string, token?: vscode.CancellationToken): Promise<KeyVerification> {
    const { baseUrl } = this.config();
    const client = createOpenAIClient({ apiKey: key, baseURL: baseUrl, timeoutMs: VERIFY_TIMEOUT_MS });
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    try {
      const result = await verifyApiKey(client, abort.signal);
      this.log.info(`Key check against ${baseUrl}/models: ${describeVerification(result)}`);
      return result;
    } finally {
      cancel?.dispose();
    }
  }

  get baseUrl(): string {
    return this.config().baseUrl;
  }

  private invalidate(): void {
    this.cache = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.cache = undefined;
    for (const s of this.subscriptions) s.dispose();
  }
}

function describeVerification(v: KeyVerification): string {
  switch (v.outcome) {
    case 'ok':
      return `ok (${v.modelCount} models)`;
    case 'rejected':
      return `rejected (HTTP ${v.status})`;
    case 'unchecked':
      return `not checked: ${v.reason}`;
  }
}
