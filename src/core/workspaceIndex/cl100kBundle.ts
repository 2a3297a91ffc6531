// Entry of dist/tokenizer-cl100k.js: the embedding models' encoding in a bundle of its own, loaded by
// embeddingTokens.ts on the first count (the chat tokenizer, o200k_base, is dist/tokenizer.js).
const tokenizer = require('gpt-tokenizer/cjs/encoding/cl100k_base') as { countTokens(text: string): number };

export const countTokens = (text: string): number => tokenizer.countTokens(text);
