// Fenced code blocks of a rendered answer: syntax highlighting and the block's chrome (language label and the
// Copy / Insert at Cursor / Open in New Editor codicon buttons). Only a fixed set of common languages is registered on
// highlight.js/lib/core, which keeps the webview bundle small; any other language is shown as plain text.
// The buttons carry data-action only: the chat view wires clicks through event delegation (no inline handlers).
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, definition] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, definition);

/** The three buttons every code block carries, in order: codicons, named by their tooltip and aria-label. */
export const CODE_ACTIONS = [
  { action: 'copy', icon: 'copy', title: 'Copy code' },
  { action: 'insert', icon: 'insert', title: 'Insert at Cursor' },
  { action: 'open', icon: 'go-to-file', title: 'Open in New Editor' },
] as const;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * The language named by a fence's info string (first word), or '' when there is none or it looks odd.
 * The value ends up in an attribute and a label, so only a conservative character set is accepted.
 */
export function languageOf(info: string): string {
  const word = info.trim().split(/\s+/, 1)[0] ?? '';
  return /^[\w#+.-]{1,32}$/.test(word) ? word.toLowerCase() : '';
}

/** Highlighted HTML for `code`, or null when the language is not one of ours (the caller escapes instead). */
export function highlightCode(code: string, lang: string): string | null {
  if (!lang || !hljs.getLanguage(lang)) return null;
  try {
    return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    return null; // a grammar bug must never break rendering of the answer
  }
}

/**
 * The HTML of one code block. `highlight` is false for the draft of a block still streaming (its fence is
 * open), which then shows plain escaped text.
 */
export function codeBlockHtml(code: string, lang: string, highlight: boolean): string {
  const highlighted = highlight ? highlightCode(code, lang) : null;
  const body = highlighted ?? escapeHtml(code);
  const langClass = lang ? ` language-${escapeHtml(lang)}` : '';
  const buttons = CODE_ACTIONS.map(
    (b) =>
      `<button type="button" class="md-code-action" data-action="${b.action}" title="${b.title}" aria-label="${b.title}"><span class="codicon codicon-${b.icon}" aria-hidden="true"></span></button>`,
  ).join('');
  return (
    `<div class="md-code" data-lang="${escapeHtml(lang)}">` +
    `<div class="md-code-header"><span class="md-code-lang">${escapeHtml(lang || 'text')}</span>` +
    `<span class="md-code-actions">${buttons}</span></div>` +
    `<pre><code class="hljs${langClass}">${body}</code></pre></div>\n`
  );
}
