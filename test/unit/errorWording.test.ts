// Failure wording has one owner, the core's describeError: the cause in words and the next steps as data, for
// chat turns and tasks alike (the host only makes buttons of the steps).
import * as assert from 'node:assert/strict';
import {
  ApiError,
  TaskOutputError,
  TaskTooLargeError,
  UnplaceableEditError,
  UserTaskError,
  WorkbenchError,
  asTaskFailure,
  describeError,
  formatDuration,
  type ApiErrorKind,
} from '../../src/core';
import { API_ERROR_KINDS, FAILURE_KINDS } from '../../src/shared/protocol';

const api = (kind: ApiErrorKind, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
  new ApiError({ kind, message: `core words for ${kind}`, ...extra });
const steps = (d: ReturnType<typeof describeError>) => (d?.steps ?? []).map((s) => s.action.step);

describe('failure wording (describeError)', () => {
  it('words every ApiError kind, with a kind of the protocol; a cancellation is not shown', () => {
    for (const kind of API_ERROR_KINDS) {
      const d = describeError(api(kind), { title: 'Explain' });
      if (kind === 'aborted') {
        assert.equal(d, undefined);
        continue;
      }
      assert.ok(d, kind);
      assert.equal(d.kind, kind);
      assert.ok(FAILURE_KINDS.includes(d.kind));
      assert.match(d.message, /^Explain: /, `${kind} starts with the title`);
    }
    assert.equal(describeError(new WorkbenchError('cancelled', 'no')), undefined);
  });

  it('calls a quota error a billing matter, never a rate limit, and offers the billing page', () => {
    const d = describeError(api('quota', { status: 429, code: 'insufficient_quota' }), { retryable: true })!;
    assert.match(d.message, /not a rate limit/);
    assert.deepEqual(steps(d), ['openBilling'], 'no Retry: retrying does not help');
  });

  it('a too-long chat asks for a new chat; a too-large task asks for less code and never for a new chat', () => {
    const chat = describeError(api('context_length', { model: 'gpt-4.1-mini' }))!;
    assert.match(chat.message, /Start a new chat/);
    assert.deepEqual(steps(chat), ['newChat']);
    const task = describeError(api('context_length'), { title: 'Explain', task: true })!;
    assert.doesNotMatch(task.message, /new chat/i);
    assert.match(task.message, /Select less code/);
    assert.deepEqual(steps(task), ['openSetting']);
  });

  it('Explain of a too-large selection (also when shown in the chat view) says what to select instead', () => {
    const check = { promptTokens: 9000, reservedOutput: 1000, contextWindow: 8000, fits: false };
    for (const err of [new TaskTooLargeError(check), asTaskFailure(api('context_length'))]) {
      assert.ok(err instanceof TaskTooLargeError);
      // The chat view's presentation passes no task flag: the error itself says it is a task's.
      const d = describeError(err, { title: 'Explain' })!;
      assert.equal(d.kind, 'too_large');
      assert.doesNotMatch(d.message, /new chat/i);
      assert.match(d.message, /Select less code, or put the cursor inside one function/);
    }
    assert.match(describeError(new TaskTooLargeError(check))!.message, /9,000 tokens plus 1,000/);
    const other = api('server');
    assert.equal(asTaskFailure(other), other, 'other failures pass through');
  });

  it('an edit that cannot be placed names the reason, for built-in and user tasks alike, with Retry', () => {
    const err = new UnplaceableEditError('the model changed lines outside the selection');
    const d = describeError(err, { title: 'My Refactor', task: true, retryable: true })!;
    assert.equal(d.kind, 'unplaceable');
    assert.equal(
      d.message,
      'My Refactor: the proposal cannot be shown: the model changed lines outside the selection.',
    );
    assert.doesNotMatch(d.message, /unexpectedly/);
    assert.deepEqual(steps(d), ['retry']);
  });

  it('offers Retry only where trying again can help, and only when the caller can retry', () => {
    for (const kind of ['rate_limit', 'network', 'timeout', 'server'] as const) {
      assert.equal(steps(describeError(api(kind), { retryable: true }))[0], 'retry', kind);
      assert.ok(!steps(describeError(api(kind))).includes('retry'), `${kind} without a way to retry`);
    }
    for (const kind of ['auth', 'permission', 'quota', 'content_filter', 'not_found'] as const)
      assert.ok(!steps(describeError(api(kind), { retryable: true })).includes('retry'), kind);
  });

  it('a fault of ours is kind unexpected, points at the log, and never shows its own text', () => {
    const d = describeError(new Error('disk on fire at /secret/path'), { retryable: true })!;
    assert.equal(d.kind, 'unexpected');
    assert.doesNotMatch(d.message, /disk on fire/);
    assert.deepEqual(steps(d), ['showLog']);
  });

  it('task-specific failures: an invalid answer offers its raw text, a broken task file names itself', () => {
    const invalid = describeError(new TaskOutputError('The answer is not valid.', '{"a":', ['bad']))!;
    assert.deepEqual(invalid.steps[0]!.action, { step: 'showRawAnswer', text: '{"a":' });
    const file = describeError(new UserTaskError('tasks/x.json', 'no name'))!;
    assert.equal(file.kind, 'task_file');
    assert.equal(file.message, 'Task file tasks/x.json: no name');
  });

  it('policy refusals are warnings with the setting to change', () => {
    const d = describeError(new WorkbenchError('budget_blocked', 'Over the daily budget.'))!;
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.steps[0]!.action, { step: 'openSetting', setting: 'gptWorkbench.budget' });
  });

  it('says every duration one way: ms below a second, else whole seconds rounded up', () => {
    assert.equal(formatDuration(250), '250 ms');
    assert.equal(formatDuration(999.6), '1 s');
    assert.equal(formatDuration(1000), '1 s');
    assert.equal(formatDuration(1001), '2 s');
    assert.equal(formatDuration(30_000), '30 s');
    const d = describeError(api('rate_limit', { retryAfterMs: 1500 }))!;
    assert.match(d.message, /wait 2 s before retrying/);
  });
});
