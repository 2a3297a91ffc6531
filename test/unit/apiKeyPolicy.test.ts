// Key kinds, the rotation reminder, redaction, and the GET /v1/models check against the fake server over HTTP.
import * as assert from 'node:assert';
import * as net from 'node:net';
import {
  REMINDER_INTERVAL_MS,
  ROTATION_DAYS,
  classifyApiKey,
  createOpenAIClient,
  describeKeyKind,
  formatAge,
  keyAgeDays,
  keyLast4,
  redactKeys,
  shouldRemindRotation,
  verifyApiKey,
  ModelCatalogue,
  createWorkbench,
  type LedgerEntry,
} from '../../src/core';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const DAY = 24 * 60 * 60 * 1000;
const body = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';

describe('apiKeyPolicy: key kinds', () => {
  it('accepts project and service account keys without a warning', () => {
    assert.deepStrictEqual(classifyApiKey(`sk-proj-${body}`), { kind: 'project', accepted: true });
    assert.deepStrictEqual(classifyApiKey(`sk-svcacct-${body}`), { kind: 'service_account', accepted: true });
  });

  it('accepts a legacy user key with a warning that a project key is safer', () => {
    const c = classifyApiKey(`sk-${body}`);
    assert.strictEqual(c.kind, 'legacy_user');
    assert.strictEqual(c.accepted, true);
    assert.match(c.warning ?? '', /every project.*project key \(sk-proj-\)/);
  });

  it('refuses admin keys: they cannot call the model API', () => {
    const c = classifyApiKey(`sk-admin-${body}`);
    assert.strictEqual(c.kind, 'admin');
    assert.strictEqual(c.accepted, false);
    assert.match(c.reason ?? '', /cannot call the model API/);
  });

  it('refuses anything else with the reason', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      [`pk-${body}`, /starts with "sk-"/],
      [`sess-${body}`, /starts with "sk-"/],
      [`sk-proj-${body.slice(0, 10)} ${body}`, /spaces or characters/],
      [`sk-proj-${body}é`, /spaces or characters/],
      ['sk-proj-abc', /too short/],
    ];
    for (const [input, reason] of cases) {
      const c = classifyApiKey(input);
      assert.strictEqual(c.accepted, false, `"${input}" is refused`);
      assert.strictEqual(c.kind, 'invalid');
      assert.match(c.reason ?? '', reason);
    }
  });

  it('a custom endpoint takes any non-empty token as "custom", keeps OpenAI kinds and still refuses admin keys', () => {
    const custom = { customEndpoint: true };
    for (const token of ['ollama', 'lm-studio', 'sk-1234', 'hello-this-is-not-a-key-1234567890']) {
      assert.deepStrictEqual(classifyApiKey(token, custom), { kind: 'custom', accepted: true }, token);
    }
    assert.strictEqual(classifyApiKey(`sk-proj-${'a1'.repeat(20)}`, custom).kind, 'project');
    assert.strictEqual(classifyApiKey(`sk-admin-${'a1'.repeat(20)}`, custom).accepted, false);
    assert.strictEqual(classifyApiKey('two words', custom).accepted, false);
    assert.strictEqual(classifyApiKey('  ', custom).accepted, false);
    assert.strictEqual(classifyApiKey('ollama').accepted, false, 'api.openai.com still wants an OpenAI key');
    assert.strictEqual(describeKeyKind('custom'), 'custom endpoint token');
  });

  it('trims surrounding whitespace from a pasted key', () => {
    assert.strictEqual(classifyApiKey(`  sk-proj-${body}\n`).kind, 'project');
    assert.strictEqual(keyLast4(`sk-proj-${body}\n`), 'S9t0');
  });

  it('names each kind for messages', () => {
    assert.strictEqual(describeKeyKind('project'), 'project key');
    assert.strictEqual(describeKeyKind('service_account'), 'service account key');
    assert.strictEqual(describeKeyKind('legacy_user'), 'legacy user key');
    assert.strictEqual(describeKeyKind('admin'), 'admin key');
  });
});

