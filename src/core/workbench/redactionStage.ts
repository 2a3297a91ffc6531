// Redaction as a stage of the Workbench: every text of every message of every request goes out with secrets (and,
// when the setting is on, personal data) replaced by placeholders; the answer — streamed deltas, final text, tool
// call arguments and the partial of a failure — gets the real values back locally. No feature can forget it.
import type { ChatRequest, ChatResult } from '../chat/types';
import { RedactionMemo, redactMessages } from '../chat/redactMessages';
import { ApiError } from '../errors';
import type { ChatDraft } from '../models/requestBuilder';
import { restoreSecrets, type RedactionFinding } from '../redaction';

export interface RedactedDraft {
  draft: ChatDraft;
  found: RedactionFinding[];
  known: RedactionFinding[];
}

export async function redactDraft(
  draft: ChatDraft,
  options: { personalData: boolean; known?: readonly RedactionFinding[]; memo?: RedactionMemo },
): Promise<RedactedDraft> {
  // Fails closed: if redaction throws, the request fails and nothing is sent.
  const r = await redactMessages(draft.messages, {
    personalData: options.personalData,
    known: options.known,
    memo: options.memo ?? new RedactionMemo(),
  });
  return {
    draft: { ...draft, messages: r.messages },
    found: r.found,
    known: r.known,
  };
}

/**
 * The findings as the answer must get them back. In a JSON answer a placeholder sits inside a string, so its value
 * goes back escaped (a password with a quote must not break the JSON the task parses).
 */
export function findingsForAnswer(
  known: readonly RedactionFinding[],
  request: ChatRequest,
): RedactionFinding[] {
  const t = request.response_format?.type;
  return t === 'json_object' || t === 'json_schema' ? known.map(jsonEscaped) : [...known];
}

function jsonEscaped(f: RedactionFinding): RedactionFinding {
  return { ...f, value: JSON.stringify(f.value).slice(1, -1) };
}

/**
 * The answer with the withheld values back in its text (`forContent`: see findingsForAnswer), refusal and tool-call
 * arguments (JSON, so escaped).
 */
export function restoreResult<T extends ChatResult>(
  result: T,
  known: readonly RedactionFinding[],
  forContent: readonly RedactionFinding[],
): T {
  if (known.length === 0) return result;
  const inJson = known.map(jsonEscaped);
  const out: T = {
    ...result,
    content: restoreSecrets(result.content, forContent),
    toolCalls: result.toolCalls.map((c) => ({ ...c, arguments: restoreSecrets(c.arguments, inJson) })),
  };
  if (result.refusal !== undefined) out.refusal = restoreSecrets(result.refusal, known);
  return out;
}

/** A failure's partial answer is the raw stream, with placeholders: restored like the deltas were. */
export function restoreError(err: unknown, known: readonly RedactionFinding[]): unknown {
  if (known.length > 0 && err instanceof ApiError && err.partial) {
    err.partial = restoreSecrets(err.partial, known);
  }
  return err;
}
