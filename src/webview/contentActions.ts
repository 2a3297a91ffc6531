// Reading what a click inside a rendered answer asks for. markdown.ts marks code-block buttons with
// data-action and links with data-href (http/https/mailto) or data-path + data-line (workspace files); everything else
// is inert. The host checks again: a rendered answer is model output, so nothing here is trusted blindly.
import type { CodeAction } from '../shared/protocol';

const ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'open'];

export interface CodeRequest {
  action: CodeAction;
  code: string;
  language: string;
}

/** The code block a data-action button belongs to: the nearest enclosing element that holds a code element. */
export function codeOfButton(target: Element): CodeRequest | null {
  const btn = target.closest('button[data-action]');
  const action = btn?.getAttribute('data-action') as CodeAction | null;
  if (!btn || !action || !ACTIONS.includes(action)) return null;
  for (let el: Element | null = btn.parentElement; el; el = el.parentElement) {
    const code = el.querySelector('pre code') ?? el.querySelector('code');
    if (!code) continue;
    return { action, code: code.textContent ?? '', language: languageOf(el, code) };
  }
  return null;
}

function languageOf(block: Element, code: Element): string {
  for (const el of [code, block, code.parentElement]) {
    const attr = el?.getAttribute('data-lang') ?? el?.getAttribute('data-language');
    if (attr) return attr;
  }
  const cls = [...code.classList].find((c) => c.startsWith('language-'));
  return cls ? cls.slice('language-'.length) : '';
}

export type LinkTarget = { kind: 'external'; href: string } | { kind: 'path'; path: string; line: number };

export function linkTarget(anchor: Element): LinkTarget | null {
  const href = anchor.getAttribute('data-href');
  if (href && /^(?:https?:\/\/|mailto:)/i.test(href)) return { kind: 'external', href };
  const path = anchor.getAttribute('data-path');
  const line = Number(anchor.getAttribute('data-line') ?? '1');
  if (path && Number.isInteger(line) && line >= 1) return { kind: 'path', path, line };
  return null;
}
