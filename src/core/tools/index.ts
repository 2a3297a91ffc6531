// Function calling: the tool loop, the registry, results and the path guards of the workspace tools.
export { runToolLoop, DEFAULT_MAX_ROUNDS, DEFAULT_TOOL_PARALLELISM } from './loop';
export type { ToolLoopOptions } from './loop';
export { ToolRegistry } from './registry';
export {
  DEFAULT_RESULT_LIMIT,
  TOOL_RULES,
  capResult,
  formatResult,
  formatError,
  parseArguments,
  previewOf,
} from './results';
export { wireName } from './wireNames';
export { MAX_IMAGES_PER_CALL, sortImages, imagesMessage } from './toolImages';
export { guardPath, secretReason } from './pathGuard';
export type { WorkspaceRoot, PathGuardOptions, GuardedPath } from './pathGuard';
export { globToRegExp, createIgnoreMatcher } from './ignoreRules';
export type { IgnoreSources } from './ignoreRules';
export type {
  ToolKind,
  ToolDefinition,
  ToolOutput,
  ToolImage,
  ToolRunContext,
  FileEdit,
  ApprovalRequest,
  ApprovalDecision,
  ToolCallRecord,
  ToolLoopEvent,
  ToolLoopResult,
  TurnTotals,
} from './types';
export { parseMcpServers, resolveSecretValues } from './mcp/mcpConfig';
export type { McpServerConfig, McpStdioConfig, McpHttpConfig, McpConfigResult } from './mcp/mcpConfig';
export { McpConnection } from './mcp/mcpConnection';
export type { McpServerState, McpNotice, McpConnectionDeps, McpCallResult } from './mcp/mcpConnection';
export { McpToolSource, mcpResultText, mcpResultImages } from './mcp/mcpTools';
export type { McpServerStatus } from './mcp/mcpTools';
export { semanticSearchTool, SEMANTIC_SEARCH_TOOL } from './semanticSearchTool';
export { ChatTools } from './chatTools';
export type { ChatToolsHost, ChatToolSettings } from './chatTools';
export { handleToolMessage, postToolsMenu } from './chatToolMessages';
export type { ChatToolsPort, ToolMessage } from './chatToolMessages';
