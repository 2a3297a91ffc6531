// One configured MCP server through the official SDK client: started on first use (a process for stdio, a session
// for streamable HTTP), its state observable, restarted on the next use after it crashed (with a notice), and
// stopped on dispose. A server that keeps crashing is given up on until the user restarts it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { resolveSecretValues, type McpServerConfig } from './mcpConfig';

export type McpServerState = 'stopped' | 'starting' | 'running' | 'crashed' | 'failed';

export interface McpNotice {
  server: string;
  state: McpServerState;
  message: string;
}

export interface McpRemoteTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

export interface McpContentPart {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string };
}

export interface McpCallResult {
  content: McpContentPart[];
  isError?: boolean;
}

export interface McpConnectionDeps {
  /** `${secret:NAME}` values in env and headers. */
  lookupSecret: (name: string) => Promise<string | undefined>;
  onNotice?: (notice: McpNotice) => void;
  /** Restarts after crashes before the server is given up on (default 3). */
  maxRestarts?: number;
  /** Per request (list, call) without an answer (default 60 s). */
  requestTimeoutMs?: number;
  /** Working folder of stdio servers without their own `cwd` (the workspace folder). */
  defaultCwd?: string;
}

export class McpConnection {
  private client: Client | undefined;
  private starting: Promise<Client> | undefined;
  private stopping = false;
  private crashes = 0;
  private stateValue: McpServerState = 'stopped';
  private lastError: string | undefined;

  constructor(
    readonly config: McpServerConfig,
    private readonly deps: McpConnectionDeps,
  ) {}

  get state(): McpServerState {
    return this.stateValue;
  }

  /** Why the server is not running, when it failed or crashed. */
  get error(): string | undefined {
    return this.lastError;
  }

  async listTools(signal?: AbortSignal): Promise<McpRemoteTool[]> {
    const client = await this.ensureRunning();
    const { tools } = await client.listTools(undefined, this.requestOptions(signal));
    return tools.map((t) => ({
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      inputSchema: t.inputSchema as Record<string, unknown>,
    }));
  }

  async callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    const client = await this.ensureRunning();
    const result = await client.callTool({ name, arguments: args }, undefined, this.requestOptions(signal));
    return { content: (result.content ?? []) as McpContentPart[], isError: result.isError === true };
  }

  /** Starts the server if it is not running; after a crash this is the restart (announced). */
  ensureRunning(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.stateValue === 'failed')
      return Promise.reject(
        new Error(`MCP server "${this.config.name}" is stopped: ${this.lastError ?? ''}`),
      );
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** The user's restart: clears a given-up server. */
  async restart(): Promise<void> {
    await this.stop();
    this.crashes = 0;
    this.lastError = undefined;
    await this.ensureRunning();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      this.stopping = true;
      try {
        await client.close();
      } finally {
        this.stopping = false;
      }
    }
    this.setState('stopped', `MCP server "${this.config.name}" stopped.`);
  }

  private async start(): Promise<Client> {
    const restarting = this.stateValue === 'crashed';
    this.setState('starting', `Starting MCP server "${this.config.name}"…`);
    const client = new Client({ name: 'gpt-workbench', version: '0.1.0' });
    let transport: Transport;
    try {
      transport = await this.transport();
      await client.connect(transport);
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      await client.close().catch(() => undefined);
      this.setState('failed', `MCP server "${this.config.name}" did not start: ${this.lastError}`);
      throw new Error(`MCP server "${this.config.name}" did not start: ${this.lastError}`);
    }
    client.onclose = () => this.closed(client);
    this.client = client;
    this.setState(
      'running',
      restarting
        ? `MCP server "${this.config.name}" crashed and was restarted.`
        : `MCP server "${this.config.name}" is running.`,
    );
    return client;
  }

  private closed(client: Client): void {
    if (this.client !== client || this.stopping) return;
    this.client = undefined;
    this.crashes++;
    const max = this.deps.maxRestarts ?? 3;
    if (this.crashes > max) {
      this.lastError = `it crashed ${this.crashes} times`;
      this.setState(
        'failed',
        `MCP server "${this.config.name}" crashed ${this.crashes} times and was stopped; restart it from the tools menu.`,
      );
    } else this.setState('crashed', `MCP server "${this.config.name}" crashed; it restarts on its next use.`);
  }

  private async transport(): Promise<Transport> {
    const c = this.config;
    if (c.transport === 'stdio') {
      const env = await resolveSecretValues(c.env, `MCP server "${c.name}" env`, this.deps.lookupSecret);
      const cwd = c.cwd ?? this.deps.defaultCwd;
      return new StdioClientTransport({
        command: c.command,
        args: c.args,
        // Only the SDK's safe defaults (PATH, HOME…) are inherited: the extension host's environment may hold keys.
        env: { ...getDefaultEnvironment(), ...env },
        stderr: 'ignore',
        ...(cwd ? { cwd } : {}),
      });
    }
    const headers = await resolveSecretValues(
      c.headers,
      `MCP server "${c.name}" header`,
      this.deps.lookupSecret,
    );
    return new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers } });
  }

  private requestOptions(signal?: AbortSignal) {
    return { timeout: this.deps.requestTimeoutMs ?? 60_000, ...(signal ? { signal } : {}) };
  }

  private setState(state: McpServerState, message: string): void {
    this.stateValue = state;
    this.deps.onNotice?.({ server: this.config.name, state, message });
  }
}
