// The tools feature's one registration call from activate(): the registry with the built-in workspace tools (a
// feature adds its own with `registry.register(tool)`), the MCP servers of the settings (started on first use,
// stopped on deactivate), and what the chat needs — which tools a turn may offer (settings, Restricted Mode), the
// words of an approval (with the diff of an edit), the tools menu and Undo this turn's edits.
import * as vscode from 'vscode';
import {
  ChatTools,
  McpToolSource,
  ToolRegistry,
  parseMcpServers,
  type ApprovalRequest,
  type ChatToolsPort,
  type ToolDefinition,
} from '../../core';
import type { ToolApprovalView, ToolToggleView } from '../../shared/protocol';
import { onDidChangeConfig } from '../config';
import { readMcpServers, readToolSettings } from '../featureSettings';
import type { WorkbenchLog } from '../log';
import { commandTool } from './commandTool';
import { languageTools } from './languageTools';
import { readTools } from './readTools';
import { TOOL_EDIT_SCHEME, ToolEdits, writeTools } from './writeTools';
import { WorkspaceGuard } from './workspaceGuard';

export interface ToolsFeature extends vscode.Disposable {
  /** Every tool the chat may offer; other features register theirs here. */
  readonly registry: ToolRegistry;
  readonly chatTools: ChatTools;
  readonly port: ChatToolsPort;
}

export interface ToolsFeatureDeps {
  log: WorkbenchLog;
  /** `${secret:NAME}` values of MCP servers (the endpoint secrets in SecretStorage). */
  lookupSecret: (name: string) => Promise<string | undefined>;
}

export function registerTools(deps: ToolsFeatureDeps): ToolsFeature {
  const guard = new WorkspaceGuard();
  const edits = new ToolEdits(guard);
  const registry = new ToolRegistry();
  const disposables: vscode.Disposable[] = [
    edits,
    vscode.workspace.registerTextDocumentContentProvider(TOOL_EDIT_SCHEME, edits),
  ];
  for (const tool of [
    ...readTools(guard),
    ...languageTools(guard),
    ...writeTools(edits),
    commandTool(guard, () => readToolSettings().runCommand.timeoutMs),
  ])
    disposables.push(registry.register(tool));

  let mcp: McpToolSource | undefined;
  const mcpSource = (): McpToolSource => {
    if (mcp) return mcp;
    const { servers, problems } = parseMcpServers(readMcpServers());
    for (const p of problems) deps.log.warn(p);
    const folder = vscode.workspace.workspaceFolders?.[0];
    return (mcp = new McpToolSource(servers, {
      lookupSecret: deps.lookupSecret,
      ...(folder?.uri.scheme === 'file' ? { defaultCwd: folder.uri.fsPath } : {}),
      onNotice: (n) => {
        deps.log.info(n.message);
        if (n.state === 'crashed' || n.state === 'failed') void vscode.window.showWarningMessage(n.message);
      },
    }));
  };
  disposables.push(
    onDidChangeConfig(() => {
      void mcp?.dispose();
      mcp = undefined;
    }, 'mcp'),
  );

  /** Why a tool cannot be offered now, or undefined. */
  const unavailable = (tool: ToolDefinition): string | undefined => {
    const settings = readToolSettings();
    if (settings.disabled.includes(tool.name)) return 'turned off in gptWorkbench.tools.disabled';
    if (tool.name === 'run_command' && !settings.runCommand.enabled)
      return 'off: turn on gptWorkbench.tools.runCommand.enabled';
    if (!vscode.workspace.isTrusted && tool.kind !== 'read') return 'not in Restricted Mode';
    return undefined;
  };

  const chatTools = new ChatTools({
    settings: () => readToolSettings(),
    async available(signal) {
      const builtIn = registry.list().filter((t) => !unavailable(t));
      // MCP servers run code of their own: not in an untrusted workspace.
      const external = vscode.workspace.isTrusted ? await mcpSource().tools(undefined, signal) : [];
      return [...builtIn, ...external];
    },
    describe: (request) => describeApproval(request, edits),
  });

  const port: ChatToolsPort = {
    chatTools,
    async menu(isEnabled) {
      const tools: ToolToggleView[] = registry.list().map((t) => {
        const why = unavailable(t);
        return {
          name: t.name,
          description: t.description,
          kind: t.kind,
          enabled: isEnabled(t.name) && !why,
          ...(why ? { unavailable: why } : {}),
        };
      });
      const servers = (vscode.workspace.isTrusted ? mcpSource().status() : []).map((s) => ({
        name: s.name,
        state: s.state,
        trusted: s.trusted,
        ...(s.error ? { error: s.error } : {}),
        ...(s.tools ? { tools: s.tools } : {}),
      }));
      return { tools, servers };
    },
    undoEdits: (list) => edits.undo(list),
    restartServer: (name) => mcpSource().restart(name),
  };

  return {
    registry,
    chatTools,
    port,
    dispose() {
      void mcp?.dispose();
      for (const d of disposables) d.dispose();
    },
  };
}

async function describeApproval(request: ApprovalRequest, edits: ToolEdits): Promise<ToolApprovalView> {
  const { tool, args } = request;
  if (tool.kind === 'write') return { ...(await edits.describe(request.call.id)), allowForChat: false };
  if (tool.kind === 'command')
    return {
      summary: `Run a command in ${typeof args.cwd === 'string' && args.cwd ? args.cwd : 'the workspace folder'}`,
      detail: String(args.command),
      allowForChat: false,
    };
  if (tool.kind === 'external')
    return {
      summary: `Call ${tool.name} (MCP server ${tool.name.split('.')[0]})`,
      detail: JSON.stringify(args, null, 2),
      allowForChat: true,
    };
  return {
    summary: `${tool.name}: ${String(args.path ?? '')} is outside the default set (files.exclude / .gitignore)`,
    allowForChat: true,
  };
}
