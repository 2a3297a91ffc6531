// The question before the first full index: files, chunks, tokens, requests, and the cost at the interactive and
// at the Batch price, both the catalogue's (priceForTier), so a listed batch price is the one shown.
import * as assert from 'node:assert/strict';
import {
  ModelCatalogue,
  asksCostQuestion,
  indexCost,
  indexCostQuestion,
  type ModelInfo,
} from '../../src/core';

const summary = { files: 12, pendingChunks: 340, pendingTokens: 1_250_000, requests: 5 };

describe('workspace index: the cost question', () => {
  it('names files, chunks, tokens, requests and both prices of the catalogue', () => {
    const info = new ModelCatalogue().get('text-embedding-3-small');
    assert.equal(
      indexCostQuestion(summary, info),
      'Index 12 files: 340 chunks, 1,250,000 tokens in 5 requests to text-embedding-3-small — ' +
        'about $0.0250 (Batch price $0.0125).',
    );
  });

  it('takes the batch price the catalogue lists, not a rule of its own', () => {
    const base = new ModelCatalogue().get('text-embedding-3-large');
    const listed: ModelInfo = {
      ...base,
      id: 'embed-x',
      price: { ...base.price!, inputPerM: 1 },
      tierPrices: { batch: { ...base.price!, inputPerM: 0.2 } },
    };
    assert.deepEqual(indexCost(1_000_000, listed), { interactiveUsd: 1, batchUsd: 0.2 });
    assert.match(
      indexCostQuestion({ ...summary, requests: 1 }, listed),
      / in 1 request to embed-x — about \$1\.25 \(Batch price \$0\.2500\)\.$/,
    );
  });

  it('says the cost is unknown for a model without a price', () => {
    const unknown = new ModelCatalogue().get('my-local-embedder');
    assert.equal(unknown.price, null);
    assert.match(indexCostQuestion(summary, unknown), /— cost unknown \(no price for this model\)\.$/);
  });

  it('is asked before a first or resumed full index, and when most chunks are new (a folder was added)', () => {
    const ready = { state: 'ready', files: 3, chunks: 100, embedded: 100 } as const;
    assert.equal(asksCostQuestion({ state: 'empty' }, { chunks: 100, pendingChunks: 100 }), true);
    assert.equal(
      asksCostQuestion({ ...ready, state: 'partial', embedded: 90 }, { chunks: 100, pendingChunks: 10 }),
      true,
    );
    assert.equal(asksCostQuestion(ready, { chunks: 100, pendingChunks: 3 }), false, 'an update is not asked');
    assert.equal(asksCostQuestion(ready, { chunks: 200, pendingChunks: 150 }), true);
    assert.equal(asksCostQuestion({ state: 'empty' }, { chunks: 0, pendingChunks: 0 }), false);
  });
});
