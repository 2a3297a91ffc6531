// POST /v1/embeddings (text-embedding-3-small / -large). Vectors are deterministic (embeddingVectors.ts). The API's
// limits are enforced with its error bodies: ≤ 2,048 inputs (the spec's maxItems, checked before this route),
// no empty string, ≤ 8,192 tokens per input, ≤ 300,000 tokens summed over a request, `dimensions` between 1 and
// the model's native size. Tokens are counted with cl100k_base, the encoding of these models.
import { sendError, sendJson, type ApiErrorBody } from '../http';
import { findModel } from '../models';
import type { Route } from '../types';
import { embedText, embedTokens, toBase64 } from '../embeddingVectors';

const countTokens = (
  require('gpt-tokenizer/cjs/encoding/cl100k_base') as { countTokens(text: string): number }
).countTokens;

export const EMBEDDING_LIMITS = {
  maxInputs: 2048,
  maxTokensPerInput: 8192,
  maxTokensPerRequest: 300_000,
} as const;

const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
};

type EmbeddingInput = string | string[] | number[] | number[][];

export interface EmbeddingBody {
  input: EmbeddingInput;
  model: string;
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
}

type Item = { text: string } | { tokens: number[] };

function itemsOf(input: EmbeddingInput): Item[] {
  if (typeof input === 'string') return [{ text: input }];
  if (input.length > 0 && typeof input[0] === 'number') return [{ tokens: input as number[] }];
  return (input as Array<string | number[]>).map((i) =>
    typeof i === 'string' ? { text: i } : { tokens: i },
  );
}

const invalid = (message: string, param: string | null = null, code: string | null = null) => ({
  message,
  type: 'invalid_request_error',
  param,
  code,
});

/** The answer to one embeddings body: the route sends it, and the fake's batches answer their lines with it. */
export type EmbeddingsAnswer =
  { status: 200; body: Record<string, unknown>; tokens: number } | { status: number; error: ApiErrorBody };

export function answerEmbeddings(body: EmbeddingBody): EmbeddingsAnswer {
  const fail = (status: number, error: ApiErrorBody): EmbeddingsAnswer => ({ status, error });
  const native = NATIVE_DIMENSIONS[body.model];
  if (native === undefined) {
    return fail(
      400,
      invalid(`The model \`${body.model}\` is not an embedding model.`, 'model', 'invalid_model'),
    );
  }
  const dimensions = body.dimensions ?? native;
  if (dimensions > native) {
    return fail(
      400,
      invalid(
        `This model's maximum dimensions is ${native}, but ${dimensions} were requested.`,
        'dimensions',
        'invalid_value',
      ),
    );
  }
  const items = itemsOf(body.input);
  if (items.length > EMBEDDING_LIMITS.maxInputs) {
    return fail(
      400,
      invalid(`'$.input' is invalid: at most ${EMBEDDING_LIMITS.maxInputs} inputs per request.`, 'input'),
    );
  }
  let total = 0;
  for (const item of items) {
    if ('text' in item && item.text === '') {
      return fail(
        400,
        invalid(
          "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
        ),
      );
    }
    const tokens = 'text' in item ? countTokens(item.text) : item.tokens.length;
    if (tokens > EMBEDDING_LIMITS.maxTokensPerInput) {
      return fail(
        400,
        invalid(
          `This model's maximum context length is ${EMBEDDING_LIMITS.maxTokensPerInput} tokens, however you requested ${tokens} tokens (${tokens} in your prompt; 0 for the completion). Please reduce your prompt; or completion length.`,
        ),
      );
    }
    total += tokens;
  }
  if (total > EMBEDDING_LIMITS.maxTokensPerRequest) {
    return fail(400, {
      message: `Requested ${total} tokens, max ${EMBEDDING_LIMITS.maxTokensPerRequest} tokens per request`,
      type: 'max_tokens_per_request',
      param: null,
      code: 'max_tokens_per_request',
    });
  }
  const base64 = body.encoding_format === 'base64';
  const data = items.map((item, index) => {
    const v = 'text' in item ? embedText(item.text, dimensions) : embedTokens(item.tokens, dimensions);
    return { object: 'embedding', index, embedding: base64 ? toBase64(v) : Array.from(v) };
  });
  return {
    status: 200,
    tokens: total,
    body: {
      object: 'list',
      data,
      model: findModel(body.model)?.snapshot ?? body.model,
      usage: { prompt_tokens: total, total_tokens: total },
    },
  };
}

export const embeddings: Route = {
  method: 'POST',
  pattern: '/embeddings',
  model: (body) => (body as { model?: string }).model,
  markerText: (body) => {
    const input = (body as { input?: unknown }).input;
    if (typeof input === 'string') return input;
    return Array.isArray(input) ? input.filter((i) => typeof i === 'string').join('\n') : '';
  },
  handle: (ctx) => {
    const answer = answerEmbeddings(ctx.body as EmbeddingBody);
    if ('error' in answer) return sendError(ctx, answer.status, answer.error);
    sendJson(ctx, 200, answer.body);
  },
};
