// The fake server's guards that other suites rely on: a missing spec stops the integration and UI runs instead of
// letting every request pass unchecked, and with key checking off it serves requests that carry no key at all
// (as Ollama, LM Studio or a local vLLM do).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI } from '../fake-openai/server';

const REPO = path.resolve(__dirname, '..', '..');

describe('fake OpenAI guards', () => {
  it('refuses to start without the spec when the spec is required', async () => {
    await assert.rejects(
      startFakeOpenAI({
        quiet: true,
        specPath: path.join(REPO, 'no-such-dir', 'openapi.yaml'),
        requireSpec: true,
      }),
      /spec is required but was not found at .*no-such-dir/,
    );
  });

  it('the integration runner and the UI harness start every fake with the spec required', () => {
    for (const file of ['scripts/runIntegration.ts', 'test/e2e/harness.ts']) {
      const source = fs.readFileSync(path.join(REPO, file), 'utf8');
      const starts = source.match(/startFakeOpenAI\([^)]*\)/g) ?? [];
      assert.ok(starts.length > 0, `${file} starts a fake`);
      for (const call of starts) assert.match(call, /requireSpec: true/, `${file}: ${call}`);
    }
  });

  it('with key checking off, a request without any key is served and carried no Authorization header', async () => {
    const fake = await startFakeOpenAI({ quiet: true, checkKeys: false });
    try {
      const res = await fetch(`${fake.baseURL}/models`);
      assert.equal(res.status, 200);
      assert.equal(fake.requests.at(-1)?.status, 200);
    } finally {
      await fake.close();
    }
  });

  it('with key checking on (the default), the same request is refused with 401', async () => {
    const fake = await startFakeOpenAI({ quiet: true });
    try {
      const res = await fetch(`${fake.baseURL}/models`);
      assert.equal(res.status, 401);
    } finally {
      await fake.close();
    }
  });
});
