// One error type for every failure of a call to the API, so the host can map each kind to a message and a
// next step without parsing strings. The key never reaches any field: messages are built from our own words
// and the API's error message, which never echoes a full key.

import type { ApiErrorKind } from '../shared/protocol';

export type { ApiErrorKind };

export interface ApiErrorInit {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  requestId?: string;
  partial?: string;
  /** Milliseconds the server asked us to wait (retry-after-ms, or retry-after in seconds × 1000), when it said. */
  retryAfterMs?: number;
  /** The API's own error code (e.g. `insufficient_quota`, `context_length_exceeded`). */
  code?: string;
  /** HTTP attempts made before giving up (retries and fallback models included). */
  attempts?: number;
  /** The model asked for on the attempt that failed. */
  model?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly requestId?: string;
  /** Content received before the failure: an aborted or broken stream never loses what arrived. */
  partial: string;
  readonly retryAfterMs?: number;
  readonly code?: string;
  /** Set by runChat when it gives up: how many HTTP attempts the call made. */
  attempts?: number;
  /** Set by runChat: the model asked for on the failing attempt. */
  model?: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status;
    this.requestId = init.requestId;
    this.partial = init.partial ?? '';
    this.retryAfterMs = init.retryAfterMs;
    this.code = init.code;
    this.attempts = init.attempts;
    this.model = init.model;
    // `cause` is deliberately not kept: SDK errors hold the request options, headers included.
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      requestId: this.requestId,
      code: this.code,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      model: this.model,
      partial: this.partial,
    };
  }
}

/** A model's edit that cannot be placed in the code it was asked about (the reason says why, for the user). */
export class UnplaceableEditError extends Error {
  constructor(readonly reason: string) {
    super(`the proposal cannot be shown: ${reason}`);
    this.name = 'UnplaceableEditError';
  }
}
