// "Does this string look machine-generated?" Real credentials are random; ordinary words, identifiers
// and config values are not. Shannon entropy alone is length-bound (an 8-char string tops out at 3 bits
// per char), so the decision also weighs how many character classes the value mixes.

/** Bits of Shannon entropy per character of `value` (0 for the empty string). */
function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower case, upper case, digits and other symbols `value` uses (0..4). */
function characterClasses(value: string): number {
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  if (/[^A-Za-z0-9]/.test(value)) classes++;
  return classes;
}

const MIN_SECRET_LENGTH = 8;
/** Entropy a value of two character classes needs (a 16-char random hex string has ~3.5). */
const ENTROPY_THRESHOLD = 3.0;
/** A value mixing three or more classes is accepted a little lower: short human passwords. */
const ENTROPY_THRESHOLD_MIXED = 2.5;

/**
 * True when `value` is long enough and random-looking enough to be a credential rather than a word,
 * a number or an identifier. Pure digits never count (ports, counts, timestamps).
 */
export function looksRandom(value: string, minLength = MIN_SECRET_LENGTH): boolean {
  if (value.length < minLength) return false;
  if (/^[0-9.,_-]+$/.test(value)) return false;
  const classes = characterClasses(value);
  if (classes < 2) return false;
  const entropy = shannonEntropy(value);
  return entropy >= ENTROPY_THRESHOLD || (classes >= 3 && entropy >= ENTROPY_THRESHOLD_MIXED);
}
