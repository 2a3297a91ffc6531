// Where the API key lives: VS Code's SecretStorage (the OS keychain on desktop, the browser's storage in
// code-server), with OPENAI_API_KEY from the environment as the fallback when nothing is stored. globalState
// holds only facts about the key (kind, last four characters, dates), never the key itself.
// Only src/host/openaiAccess.ts reads the key (getActiveKey); everything else sees KeyStatus.
import * as vscode from 'vscode';
import { classifyApiKey, keyAgeDays, keyLast4, type ApiKeyKind } from '../../core';

export const SECRET_ID = 'gptWorkbench.openaiApiKey';
export const API_KEY_ENV = 'OPENAI_API_KEY';
const META_STATE_KEY = 'gptWorkbench.apiKeyMeta';
const REMINDER_STATE_KEY = 'gptWorkbench.apiKeyReminderAt';

export type KeySource = 'secretStorage' | 'environment';

/** Facts about the stored key kept in globalState (synchronised across windows by VS Code). */
export interface StoredKeyMeta {
  kind: ApiKeyKind;
  last4: string;
  /** ISO date-time the key was set. */
  setAt: string;
  /** ISO date-time of the last successful GET /v1/models with it. */
  lastVerifiedAt?: string;
}

export interface KeyStatus {
  source: KeySource | 'none';
  kind?: ApiKeyKind;
  last4?: string;
  setAt?: string;
  ageDays?: number;
  lastVerifiedAt?: string;
  /** True when a key is stored and OPENAI_API_KEY is also set (the stored one wins). */
  environmentKeyIgnored?: boolean;
}

export interface ActiveKey {
  key: string;
  source: KeySource;
}

export class ApiKeyStore implements vscode.Disposable {
  private stored: string | undefined;
  /** Keys typed into Set API Key but not stored (yet): still never to be logged. */
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires when the stored key changes in this window or any other. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_ID) void this.load().then(() => this.changed.fire());
    });
  }

  /** Read the stored key into memory (activation and after a change elsewhere). */
  async load(): Promise<void> {
    this.stored = (await this.secrets.get(SECRET_ID)) || undefined;
  }

  /** The key in use: the stored one, else OPENAI_API_KEY. For src/host/openaiAccess.ts only. */
  async getActiveKey(): Promise<ActiveKey | undefined> {
    await this.load();
    if (this.stored) return { key: this.stored, source: 'secretStorage' };
    const fromEnv = this.env[API_KEY_ENV]?.trim();
    return fromEnv ? { key: fromEnv, source: 'environment' } : undefined;
  }

  /** Every value the log must redact: the stored key, the environment key and keys being set. */
  secretsToRedact(): string[] {
    const values = [...this.pending];
    if (this.stored) values.push(this.stored);
    const fromEnv = this.env[API_KEY_ENV]?.trim();
    if (fromEnv) values.push(fromEnv);
    return values;
  }

  /** Mark a key typed by the user as secret for the log until `release`. */
  holdPending(key: string): vscode.Disposable {
    this.pending.add(key);
    return new vscode.Disposable(() => this.pending.delete(key));
  }

  /** `kind` is what Set API Key recognised (a custom endpoint's token is not an OpenAI shape). */
  async save(key: string, verifiedAt: Date | undefined, kind?: ApiKeyKind, now = new Date()): Promise<void> {
    const meta: StoredKeyMeta = {
      kind: kind ?? classifyApiKey(key).kind,
      last4: keyLast4(key),
      setAt: now.toISOString(),
      lastVerifiedAt: verifiedAt?.toISOString(),
    };
    await this.secrets.store(SECRET_ID, key);
    this.stored = key;
    await this.state.update(META_STATE_KEY, meta);
    await this.state.update(REMINDER_STATE_KEY, undefined);
    this.changed.fire();
  }

  /** Remove the stored key and its facts. Returns false when nothing was stored. */
  async clear(): Promise<boolean> {
    await this.load();
    const had = this.stored !== undefined;
    await this.secrets.delete(SECRET_ID);
    this.stored = undefined;
    await this.state.update(META_STATE_KEY, undefined);
    await this.state.update(REMINDER_STATE_KEY, undefined);
    if (had) this.changed.fire();
    return had;
  }

  async status(now = new Date()): Promise<KeyStatus> {
    const active = await this.getActiveKey();
    if (!active) return { source: 'none' };
    const base: KeyStatus = {
      source: active.source,
      kind: classifyApiKey(active.key).kind,
      last4: keyLast4(active.key),
    };
    if (active.source === 'environment') return base;
    const meta = this.meta();
    // Facts about another key (e.g. written by an older window) are not shown as facts about this one.
    const matching = meta && meta.last4 === base.last4 ? meta : undefined;
    return {
      ...base,
      ...(matching ? { kind: matching.kind } : {}),
      setAt: matching?.setAt,
      ageDays: matching ? keyAgeDays(new Date(matching.setAt), now) : undefined,
      lastVerifiedAt: matching?.lastVerifiedAt,
      environmentKeyIgnored: Boolean(this.env[API_KEY_ENV]?.trim()),
    };
  }

  meta(): StoredKeyMeta | undefined {
    return this.state.get<StoredKeyMeta>(META_STATE_KEY);
  }

  lastReminderAt(): Date | undefined {
    const iso = this.state.get<string>(REMINDER_STATE_KEY);
    return iso ? new Date(iso) : undefined;
  }

  async setLastReminderAt(when: Date): Promise<void> {
    await this.state.update(REMINDER_STATE_KEY, when.toISOString());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
