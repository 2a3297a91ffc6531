// Entry of dist/tokenizer.js: gpt-tokenizer's o200k_base in a bundle of its own, so the extension's main bundle
// does not carry (or parse at activation) its 2.7 MB of tables. src/core/tokens.ts loads it on the first count.
// (require, not import: the package exports `./cjs/*` under the `require` condition only.)
const tokenizer = require('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens(text: string): number };

export const countTokens = (text: string): number => tokenizer.countTokens(text);
