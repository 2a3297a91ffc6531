// Redaction as a stage of the Workbench: every text of every message of every request goes out with secrets (and,
// when the setting is on, personal data) replaced by placeholders; the answer — streamed deltas, final text, tool
// call arguments and the partial of a failure — gets the real values back locally. No feature can forget it.
import type { ChatResult } from '../chat/types';
import {
  RedactionMemo,
  createStreamRestorer,
  redactMessages,
  type StreamRestorer,
} from '../chat/redactMessages';
import { ApiError } from '../errors';
import type { ChatDraft } from '../models/requestBuilder';
import { restoreSecrets, type RedactionFinding } from '../redaction';

export interface RedactedDraft {
  draft: ChatDraft;
  found: RedactionFinding[];
  known: RedactionFinding[];
  restorer: StreamRestorer;
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
    restorer: createStreamRestorer(r.known),
  };
}

/** The answer with the withheld values back in its text, refusal and tool-call arguments. */
export function restoreResult<T extends ChatResult>(result: T, known: readonly RedactionFinding[]): T {
  if (known.length === 0) return result;
  const out: T = {
    ...result,
    content: restoreSecrets(result.content, known),
    toolCalls: result.toolCalls.map((c) => ({ ...c, arguments: restoreSecrets(c.arguments, known) })),
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
