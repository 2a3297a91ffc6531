// `cache.hit_ms`: wall-clock latency of a response-cache hit through the whole workbench facade — request built by
// the model rules, cache key hashed (sha256), LRU lookup, every stored delta replayed through onDelta, and the $0
// ledger line appended to a real file — versus a baseline of a bare in-memory Map lookup plus replay of the same
// deltas. The cache is filled by one real request to the fake server (in-process; it is idle during the hits).
// Runs interleave hit and baseline batches and compare medians, so machine load hits both alike. Goal: ≤ 5 ms.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeOpenAI } from '../test/fake-openai/server';
import {
  LedgerStore,
  ModelCatalogue,
  ResponseCache,
  createOpenAIClient,
  createWorkbench,
  type CachedResponse,
} from '../src/core';
import { figure, type BenchFigure } from './report';

/** A typical chat answer: ~300 deltas. */
const CHUNKS = 300;
const ROUNDS = 15;
const PER_ROUND = 40;
const WARMUP_ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-cache-'));
  const fake = await startFakeOpenAI({ quiet: true });
  try {
    const client = createOpenAIClient({ apiKey: 'sk-bench-not-a-key', baseURL: fake.baseURL });
    const cache = await ResponseCache.open({ dir: path.join(dir, 'cache') });
    const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
    const wb = createWorkbench({ client, ledger, cache, catalogue: new ModelCatalogue() });
    const draft = {
      model: 'gpt-4.1-mini',
      temperature: 0,
      messages: [
        { role: 'system' as const, content: 'You are a helpful assistant. '.repeat(40) },
        { role: 'user' as const, content: `Explain event loops [[fake:chunks=${CHUNKS}]]` },
      ],
    };
    let sink = 0;
    const onDelta = (d: string): void => {
      sink += d.length;
    };
    const miss = await wb.chat(draft, { feature: 'bench', onDelta });
    if (miss.cacheHit) throw new Error('bench: the first request should have been a miss');
    await wb.flush();

    // Baseline: the same deltas behind a plain Map.
    const stored = [...JSON.parse(fs.readFileSync(cache.file, 'utf8')).entries] as CachedResponse[];
    const map = new Map<string, CachedResponse>([[stored[0]!.key, stored[0]!]]);
    const baseline = (): void => {
      const e = map.get(stored[0]!.key)!;
      for (const d of e.deltas) onDelta(d);
    };

    const hitMs: number[] = [];
    const baseMs: number[] = [];
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      let t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) {
        const r = await wb.chat(draft, { feature: 'bench', onDelta });
        if (!r.cacheHit) throw new Error('bench: expected a cache hit');
      }
      const hit = (performance.now() - t0) / PER_ROUND;
      t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i++) baseline();
      const base = (performance.now() - t0) / PER_ROUND;
      if (round >= WARMUP_ROUNDS) {
        hitMs.push(hit);
        baseMs.push(base);
      }
    }
    if (fake.requests.filter((r) => r.path === '/v1/chat/completions').length !== 1) {
      throw new Error('bench: a cache hit reached the server');
    }
    if (sink === 0) throw new Error('bench: nothing was replayed');
    await wb.flush();
    return [figure('cache.hit_ms', median(hitMs), median(baseMs), 'ms', '<= 5 ms')];
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
