// The chat's model picker: a native <select> (keyboard, screen readers and VS Code's dropdown colours come with
// it) whose rows say what the catalogue says of each model — its price class and whether it reads images — with
// the price in words on hover. The host decides what the options are; this only shows them.
import type { ChatModelOption } from '../shared/protocol';
import { h } from './dom';

/** "gpt-4.1-mini · $ · reads images"; `auto` keeps its own label, its price depends on the route it takes. */
export function modelOptionText(m: ChatModelOption): string {
  const parts = [m.label];
  if (m.priceClass) parts.push(m.priceClass === '?' ? 'price unknown' : m.priceClass);
  if (m.vision) parts.push('reads images');
  return parts.join(' · ');
}

export class ModelPicker {
  readonly element: HTMLSelectElement;
  private models: ChatModelOption[] = [];

  constructor(onChange: (model: string) => void) {
    // Empty until the host's first snapshot says which models there are.
    this.element = h('select', { 'aria-label': 'Model', class: 'model' });
    this.element.addEventListener('change', () => {
      this.describeSelected();
      onChange(this.element.value);
    });
  }

  get value(): string {
    return this.element.value;
  }

  /** The option of the selected model, as the host described it. */
  selected(): ChatModelOption | undefined {
    return this.models.find((m) => m.id === this.element.value);
  }

  get options(): ChatModelOption[] {
    return this.models;
  }

  set(models: ChatModelOption[], selected: string): void {
    const same =
      models.length === this.models.length &&
      models.every((m, i) => modelOptionText(m) === modelOptionText(this.models[i]!));
    this.models = models;
    if (!same) {
      this.element.replaceChildren(
        ...models.map((m) => h('option', { value: m.id, title: tooltip(m) }, modelOptionText(m))),
      );
    }
    this.element.value = selected;
    this.describeSelected();
  }

  private describeSelected(): void {
    const m = this.selected();
    this.element.title = m ? tooltip(m) : 'Model';
  }
}

function tooltip(m: ChatModelOption): string {
  const images = m.vision ? 'reads images' : 'text only';
  return m.priceDetail ? `${m.id}: ${m.priceDetail}; ${images}` : `${m.label}; ${images}`;
}
