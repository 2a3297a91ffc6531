// What the streaming benches share: the bare-SDK baseline, CPU per chunk of one run, and interleaved rounds.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as path from 'node:path';
import {
  BudgetGuard,
  createWorkbench,
  LedgerStore,
  ModelCatalogue,
  ResponseCache,
  type OpenAI,
  type Workbench,
} from '../src/core';

/** The baseline: the least a caller of the SDK can do with a stream — concatenate the content. */
export async function bareSdkStream(client: OpenAI, prompt: string): Promise<number> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user', content: prompt }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let content = '';
  for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
  return content.length;
}

/** A full GC before each run, so no run pays for the garbage of the one before it. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** CPU µs (user + system) of this process per chunk for one run of `fn`. */
export async function cpuPerChunk(fn: () => Promise<number>, chunks: number): Promise<number> {
  collectGarbage();
  const before = process.cpuUsage();
  const length = await fn();
  const used = process.cpuUsage(before);
  if (length === 0) throw new Error('the stream delivered no content');
  return (used.user + used.system) / chunks;
}

export interface RoundsOptions {
  chunks: number;
  rounds: number;
  warmupRounds: number;
}

/**
 * Runs every variant once per round, the order rotating each round so none always runs first (or right after
 * another); drifts in machine load then hit all alike. Returns each variant's samples after the warm-up.
 */
export async function interleavedSamples(
  variants: [string, () => Promise<number>][],
  options: RoundsOptions,
): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    for (let v = 0; v < variants.length; v++) {
      const [name, fn] = variants[(round + v) % variants.length]!;
      const us = await cpuPerChunk(fn, options.chunks);
      if (round >= options.warmupRounds) samples.get(name)!.push(us);
    }
  }
  return samples;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

/** The host's Workbench with every policy on, its ledger and cache in a scratch folder. */
export async function fullWorkbench(client: OpenAI, dir: string): Promise<Workbench> {
  const ledger = new LedgerStore({ dir: path.join(dir, 'ledger') });
  const cache = await ResponseCache.open({ dir: path.join(dir, 'cache') });
  const budget = new BudgetGuard({ ledger, limits: { dailyUsd: 1_000, monthlyUsd: 10_000 } });
  return createWorkbench({ client, ledger, cache, budget, catalogue: new ModelCatalogue() });
}
