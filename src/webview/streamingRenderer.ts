// Incremental rendering of a streamed answer. The source is split into a committed prefix, whose top-level
// blocks are rendered once (renderMarkdown) and kept as DOM nodes, and a tail (the still-open last block),
// redrawn at most once per animation frame. Invariant: after finish(), container.innerHTML equals
// renderMarkdown(whole text).
//
// Why committing is safe: with reference definitions disabled, markdown-it's block structure is decided line
// by line, so once a *complete* line starts a new top-level block, nothing appended later changes the blocks
// before it, and render(prefix) + render(rest) = render(prefix + rest) when cut at a top-level block start.
// Only complete lines are parsed for this decision: a partial line ("2" of a coming "2. item") can still
// change meaning. A top-level fence is committed as soon as its closing line is complete, which is when it gets
// highlighted; while open it is shown as plain text, appended to in place (no re-parse per frame).
import { codeBlockHtml, languageOf } from './codeBlocks';
import { renderMarkdown, renderMarkdownDraft, topLevelBlocks } from './markdownRender';

export interface StreamingRendererOptions {
  /**
   * Schedules one coalesced DOM update. Default: requestAnimationFrame (setTimeout 16 ms without it).
   * Tests and benches inject their own to decide when frames happen.
   */
  schedule?: (flush: () => void) => void;
  /** Called after each DOM update (final: true once, from finish()); e.g. to keep the view scrolled. */
  onRender?: (event: { final: boolean }) => void;
}

export interface StreamingRenderer {
  append(text: string): void;
  /** Renders everything now; afterwards container.innerHTML === renderMarkdown(text). Idempotent. */
  finish(): void;
  /** Applies pending text now instead of waiting for the next frame. */
  flush(): void;
  /** The text so far, newlines normalised to \n. */
  readonly text: string;
}

/** The open top-level fence at the end of the source (absolute offsets into the source). */
interface OpenFence {
  marker: string;
  lang: string;
  contentStart: number;
  /** Lines before this offset are known not to close the fence. */
  scanFrom: number;
  /** The text node inside the drafted <code>, once drawn, and how much of the content it shows. */
  text: Text | null;
  shown: number;
}

function defaultSchedule(flush: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
}

/** True when `line` closes a fence opened with `marker` (CommonMark: same char, at least as long, <4 indent). */
function closesFence(line: string, marker: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return m !== null && m[1]![0] === marker[0] && m[1]!.length >= marker.length;
}

/** Offsets at which each line of `text` starts (index i = line i). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function createStreamingRenderer(
  container: HTMLElement,
  options: StreamingRendererOptions = {},
): StreamingRenderer {
  const schedule = options.schedule ?? defaultSchedule;
  const doc = container.ownerDocument;
  let source = '';
  let pendingCR = false; // a chunk ended in \r: it may be the first half of \r\n
  let committed = 0; // source[0, committed) is rendered for good
  let tailNodes: ChildNode[] = [];
  let fence: OpenFence | null = null;
  let scheduled = false;
  let finished = false;
  container.replaceChildren();

  /** Appends sanitised HTML as nodes at the end of the container (an inert <template> parses it). */
  function appendHtml(html: string): ChildNode[] {
    const template = doc.createElement('template');
    template.innerHTML = html;
    const nodes = Array.from(template.content.childNodes);
    container.append(template.content);
    return nodes;
  }

  function clearTail(): void {
    for (const node of tailNodes) node.remove();
    tailNodes = [];
    if (fence) fence.text = null;
  }

  function commit(upTo: number): void {
    if (upTo <= committed) return;
    clearTail();
    appendHtml(renderMarkdown(source.slice(committed, upTo)));
    committed = upTo;
  }

  /** Line-aligned end of the complete lines of the source (0 if none). */
  function completeEnd(): number {
    return source.lastIndexOf('\n') + 1;
  }

  /** While the tail is an open fence, only newly completed lines are checked for its closing line. */
  function advanceOpenFence(open: OpenFence): boolean {
    const end = completeEnd();
    let start = open.scanFrom;
    while (start < end) {
      const nl = source.indexOf('\n', start);
      if (closesFence(source.slice(start, nl), open.marker)) {
        fence = null;
        commit(nl + 1);
        return true;
      }
      start = nl + 1;
    }
    open.scanFrom = end;
    return false;
  }

  /** Commits every top-level block of the tail that can no longer change. */
  function advance(): void {
    if (fence && !advanceOpenFence(fence)) return;
    const end = completeEnd();
    if (end <= committed) return;
    const complete = source.slice(committed, end);
    const blocks = topLevelBlocks(complete);
    const last = blocks[blocks.length - 1];
    if (!last) return;
    const starts = lineStarts(complete);
    const base = committed;
    const closedFence =
      last.type === 'fence' &&
      last.endLine - 1 > last.startLine &&
      closesFence(
        complete.slice(starts[last.endLine - 1], (starts[last.endLine] ?? complete.length + 1) - 1),
        last.markup,
      );
    if (closedFence) commit(base + (starts[last.endLine] ?? complete.length));
    else if (blocks.length > 1) commit(base + starts[last.startLine]!);
    if (last.type === 'fence' && !closedFence) {
      const contentStart = base + (starts[last.startLine + 1] ?? complete.length);
      fence = {
        marker: last.markup,
        lang: languageOf(last.info),
        contentStart,
        scanFrom: end,
        text: null,
        shown: 0,
      };
    }
  }

  function replaceTail(html: string): void {
    clearTail();
    tailNodes = appendHtml(html);
  }

  /** Draws the open fence as an unhighlighted code block and then only appends the new characters. */
  function drawOpenFence(open: OpenFence): void {
    if (!open.text) {
      // Our own escaped markup (languageOf allows only [\w#+.-]), so it needs no sanitiser pass.
      replaceTail(codeBlockHtml('', open.lang, false));
      const block = tailNodes.find((n): n is HTMLElement => n.nodeType === 1);
      const code = block?.querySelector('pre code');
      open.text = doc.createTextNode('');
      code?.replaceChildren(open.text);
      open.shown = 0;
    }
    const content = source.slice(open.contentStart);
    if (content.length > open.shown) open.text.appendData(content.slice(open.shown));
    open.shown = content.length;
  }

  function render(final: boolean): void {
    if (final) {
      fence = null;
      replaceTail(renderMarkdown(source.slice(committed)));
    } else if (fence) {
      drawOpenFence(fence);
    } else {
      replaceTail(committed < source.length ? renderMarkdownDraft(source.slice(committed)) : '');
    }
    options.onRender?.({ final });
  }

  function flush(): void {
    scheduled = false;
    if (finished) return;
    advance();
    render(false);
  }

  return {
    append(text: string): void {
      if (finished) throw new Error('append() after finish()');
      let chunk = (pendingCR ? '\r' : '') + text;
      pendingCR = chunk.endsWith('\r');
      if (pendingCR) chunk = chunk.slice(0, -1);
      // Same normalisation as markdown-it (\r\n and lone \r become \n, NUL becomes U+FFFD), done here so that
      // offsets into the source are stable across chunks.
      source += chunk.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    finish(): void {
      if (finished) return;
      if (pendingCR) source += '\n';
      pendingCR = false;
      finished = true;
      advance();
      render(true);
    },
    flush,
    get text(): string {
      return source;
    },
  };
}
