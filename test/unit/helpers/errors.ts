// Assertions on rejected calls: the rejection must be our ApiError, and nothing about it may hold the key.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ApiError } from '../../../src/core';

export async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${inspect(err)}`);
    return err;
  }
  assert.fail('expected the call to reject');
}

/** Every way an error may be shown or logged: none of them may contain the key. */
export function assertNoSecret(err: unknown, secret: string): void {
  const views = [
    String(err),
    JSON.stringify(err),
    inspect(err, { depth: 20, showHidden: true, getters: true }),
    (err as Error).stack ?? '',
    JSON.stringify(
      Object.getOwnPropertyNames(err).map((k) => [k, inspect((err as Record<string, unknown>)[k])]),
    ),
  ];
  for (const v of views) assert.ok(!v.includes(secret), `the key leaked into: ${v.slice(0, 300)}`);
}
