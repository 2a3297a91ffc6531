// A tiny element builder: the view is built with DOM calls and textContent only, so no string of ours (or the
// model's) ever becomes HTML here. The one exception is markdown.ts's sanitised output.

type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** An icon as an inline SVG path (codicons are not bundled); decorative, so hidden from screen readers. */
export function icon(name: keyof typeof ICONS): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

// 16×16 glyphs drawn to match the codicon grid.
const ICONS = {
  send: 'M1 1.5 15 8 1 14.5l1.6-5.3L9 8 2.6 6.8z',
  stop: 'M3 3h10v10H3z',
  add: 'M7.25 2h1.5v5.25H14v1.5H8.75V14h-1.5V8.75H2v-1.5h5.25z',
  history:
    'M8 1.5a6.5 6.5 0 1 1-6.3 8.1l1.45-.38A5 5 0 1 0 4.5 4.4L6 5.5H1.5V1l1.9 1.9A6.47 6.47 0 0 1 8 1.5zM7.25 4h1.5v3.7l2.6 1.5-.75 1.3-3.35-1.95z',
  attach:
    'M10.5 2a3 3 0 0 1 2.12 5.12l-5.3 5.3a2 2 0 0 1-2.83-2.83l4.95-4.95 1.06 1.06-4.95 4.95a.5.5 0 0 0 .7.7l5.31-5.3a1.5 1.5 0 0 0-2.12-2.12l-5.66 5.65a2.5 2.5 0 0 0 3.54 3.54l4.6-4.6 1.06 1.06-4.6 4.6A4 4 0 1 1 2.72 8.53l5.66-5.65A3 3 0 0 1 10.5 2z',
  retry: 'M8 2a6 6 0 1 1-5.65 8h1.6A4.5 4.5 0 1 0 4.8 4.8L6.5 6.5H2V2l1.74 1.74A5.98 5.98 0 0 1 8 2z',
  close: 'M3.7 2.6 8 6.9l4.3-4.3 1.1 1.1L9.1 8l4.3 4.3-1.1 1.1L8 9.1l-4.3 4.3-1.1-1.1L6.9 8 2.6 3.7z',
  edit: 'M11.3 1.3a1 1 0 0 1 1.4 0l2 2a1 1 0 0 1 0 1.4L6 13.4 2 14l.6-4zM4 10.5l-.3 1.8 1.8-.3 6.7-6.7-1.5-1.5z',
  trash: 'M6 1h4v1.5h4V4H2V2.5h4zM3 5h10l-.8 10H3.8zm2 1.5.4 7h1.2l-.2-7zm3.8 0-.2 7h1.2l.4-7z',
  export: 'M7.25 1h1.5v8.2l2.7-2.7 1.05 1.05L8 12.1 3.5 7.55 4.55 6.5l2.7 2.7zM2 13.5h12V15H2z',
} as const;

export function button(
  label: string,
  iconName: Parameters<typeof icon>[0] | null,
  attrs: Attrs = {},
): HTMLButtonElement {
  const b = h('button', { type: 'button', title: label, 'aria-label': label, ...attrs });
  if (iconName) b.append(icon(iconName));
  else b.textContent = label;
  return b;
}
