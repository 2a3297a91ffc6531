// Redaction runs on every request of a session that lasts for days: a scan must leave nothing behind. secretlint
// marks every rule of every scan on Node's global performance timeline, and its profiler keeps each entry in an
// array it searches on every new one — memory that grows without bound and scans that get slower with every
// request. The adapter turns that profiling off; this test measures the timeline, not time.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { redactSecrets } from '../../src/core';

describe('redaction: nothing accumulates across scans', () => {
  it('leaves no performance marks or measures behind, however many texts are scanned', async () => {
    await redactSecrets('warm up: aws_access_key_id = AKIAIOSFODNN7EXAMPL3');
    const marks = () =>
      performance.getEntriesByType('mark').length + performance.getEntriesByType('measure').length;
    const before = marks();
    for (let i = 0; i < 25; i++)
      await redactSecrets(`const token = "ghp_${'x'.repeat(30)}${i}"; // request ${i}`);
    // The profiler measures in microtasks after its observer ran: let every queued callback happen first.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(marks() - before, 0, 'no entry was added to the global performance timeline');
  });
});
