// THE way every feature gets an OpenAI client: `await access.getClient()`. It builds the client with the core
// factory from the key in use (SecretStorage, else OPENAI_API_KEY) and the endpoint settings (base URL, Azure,
// organization/project, custom headers whose `${secret:NAME}` values come from SecretStorage), and rebuilds it
// when any of them changes. No other code reads the key.
// Proxy: VS Code 1.100's extension host patches global fetch (the SDK's transport) to honour `http.proxy`,
// `http.proxySupport` and `http.noProxy` while `http.fetchAdditionalSupport` is on (its default), so no custom
// fetch is passed here; with that setting off and a proxy set, we say so in the log.
import * as vscode from 'vscode';
import {
  createClientForEndpoint,
  isCustomBaseUrl,
  plainHttpWarning,
  resolveEndpointConfig,
  resolveHeaderValues,
  verifyApiKey,
  type EndpointClient,
  type EndpointConfig,
  type EndpointSettingsInput,
  type KeyVerification,
  type OpenAI,
  type Workbench,
} from '../core';
import {
  onDidChangeConfig,
  readConfig,
  readEndpointSettings,
  readProxySettings,
  type WorkbenchConfig,
} from './config';
import type { WorkbenchLog } from './log';
import { COMMANDS } from './commandIds';
import type { ApiKeyStore, KeySource } from './secrets/apiKeyStore';

/** A key check should not keep the user waiting for the default two minutes. */
const VERIFY_TIMEOUT_MS = 15_000;
/** SecretStorage key of a named endpoint secret (`${secret:NAME}` in custom headers, the Azure key). */
export const ENDPOINT_SECRET_PREFIX = 'gptWorkbench.secret.';
/** The SDK's timeout stays this much longer than ours, so runChat's named timeout fires first. */
const SDK_TIMEOUT_SLACK_MS = 5_000;

/** The Workbench a candidate key is checked through: its own client, the host's ledger. */
export type VerificationDoor = (endpoint: EndpointClient) => Pick<Workbench, 'listModels'>;

