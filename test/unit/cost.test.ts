// Costs against hand-computed figures (the arithmetic is written out next to each expectation).
import * as assert from 'node:assert/strict';
import { ModelCatalogue, computeCostUsd, estimateCostUsd, formatUsd } from '../../src/core';

const cat = new ModelCatalogue();
const price = (id: string) => cat.get(id).price;

describe('cost', () => {
  it('bills uncached input, cached input and output at their own prices', () => {
    // gpt-4.1: 10,000 prompt of which 2,048 cached, 500 completion
    // (10,000 − 2,048) × $2/1M + 2,048 × $0.50/1M + 500 × $8/1M = 0.015904 + 0.001024 + 0.004 = 0.020928
    const usd = computeCostUsd(
      { promptTokens: 10_000, cachedTokens: 2_048, completionTokens: 500, reasoningTokens: 0 },
      price('gpt-4.1'),
    );
    assert.equal(usd, 0.020928);
  });

  it('bills reasoning tokens as output once (they are part of completion tokens)', () => {
    // o4-mini: 1,000 prompt, 0 cached, 1,200 completion of which 1,000 reasoning
    // 1,000 × $1.10/1M + 1,200 × $4.40/1M = 0.0011 + 0.00528 = 0.00638
    const usd = computeCostUsd(
      { promptTokens: 1_000, cachedTokens: 0, completionTokens: 1_200, reasoningTokens: 1_000 },
      price('o4-mini'),
    );
    assert.equal(usd, 0.00638);
  });

  it('halves everything for the Batch API', () => {
    // gpt-4.1-nano: 1,000,000 prompt × $0.10/1M + 1,000,000 completion × $0.40/1M = 0.50; batch: 0.25
    const usage = {
      promptTokens: 1_000_000,
      cachedTokens: 0,
      completionTokens: 1_000_000,
      reasoningTokens: 0,
    };
    assert.equal(computeCostUsd(usage, price('gpt-4.1-nano')), 0.5);
    assert.equal(computeCostUsd(usage, price('gpt-4.1-nano'), { batch: true }), 0.25);
  });

  it('prices embeddings on input only', () => {
    // text-embedding-3-small: 50,000 tokens × $0.02/1M = 0.001
    const usage = { promptTokens: 50_000, cachedTokens: 0, completionTokens: 0, reasoningTokens: 0 };
    assert.equal(computeCostUsd(usage, price('text-embedding-3-small')), 0.001);
  });

  it('is null (unknown) for an unpriced model, never 0', () => {
    const usage = { promptTokens: 10, cachedTokens: 0, completionTokens: 10, reasoningTokens: 0 };
    assert.equal(computeCostUsd(usage, price('some-local-model')), null);
    assert.equal(estimateCostUsd(10, 10, null), null);
  });

  it('estimates the worst case: every prompt token uncached, the whole max output', () => {
    // gpt-4o: 2,000 × $2.50/1M + 16,384 × $10/1M = 0.005 + 0.16384 = 0.16884
    assert.equal(estimateCostUsd(2_000, 16_384, price('gpt-4o')), 0.16884);
  });

  it('formats small amounts with enough digits and unknown as such', () => {
    assert.equal(formatUsd(null), 'unknown');
    assert.equal(formatUsd(0), '$0');
    assert.equal(formatUsd(0.000123), '$0.000123');
    assert.equal(formatUsd(0.020928), '$0.0209');
    assert.equal(formatUsd(12.5), '$12.50');
  });
});
