// createStreamingRenderer: whatever the chunking and frame timing, the finished container equals
// renderMarkdown(whole text); finished blocks are kept as DOM nodes; a fence is highlighted once it closes.
import * as assert from 'node:assert/strict';
import { createStreamingRenderer, renderMarkdown, type StreamingRenderer } from '../../src/webview/markdown';
import { seededRandom } from '../helpers/prng';
import { installDom, newContainer } from './helpers/dom';

const DOCS: Record<string, string> = {
  paragraphs:
    '# Title\n\nFirst paragraph\nwith a lazy line.\n\nSecond *one* with `code` and src/a.ts:4.\n\n---\n\nEnd',
  fences:
    'Intro:\n```ts\nconst a = 1;\n\n\nfunction f() {\n  return a;\n}\n```\nRight after.\n\n~~~python\nx = """\n```\n"""\n~~~\n\n````md\n```js\ninner\n```\n````\n',
  nestedLists:
    '- one\n- two\n  - two.a\n\n  - two.b\n\n    continued para\n\n- three\n\n1. first\n2. second\n   1. deep\n\n10. ten\n11. eleven\n\nafter list\n- new list\n',
  listWithFence: '1. step\n\n   ```bash\n   npm test\n\n   npm run bench\n   ```\n\n2. next step\n\nDone.\n',
  tables:
    'Header para\n| a | b |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\ntrailing row?\n\n| x |\n|---|\n| y |\n\nafter',
  quotes: '> quote line\nlazy continuation\n> - list in quote\n\n> second quote\n\n>> nested\n',
  setext: 'Heading one\n===\n\nHeading two\n---\n\npara\n\n***\n\nnot a heading\n\n===\n',
  unterminatedFence: 'Some text\n\n```js\nlet open = true;\n\nstill open\n',
  unterminatedList: 'Start\n\n- a\n- b\n  - c\n\n  text in c',
  indentedCode: 'para\n\n    indented code\n\n    more code\n\nback\n',
  crlf: '# Win\r\n\r\n- a\r\n- b\r\n\r\n```js\r\nlet x = 1;\r\n\r\n```\r\n\r\n| a |\r\n|---|\r\n| 1 |\r\n',
  loneCr: 'Old mac\rline\r\rpara two\r```\rcode\r```\r',
  trickyPartials: '1. a\n\n2\n\n2. b\n\n-\n\n- c\n\n* d\n\n**bold para**\n\n``\n```\nfence\n```\n',
  linksAndXss:
    '[ok](https://example.com) [bad](javascript:alert(1)) <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<javascript:alert(1)>\n',
  emptyAndBlank: '\n\n\n   \n\n',
};

const SNIPPETS = [
  'A paragraph with **bold** and a [link](https://x.org).',
  'Line one\nline two',
  '## Heading',
  'Setext\n---',
  '- item\n- item 2\n  - nested',
  '1. one\n2. two',
  '- loose\n\n- list',
  '```js\nconst x = 1;\n\nconsole.log(x);\n```',
  '~~~\nplain\n```\n~~~',
  '```py\nprint(1)',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '> quote\n> more',
  '    indented',
  '***',
  'See src/main.ts:10 and `lib/a.py:2`.',
  '<b>raw</b> & &amp; entities',
];

function generatedDoc(random: () => number): string {
  const parts: string[] = [];
  const count = 3 + Math.floor(random() * 8);
  for (let i = 0; i < count; i++) {
    parts.push(SNIPPETS[Math.floor(random() * SNIPPETS.length)]!);
    parts.push(['\n', '\n\n', '\n\n\n', '\n  \n'][Math.floor(random() * 4)]!);
  }
  return parts.join('');
}

