// Browser side of the render bench, bundled by esbuild with the real renderer. Node drives it through
// window.renderBench in batches; each call does synchronous work only, so CDP's TaskDuration delta between
// calls is the render cost (plus a small per-call overhead, the same for both strategies).
import { createStreamingRenderer, renderMarkdown, type StreamingRenderer } from '../../src/webview/markdown';

interface Run {
  chunks: string[];
  next: number;
  container: HTMLElement;
  text: string;
  renderer: StreamingRenderer | null;
  flush: (() => void) | null;
  /** performance.now() spent inside the batches, a cross-check of the CDP figure. */
  busyMs: number;
}

let run: Run | null = null;

function current(): Run {
  if (!run) throw new Error('no run started');
  return run;
}

function newContainer(): HTMLElement {
  document.body.replaceChildren();
  const container = document.createElement('div');
  container.className = 'body';
  document.body.append(container);
  return container;
}

const api = {
  /** Starts a run over `chunks`; `streaming` chooses the incremental renderer or the naive whole re-render. */
  start(chunks: string[], streaming: boolean): void {
    const container = newContainer();
    const r: Run = { chunks, next: 0, container, text: '', renderer: null, flush: null, busyMs: 0 };
    if (streaming) {
      // One frame per chunk: the scheduler only records the flush, and the batch runs it right after each append.
      r.renderer = createStreamingRenderer(container, { schedule: (flush) => (r.flush = flush) });
    }
    run = r;
  },

  /** Streaming: append the next `count` chunks, one frame (flush) after each. */
  streamBatch(count: number): number {
    const r = current();
    const t0 = performance.now();
    const end = Math.min(r.chunks.length, r.next + count);
    for (; r.next < end; r.next++) {
      r.renderer!.append(r.chunks[r.next]!);
      const flush = r.flush;
      r.flush = null;
      flush?.();
    }
    if (r.next === r.chunks.length) r.renderer!.finish();
    r.busyMs += performance.now() - t0;
    return r.chunks.length - r.next;
  },

  /**
   * Naive: for the next `count` chunks, re-render the whole text so far with renderMarkdown and replace the
   * container's HTML. With stride k > 1 only every k-th chunk is rendered (the text still grows by every chunk);
   * the caller multiplies the cost by k, which is accurate because the cost per render grows smoothly.
   */
  naiveBatch(count: number, stride: number): number {
    const r = current();
    const t0 = performance.now();
    const end = Math.min(r.chunks.length, r.next + count);
    for (; r.next < end; r.next++) {
      r.text += r.chunks[r.next]!;
      if ((r.next + 1) % stride === 0) r.container.innerHTML = renderMarkdown(r.text);
    }
    r.busyMs += performance.now() - t0;
    return r.chunks.length - r.next;
  },

  busyMs(): number {
    return current().busyMs;
  },

  /** The streamed container must equal a whole render, or the bench measures a broken renderer. */
  check(): { equal: boolean; codeBlocks: number; highlighted: number } {
    const r = current();
    const whole = r.chunks.join('');
    return {
      equal: r.container.innerHTML === renderMarkdown(whole),
      codeBlocks: r.container.querySelectorAll('.md-code').length,
      highlighted: r.container.querySelectorAll('.md-code code .hljs-keyword, .md-code code .hljs-string')
        .length,
    };
  },
};

(window as unknown as { renderBench: typeof api }).renderBench = api;

export type RenderBenchApi = typeof api;
