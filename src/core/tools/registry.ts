// The tools a chat turn may offer. Adding a tool is one call of `register` from the feature that owns it (the
// built-in workspace tools, MCP servers, a search index): the loop and the view only ever see the registry.
import type { ToolDefinition } from './types';

const NAME = /^[a-zA-Z0-9_.-]{1,64}$/;

export interface RegistryListener {
  (): void;
}

export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();
  private readonly listeners = new Set<RegistryListener>();

  /** Adds a tool; dispose() removes it. A second tool of the same name is refused (its calls would be ambiguous). */
  register(tool: ToolDefinition): { dispose(): void } {
    if (!NAME.test(tool.name))
      throw new Error(`Tool name "${tool.name}" must be 1–64 letters, digits, '_', '-' or '.'.`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" is already registered.`);
    this.tools.set(tool.name, tool);
    this.changed();
    return {
      dispose: () => {
        if (this.tools.get(tool.name) === tool) {
          this.tools.delete(tool.name);
          this.changed();
        }
      },
    };
  }

  get(name: string): ToolDefinition | undefined {
    return this.tools.get(name);
  }

  list(): ToolDefinition[] {
    return [...this.tools.values()];
  }

  onDidChange(listener: RegistryListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
