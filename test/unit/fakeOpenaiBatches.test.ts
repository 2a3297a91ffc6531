// The fake's files and batches through the official SDK over real HTTP: multipart upload validated against the
// spec, the lifecycle on the fake's clock, real answers per line, per-line errors, the API's limits, expiry, cancel.
import * as assert from 'node:assert/strict';
import OpenAI, { toFile, type APIError } from 'openai';
import { type FakeOpenAI, startFakeOpenAI } from '../fake-openai/server';
import { defaultSpecPath, loadSpec } from '../fake-openai/spec';

const line = (id: string, text: string, model = 'gpt-4.1-mini', url = '/v1/chat/completions') =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url,
    body: { model, messages: [{ role: 'user', content: text }] },
  });

interface AnswerBody {
  choices: { message: { content: string } }[];
  error: { type: string; code: string | null };
}

describe('fake OpenAI server: files and batches', () => {
  let fake: FakeOpenAI;
  let client: OpenAI;
  const spec = loadSpec(defaultSpecPath());

  before(async () => {
    fake = await startFakeOpenAI({ quiet: true, batchLimits: { maxRequests: 3, maxBytes: 4_000 } });
    client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  const uploadLines = async (lines: string[], purpose: 'batch' | 'user_data' = 'batch') =>
    client.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'in.jsonl'), purpose });
  const create = (fileId: string) =>
    client.batches.create({
      input_file_id: fileId,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
  const status = async (id: string) => (await client.batches.retrieve(id)).status;
  const lines = async (fileId: string | null | undefined) =>
    (await (await client.files.content(fileId!)).text())
      .split('\n')
      .filter(Boolean)
      .map(
        (l) =>
          JSON.parse(l) as {
            custom_id: string;
            response: { status_code: number; body: AnswerBody } | null;
            error: { code: string } | null;
          },
      );

  it('uploads a file (multipart, spec-validated), serves its content and deletes it', async () => {
    const file = await uploadLines([line('a', 'hello')]);
    assert.equal(file.purpose, 'batch');
    assert.match(file.id, /^file-/);
    const upload = fake.requests.find((r) => r.path === '/v1/files');
    assert.equal(upload?.status, 200);
    assert.match(await (await client.files.content(file.id)).text(), /"custom_id":"a"/);
    assert.equal((await client.files.delete(file.id)).deleted, true);
    await assert.rejects(client.files.retrieve(file.id), (e: APIError) => e.status === 404);
  });

  it('refuses an upload whose multipart fields break the spec (purpose not in the enum)', async () => {
    await assert.rejects(
      client.files.create({
        file: await toFile(Buffer.from('x'), 'x.jsonl'),
        purpose: 'nonsense' as 'batch',
      }),
      (e: APIError) => e.status === 400 && e.code === 'spec_violation' && /purpose/.test(e.message),
    );
  });

  it('runs validating → in_progress → finalizing → completed on the clock and answers every line', async () => {
    const file = await uploadLines([line('one', 'first file'), line('two', 'second file')]);
    const batch = await create(file.id);
    assert.equal(batch.status, 'validating');
    fake.clock.advance(1_000);
    assert.equal(await status(batch.id), 'in_progress');
    fake.clock.advance(1_500);
    const half = await client.batches.retrieve(batch.id);
    assert.equal(half.request_counts?.completed, 1);
    fake.clock.advance(1_500);
    assert.equal(await status(batch.id), 'finalizing');
    fake.clock.advance(1_000);
    const done = await client.batches.retrieve(batch.id);
    assert.equal(done.status, 'completed');
    assert.deepEqual(done.request_counts, { total: 2, completed: 2, failed: 0 });
    if (spec) assert.deepEqual(spec.validateComponent('BatchRequestCounts', done.request_counts), []);
    const out = await lines(done.output_file_id);
    assert.deepEqual(
      out.map((l) => l.custom_id),
      ['one', 'two'],
    );
    assert.equal(out[0]?.response?.status_code, 200);
    assert.match(out[0]?.response?.body.choices[0]?.message.content ?? '', /fake answer to: "first file"/);
    assert.equal(done.error_file_id, null);
  });

  it('fails a line on demand (and only as often as times=N says) with the error in the error file', async () => {
    const file = await uploadLines([line('ok', 'fine'), line('bad', 'broken [[fake:server_error;times=1]]')]);
    const batch = await create(file.id);
    fake.clock.advance(10_000);
    const done = await client.batches.retrieve(batch.id);
    assert.deepEqual(done.request_counts, { total: 2, completed: 1, failed: 1 });
    const errors = await lines(done.error_file_id);
    assert.equal(errors[0]?.custom_id, 'bad');
    assert.equal(errors[0]?.response?.status_code, 500);
    assert.equal(errors[0]?.response?.body.error.type, 'server_error');
    // The same line again: times=1 is used up, so now it is answered.
    const again = await create((await uploadLines([line('bad', 'broken [[fake:server_error;times=1]]')])).id);
    fake.clock.advance(10_000);
    assert.equal((await client.batches.retrieve(again.id)).request_counts?.completed, 1);
  });

  it('a line that breaks the chat spec fails alone with spec_violation', async () => {
    const bad = JSON.stringify({
      custom_id: 'typo',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }], max_token: 5 },
    });
    const batch = await create((await uploadLines([line('fine', 'x'), bad])).id);
    fake.clock.advance(10_000);
    const errors = await lines((await client.batches.retrieve(batch.id)).error_file_id);
    assert.ok(spec, `this test needs the OpenAI spec at ${defaultSpecPath()}`);
    assert.equal(errors[0]?.response?.body.error.code, 'spec_violation');
  });

  it('enforces the limits: requests per file, bytes per file, one model and one endpoint per file', async () => {
    const tooMany = await create((await uploadLines(['a', 'b', 'c', 'd'].map((id) => line(id, id)))).id);
    const twoModels = await create((await uploadLines([line('a', 'x'), line('b', 'y', 'gpt-4.1')])).id);
    const otherUrl = await create((await uploadLines([line('a', 'x', 'gpt-4.1-mini', '/v1/embeddings')])).id);
    fake.clock.advance(1_000);
    for (const [b, code] of [
      [tooMany, 'too_many_requests'],
      [twoModels, 'mismatched_model'],
      [otherUrl, 'mismatched_endpoint'],
    ] as const) {
      const got = await client.batches.retrieve(b.id);
      assert.equal(got.status, 'failed');
      assert.ok(
        got.errors?.data?.some((e) => e.code === code),
        `${code}: ${JSON.stringify(got.errors)}`,
      );
    }
    await assert.rejects(
      uploadLines([line('big', 'x'.repeat(5_000))]),
      (e: APIError) => e.status === 400 && e.code === 'file_too_large',
    );
  });

  it('expires half-way on demand: the finished half in the output, the rest batch_expired', async () => {
    const ids = ['a', 'b'];
    const batch = await create(
      (await uploadLines([line('a', 'x [[fake:batch_expire]]'), line('b', 'y')])).id,
    );
    fake.clock.advance(10_000);
    const got = await client.batches.retrieve(batch.id);
    assert.equal(got.status, 'expired');
    assert.deepEqual(
      (await lines(got.output_file_id)).map((l) => l.custom_id),
      ids.slice(0, 1),
    );
    const errors = await lines(got.error_file_id);
    assert.deepEqual(
      errors.map((l) => [l.custom_id, l.error?.code]),
      [['b', 'batch_expired']],
    );
  });

  it('cancels: cancelling, then cancelled with what had finished', async () => {
    const batch = await create((await uploadLines([line('a', 'x'), line('b', 'y')])).id);
    fake.clock.advance(1_000 + 1_500);
    const cancelling = await client.batches.cancel(batch.id);
    assert.equal(cancelling.status, 'cancelling');
    fake.clock.advance(1_000);
    const got = await client.batches.retrieve(batch.id);
    assert.equal(got.status, 'cancelled');
    assert.deepEqual(
      (await lines(got.output_file_id)).map((l) => l.custom_id),
      ['a'],
    );
    await assert.rejects(client.batches.cancel(batch.id), (e: APIError) => e.status === 409);
  });

  it('lists batches newest first', async () => {
    const file = await uploadLines([line('a', 'x')]);
    const first = await create(file.id);
    const second = await create(file.id);
    const page = await client.batches.list({ limit: 1 });
    assert.deepEqual(
      page.data.map((b) => b.id),
      [second.id],
    );
    assert.equal(page.has_more, true);
    assert.notEqual(first.id, second.id);
  });

  it('honours service_tier on chat and reports the tier it served with', async () => {
    const ask = (model: string, tier: 'flex' | 'priority' | 'auto') =>
      client.chat.completions.create({
        model,
        service_tier: tier,
        messages: [{ role: 'user', content: 'hi' }],
      });
    assert.equal((await ask('o4-mini', 'flex')).service_tier, 'flex');
    assert.equal((await ask('gpt-4.1-mini', 'flex')).service_tier, 'default');
    assert.equal((await ask('gpt-4.1-mini', 'priority')).service_tier, 'priority');
    assert.equal((await ask('gpt-4.1-mini', 'auto')).service_tier, 'default');
    await assert.rejects(
      client.chat.completions.create({
        model: 'o4-mini',
        service_tier: 'flex',
        messages: [{ role: 'user', content: 'busy [[fake:resource_unavailable]]' }],
      }),
      (e: APIError) => e.status === 429 && e.code === 'resource_unavailable',
    );
  });
});
