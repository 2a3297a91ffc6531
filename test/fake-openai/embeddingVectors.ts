// Deterministic stand-in for an embedding model: the same text always gives the same vector, and texts that share
// words and identifiers give close vectors. Each word and each sub-token of an identifier (`retryAfterMs` → retry,
// after, ms) is hashed to a dimension with a hashed sign, weighted by 1 + log(count), and the vector is normalised
// to length 1 like the API's. Common English words carry little weight, so a question ("where do we retry on
// 429?") lands near the code that holds its content words.

const STOP_WORDS = new Set(
  (
    'a an and are as at be by can do does for from how i if in into is it its of on or our so that the their ' +
    'then there this to was we what when where which who why will with you your get set use used uses using'
  ).split(' '),
);

/** FNV-1a, 32 bits. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A light stem so that "retries", "retrying" and "retried" meet "retry". */
function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Words (lower-cased, stemmed) and, for identifiers, their parts; each with its weight. */
export function textFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (f: string, w: number): void => {
    features.set(f, (features.get(f) ?? 0) + w);
  };
  for (const word of text.match(/[A-Za-z0-9_$]+/g) ?? []) {
    const lower = word.toLowerCase();
    const parts = word
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_$]+/)
      .map((p) => p.toLowerCase())
      .filter((p) => p.length > 0);
    const whole = stem(lower.replace(/[_$]/g, ''));
    if (whole && !STOP_WORDS.has(lower)) add(`w:${whole}`, 1);
    if (parts.length > 1) {
      for (const part of parts) if (!STOP_WORDS.has(part)) add(`w:${stem(part)}`, 0.8);
    }
  }
  return features;
}

/** The unit-length vector of `dimensions` floats for a text. */
export function embedText(text: string, dimensions: number): Float32Array {
  return vectorOf(textFeatures(text), dimensions);
}

/** Token-id input (arrays of integers): each id is a feature. */
export function embedTokens(tokens: number[], dimensions: number): Float32Array {
  const features = new Map<string, number>();
  for (const t of tokens) features.set(`t:${t}`, (features.get(`t:${t}`) ?? 0) + 1);
  return vectorOf(features, dimensions);
}

function vectorOf(features: Map<string, number>, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  for (const [feature, count] of features) {
    const weight = 1 + Math.log(count);
    // Two slots per feature keep collisions from cancelling a feature out entirely in small dimensions.
    for (const seed of [0, 1]) {
      const h = hash32(feature, seed);
      v[h % dimensions]! += (h & 0x80000000 ? -1 : 1) * weight;
    }
  }
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += v[i]! * v[i]!;
  if (norm === 0) {
    // A text of stop words only still gets a valid unit vector (the API never returns zeros).
    v[hash32('empty', 7) % dimensions] = 1;
    return v;
  }
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) v[i]! *= inv;
  return v;
}

/** float32 little-endian bytes, base64: what `encoding_format: "base64"` returns. */
export function toBase64(v: Float32Array): string {
  const bytes = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) bytes.writeFloatLE(v[i]!, i * 4);
  return bytes.toString('base64');
}
