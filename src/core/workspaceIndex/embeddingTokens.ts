// Tokens as the embedding models count them: cl100k_base (text-embedding-3-*), not the o200k_base of the chat
// models. Loaded on first use; in the extension it is its own bundle, dist/tokenizer-cl100k.js (esbuild.js).
import type { TokenCounter } from '../tokens';

declare const __CL100K_BUNDLE__: string | undefined;

let counter: Promise<TokenCounter> | undefined;

export function loadEmbeddingTokenCounter(): Promise<TokenCounter> {
  counter ??= Promise.resolve().then(() => {
    const m = (
      typeof __CL100K_BUNDLE__ === 'string'
        ? require(__CL100K_BUNDLE__)
        : require('gpt-tokenizer/cjs/encoding/cl100k_base')
    ) as { countTokens(text: string): number };
    return (text: string) => m.countTokens(text);
  });
  return counter;
}
