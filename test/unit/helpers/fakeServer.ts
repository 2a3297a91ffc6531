// Mocha wiring for the fake OpenAI server: one server per describe block, reset before every test, and clients
// built the way the extension builds them (createOpenAIClient, SDK retries off).
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../../fake-openai/server';
import { createOpenAIClient, runChat, type OpenAI, type TaskChatFn } from '../../../src/core';

/** A recognisable key: tests look for it in every error they get. */
export const TEST_KEY = 'sk-proj-TESTKEY-do-not-leak-0123456789abcdef';

export interface FakeHandle {
  readonly fake: FakeOpenAI;
  client(apiKey?: string): OpenAI;
  /** Chat-completion requests the server received since the last reset. */
  chatRequests(): number;
}

export function useFakeOpenAI(options: FakeOpenAIOptions = {}): FakeHandle {
  let server: FakeOpenAI | undefined;
  before(async () => {
    server = await startFakeOpenAI({ quiet: true, ...options });
  });
  after(async () => {
    await server?.close();
  });
  beforeEach(() => server?.reset());
  return {
    get fake(): FakeOpenAI {
      if (!server) throw new Error('fake OpenAI server not started');
      return server;
    },
    client(apiKey = TEST_KEY): OpenAI {
      return createOpenAIClient({ apiKey, baseURL: this.fake.baseURL });
    },
    chatRequests(): number {
      return this.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions')
        .length;
    },
  };
}

/** The last user message, with a `[[fake:<spec>]]` marker when a fault is wanted. */
export function userMessage(text: string, fault?: string): { role: 'user'; content: string } {
  return { role: 'user', content: fault ? `${text} [[fake:${fault}]]` : text };
}

/**
 * The tasks' chat function straight over runChat (no Workbench), for task tests that look at one request at a time:
 * JSON is left to the tasks' own validation and repair, and nothing is retried.
 */
export function taskChatOver(client: OpenAI): TaskChatFn {
  return (request, options) =>
    runChat(client, request, {
      signal: options.signal,
      onDelta: options.onDelta,
      validateJson: false,
      retry: false,
    });
}
