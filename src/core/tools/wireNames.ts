// The API takes function names of `[a-zA-Z0-9_-]{1,64}` only, while MCP tools are named `server.tool`: the name
// sent is derived from the tool's own name, and the loop maps it back when the model calls it.

export function wireName(name: string): string {
  const safe = name.replace(/\./g, '__').replace(/[^a-zA-Z0-9_-]/g, '_');
  return (safe || 'tool').slice(0, 64);
}
