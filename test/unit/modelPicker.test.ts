// The chat's model picker (real webview code in jsdom): each row names the model, its price class and whether it
// reads images, the selected model's price is on hover, and a choice is reported once with the model's id.
import * as assert from 'node:assert/strict';
import type { ChatModelOption } from '../../src/shared/protocol';
import { ModelPicker, modelOptionText } from '../../src/webview/modelPicker';
import { installDom } from './helpers/dom';

const MODELS: ChatModelOption[] = [
  {
    id: 'gpt-4.1-mini',
    label: 'gpt-4.1-mini',
    vision: true,
    priceClass: '$',
    priceDetail: '$0.4 in / $1.6 out per 1M tokens',
  },
  { id: 'llama3-local', label: 'llama3-local', vision: false, priceClass: '?', priceDetail: 'price unknown' },
  { id: 'auto', label: 'auto (route by request)', vision: true },
];

describe('model picker (webview, jsdom)', () => {
  before(() => installDom());

  it('says the price class and whether a model reads images in its row', () => {
    assert.deepEqual(MODELS.map(modelOptionText), [
      'gpt-4.1-mini · $ · reads images',
      'llama3-local · price unknown',
      'auto (route by request) · reads images',
    ]);
  });

  it('shows the rows, the selected price on hover, and reports a choice by id', () => {
    const chosen: string[] = [];
    const picker = new ModelPicker((model) => chosen.push(model));
    picker.set(MODELS, 'gpt-4.1-mini');
    const rows = [...picker.element.querySelectorAll('option')];
    assert.deepEqual(
      rows.map((o) => [o.value, o.textContent]),
      MODELS.map((m) => [m.id, modelOptionText(m)]),
    );
    assert.equal(picker.element.title, 'gpt-4.1-mini: $0.4 in / $1.6 out per 1M tokens; reads images');
    assert.equal(picker.selected()?.id, 'gpt-4.1-mini');

    picker.element.value = 'llama3-local';
    picker.element.dispatchEvent(new window.Event('change'));
    assert.deepEqual(chosen, ['llama3-local']);
    assert.equal(picker.element.title, 'llama3-local: price unknown; text only');
  });

  it('redraws its rows when a price changes, and keeps the selection the host names', () => {
    const picker = new ModelPicker(() => undefined);
    picker.set(MODELS, 'auto');
    const repriced = MODELS.map((m) => (m.id === 'gpt-4.1-mini' ? { ...m, priceClass: '$$' as const } : m));
    picker.set(repriced, 'auto');
    assert.equal(picker.element.querySelector('option')!.textContent, 'gpt-4.1-mini · $$ · reads images');
    assert.equal(picker.value, 'auto');
  });
});
