// Embedding requests packed to the API's caps, as few as the 2,048-input and 300,000-token limits allow.
import * as assert from 'node:assert/strict';
import { EMBEDDING_CAPS, minimumRequests, packRequests } from '../../src/core';
import { seededRandom } from '../helpers/prng';

function check(tokens: number[]) {
  const packed = packRequests(tokens);
  const seen = packed.flat().sort((a, b) => a - b);
  assert.deepEqual(
    seen,
    tokens.map((_, i) => i),
    'every input exactly once',
  );
  for (const req of packed) {
    assert.ok(req.length <= EMBEDDING_CAPS.maxInputsPerRequest);
    assert.ok(req.reduce((s, i) => s + tokens[i]!, 0) <= EMBEDDING_CAPS.maxTokensPerRequest);
    assert.deepEqual(
      req,
      [...req].sort((a, b) => a - b),
      'inputs keep their order inside a request',
    );
  }
  return packed;
}

describe('workspace index: request packing', () => {
  it('fills the input cap exactly: 2,048 inputs in one request, 2,049 in two', () => {
    assert.equal(check(new Array(2048).fill(10)).length, 1);
    assert.equal(check(new Array(2049).fill(10)).length, 2);
    assert.equal(check([]).length, 0);
  });

  it('fills the token cap exactly: 300,000 tokens in one request, one more in two', () => {
    assert.equal(check(new Array(375).fill(800)).length, 1); // 300,000
    assert.equal(check([...new Array(375).fill(800), 1]).length, 2);
    assert.equal(check(new Array(38).fill(8192)).length, 2); // 311,296 tokens: ⌈…/300k⌉ = 2
  });

  it('reaches the minimum the caps allow on mixed sizes', () => {
    const rnd = seededRandom(7);
    for (let round = 0; round < 20; round++) {
      const n = 500 + Math.floor(rnd() * 8000);
      const tokens = Array.from({ length: n }, () => 1 + Math.floor(rnd() * 800));
      assert.equal(check(tokens).length, minimumRequests(tokens), `round ${round}`);
    }
  });

  it('refuses an input over the per-input limit rather than send a request the API refuses', () => {
    assert.throws(() => packRequests([10, 8193]), /Input 1 has 8193 tokens, over the 8192/);
  });
});
