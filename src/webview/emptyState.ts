// The empty chat's first screen: what the product does in two lines, how it is connected (or what to do first),
// prompts a click sends, and the code tasks with their keys. Everything it says comes from the host's `welcome`.
import type { ErrorActionView, WelcomeView } from '../shared/protocol';
import { h, icon } from './dom';

export interface EmptyStateCallbacks {
  action(action: ErrorActionView): void;
  ask(prompt: string): void;
}

const CONNECTION_TEXT: Record<WelcomeView['connection'], string> = {
  ready: 'Connected with your key. Answers stream here; every request is priced in Show Usage.',
  keyless:
    'Connected to your own endpoint without a key. If it needs one, set it; it stays in VS Code’s secret storage.',
  noKey:
    'Set your OpenAI API key to start (it stays in VS Code’s secret storage), or point it at another endpoint.',
  offlineDemo:
    'Using the offline demo server: answers are generated locally from your request, free, and say so. No key needed.',
};

export class EmptyState {
  readonly element = h('section', {
    class: 'empty-state',
    'aria-label': 'Get started',
    'data-testid': 'empty-state',
  });
  private welcome: WelcomeView | undefined;
  private empty = true;

  constructor(private readonly cb: EmptyStateCallbacks) {
    this.element.hidden = true;
  }

  update(welcome: WelcomeView): void {
    this.welcome = welcome;
    this.render();
  }

  /** Shown only while the conversation has no messages. */
  setEmpty(empty: boolean): void {
    this.empty = empty;
    this.element.hidden = !empty || !this.welcome;
  }

  private render(): void {
    const w = this.welcome;
    if (!w) return;
    const actions = w.actions.map((a, i) => {
      const b = h('button', { type: 'button', class: i === 0 ? 'primary' : 'secondary' }, a.label);
      b.addEventListener('click', () => this.cb.action(a));
      return b;
    });
    const examples = w.examples.map((prompt) => {
      const b = h(
        'button',
        { type: 'button', class: 'example', title: 'Ask this' },
        icon('sparkle'),
        h('span', {}, prompt),
      );
      b.addEventListener('click', () => this.cb.ask(prompt));
      return h('li', {}, b);
    });
    const tasks = w.tasks.map((t) =>
      h('li', {}, h('span', {}, t.title), t.keys ? h('kbd', {}, t.keys) : null),
    );
    this.element.replaceChildren(
      h('h2', {}, 'GPT Workbench'),
      h(
        'p',
        {},
        'Chat, explain, refactor and extract with your own OpenAI key — every request redacted, priced and kept in a ledger.',
      ),
      h(
        'p',
        { class: `connection ${w.connection}`, 'data-testid': 'connection' },
        CONNECTION_TEXT[w.connection],
      ),
      h('div', { class: 'actions' }, ...actions),
      h('h3', {}, 'Try asking'),
      h('ul', { class: 'examples' }, ...examples),
      h('h3', {}, 'On selected code'),
      h('ul', { class: 'tasks' }, ...tasks),
    );
    this.setEmpty(this.empty);
  }
}
