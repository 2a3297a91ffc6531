// `npm run fault-matrix`: every fault of the fake server through runChat with its default policies, printed as a
// Markdown table of what was observed (kind, status, attempts the server saw, the waits a fake clock recorded,
// the partial kept). test/unit/runChat.faults.test.ts asserts the same rows; this prints them for people.
import { runChat, ApiError, createOpenAIClient, type ChatRequest } from '../src/core';
import { startFakeOpenAI } from '../test/fake-openai/server';

const FAULTS: [string, Partial<ChatRequest>?][] = [
  ['rate_limit'],
  ['rate_limit;retry_after=7'],
  ['insufficient_quota'],
  ['unauthorized'],
  ['forbidden'],
  ['model_not_found'],
  ['context_length'],
  ['server_error'],
  ['bad_gateway'],
  ['unavailable'],
  ['unavailable;times=2'],
  ['reset_before_headers'],
  ['reset_mid_stream'],
  ['stall_mid_stream;after=2'],
  ['malformed_sse'],
  ['invalid_json', { response_format: { type: 'json_object' } }],
  ['length'],
  ['content_filter'],
  ['refusal'],
];

async function main(): Promise<void> {
  const fake = await startFakeOpenAI({ quiet: true });
  const client = createOpenAIClient({ apiKey: 'sk-proj-fault-matrix-not-a-key', baseURL: fake.baseURL });
  console.log('| fault | outcome | status | server saw | waits (ms, fake clock) | partial kept | message |');
  console.log('|---|---|---|---|---|---|---|');
  try {
    for (const [fault, extra] of FAULTS) {
      fake.reset();
      const waits: number[] = [];
      const deltas: string[] = [];
      const request: ChatRequest = {
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: `Tell me about faults [[fake:${fault}]]` }],
        ...extra,
      };
      let outcome: string;
      let status = '';
      let partial = 0;
      let message = '';
      try {
        const result = await runChat(client, request, {
          onDelta: (t) => deltas.push(t),
          sleep: async (ms) => void waits.push(Math.round(ms)),
          // Short enough for the stall row to finish quickly; the other rows never reach it.
          timeouts: { idleMs: 300 },
        });
        outcome = `ok (finish_reason ${result.finishReason}${result.refusal ? ', refusal' : ''})`;
        partial = result.content.length;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        outcome = `ApiError ${err.kind}${err.code ? ` (${err.code})` : ''}`;
        status = err.status === undefined ? '' : String(err.status);
        partial = err.partial.length;
        message = err.message.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 110);
      }
      const seen = fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
      const kept = partial > 0 ? `${partial} chars (= ${deltas.join('').length} delivered)` : '—';
      console.log(
        `| \`${fault}\` | ${outcome} | ${status} | ${seen} | ${waits.join(', ') || '—'} | ${kept} | ${message} |`,
      );
    }
  } finally {
    await fake.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
