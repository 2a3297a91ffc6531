// A jsdom window for unit tests of browser code. renderMarkdown finds its DOM (for DOMPurify) through
// globalThis.window, so installing one global window is all the webview code needs; it is created once per
// mocha process and shared by every test file that calls installDom().
import { JSDOM } from 'jsdom';

let dom: JSDOM | null = null;

export function installDom(): Window {
  if (!dom) {
    dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as unknown as Record<string, unknown>;
    g['window'] = dom.window;
    g['document'] = dom.window.document;
  }
  return dom.window as unknown as Window;
}

/** A fresh detached container in the shared document. */
export function newContainer(): HTMLElement {
  return installDom().document.createElement('div');
}

/** Parses HTML into a container, e.g. to inspect renderMarkdown's output as elements. */
export function parseHtml(html: string): HTMLElement {
  const el = newContainer();
  el.innerHTML = html;
  return el;
}
