// Render cost of a streamed answer in Chromium: the streaming renderer (finished blocks kept, only the open
// tail redrawn) versus re-rendering the whole text with renderMarkdown on every chunk (same parser, same
// sanitiser, same highlighting), measured in the same browser in the same run.
//
// Method: the real renderer is bundled with a small driver (bench/render/page.ts) and loaded into a blank
// page. Node feeds the chunks in batches; each batch is synchronous, and its cost is the delta of CDP
// Performance.getMetrics TaskDuration, collected with timeDomain 'threadTicks' so it is main-thread CPU time
// (robust on a busy machine). TaskDuration includes ScriptDuration plus the DOM work of innerHTML/append, so
// summing both would count script twice. Frames: one flush per chunk for the
// streaming renderer (the worst case: a real rAF coalesces several chunks), one full render per chunk for the
// naive one; layout and paint are not triggered in either (no frame is produced inside a batch).
// The naive baseline is O(n^2): all 4,000 renders cost ~100 s of CPU, so by default only every 10th chunk is
// rendered (the text still grows by every chunk) and the cost is multiplied by 10; the cost per render grows
// smoothly with the text, so 400 samples estimate the sum within a few percent. RENDER_BENCH_NAIVE_STRIDE=1
// measures every chunk.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../scripts/browser';
import { generateAnswer, splitIntoChunks } from './render/answer';
import type { RenderBenchApi } from './render/page';
import { figure, type BenchFigure } from './report';

const ROOT = path.resolve(__dirname, '..');
const STREAM_ROUNDS = 3; // streaming is cheap: take the median of 3 runs
const STREAM_BATCH = 500;
const NAIVE_BATCH = 40;
const NAIVE_STRIDE = Number(process.env['RENDER_BENCH_NAIVE_STRIDE'] ?? '10');

type Api = RenderBenchApi;
declare const window: { renderBench: Api };

async function bundlePage(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-bench-'));
  const outfile = path.join(dir, 'page.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/render/page.ts')],
    outfile,
    bundle: true,
    minify: true, // like the shipped webview bundle (--production)
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  });
  return outfile;
}

async function taskMs(cdp: CDPSession): Promise<{ task: number; thread: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration') * 1000, thread: get('ThreadTime') * 1000 };
}

interface Cost {
  taskMs: number;
  threadMs: number;
  busyMs: number;
}

/** Runs all chunks through one strategy and returns its main-thread cost. */
async function measure(page: Page, cdp: CDPSession, chunks: string[], streaming: boolean): Promise<Cost> {
  await page.evaluate(([c, s]) => window.renderBench.start(c, s), [chunks, streaming] as const);
  const before = await taskMs(cdp);
  let left = chunks.length;
  while (left > 0) {
    left = streaming
      ? await page.evaluate((n) => window.renderBench.streamBatch(n), STREAM_BATCH)
      : await page.evaluate(([n, k]) => window.renderBench.naiveBatch(n, k), [
          NAIVE_BATCH,
          NAIVE_STRIDE,
        ] as const);
  }
  const after = await taskMs(cdp);
  const busyMs = await page.evaluate(() => window.renderBench.busyMs());
  const scale = streaming ? 1 : NAIVE_STRIDE;
  return {
    taskMs: (after.task - before.task) * scale,
    threadMs: (after.thread - before.thread) * scale,
    busyMs: busyMs * scale,
  };
}

async function measureStreaming(page: Page, cdp: CDPSession, chunks: string[], label: string): Promise<Cost> {
  const runs: Cost[] = [];
  for (let i = 0; i < STREAM_ROUNDS; i++) {
    runs.push(await measure(page, cdp, chunks, true));
    const check = await page.evaluate(() => window.renderBench.check());
    if (!check.equal) throw new Error(`${label}: streamed HTML differs from renderMarkdown(whole text)`);
    if (check.codeBlocks === 0 || check.highlighted === 0)
      throw new Error(`${label}: no highlighted code blocks`);
  }
  runs.sort((a, b) => a.taskMs - b.taskMs);
  return runs[Math.floor(runs.length / 2)]!;
}

function log(label: string, c: Cost): void {
  const f = (n: number): string => n.toFixed(1);
  console.error(
    `[render] ${label}: TaskDuration ${f(c.taskMs)} ms, ThreadTime ${f(c.threadMs)} ms, in-page ${f(c.busyMs)} ms`,
  );
}

export async function run(): Promise<BenchFigure[]> {
  const script = await bundlePage();
  const browser: Browser = await launchChromium();

  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: script });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    const answer60 = generateAnswer(60_000, 10);
    const chunks60 = splitIntoChunks(answer60, 4_000);
    const answer120 = generateAnswer(120_000, 20);
    const chunks120 = splitIntoChunks(answer120, 8_000);
    console.error(
      `[render] answers: ${answer60.length} chars / 4000 chunks, ${answer120.length} chars / 8000 chunks`,
    );

    await measure(page, cdp, chunks60.slice(0, 400), true); // warm-up: JIT, highlight.js grammars
    const stream60 = await measureStreaming(page, cdp, chunks60, '60 KB');
    log('streaming 60 KB', stream60);
    const stream120 = await measureStreaming(page, cdp, chunks120, '120 KB');
    log('streaming 120 KB', stream120);
    const naive60 = await measure(page, cdp, chunks60, false);
    log(`naive 60 KB (stride ${NAIVE_STRIDE})`, naive60);
    console.error(
      `[render] ThreadTime cross-check: stream/naive ${(stream60.threadMs / naive60.threadMs).toFixed(4)}, ` +
        `growth ${(stream120.threadMs / stream60.threadMs).toFixed(3)}`,
    );

    return [
      figure('render.stream_vs_naive', stream60.taskMs, naive60.taskMs, 'ms', '<= 0.025'),
      figure('render.growth_2x', stream120.taskMs, stream60.taskMs, 'ms', '<= 2.2'),
    ];
  } finally {
    await browser.close();
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  }
}
