// Tool calls the way a model makes them over a turn: a script of rounds in a `[[fake:tool_script=…]]` marker of
// the last USER message (the last message of later rounds is a tool result, so the usual last-message markers
// cannot steer them), or a built-in rule for questions the offline demo and the UI tests ask. Round k of the turn
// (k = assistant messages with tool_calls since that user message) answers with the calls of script round k, in
// parallel; once the script is used up, or when no tools are offered, the fake answers in text.
import { createHash } from 'node:crypto';

export interface ScriptedCall {
  name: string;
  /** Sent as JSON text. */
  arguments?: Record<string, unknown>;
  /** Sent verbatim instead of `arguments` (malformed JSON, for tests). */
  rawArguments?: string;
}

export type ToolScript = ScriptedCall[][];

export interface PlannedCall {
  id: string;
  name: string;
  arguments: string;
}

interface ScriptMessage {
  role: string;
  content?: unknown;
  tool_calls?: unknown[] | null;
}

interface ScriptBody {
  messages: ScriptMessage[];
  tools?: { type: string; function?: { name: string } }[];
  tool_choice?: unknown;
}

const SCRIPT_MARKER = /\[\[fake:tool_script=([A-Za-z0-9_-]+)\]\]/;

/** The marker a test puts in its user message: the rounds of calls the fake will make. */
export function toolScriptMarker(script: ToolScript): string {
  return `[[fake:tool_script=${Buffer.from(JSON.stringify(script)).toString('base64url')}]]`;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p as { text?: string }).text ?? '').join('');
  return '';
}

function decode(text: string): ToolScript | undefined {
  const m = SCRIPT_MARKER.exec(text);
  if (!m) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as ToolScript) : undefined;
  } catch {
    return undefined;
  }
}

/** Built-in rules: a question about TODO comments searches for them (and lists the files) when it may. */
function ruleRounds(question: string, offered: Set<string>): ToolScript {
  if (!/\bTODO\b/.test(question) || !offered.has('search_text')) return [];
  const first: ScriptedCall[] = [{ name: 'search_text', arguments: { query: 'TODO' } }];
  if (offered.has('list_files')) first.push({ name: 'list_files', arguments: { glob: '**/*', limit: 50 } });
  return [first];
}

/** The calls of this round, or none (answer in text). */
export function scriptedToolCalls(body: ScriptBody): PlannedCall[] {
  const offered = new Set(
    (body.tools ?? []).filter((t) => t.type === 'function' && t.function).map((t) => t.function!.name),
  );
  if (offered.size === 0 || body.tool_choice === 'none') return [];
  let userAt = -1;
  for (let i = body.messages.length - 1; i >= 0; i--) {
    if (body.messages[i]!.role === 'user') {
      userAt = i;
      break;
    }
  }
  if (userAt < 0) return [];
  const question = textOf(body.messages[userAt]!.content);
  const round = body.messages
    .slice(userAt + 1)
    .filter((m) => m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0).length;
  const script = decode(question) ?? ruleRounds(question, offered);
  const calls = script[round] ?? [];
  return calls.map((c, i) => ({
    id: `call_${createHash('sha256').update(`${question}:${round}:${i}:${c.name}`).digest('base64url').slice(0, 24)}`,
    name: c.name,
    arguments: c.rawArguments ?? JSON.stringify(c.arguments ?? {}),
  }));
}
