// The index's embed function on the Workbench's embeddings door: every indexing and query request gets pacing,
// retries, the budget and a ledger line like any other request.
import type { BudgetDecision } from '../budget/budget';
import type { EmbeddingsApi } from '../workbench/embeddingsApi';
import { loadEmbeddingTokenCounter } from './embeddingTokens';
import type { EmbedFn } from './indexTypes';

export function embedThroughWorkbench(
  workbench: { embeddings: EmbeddingsApi },
  options: { feature?: string; confirmBudget?: (d: BudgetDecision) => Promise<boolean> } = {},
): EmbedFn {
  return async (request) => {
    let tokens = request.tokens;
    if (tokens === undefined) {
      const count = await loadEmbeddingTokenCounter();
      tokens = request.inputs.reduce((sum, text) => sum + count(text), 0);
    }
    const result = await workbench.embeddings.create({
      feature: options.feature ?? 'index',
      model: request.model,
      inputs: request.inputs,
      dimensions: request.dimensions,
      tokens,
      signal: request.signal,
      // A search is the user waiting; indexing is bulk work.
      priority: request.purpose === 'query' ? 'interactive' : 'background',
      ...(options.confirmBudget ? { confirmBudget: options.confirmBudget } : {}),
    });
    return { vectors: result.vectors, tokens: result.tokens };
  };
}
