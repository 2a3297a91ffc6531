// The `gptWorkbench.mcp.servers` setting read into typed server configs: stdio (command, args, env, cwd) or
// streamable HTTP (url, headers), each optionally trusted (its calls run without asking). Values written as
// `${secret:NAME}` are looked up in the host's secret store when the server starts, never kept in settings.

export interface McpStdioConfig {
  name: string;
  transport: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  trusted: boolean;
}

export interface McpHttpConfig {
  name: string;
  transport: 'http';
  url: string;
  headers: Record<string, string>;
  trusted: boolean;
}

export type McpServerConfig = McpStdioConfig | McpHttpConfig;

export interface McpConfigResult {
  servers: McpServerConfig[];
  /** One line per server entry that was left out, with the reason. */
  problems: string[];
}

const NAME = /^[a-zA-Z0-9_-]{1,32}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (v === undefined) return {};
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') return undefined;
    out[k] = val;
  }
  return out;
}

/** Reads the setting's value (an object of server name → config); bad entries are reported, not fatal. */
export function parseMcpServers(value: unknown): McpConfigResult {
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { servers, problems };
  if (!isRecord(value)) return { servers, problems: ['gptWorkbench.mcp.servers must be an object.'] };
  for (const [name, raw] of Object.entries(value)) {
    const bad = (why: string) => problems.push(`MCP server "${name}": ${why}`);
    if (!NAME.test(name)) {
      bad("the name may only hold letters, digits, '_' and '-' (at most 32).");
      continue;
    }
    if (!isRecord(raw)) {
      bad('expected an object with "command" or "url".');
      continue;
    }
    const trusted = raw.trusted === true;
    if (typeof raw.command === 'string' && raw.command.trim()) {
      const args = raw.args ?? [];
      const env = stringRecord(raw.env);
      if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
        bad('"args" must be a list of strings.');
        continue;
      }
      if (!env) {
        bad('"env" must map names to strings.');
        continue;
      }
      servers.push({
        name,
        transport: 'stdio',
        command: raw.command,
        args: args as string[],
        env,
        ...(typeof raw.cwd === 'string' ? { cwd: raw.cwd } : {}),
        trusted,
      });
    } else if (typeof raw.url === 'string') {
      let url: URL;
      try {
        url = new URL(raw.url);
      } catch {
        bad(`"${raw.url}" is not a URL.`);
        continue;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        bad('the URL must be http(s).');
        continue;
      }
      const headers = stringRecord(raw.headers);
      if (!headers) {
        bad('"headers" must map names to strings.');
        continue;
      }
      servers.push({ name, transport: 'http', url: url.toString(), headers, trusted });
    } else bad('expected "command" (stdio) or "url" (streamable HTTP).');
  }
  return { servers, problems };
}

const SECRET_REF = /^\$\{secret:([A-Za-z0-9_.-]+)\}$/;

/** Replaces `${secret:NAME}` values; a missing secret is an error naming the entry and the secret, not a value. */
export async function resolveSecretValues(
  values: Record<string, string>,
  what: string,
  lookup: (name: string) => Promise<string | undefined>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const ref = SECRET_REF.exec(value);
    if (!ref) {
      out[key] = value;
      continue;
    }
    const secret = await lookup(ref[1]!);
    if (!secret)
      throw new Error(
        `${what} "${key}" refers to secret "${ref[1]}", which is not stored (GPT Workbench: Set Endpoint Secret).`,
      );
    out[key] = secret;
  }
  return out;
}