describe('apiKeyPolicy: age and rotation reminder', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const daysAgo = (n: number): Date => new Date(now.getTime() - n * DAY);

  it('counts whole days and never goes negative', () => {
    assert.strictEqual(keyAgeDays(daysAgo(0), now), 0);
    assert.strictEqual(keyAgeDays(new Date(now.getTime() - DAY + 1), now), 0);
    assert.strictEqual(keyAgeDays(daysAgo(1), now), 1);
    assert.strictEqual(keyAgeDays(daysAgo(120), now), 120);
    assert.strictEqual(keyAgeDays(new Date(now.getTime() + DAY), now), 0);
    assert.deepStrictEqual([0, 1, 7].map(formatAge), ['today', '1 day', '7 days']);
  });

  it(`reminds only once a key is ${ROTATION_DAYS} days old`, () => {
    assert.strictEqual(shouldRemindRotation(undefined, undefined, now), false);
    assert.strictEqual(shouldRemindRotation(daysAgo(ROTATION_DAYS - 1), undefined, now), false);
    assert.strictEqual(shouldRemindRotation(daysAgo(ROTATION_DAYS), undefined, now), true);
    assert.strictEqual(shouldRemindRotation(daysAgo(400), undefined, now), true);
  });

  it('reminds at most once a day', () => {
    const old = daysAgo(100);
    assert.strictEqual(shouldRemindRotation(old, new Date(now.getTime() - 60_000), now), false);
    assert.strictEqual(
      shouldRemindRotation(old, new Date(now.getTime() - REMINDER_INTERVAL_MS + 1), now),
      false,
    );
    assert.strictEqual(shouldRemindRotation(old, new Date(now.getTime() - REMINDER_INTERVAL_MS), now), true);
  });
});

describe('apiKeyPolicy: redaction', () => {
  it('removes known keys and anything shaped like a key', () => {
    const key = `sk-proj-${body}`;
    const out = redactKeys(`using ${key}; env sk-${body}; odd secret-${body}`, [`secret-${body}`]);
    assert.ok(!out.includes(body), out);
    assert.strictEqual(out, 'using [redacted key]; env [redacted key]; odd [redacted key]');
  });

  it('removes bearer tokens too (one mechanism with the error-message scrubber)', () => {
    const out = redactKeys(`Authorization: Bearer tok_${body}`, []);
    assert.strictEqual(out, 'Authorization: [redacted key]');
  });

  it('leaves ordinary text and short values alone', () => {
    assert.strictEqual(redactKeys('project key …S9t0 works', ['abc']), 'project key …S9t0 works');
  });
});

describe('apiKeyPolicy: verifyApiKey (GET /v1/models through a Workbench, against the fake server)', () => {
  let fake: FakeOpenAI;
  let entries: LedgerEntry[];
  before(async () => {
    fake = await startFakeOpenAI({ quiet: true });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => (entries = []));

  /** The door Set API Key checks through: a Workbench over the candidate's client, recording to a ledger. */
  function door(options: { apiKey?: string; baseURL?: string; headers?: Record<string, string> } = {}) {
    return createWorkbench({
      client: createOpenAIClient({
        apiKey: options.apiKey ?? `sk-proj-${body}`,
        baseURL: options.baseURL ?? fake.baseURL,
        ...(options.headers ? { defaultHeaders: options.headers } : {}),
      }),
      ledger: { append: async (e: LedgerEntry) => void entries.push(e), flush: async () => undefined },
      catalogue: new ModelCatalogue(),
    });
  }

  it('reports ok with the model count for an accepted key, and the ledger has the request ($0)', async () => {
    const result = await verifyApiKey(door());
    assert.strictEqual(result.outcome, 'ok');
    assert.ok(result.outcome === 'ok' && result.modelCount > 0);
    const request = fake.requests.at(-1);
    assert.strictEqual(request?.method, 'GET');
    assert.strictEqual(request?.path, '/v1/models');
    assert.deepStrictEqual(
      entries.map((e) => [e.operation, e.model, e.feature, e.status, e.costUsd]),
      [['other', 'models.list', 'apiKey.verify', 'ok', 0]],
    );
  });

  it('reports rejected for a 401, recorded as an error, with no part of the key anywhere', async () => {
    const key = `sk-proj-rejectme${body}`;
    assert.deepStrictEqual(await verifyApiKey(door({ apiKey: key })), { outcome: 'rejected', status: 401 });
    assert.strictEqual(entries.length, 1);
    assert.strictEqual(entries[0]!.errorKind, 'auth');
    assert.ok(!JSON.stringify(entries).includes(body));
  });

  it('reports unchecked when the server fails (one attempt: the user waits) or cannot be reached', async () => {
    const before = fake.requests.length;
    assert.deepStrictEqual(await verifyApiKey(door({ headers: { 'x-fake-fault': 'server_error' } })), {
      outcome: 'unchecked',
      reason: 'the API answered HTTP 500',
    });
    assert.strictEqual(fake.requests.length - before, 1, 'not retried');

    const port = await closedPort();
    const result = await verifyApiKey(door({ baseURL: `http://127.0.0.1:${port}/v1` }));
    assert.strictEqual(result.outcome, 'unchecked');
    assert.match(result.outcome === 'unchecked' ? result.reason : '', /could not be reached/);
    assert.deepStrictEqual(
      entries.map((e) => e.status),
      ['error', 'error'],
    );
  });

  it('reports a cancelled check as unchecked', async () => {
    const abort = new AbortController();
    abort.abort();
    assert.deepStrictEqual(await verifyApiKey(door(), abort.signal), {
      outcome: 'unchecked',
      reason: 'the check was cancelled',
    });
  });
});

/** A port nothing listens on: bind one, then release it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
    });
  });
}