function chunksOf(text: string, random: () => number, maxChunk: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(random() * maxChunk);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

/** A renderer whose frames run only when the test says so. */
function manualRenderer(container: HTMLElement): { renderer: StreamingRenderer; frame(): void } {
  let pending: (() => void) | null = null;
  const renderer = createStreamingRenderer(container, { schedule: (flush) => (pending = flush) });
  return {
    renderer,
    frame() {
      const run = pending;
      pending = null;
      run?.();
    },
  };
}

function streamAndCompare(text: string, chunks: string[], random: () => number, label: string): void {
  const container = newContainer();
  const { renderer, frame } = manualRenderer(container);
  for (const chunk of chunks) {
    renderer.append(chunk);
    if (random() < 0.7) frame(); // most chunks get a frame; some coalesce with the next
  }
  renderer.finish();
  frame(); // a frame that was still scheduled must not change anything after finish()
  assert.equal(container.innerHTML, renderMarkdown(text), label);
}

describe('createStreamingRenderer', () => {
  before(() => installDom());

  for (const [name, text] of Object.entries(DOCS)) {
    it(`equals renderMarkdown after finish(): ${name}, random chunks`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const random = seededRandom(seed);
        streamAndCompare(
          text,
          chunksOf(text, random, seed % 3 === 0 ? 3 : 25),
          random,
          `${name} seed ${seed}`,
        );
      }
    });

    it(`equals renderMarkdown after finish(): ${name}, one character per frame`, () => {
      streamAndCompare(text, Array.from(text), () => 0, `${name} char by char`);
    });
  }

  it('equals renderMarkdown on generated documents mixing every kind of block', () => {
    for (let seed = 100; seed < 160; seed++) {
      const random = seededRandom(seed);
      const text = generatedDoc(random);
      const crlf = seed % 5 === 0 ? text.replace(/\n/g, '\r\n') : text;
      streamAndCompare(
        crlf,
        chunksOf(crlf, random, 12),
        random,
        `generated seed ${seed}: ${JSON.stringify(crlf)}`,
      );
    }
  });

  it('keeps finished blocks as the same DOM nodes while the answer grows', () => {
    const container = newContainer();
    const { renderer, frame } = manualRenderer(container);
    renderer.append('First paragraph.\n\nSecond paragraph.\n\nThird');
    frame();
    const first = container.querySelector('p');
    assert.equal(first?.textContent, 'First paragraph.');
    renderer.append(' grows.\n\n- a list\n- grows');
    frame();
    renderer.append('\n\nlast');
    frame();
    assert.equal(container.querySelector('p'), first, 'the first block was not re-rendered');
    renderer.finish();
    assert.equal(container.querySelector('p'), first);
    assert.equal(container.innerHTML, renderMarkdown(renderer.text));
  });

  it('coalesces appends into one scheduled update per frame', () => {
    const container = newContainer();
    let scheduled = 0;
    let pending: (() => void) | null = null;
    let renders = 0;
    const renderer = createStreamingRenderer(container, {
      schedule: (flush) => {
        scheduled++;
        pending = flush;
      },
      onRender: () => renders++,
    });
    for (const ch of 'Hello **world**') renderer.append(ch);
    assert.equal(scheduled, 1);
    assert.equal(container.innerHTML, '', 'nothing drawn before the frame');
    (pending as (() => void) | null)?.();
    assert.equal(renders, 1);
    assert.equal(container.querySelector('strong')?.textContent, 'world');
    renderer.append('!');
    assert.equal(scheduled, 2);
  });

  it('shows an open fence as plain text and highlights it once the fence closes', () => {
    const container = newContainer();
    const { renderer, frame } = manualRenderer(container);
    renderer.append('```ts\nconst done = ');
    frame();
    const open = container.querySelector('.md-code code');
    assert.equal(open?.textContent, 'const done = ');
    assert.equal(open?.querySelector('span'), null, 'open fence is not highlighted');
    assert.equal(container.querySelector('.md-code')?.getAttribute('data-lang'), 'ts');
    renderer.append('true;\n');
    frame();
    assert.equal(container.querySelector('.md-code code')?.textContent, 'const done = true;\n');
    renderer.append('```\n\n```js\nlet next = 1;\n');
    frame();
    const blocks = container.querySelectorAll('.md-code code');
    assert.equal(blocks.length, 2);
    assert.ok(blocks[0]?.querySelector('span.hljs-keyword'), 'closed fence is highlighted');
    assert.equal(blocks[1]?.querySelector('span'), null, 'the next, still open fence is not');
    renderer.finish();
    assert.equal(container.innerHTML, renderMarkdown(renderer.text));
  });

  it('finish() renders pending text synchronously, is idempotent and refuses later appends', () => {
    const container = newContainer();
    const renderer = createStreamingRenderer(container, { schedule: () => undefined });
    renderer.append('# Done\r');
    renderer.finish();
    renderer.finish();
    assert.equal(container.innerHTML, renderMarkdown('# Done\r'));
    assert.throws(() => renderer.append('more'));
  });
});
