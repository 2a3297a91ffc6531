// The tools menu of the chat: every built-in tool with an on/off switch for this chat (with the reason when it
// cannot be on here), and the MCP servers with their state and a Restart button. A toolbar button opens it.
import type { McpServerView, ToolToggleView } from '../shared/protocol';
import { h } from './dom';

export interface ToolsMenuCallbacks {
  setEnabled(name: string, enabled: boolean): void;
  restart(server: string): void;
}

export class ToolsMenu {
  readonly toggle: HTMLButtonElement;
  readonly element: HTMLElement;

  constructor(private readonly cb: ToolsMenuCallbacks) {
    this.element = h('section', {
      class: 'tools-menu',
      hidden: true,
      'aria-label': 'Tools for this chat',
      'data-testid': 'tools-menu',
    });
    this.toggle = h(
      'button',
      { type: 'button', class: 'tools-toggle', 'aria-expanded': 'false', 'data-testid': 'tools-toggle' },
      'Tools',
    );
    this.toggle.addEventListener('click', () => this.setOpen(this.element.hidden));
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  update(tools: readonly ToolToggleView[], servers: readonly McpServerView[]): void {
    const rows = tools.map((t) => {
      const box = h('input', {
        type: 'checkbox',
        id: `tool-${t.name}`,
        checked: t.enabled,
        disabled: t.unavailable !== undefined,
      });
      box.addEventListener('change', () => this.cb.setEnabled(t.name, box.checked));
      return h(
        'li',
        { class: `tool-toggle ${t.kind}` },
        box,
        h('label', { for: `tool-${t.name}`, title: t.description }, t.name),
        h('span', { class: 'tool-kind' }, t.kind),
        t.unavailable ? h('span', { class: 'tool-unavailable' }, t.unavailable) : null,
      );
    });
    const serverRows = servers.map((s) => {
      const restart = h('button', { type: 'button', class: 'link' }, 'Restart');
      restart.addEventListener('click', () => this.cb.restart(s.name));
      const box = h('input', { type: 'checkbox', id: `server-${s.name}`, checked: true });
      box.addEventListener('change', () => this.cb.setEnabled(`${s.name}.*`, box.checked));
      return h(
        'li',
        { class: `mcp-server ${s.state}` },
        box,
        h('label', { for: `server-${s.name}` }, s.name),
        h('span', { class: 'tool-kind' }, `${s.state}${s.trusted ? ' · trusted' : ''}`),
        s.error ? h('span', { class: 'tool-unavailable' }, s.error) : null,
        restart,
      );
    });
    const parts: HTMLElement[] = [h('h2', {}, 'Tools for this chat'), h('ul', {}, ...rows)];
    if (servers.length) parts.push(h('h2', {}, 'MCP servers'), h('ul', {}, ...serverRows));
    this.element.replaceChildren(...parts);
  }
}
