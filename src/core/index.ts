// The core's public face: the host and the tests import from here and nowhere deeper.
export { ApiError } from './errors';
export type { ApiErrorKind, ApiErrorInit } from './errors';
export { createOpenAIClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from './openaiClient';
export type { OpenAIClientOptions, OpenAI } from './openaiClient';
