// MCP servers' tools as loop tools: named `server.tool`, the server's JSON Schema as parameters, approval on every
// call unless the server is trusted. A result's text parts become the text the model reads and its images go to a
// model that reads images (the loop decides); an `isError` result goes back as an error result.
import type { ToolDefinition, ToolImage } from '../types';
import {
  McpConnection,
  type McpCallResult,
  type McpConnectionDeps,
  type McpServerState,
} from './mcpConnection';
import type { McpServerConfig } from './mcpConfig';

export interface McpServerStatus {
  name: string;
  transport: 'stdio' | 'http';
  trusted: boolean;
  state: McpServerState;
  error?: string;
  /** Known once the server was listed. */
  tools?: string[];
}

/** The text the model gets from an MCP result (images are noted by the loop, which knows whether they go). */
export function mcpResultText(result: McpCallResult): string {
  const parts = result.content.flatMap((p) => {
    if (p.type === 'text') return [p.text ?? ''];
    if (p.type === 'image') return [];
    if (p.type === 'audio')
      return [`[audio ${p.mimeType ?? ''}, ${Buffer.byteLength(p.data ?? '', 'base64')} bytes, not shown]`];
    if (p.type === 'resource') return [p.resource?.text ?? `[resource ${p.resource?.uri ?? ''}]`];
    if (p.type === 'resource_link') return [`[resource link]`];
    return [`[${p.type} content]`];
  });
  return parts.join('\n');
}

/** The images of an MCP result. */
export function mcpResultImages(result: McpCallResult): ToolImage[] {
  return result.content
    .filter((p) => p.type === 'image' && typeof p.data === 'string')
    .map((p) => ({ mimeType: p.mimeType ?? 'application/octet-stream', data: p.data! }));
}

export class McpToolSource {
  private readonly connections = new Map<string, McpConnection>();
  private readonly listed = new Map<string, ToolDefinition[]>();

  constructor(configs: readonly McpServerConfig[], deps: McpConnectionDeps) {
    for (const c of configs) this.connections.set(c.name, new McpConnection(c, deps));
  }

  /** Every server with its state (for the tools menu). */
  status(): McpServerStatus[] {
    return [...this.connections.values()].map((c) => {
      const tools = this.listed.get(c.config.name);
      return {
        name: c.config.name,
        transport: c.config.transport,
        trusted: c.config.trusted,
        state: c.state,
        ...(c.error ? { error: c.error } : {}),
        ...(tools ? { tools: tools.map((t) => t.name) } : {}),
      };
    });
  }

  /**
   * The tools of the servers named (default all): a server is started on its first listing. A server that
   * fails to start is left out (its notice says why) and the others are offered.
   */
  async tools(servers?: readonly string[], signal?: AbortSignal): Promise<ToolDefinition[]> {
    const wanted = [...this.connections.values()].filter((c) => !servers || servers.includes(c.config.name));
    const lists = await Promise.all(
      wanted.map(async (c) => {
        const cached = this.listed.get(c.config.name);
        if (cached && c.state === 'running') return cached;
        try {
          const remote = await c.listTools(signal);
          const defs = remote.map((t) => this.definition(c, t.name, t.description, t.inputSchema));
          this.listed.set(c.config.name, defs);
          return defs;
        } catch {
          return this.listed.get(c.config.name) ?? [];
        }
      }),
    );
    return lists.flat();
  }

  async restart(server: string): Promise<void> {
    this.listed.delete(server);
    await this.connections.get(server)?.restart();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.stop().catch(() => undefined)));
  }

  private definition(
    connection: McpConnection,
    tool: string,
    description: string | undefined,
    inputSchema: Record<string, unknown>,
  ): ToolDefinition {
    const server = connection.config.name;
    return {
      name: `${server}.${tool}`,
      description: description ?? `${tool} from the MCP server ${server}`,
      parameters: { type: 'object', ...inputSchema },
      kind: 'external',
      needsApproval: () => !connection.config.trusted,
      async run(args, ctx) {
        const result = await connection.callTool(tool, args, ctx.signal);
        const text = mcpResultText(result);
        if (result.isError) throw new Error(text || `${server}.${tool} reported an error`);
        const images = mcpResultImages(result);
        return images.length > 0 ? { text, images } : text;
      },
    };
  }
}
