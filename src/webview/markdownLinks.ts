// Link policy of rendered answers. A link the model writes is one of:
//  - external (http, https, mailto): a real href plus data-href, which the chat view hands to the host's
//    openExternal;
//  - a workspace path, optionally with a line (`src/a.ts:12`, `src/a.ts#L12`): no href at all, data-path and
//    data-line for the host to open the file;
//  - anything else: an anchor without href (inert), or plain text when markdown-it rejects it outright.
// Bare `path:line` references in text or inline code become path links too. The sanitiser re-checks hrefs.
import type MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

function attr(token: Token, name: string): string | null {
  const value = token.attrGet(name);
  return value === null ? null : String(value);
}
type StateCore = MarkdownIt.StateCore;

export type LinkKind =
  { kind: 'external'; url: string } | { kind: 'path'; path: string; line: number | null } | { kind: 'inert' };

const EXTERNAL_RE = /^(?:https?:\/\/[^\s"'<>\\`]+|mailto:[^\s"'<>\\`]+)$/i;
// A relative path (no scheme, no leading slash, no "..") with an optional :line[:col] or #Lline suffix.
const PATH_RE =
  /^(?:\.\/)?((?:[\w@~+-][\w@~+.-]*\/)*[\w@~+-][\w@~+.-]*)(?::(\d{1,7})(?::\d{1,7})?|#L(\d{1,7})(?:-L?\d+)?)?$/;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:/i;
// `path:line` inside running text: the file name needs an extension that starts with a letter, so "10:30" or
// "v1.2:3" stay text. The surrounding characters must be separators so URLs and words are not cut apart.
const TEXT_PATH_RE =
  /(^|[\s([{"'`,;])((?:\.\/)?(?:[\w@~+-][\w@~+.-]*\/)*[\w@~+-][\w@~+.-]*\.[A-Za-z][\w]*):(\d{1,7})(?::\d{1,7})?(?=$|[\s)\]}"'`,;.!?:])/g;

function safeDecode(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/** What a (markdown-it normalised) link destination points to. */
export function classifyLink(href: string): LinkKind {
  if (EXTERNAL_RE.test(href)) return { kind: 'external', url: href };
  const decoded = safeDecode(href);
  const m = PATH_RE.exec(decoded);
  if (m && !decoded.split('/').includes('..')) {
    const path = m[1] ?? '';
    const lineText = m[2] ?? m[3];
    const line = lineText === undefined ? null : Number(lineText);
    // A bare word ("foo") is more likely a broken link than a file; require an extension or a line.
    if (line !== null || /\.[A-Za-z]\w*$/.test(path))
      return { kind: 'path', path, line: line === null ? null : Math.max(1, line) };
  }
  return { kind: 'inert' };
}

/**
 * markdown-it's validateLink: destinations with a scheme other than http/https/mailto (javascript:, data:,
 * vbscript:, file:, ...) and protocol-relative ones are refused, so the markdown stays literal text.
 * Scheme-less destinations are accepted and made inert or a path link when rendered.
 */
export function validateLink(url: string): boolean {
  // Control characters and spaces are what browsers ignore inside a scheme ("java\tscript:").
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (compact.startsWith('//')) return false;
  if (EXTERNAL_RE.test(url)) return true;
  if (classifyLink(url).kind === 'path') return true; // "a.ts:12" looks like a scheme but is a path
  return !SCHEME_RE.test(compact);
}

/** Rewrites a link_open token's attributes by the policy above (keeps a markdown title). */
export function applyLinkPolicy(token: Token): void {
  const target = classifyLink(attr(token, 'href') ?? '');
  const title = attr(token, 'title');
  const attrs: [string, string][] = [];
  if (target.kind === 'external') {
    attrs.push(['href', target.url], ['data-href', target.url], ['class', 'md-link md-link-external']);
    attrs.push(['title', title ?? target.url]);
  } else if (target.kind === 'path') {
    const ref = target.line === null ? target.path : `${target.path}:${target.line}`;
    attrs.push(['data-path', target.path]);
    if (target.line !== null) attrs.push(['data-line', String(target.line)]);
    attrs.push(
      ['class', 'md-link md-link-path'],
      ['role', 'link'],
      ['tabindex', '0'],
      ['title', title ?? `Open ${ref}`],
    );
  } else {
    attrs.push(['class', 'md-link md-link-inert']);
    if (title) attrs.push(['title', title]);
  }
  token.attrs = attrs;
}

/** Core rule: bare `path:line` in text and whole-`path:line` inline code become path links. */
export function linkWorkspacePaths(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    for (const child of block.children) {
      if (child.type === 'link_open') linkDepth++;
      if (child.type === 'link_close') linkDepth--;
      if (linkDepth > 0) out.push(child);
      else if (child.type === 'text') out.push(...splitTextPaths(state, child));
      else if (child.type === 'code_inline' && isPathLine(child.content))
        out.push(...wrapInPathLink(state, child));
      else out.push(child);
    }
    block.children = out;
  }
}

function isPathLine(text: string): boolean {
  TEXT_PATH_RE.lastIndex = 0;
  const m = TEXT_PATH_RE.exec(text);
  return m !== null && m.index === 0 && m[0].length === text.length;
}

function linkTokens(state: StateCore, href: string, inner: Token[]): Token[] {
  const open = new state.Token('link_open', 'a', 1);
  open.attrs = [['href', href]];
  open.markup = 'path';
  const close = new state.Token('link_close', 'a', -1);
  close.markup = 'path';
  return [open, ...inner, close];
}

function textToken(state: StateCore, content: string): Token {
  const t = new state.Token('text', '', 0);
  t.content = content;
  return t;
}

function wrapInPathLink(state: StateCore, code: Token): Token[] {
  const ref = code.content.replace(/:(\d+):\d+$/, ':$1');
  return linkTokens(state, ref, [code]);
}

function splitTextPaths(state: StateCore, token: Token): Token[] {
  const text = token.content;
  const out: Token[] = [];
  let last = 0;
  TEXT_PATH_RE.lastIndex = 0;
  for (let m = TEXT_PATH_RE.exec(text); m; m = TEXT_PATH_RE.exec(text)) {
    const start = m.index + (m[1] ?? '').length;
    const end = m.index + m[0].length;
    if (start > last) out.push(textToken(state, text.slice(last, start)));
    out.push(...linkTokens(state, `${m[2]}:${m[3]}`, [textToken(state, text.slice(start, end))]));
    last = end;
  }
  if (last === 0) return [token];
  if (last < text.length) out.push(textToken(state, text.slice(last)));
  return out;
}
