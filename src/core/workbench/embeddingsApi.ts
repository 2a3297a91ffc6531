// POST /v1/embeddings as a Workbench operation over the generic door (call.ts): pacing (background priority by
// default, so indexing never holds up the chat; the request's tokens count against the token rate limit), the
// budget checked with the request's estimated cost, retries, abort and a priced ledger line.
import type { ModelCatalogue } from '../models/catalogue';
import { computeCostUsd } from '../cost/cost';
import type { BudgetDecision } from '../budget/budget';
import type { Door } from './batchApi';
import type { RequestPriority } from './scheduler';

export interface EmbeddingsRequest {
  feature: string;
  model: string;
  inputs: string[];
  dimensions?: number;
  /** Tokens of all inputs (cl100k_base), for pacing and the budget estimate. */
  tokens: number;
  signal?: AbortSignal;
  priority?: RequestPriority;
  confirmBudget?: (decision: BudgetDecision) => Promise<boolean>;
}

export interface EmbeddingsResult {
  /** One vector per input, in input order. */
  vectors: Float32Array[];
  tokens: number;
  costUsd: number | null;
}

export interface EmbeddingsApi {
  create(request: EmbeddingsRequest): Promise<EmbeddingsResult>;
}

export function createEmbeddingsApi(call: Door, catalogue: () => ModelCatalogue): EmbeddingsApi {
  return {
    async create(request) {
      const price = catalogue().get(request.model).price;
      const cost = (tokens: number) =>
        computeCostUsd(
          { promptTokens: tokens, cachedTokens: 0, completionTokens: 0, reasoningTokens: 0 },
          price,
        );
      const { value } = await call(
        'embedding',
        {
          feature: request.feature,
          model: request.model,
          signal: request.signal,
          priority: request.priority ?? 'background',
          tokens: request.tokens,
          estimate: { promptTokens: request.tokens, maxOutputTokens: 0, costUsd: cost(request.tokens) },
          confirmBudget: request.confirmBudget,
        },
        async ({ client, signal }) => {
          const { data, response } = await client.embeddings
            .create(
              {
                model: request.model,
                input: request.inputs,
                ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
              },
              { signal },
            )
            .withResponse();
          const vectors: Float32Array[] = new Array(request.inputs.length);
          for (const d of data.data) vectors[d.index] = Float32Array.from(d.embedding);
          const tokens = data.usage.prompt_tokens;
          return {
            value: { vectors, tokens, costUsd: cost(tokens) },
            requestId: response.headers.get('x-request-id') ?? undefined,
            model: data.model,
            tokens: { prompt: tokens },
            costUsd: cost(tokens),
          };
        },
      );
      return value;
    },
  };
}
