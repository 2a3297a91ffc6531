// renderMarkdown on ordinary answers: structure, code blocks (language, highlighting, buttons) and links.
import * as assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/webview/markdown';
import { installDom, parseHtml } from './helpers/dom';

function render(markdown: string): HTMLElement {
  return parseHtml(renderMarkdown(markdown));
}

function anchors(root: HTMLElement): HTMLAnchorElement[] {
  return Array.from(root.querySelectorAll('a'));
}

describe('renderMarkdown', () => {
  before(() => installDom());

  it('renders headings, emphasis, lists and blockquotes', () => {
    const root = render(
      '# Title\n\n## Sub\n\nSome *em* and **strong** and ~~gone~~.\n\n- a\n  - nested\n- b\n\n3. three\n4. four\n\n> quoted',
    );
    assert.equal(root.querySelector('h1')?.textContent, 'Title');
    assert.equal(root.querySelector('h2')?.textContent, 'Sub');
    assert.equal(root.querySelector('em')?.textContent, 'em');
    assert.equal(root.querySelector('strong')?.textContent, 'strong');
    assert.equal(root.querySelector('s')?.textContent, 'gone');
    assert.equal(root.querySelectorAll('ul > li').length, 3);
    assert.equal(root.querySelector('ul li ul li')?.textContent, 'nested');
    assert.equal(root.querySelector('ol')?.getAttribute('start'), '3');
    assert.equal(root.querySelector('blockquote p')?.textContent, 'quoted');
  });

  it('renders tables with alignment as classes, not inline styles', () => {
    const root = render('| left | mid | right |\n|:-----|:---:|------:|\n| 1 | 2 | 3 |');
    assert.deepEqual(
      Array.from(root.querySelectorAll('th')).map((th) => th.className),
      ['md-align-left', 'md-align-center', 'md-align-right'],
    );
    assert.equal(root.querySelectorAll('tbody td').length, 3);
    assert.equal(root.querySelector('[style]'), null);
  });

  it('renders a fenced block with its language, a label, highlighting and the three action buttons', () => {
    const root = render('```ts\nconst answer: number = 42;\n```');
    const block = root.querySelector('.md-code');
    assert.ok(block);
    assert.equal(block.getAttribute('data-lang'), 'ts');
    assert.equal(block.querySelector('.md-code-lang')?.textContent, 'ts');
    const code = block.querySelector('pre code');
    assert.equal(code?.textContent, 'const answer: number = 42;\n');
    assert.ok(code?.classList.contains('hljs') && code.classList.contains('language-ts'));
    assert.ok(code?.querySelector('span.hljs-keyword'), 'keyword highlighted');
    const buttons = Array.from(block.querySelectorAll('button'));
    assert.deepEqual(
      buttons.map((b) => b.getAttribute('data-action')),
      ['copy', 'insert', 'open'],
    );
    for (const b of buttons) assert.equal(b.getAttribute('type'), 'button');
  });

  it('highlights the registered common languages and leaves unknown ones as plain text', () => {
    const samples: Record<string, string> = {
      js: 'if (x) { return "y"; }',
      json: '{"a": [1, true, null]}',
      python: 'def f(x):\n    return None',
      bash: 'if [ -f x ]; then echo "y"; fi',
      html: '<div class="a">x</div>',
      css: 'a { color: red; }',
      java: 'public class A { int x = 1; }',
      go: 'func main() { return }',
      rust: 'fn main() { let x = 1; }',
      cpp: 'int main() { return 0; }',
      sql: 'SELECT a FROM t WHERE b = 1;',
      yaml: 'key: value # note',
      diff: '--- a\n+++ b\n-old\n+new',
    };
    for (const [lang, sample] of Object.entries(samples)) {
      const root = render(`\`\`\`${lang}\n${sample}\n\`\`\``);
      assert.ok(root.querySelector('code span[class^="hljs-"]'), `${lang} highlighted`);
    }
    const plain = render('```klingon\nqapla <b>\n```');
    assert.equal(plain.querySelector('.md-code')?.getAttribute('data-lang'), 'klingon');
    assert.equal(plain.querySelector('code span'), null);
    assert.equal(plain.querySelector('code')?.textContent, 'qapla <b>\n');
  });

  it('labels a fence without language as text and keeps odd info strings out of attributes', () => {
    const root = render('```\nplain\n```\n\n```"><script>\nx\n```');
    const blocks = root.querySelectorAll('.md-code');
    assert.equal(blocks[0]?.getAttribute('data-lang'), '');
    assert.equal(blocks[0]?.querySelector('.md-code-lang')?.textContent, 'text');
    assert.equal(blocks[1]?.getAttribute('data-lang'), '');
    assert.equal(root.querySelector('script'), null);
  });

  it('makes http(s) and mailto links external: href plus data-href for openExternal', () => {
    const root = render(
      '[site](https://example.com/a?b=1) <http://x.org> mailto:me@example.com and https://y.org/z',
    );
    const links = anchors(root);
    assert.deepEqual(
      links.map((a) => [
        a.getAttribute('href'),
        a.getAttribute('data-href'),
        a.classList.contains('md-link-external'),
      ]),
      [
        ['https://example.com/a?b=1', 'https://example.com/a?b=1', true],
        ['http://x.org', 'http://x.org', true],
        ['mailto:me@example.com', 'mailto:me@example.com', true],
        ['https://y.org/z', 'https://y.org/z', true],
      ],
    );
  });

  it('makes workspace paths inert anchors with data-path and data-line', () => {
    const root = render(
      'See src/a.ts:12, [the helper](lib/util.py:7) and `test/x.test.ts:3:5` or [readme](docs/README.md) [h](src/b.ts#L9)',
    );
    const links = anchors(root);
    assert.deepEqual(
      links.map((a) => [
        a.textContent,
        a.getAttribute('data-path'),
        a.getAttribute('data-line'),
        a.hasAttribute('href'),
      ]),
      [
        ['src/a.ts:12', 'src/a.ts', '12', false],
        ['the helper', 'lib/util.py', '7', false],
        ['test/x.test.ts:3:5', 'test/x.test.ts', '3', false],
        ['readme', 'docs/README.md', null, false],
        ['h', 'src/b.ts', '9', false],
      ],
    );
    assert.ok(links[2]?.querySelector('code'), 'inline code stays code inside the link');
  });

  it('does not link look-alikes: times, versions, bare file names, fuzzy domains', () => {
    const root = render('At 10:30 with v1.2:3, edit main.py or README.md, visit example.com; foo.ts:x');
    assert.equal(anchors(root).length, 0);
  });

  it('renders other destinations as anchors without href, and images as links only', () => {
    const root = render('[section](#intro) [rel](../secret.txt) ![logo](https://example.com/logo.png)');
    const links = anchors(root);
    assert.equal(links[0]?.hasAttribute('href'), false);
    assert.ok(links[0]?.classList.contains('md-link-inert'));
    assert.equal(links[1]?.hasAttribute('href'), false);
    assert.equal(links[1]?.hasAttribute('data-path'), false, '".." never becomes a workspace path');
    assert.equal(root.querySelector('img'), null);
    assert.equal(links[2]?.getAttribute('data-href'), 'https://example.com/logo.png');
  });

  it('is deterministic and keeps CRLF input equal to LF input', () => {
    const text = '# A\n\n- x\n- y\n\n```js\nlet a = 1;\n```\n';
    assert.equal(renderMarkdown(text), renderMarkdown(text));
    assert.equal(renderMarkdown(text.replace(/\n/g, '\r\n')), renderMarkdown(text));
  });
});
