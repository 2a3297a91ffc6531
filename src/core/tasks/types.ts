// Shared types of the code tasks (explain, refactor, extract, fix, user tasks). Pure data: no vscode, no I/O.
import type { RedactionFinding } from '../redaction';

/** A chat message as the OpenAI API takes it (only the roles the tasks use). */
export interface TaskMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The response_format a structured request uses; strict json_schema when the model supports it. */
export type TaskResponseFormat =
  | { type: 'json_schema'; json_schema: { name: string; strict: true; schema: Record<string, unknown> } }
  | { type: 'json_object' };

/** Per-task request parameters; every one can be set per task (settings or a user task file). */
export interface TaskParameters {
  temperature?: number;
  top_p?: number;
  seed?: number;
  max_tokens?: number;
  /** Reasoning models only (the request builder drops it for others, saying so). */
  reasoning_effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** How the task's requests ask to be served (`flex` for batch prices on work that may wait). */
  service_tier?: 'auto' | 'flex' | 'default' | 'priority';
}

/** What one structured request sends; the host turns it into a call through the workbench facade. */
export interface TaskChatRequest extends TaskParameters {
  model: string;
  messages: TaskMessage[];
  /** Absent for free-text user tasks (no schema). */
  response_format?: TaskResponseFormat;
}

/** The part of a chat result the tasks need (a subset of the core's ChatResult). */
export interface TaskChatResult {
  content: string;
  refusal?: string;
  finishReason: string;
  model: string;
  usage?: { promptTokens: number; cachedTokens: number; completionTokens: number };
  requestId?: string;
  /** From the request to its first token, as the chat footer shows it. */
  timeToFirstTokenMs?: number;
  /** What the Workbench withheld from this request (its answer already has the values back). */
  redactions?: RedactionFinding[];
}

/**
 * How the tasks talk to the API. The host passes the workbench facade's `chat` (ledger, cache, budget, retries);
 * tests pass one built on `runChat` against the fake server. Tasks never hold a client or a key.
 */
export type TaskChatFn = (
  request: TaskChatRequest,
  options: { signal?: AbortSignal; onDelta?: (text: string) => void; feature: string },
) => Promise<TaskChatResult>;

/** The code a task works on and where it came from. Everything here is data, never instructions. */
export interface TaskInput {
  /** Workspace-relative path, shown to the model for orientation. */
  filePath: string;
  languageId: string;
  code: string;
  /** 1-based line of the file where `code` starts (so answers can cite file lines). */
  startLine?: number;
  /** A few lines before and after the code, so the model sees what it plugs into. */
  contextBefore?: string;
  contextAfter?: string;
  /** The user's own words (refactor goal, a diagnostic message); trusted, outside the data delimiters. */
  instruction?: string;
}

/** A JSON Schema object as ajv and the API take it. */
export type JsonSchema = Record<string, unknown>;

/** A task ready to run: its static prefix parts and its answer's schema. */
export interface TaskSpec {
  /** Stable id: `explain`, `refactor`, `fix`, `extract:<preset>`, `user:<name>`… (also the ledger's feature). */
  id: string;
  title: string;
  systemPrompt: string;
  examples: { input: TaskInput; answer: unknown }[];
  schemaName: string;
  schema: JsonSchema;
  parameters: TaskParameters;
  model?: string;
  /** `text` for user tasks without a schema: a markdown answer, no JSON rules in the prompt. */
  output?: 'json' | 'text';
}
