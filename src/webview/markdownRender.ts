// The one markdown pipeline of the chat view: markdown-it (raw HTML off) -> our fence/link renderers ->
// DOMPurify with an allow-list. Everything the model writes passes through here before it becomes HTML.
// Pure apart from the DOM that DOMPurify needs: the window is looked up lazily (globalThis.window), so the
// same code runs in the webview and, under jsdom, in unit tests.
import DOMPurify from 'dompurify';
import type { Config, DOMPurify as Purifier, WindowLike } from 'dompurify';
import MarkdownIt from 'markdown-it';
import { codeBlockHtml, languageOf } from './codeBlocks';
import { applyLinkPolicy, linkWorkspacePaths, validateLink } from './markdownLinks';

type Token = MarkdownIt.Token;

type Parser = MarkdownIt.MarkdownIt;

/** Renderer env: a draft (the still-streaming tail) skips syntax highlighting. */
interface RenderEnv {
  [key: string]: unknown;
  draft?: boolean;
}

const md = createParser(false);
/** What the user typed: the same rules, but a line break stays a line break (they wrote it on purpose). */
const userMd = createParser(true);

function createParser(breaks: boolean): Parser {
  const parser = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks });
  // Only explicit http(s):// and mailto: are linkified: fuzzy detection turns "main.py" or "README.md" (real
  // country TLDs) into web links, which is wrong in a coding assistant.
  parser.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  // Reference definitions make a later block change an earlier one, which would break incremental rendering
  // (and models rarely write them). Images are off: the view must not fetch remote content.
  parser.disable(['reference', 'image']);
  parser.validateLink = validateLink;
  parser.core.ruler.push('workspace_paths', linkWorkspacePaths);
  parser.core.ruler.push('table_align_classes', tableAlignClasses);
  parser.renderer.rules.fence = (tokens, idx, _options, env) => {
    const token = tokens[idx]!;
    return codeBlockHtml(
      token.content,
      languageOf(parser.utils.unescapeAll(token.info)),
      env?.['draft'] !== true,
    );
  };
  parser.renderer.rules.code_block = (tokens, idx) => codeBlockHtml(tokens[idx]!.content, '', false);
  parser.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    applyLinkPolicy(tokens[idx]!);
    return self.renderToken(tokens, idx, options);
  };
  return parser;
}

/** Table cell alignment as classes: the webview's CSP forbids inline style attributes. */
function tableAlignClasses(state: MarkdownIt.StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = /text-align:(left|center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
    token.attrs = align ? [['class', `md-align-${align}`]] : null;
  }
}

const SANITIZE_CONFIG: Config = {
  ALLOWED_TAGS: (
    'a blockquote br button code del div em h1 h2 h3 h4 h5 h6 hr li ol p pre s span strong ' +
    'table tbody td th thead tr ul'
  ).split(' '),
  ALLOWED_ATTR: (
    'class href title start type role tabindex aria-label ' +
    'data-href data-path data-line data-lang data-action'
  ).split(' '),
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Not URLs: DOMPurify would otherwise test their values against its URI pattern and drop e.g. "a.ts:12".
  ADD_URI_SAFE_ATTR: [
    'data-path',
    'data-line',
    'data-lang',
    'data-action',
    'start',
    'type',
    'tabindex',
    'aria-label',
  ],
};

const EXTERNAL_HREF_RE = /^(?:https?:\/\/|mailto:)/i;

/** A DOMPurify instance bound to `win`, with the href policy hook (only http, https and mailto survive). */
export function createPurifier(win: WindowLike): Purifier {
  const purifier = DOMPurify(win);
  if (!purifier.isSupported) throw new Error('DOMPurify cannot run in this window');
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeType !== 1) return;
    const el = node as Element;
    for (const name of ['href', 'data-href']) {
      const value = el.getAttribute(name);
      if (value !== null && !EXTERNAL_HREF_RE.test(value)) el.removeAttribute(name);
    }
  });
  return purifier;
}

let purifier: Purifier | null = null;
let purifierWindow: unknown = null;

function currentPurifier(): Purifier {
  const win = (globalThis as { window?: WindowLike }).window;
  if (!win)
    throw new Error('renderMarkdown needs a DOM window (globalThis.window), e.g. from jsdom in tests');
  if (!purifier || purifierWindow !== win) {
    purifier = createPurifier(win);
    purifierWindow = win;
  }
  return purifier;
}

export function sanitizeHtml(html: string): string {
  return currentPurifier().sanitize(html, SANITIZE_CONFIG);
}

/** Markdown to sanitised HTML: the chat view's only way from model text to markup. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(md.render(markdown, {} satisfies RenderEnv));
}

/** A user message as sanitised HTML: markdown (code blocks included) with its line breaks kept. */
export function renderUserMarkdown(markdown: string): string {
  return sanitizeHtml(userMd.render(markdown, {} satisfies RenderEnv));
}

/** Like renderMarkdown but without syntax highlighting: the draft of the block still streaming. */
export function renderMarkdownDraft(markdown: string): string {
  return sanitizeHtml(md.render(markdown, { draft: true } satisfies RenderEnv));
}

/** One top-level block of a source, as markdown-it's block parser sees it (lines are [start, end)). */
export interface TopLevelBlock {
  type: string;
  startLine: number;
  endLine: number;
  /** Fence marker (``` or ~~~...) for fences, '' otherwise. */
  markup: string;
  info: string;
}

/** Block structure only (no inline parsing): cheap enough to run on the streaming tail every frame. */
export function topLevelBlocks(source: string): TopLevelBlock[] {
  const tokens: Token[] = [];
  md.block.parse(source, md, {}, tokens);
  const blocks: TopLevelBlock[] = [];
  for (const t of tokens) {
    if (t.level !== 0 || t.nesting === -1 || !t.map) continue;
    blocks.push({ type: t.type, startLine: t.map[0], endLine: t.map[1], markup: t.markup, info: t.info });
  }
  return blocks;
}
