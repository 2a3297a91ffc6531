// `tools.loop_overhead_ms`: the time per round of a tool turn through runToolLoop (assembling the calls, checking
// the arguments against the schema, running an instant tool, delimiting and capping its result, building the next
// request, the events) versus a baseline of the very same requests sent one after the other straight through
// workbench.chat. Both talk to the same fake server over HTTP, so the model's time is in both and the ratio is the
// loop's own share. The requests are recorded from one turn first; runs interleave turn and baseline and compare
// medians. Goal: ≤ 1.05×.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeOpenAI } from '../test/fake-openai/server';
import { toolScriptMarker } from '../test/fake-openai/toolScript';
import {
  LedgerStore,
  ModelCatalogue,
  createOpenAIClient,
  createWorkbench,
  runToolLoop,
  type ChatDraft,
  type ToolDefinition,
  type Workbench,
  type WorkbenchChatOptions,
} from '../src/core';
import { figure, type BenchFigure } from './report';

const ROUNDS_PER_TURN = 4;
const RUNS = 12;
const WARMUP = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const readTool: ToolDefinition = {
  name: 'read_file',
  description: 'Reads a file.',
  kind: 'read',
  parameters: {
    type: 'object',
    properties: { path: { type: 'string' }, startLine: { type: 'integer' } },
    required: ['path'],
    additionalProperties: false,
  },
  run: async (args) => `contents of ${String(args.path)}\n${'const x = 1;\n'.repeat(40)}`,
};

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-tools-'));
  const fake = await startFakeOpenAI({ quiet: true });
  try {
    const client = createOpenAIClient({ apiKey: 'sk-bench-not-a-key', baseURL: fake.baseURL });
    const wb = createWorkbench({
      client,
      ledger: new LedgerStore({ dir: path.join(dir, 'ledger') }),
      catalogue: new ModelCatalogue(),
    });
    const script = Array.from({ length: ROUNDS_PER_TURN }, (_, i) => [
      { name: 'read_file', arguments: { path: `src/file${i}.ts` } },
      { name: 'read_file', arguments: { path: `src/other${i}.ts`, startLine: 1 } },
    ]);
    const draft: ChatDraft = {
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You are a careful assistant.' },
        { role: 'user', content: `Look at the files ${toolScriptMarker(script)}` },
      ],
    };
    const turn = (workbench: Pick<Workbench, 'chat'>) =>
      runToolLoop({ workbench, draft, tools: [readTool], turnId: 'bench', approve: async () => true });

    // The requests of one turn, exactly as the loop sends them.
    const recorded: [ChatDraft, WorkbenchChatOptions][] = [];
    await turn({
      chat: (d, o) => {
        recorded.push([structuredClone(d), { feature: o.feature }]);
        return wb.chat(d, o);
      },
    });
    const requests = recorded.length;
    if (requests !== ROUNDS_PER_TURN + 1) throw new Error(`bench: expected ${ROUNDS_PER_TURN + 1} requests`);

    const loopTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let r = 0; r < WARMUP + RUNS; r++) {
      let t = performance.now();
      await turn(wb);
      const loop = (performance.now() - t) / requests;
      t = performance.now();
      for (const [d, o] of recorded) await wb.chat(d, o);
      const bare = (performance.now() - t) / requests;
      if (r >= WARMUP) {
        loopTimes.push(loop);
        bareTimes.push(bare);
      }
    }
    await wb.flush();
    return [figure('tools.loop_overhead_ms', median(loopTimes), median(bareTimes), 'ms/round', '<= 1.05')];
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
