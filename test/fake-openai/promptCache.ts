// Prompt caching as the API reports it: when a prompt repeats a prefix of at least 1,024 tokens of an earlier
// request, `usage.prompt_tokens_details.cached_tokens` is that prefix rounded down to 128-token steps.
// Tokens are approximated as characters / 4, which is all the tests need.

const MIN_CACHED_TOKENS = 1024;
const GRANULARITY = 128;
const MEMORY = 200;

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export class PromptCache {
  private prompts: string[] = [];

  /** Returns the cached tokens for this prompt, then remembers it for later requests. */
  observe(prompt: string): number {
    let longest = 0;
    for (const earlier of this.prompts) {
      const max = Math.min(earlier.length, prompt.length);
      if (max / 4 < MIN_CACHED_TOKENS || max <= longest) continue;
      let i = 0;
      while (i < max && earlier.charCodeAt(i) === prompt.charCodeAt(i)) i++;
      longest = Math.max(longest, i);
    }
    this.prompts.push(prompt);
    if (this.prompts.length > MEMORY) this.prompts.shift();
    const tokens = Math.floor(longest / 4);
    return tokens < MIN_CACHED_TOKENS ? 0 : Math.floor(tokens / GRANULARITY) * GRANULARITY;
  }

  clear(): void {
    this.prompts = [];
  }
}
