// Host-side cost of a chat turn per chunk: from the SDK's stream through the Workbench (every policy on), the turn
// runner (content kept, throttled saving to disk, deltas coalesced into turnDelta messages) up to postMessage —
// here a sink that serialises each message as VS Code's postMessage does. Baseline: a bare `for await` loop over
// the SDK's stream that only concatenates content. CPU µs (user + system) of this process per chunk; the fake
// server runs in a child process so its work is not counted. Runs are interleaved and the medians compared.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore, TurnRunner, createChatBackend, createOpenAIClient, type Workbench } from '../src/core';
import type { HostToWebview } from '../src/shared/protocol';
import { startFakeServerProcess } from './fakeServerProcess';
import { figure, type BenchFigure } from './report';
import { bareSdkStream, fullWorkbench, interleavedSamples, quantile } from './streamMeasure';

const CHUNKS = 4_000;
const ROUNDS = 7;
const WARMUP_ROUNDS = 2;
const PROMPT = `Tell me everything [[fake:chunks=${CHUNKS}]]`;

async function hostTurn(wb: Workbench, store: HistoryStore): Promise<number> {
  let posted = 0;
  const runner = new TurnRunner({
    backend: createChatBackend({ getWorkbench: async () => wb }),
    // postMessage serialises every message for the webview's process; so does this sink.
    post: (m: HostToWebview) => {
      posted += JSON.stringify(m).length;
    },
    save: (c) => store.save(c),
    systemPrompt: () => 'You are a helpful assistant.',
  });
  const conversation = store.create('gpt-4.1-mini');
  conversation.messages.push({
    id: 'u1',
    role: 'user',
    content: PROMPT,
    createdAt: Date.now(),
    status: 'complete',
  });
  await runner.run(conversation, 'gpt-4.1-mini');
  const answer = conversation.messages.at(-1)!;
  if (answer.status !== 'complete' || posted === 0) throw new Error(`the turn ended ${answer.status}`);
  return answer.content.length;
}

export async function run(): Promise<BenchFigure[]> {
  const server = await startFakeServerProcess();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-bench-chat-'));
  try {
    const client = createOpenAIClient({ apiKey: 'sk-bench-not-a-key', baseURL: server.baseURL });
    const wb = await fullWorkbench(client, dir);
    const store = new HistoryStore(path.join(dir, 'history'));
    await store.load();
    const samples = await interleavedSamples(
      [
        ['bare', () => bareSdkStream(client, PROMPT)],
        ['host', () => hostTurn(wb, store)],
      ],
      { chunks: CHUNKS, rounds: ROUNDS, warmupRounds: WARMUP_ROUNDS },
    );
    const median = (xs: number[]): number => quantile(xs, 0.5);
    return [
      figure(
        'chat.host_per_chunk',
        median(samples.get('host')!),
        median(samples.get('bare')!),
        'µs/chunk',
        '<= 1.5',
      ),
    ];
  } finally {
    server.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