export class OpenAIAccess implements vscode.Disposable {
  private cache: { fingerprint: string; endpoint: EndpointClient } | undefined;
  private door: VerificationDoor | undefined;
  /** Resolved header secrets and the Azure key in use: redacted from the log like the API key. */
  private extraSecrets: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when the key in use or the endpoint changes: holders of a client should get a new one. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: WorkbenchLog,
    private readonly config: () => WorkbenchConfig = readConfig,
    private readonly secrets?: vscode.SecretStorage,
  ) {
    this.subscriptions.push(
      keys.onDidChange(() => this.invalidate()),
      onDidChangeConfig(() => this.invalidate()),
      this.changed,
    );
    if (secrets) {
      this.subscriptions.push(
        secrets.onDidChange((e) => {
          if (e.key.startsWith(ENDPOINT_SECRET_PREFIX)) this.invalidate();
        }),
      );
    }
    log.addSecretSource(() => this.extraSecrets);
    warnIfProxyIgnored(log);
  }

  /**
   * A client for the key in use. Undefined when no key is stored and OPENAI_API_KEY is unset, unless the base URL is
   * the user's own: then a key-less client (no Authorization header).
   */
  async getClient(): Promise<OpenAI | undefined> {
    return (await this.getEndpoint())?.client;
  }

  /**
   * The client with its base URL (the response cache's key) and a credential-free label (the ledger's). Undefined
   * without a key; rejects with a message naming the header and secret when a `${secret:NAME}` is not stored.
   */
  async getEndpoint(): Promise<EndpointClient | undefined> {
    const active = await this.keys.getActiveKey();
    const { input, azureKey, secretHeaders } = await this.endpointInput();
    const config = resolveEndpointConfig(input, { apiKey: active?.key, azureKey });
    if (!config) return undefined;
    // Held in memory only, like the client itself (which holds the key anyway).
    const fingerprint = JSON.stringify(config);
    if (this.cache?.fingerprint === fingerprint) return this.cache.endpoint;
    this.extraSecrets = azureKey ? [...secretHeaders, azureKey] : secretHeaders;
    this.cache = { fingerprint, endpoint: createClientForEndpoint(config) };
    this.warnIfUnencrypted(this.config().baseUrl);
    return this.cache.endpoint;
  }

  /** Once per URL a session: a warning is worth reading once, not on every request. */
  private readonly warnedUrls = new Set<string>();
  private warnIfUnencrypted(baseUrl: string): void {
    const warning = plainHttpWarning(baseUrl);
    if (!warning || this.warnedUrls.has(baseUrl)) return;
    this.warnedUrls.add(baseUrl);
    this.log.warn(warning);
    void vscode.window.showWarningMessage(warning, 'Open Settings').then((choice) => {
      if (choice)
        void vscode.commands.executeCommand('workbench.action.openSettings', 'gptWorkbench.baseUrl');
    });
  }

  /**
   * The endpoint settings with custom header secrets resolved, and the Azure key when Azure is configured: the one
   * input of resolveEndpointConfig for requests and for the key check alike.
   */
  private async endpointInput(timeoutMs?: number): Promise<{
    input: EndpointSettingsInput;
    azureKey: string | undefined;
    secretHeaders: string[];
  }> {
    const settings = readEndpointSettings();
    const azureKey = settings.azure?.apiKeySecret
      ? await this.namedSecret(settings.azure.apiKeySecret)
      : undefined;
    const headers = await resolveHeaderValues(settings.customHeaders, (name) => this.namedSecret(name));
    const plain = new Set(Object.values(settings.customHeaders));
    const sdkTimeout =
      settings.totalTimeoutSeconds > 0
        ? settings.totalTimeoutSeconds * 1000 + SDK_TIMEOUT_SLACK_MS
        : undefined;
    const input: EndpointSettingsInput = {
      baseUrl: this.config().baseUrl,
      ...(settings.azure ? { azure: settings.azure } : {}),
      ...(settings.organization ? { organization: settings.organization } : {}),
      ...(settings.project ? { project: settings.project } : {}),
      headers,
      ...((timeoutMs ?? sdkTimeout) ? { timeoutMs: timeoutMs ?? sdkTimeout } : {}),
    };
    return { input, azureKey, secretHeaders: Object.values(headers).filter((v) => !plain.has(v)) };
  }

  /** A named endpoint secret from SecretStorage (`gptWorkbench.secret.NAME`); never logged. */
  private async namedSecret(name: string): Promise<string | undefined> {
    return (await this.secrets?.get(ENDPOINT_SECRET_PREFIX + name)) || undefined;
  }

  /** Like getClient, but when there is no key offers Set API Key (and returns the client for the new key). */
  async requireClient(): Promise<OpenAI | undefined> {
    const client = await this.getClient();
    if (!client) {
      const choice = await vscode.window.showWarningMessage(
        'GPT Workbench needs an OpenAI API key.',
        'Set API Key',
      );
      if (choice !== 'Set API Key') return undefined;
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      return this.getClient();
    }
    return client;
  }

  /** Which key source is in use, without revealing the key. */
  async activeSource(): Promise<KeySource | undefined> {
    return (await this.keys.getActiveKey())?.source;
  }

  /**
   * Check a candidate key (not yet stored) with GET /v1/models through the same client factory and settings every
   * request uses (base URL, organization, project, custom headers). With Azure configured the OpenAI key is not
   * what requests use, and it must not be sent there: it is stored unchecked, and the message says why.
   */
  async verifyKey(key: string, token?: vscode.CancellationToken): Promise<KeyVerification> {
    let config: EndpointConfig | undefined;
    try {
      const { input } = await this.endpointInput(VERIFY_TIMEOUT_MS);
      if (input.azure) {
        return {
          outcome: 'unchecked',
          reason: 'requests go to Azure OpenAI, which uses its own key (Set Endpoint Secret), not this one',
        };
      }
      config = resolveEndpointConfig(input, { apiKey: key });
    } catch (err) {
      return { outcome: 'unchecked', reason: err instanceof Error ? err.message : String(err) };
    }
    if (!config) return { outcome: 'unchecked', reason: 'no endpoint to check it against' };
    const endpoint = createClientForEndpoint(config);
    const label = endpoint.label;
    if (!this.door) return { outcome: 'unchecked', reason: 'the extension is still starting' };
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    try {
      const result = await verifyApiKey(this.door(endpoint), abort.signal);
      this.log.info(`Key check against ${label}/models: ${describeVerification(result)}`);
      return result;
    } finally {
      cancel?.dispose();
    }
  }

  /** Key checks go through a Workbench (paced, recorded in the ledger) once the Workbench service exists. */
  useVerificationDoor(door: VerificationDoor): void {
    this.door = door;
  }

  get baseUrl(): string {
    return this.config().baseUrl;
  }

  /** True when requests go to a base URL of the user's own (not api.openai.com, not Azure): a key is optional. */
  get customEndpoint(): boolean {
    return !readEndpointSettings().azure && isCustomBaseUrl(this.config().baseUrl);
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

function warnIfProxyIgnored(log: WorkbenchLog): void {
  const http = readProxySettings();
  if (http.proxy && !http.fetchAdditionalSupport) {
    log.warn(
      'http.proxy is set but http.fetchAdditionalSupport is off: requests to OpenAI will not use the proxy.',
    );
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
