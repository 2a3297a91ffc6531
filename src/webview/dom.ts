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

/** An icon from VS Code's own codicon font (media/dist/codicons); decorative, so hidden from screen readers. */
export function icon(name: keyof typeof ICONS): HTMLSpanElement {
  return h('span', { class: `icon codicon codicon-${ICONS[name]}`, 'aria-hidden': 'true' });
}

// Our names → codicon ids, so a glyph is chosen in one place.
const ICONS = {
  send: 'send',
  stop: 'debug-stop',
  add: 'add',
  history: 'history',
  attach: 'attach',
  retry: 'refresh',
  close: 'close',
  edit: 'edit',
  trash: 'trash',
  export: 'export',
  copy: 'copy',
  sparkle: 'sparkle',
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
