// Whatever the model writes, rendered answers contain nothing executable: no dangerous elements, no event
// handler attributes, no link or source with a scheme other than http, https or mailto. Checked on
// renderMarkdown's output and on every intermediate state of the streaming renderer.
import * as assert from 'node:assert/strict';
import { createStreamingRenderer, renderMarkdown } from '../../src/webview/markdown';
import { installDom, newContainer, parseHtml } from './helpers/dom';
import { assertInert } from './helpers/inertHtml';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=http://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"/>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](  javascript:alert(1) )',
  '[click](<javascript:alert(1)>)',
  '[click](jav&#x09;ascript:alert(1))',
  '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  '[click](java\\script:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](DATA:text/html,<script>alert(1)</script>)',
  '[click](file:///etc/passwd)',
  '[click](//evil.example/x)',
  '<javascript:alert(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  'javascript:alert(1) as text, data:text/html,x',
  '![x](javascript:alert(1))',
  '![x](https://evil.example/pixel.png "t")',
  '[ref]: javascript:alert(1)\n\n[ref]',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<object data="javascript:alert(1)"></object><embed src="x.swf">',
  '<style>body { background: url(javascript:alert(1)) }</style>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<a href="javascript:alert(1)">raw anchor</a>',
  '<div onclick="alert(1)" style="x">div</div>',
  '<<script>script>alert(1)<</script>/script>',
  '<img src=x onerror=alert(1)//',
  '<scr<script>ipt>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!--<img src=x onerror=alert(1)>-->',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:/">',
  '<input autofocus onfocus=alert(1)><textarea>x</textarea>',
  '`<img src=x onerror=alert(1)>` and ```\n<script>alert(1)</script>\n```',
  '```"><img src=x onerror=alert(1)>\ncode\n```',
  '```html\n<script>alert(1)</script><img src=x onerror=alert(1)>\n```',
  '| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img onerror=alert(1)> | ok |',
  '- [a](javascript:alert(1))\n  > <iframe src=x>',
  '[x](https://example.com" onmouseover="alert(1))',
  '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
  'https://example.com/"><script>alert(1)</script>',
  '[x](src/a.ts:1" onclick="alert(1))',
];

describe('markdown rendering against XSS', () => {
  before(() => installDom());

  it('renderMarkdown never yields executable HTML', () => {
    for (const payload of PAYLOADS) assertInert(parseHtml(renderMarkdown(payload)), JSON.stringify(payload));
    assertInert(parseHtml(renderMarkdown(PAYLOADS.join('\n\n'))), 'all payloads in one answer');
  });

  it('shows raw HTML as text (markdown-it html: false)', () => {
    const root = parseHtml(
      renderMarkdown('Before <script>alert(1)</script> after\n\n<iframe src="x"></iframe>'),
    );
    assert.match(root.textContent ?? '', /<script>alert\(1\)<\/script>/);
    assert.match(root.textContent ?? '', /<iframe src="x"><\/iframe>/);
  });

  it('leaves links with forbidden schemes as plain text or inert anchors', () => {
    for (const payload of PAYLOADS.filter((p) => /\]\(/.test(p))) {
      const root = parseHtml(renderMarkdown(payload));
      for (const a of Array.from(root.querySelectorAll('a'))) {
        const href = a.getAttribute('href');
        assert.ok(href === null || /^https?:\/\//i.test(href), `${payload}: href ${href}`);
        assert.ok(!/javascript|vbscript|data:/i.test(a.getAttribute('data-path') ?? ''), payload);
      }
    }
    const root = parseHtml(renderMarkdown('[x](javascript:alert(1))'));
    assert.equal(root.querySelector('a'), null);
    assert.equal(root.textContent?.trim(), '[x](javascript:alert(1))');
  });

  it('keeps an attribute-breaking link destination inside one attribute value', () => {
    const root = parseHtml(renderMarkdown('[x](https://example.com" onmouseover="alert(1))'));
    for (const el of Array.from(root.querySelectorAll('*'))) {
      assert.ok(!Array.from(el.attributes).some((a) => /^on/i.test(a.name)));
    }
  });

  it('streams every payload without an executable intermediate state', () => {
    const text = PAYLOADS.join('\n\n');
    const container = newContainer();
    let pending: (() => void) | null = null;
    const renderer = createStreamingRenderer(container, { schedule: (flush) => (pending = flush) });
    for (let i = 0; i < text.length; i += 7) {
      renderer.append(text.slice(i, i + 7));
      const run = pending as (() => void) | null;
      pending = null;
      run?.();
      assertInert(container, `streamed up to ${i}`);
    }
    renderer.finish();
    assertInert(container, 'streamed, finished');
    assert.equal(container.innerHTML, renderMarkdown(text));
  });
});
