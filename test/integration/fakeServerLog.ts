// The one reader of the fake OpenAI server's request log (FAKE_OPENAI_LOG, set by npm run test:integration): the
// fake appends one JSON line per request ({method, path, headers, body, status}, see test/fake-openai/README.md).
// Suites ask it what actually reached the server, never what the extension says it sent.
import * as fs from 'fs';
import { requireEnv } from './helpers';

const CHAT_COMPLETIONS = '/v1/chat/completions';

/** A chat completion request as logged. Task requests send text; a test that sends parts (images) says so. */
export interface LoggedChatRequest<Content = string> {
  path: string;
  body: {
    model?: string;
    seed?: number;
    messages?: { role: string; content: Content }[];
    response_format?: { type: string; json_schema?: { name: string; strict: boolean } };
  };
}

/** Every chat completion request the fake server logged so far, oldest first ([] before the first request). */
export function fakeRequests<Content = string>(): LoggedChatRequest<Content>[] {
  const file = requireEnv('FAKE_OPENAI_LOG');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoggedChatRequest<Content>)
    .filter((r) => r.path === CHAT_COMPLETIONS);
}

/**
 * The logged chat requests that contain `marker` anywhere in their record: a suite puts a unique marker in its
 * prompt so that requests of other suites (which share the log) are never counted. The record is searched as
 * JSON, as the fake wrote the line, so a marker matches in the same form it had in the log file.
 */
export function chatRequestsWith<Content = unknown>(marker: string): LoggedChatRequest<Content>[] {
  return fakeRequests<Content>().filter((r) => JSON.stringify(r).includes(marker));
}

/** One logged request of any path, as the fake wrote it (headers lower-case, without authorization/api-key). */
export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

/** Every request the fake logged so far, any path, oldest first. */
export function allFakeRequests(): LoggedRequest[] {
  const file = requireEnv('FAKE_OPENAI_LOG');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoggedRequest);
}
