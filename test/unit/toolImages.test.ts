// Images tools return: which go to the model (a model that reads images; the API's types; 4 MB; four per call) and
// the note each result's text gets, and the chat session tells the tool loop whether its model reads images.
import * as assert from 'node:assert/strict';
import { MAX_IMAGES_PER_CALL, sortImages, type ChatTurnRequest } from '../../src/core';
import { createChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';

const png = { mimeType: 'image/png', data: Buffer.from('png!').toString('base64') };

describe('tool images', () => {
  const h = useFakeOpenAI();

  it('sends readable images to a model that reads them and notes the rest with the reason', () => {
    const svg = { mimeType: 'image/svg+xml', data: png.data };
    const huge = { mimeType: 'image/png', data: Buffer.alloc(4 * 1024 * 1024 + 3).toString('base64') };
    const { sent, note } = sortImages([png, svg, huge], true);
    assert.deepEqual(sent, [png]);
    assert.deepEqual(note.trim().split('\n'), [
      '[image 1: image/png, 4 bytes, attached after the tool results]',
      '[image 2: image/svg+xml, 4 bytes, left out: not a type the model reads]',
      `[image 3: image/png, ${4 * 1024 * 1024 + 3} bytes, left out: over 4 MB]`,
    ]);
    const many = sortImages(
      Array.from({ length: MAX_IMAGES_PER_CALL + 1 }, () => png),
      true,
    );
    assert.equal(many.sent.length, MAX_IMAGES_PER_CALL);
    assert.match(many.note, /image 5: image\/png, 4 bytes, left out: at most 4 per call/);
  });

  it('sends none to a model that does not read images, and says so', () => {
    const { sent, note } = sortImages([png], false);
    assert.deepEqual(sent, []);
    assert.equal(note, '\n[image 1: image/png, 4 bytes, not shown: this model does not read images]');
    assert.deepEqual(sortImages([], true), { sent: [], note: '' });
  });

  it('the chat session asks the catalogue whether the conversation’s model reads images', async () => {
    const seen: ChatTurnRequest[] = [];
    const chat = await createChatHarness({
      client: h.client(),
      settings: { defaultModel: 'gpt-4.1-mini', models: ['text-only-local'] },
      backend: async (request) => {
        seen.push(request);
        return { model: request.model };
      },
    });
    try {
      await chat.session.send('With images?', [], false);
      await chat.session.handle({ type: 'setModel', model: 'text-only-local' });
      await chat.session.send('And now?', [], false);
      assert.deepEqual(
        seen.map((r) => [r.model, r.readsImages === true]),
        [
          ['gpt-4.1-mini', true],
          ['text-only-local', false],
        ],
      );
    } finally {
      await chat.close();
    }
  });
});
