// DOMPurify on its own: markup that gets past markdown-it's raw-HTML switch and the link validation — produced by
// the highlighter or by a renderer rule — is still made inert by the sanitiser. (The XSS payload tests pass even
// without DOMPurify, because those earlier layers stop every payload first; these do not.)
import * as assert from 'node:assert/strict';
import hljs from 'highlight.js/lib/core';
import type { HLJSPlugin } from 'highlight.js';
import { renderMarkdown } from '../../src/webview/markdown';
import { sanitizeHtml } from '../../src/webview/markdownRender';
import { installDom, parseHtml } from './helpers/dom';
import { assertInert } from './helpers/inertHtml';

const INJECTED =
  '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)" data-href="javascript:x">a</a>' +
  '<span class="hljs-keyword" onclick="alert(4)" style="color:red">kw</span><iframe srcdoc="<b>x</b>"></iframe>';

describe('the sanitiser (DOMPurify) on its own', () => {
  before(() => installDom());

  it('makes a highlighted block inert when the highlighter emits markup', () => {
    // A highlighter plugin stands for a grammar bug or a compromised language: its output is HTML we trust least.
    const plugin: HLJSPlugin = {
      'after:highlight': (result) => {
        result.value += INJECTED;
      },
    };
    hljs.addPlugin(plugin);
    try {
      const root = parseHtml(renderMarkdown('```typescript\nconst a = 1;\n```'));
      assertInert(root, 'highlighted block');
      assert.match(root.textContent ?? '', /const a = 1;/, 'the code itself is still there');
      assert.ok(root.querySelector('button[data-action="copy"]'), 'the block keeps its buttons');
      const spans = Array.from(root.querySelectorAll('span.hljs-keyword')).map((el) => el.textContent);
      assert.ok(spans.includes('kw'), 'the allowed span stays, cleaned');
    } finally {
      hljs.removePlugin(plugin);
    }
  });

  it('strips handlers, styles, scripts and non-web links from markup a renderer rule produced', () => {
    const html =
      `<div class="md-code" data-lang="ts" onmouseover="alert(5)"><pre><code class="hljs">${INJECTED}</code></pre></div>` +
      '<p><a href="https://example.com/ok" onclick="alert(6)">ok</a> <a href="src/a.ts" data-path="src/a.ts" data-line="3">path</a></p>';
    const root = parseHtml(sanitizeHtml(html));
    assertInert(root, 'renderer output');
    const ok = root.querySelector('a[href="https://example.com/ok"]');
    assert.ok(ok, 'an https link survives');
    assert.equal(ok.getAttribute('onclick'), null);
    const workspace = root.querySelector('a[data-path="src/a.ts"]');
    assert.ok(workspace, 'a workspace path link survives');
    assert.equal(workspace.getAttribute('href'), null, 'but without a non-web href');
    assert.equal(workspace.getAttribute('data-line'), '3');
  });
});
