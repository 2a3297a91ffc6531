// Embedding requests packed to the API's caps: at most 2,048 inputs and 300,000 tokens per request, 8,192 tokens
// per input. The fewest requests any packing can reach is max(⌈inputs / 2,048⌉, ⌈tokens / 300,000⌉); items are
// placed largest first into that many requests (each into the one with the most room left), and one more request
// is opened only when they do not fit.

export const EMBEDDING_CAPS = {
  maxInputsPerRequest: 2048,
  maxTokensPerRequest: 300_000,
  maxTokensPerInput: 8192,
} as const;

export interface Caps {
  maxInputsPerRequest: number;
  maxTokensPerRequest: number;
  maxTokensPerInput: number;
}

/** The least number of requests the caps allow for these token counts. */
export function minimumRequests(tokens: readonly number[], caps: Caps = EMBEDDING_CAPS): number {
  if (tokens.length === 0) return 0;
  const total = tokens.reduce((a, b) => a + b, 0);
  return Math.max(
    Math.ceil(tokens.length / caps.maxInputsPerRequest),
    Math.ceil(total / caps.maxTokensPerRequest),
  );
}

/**
 * Groups item indexes into requests. Each item's tokens must be ≤ maxTokensPerInput (the chunker guarantees far
 * less); a larger one throws, since the API would refuse the whole request.
 */
export function packRequests(tokens: readonly number[], caps: Caps = EMBEDDING_CAPS): number[][] {
  tokens.forEach((t, i) => {
    if (t > caps.maxTokensPerInput) {
      throw new RangeError(`Input ${i} has ${t} tokens, over the ${caps.maxTokensPerInput} the API takes.`);
    }
  });
  const order = tokens.map((_, i) => i).sort((a, b) => tokens[b]! - tokens[a]! || a - b);
  for (let bins = minimumRequests(tokens, caps); ; bins++) {
    const packed = tryPack(order, tokens, bins, caps);
    // Each request keeps the items in their original order, so results map back simply.
    if (packed) return packed.map((b) => b.sort((x, y) => x - y));
  }
}

function tryPack(
  order: number[],
  tokens: readonly number[],
  bins: number,
  caps: Caps,
): number[][] | undefined {
  const items: number[][] = Array.from({ length: bins }, () => []);
  const used = new Array<number>(bins).fill(0);
  // A binary heap would be faster; bins are few (≤ a few hundred for any real workspace).
  for (const i of order) {
    let best = -1;
    for (let b = 0; b < bins; b++) {
      if (items[b]!.length >= caps.maxInputsPerRequest) continue;
      if (used[b]! + tokens[i]! > caps.maxTokensPerRequest) continue;
      if (
        best < 0 ||
        used[b]! < used[best]! ||
        (used[b] === used[best] && items[b]!.length < items[best]!.length)
      ) {
        best = b;
      }
    }
    if (best < 0) return undefined;
    items[best]!.push(i);
    used[best]! += tokens[i]!;
  }
  return items.filter((b) => b.length > 0);
}
