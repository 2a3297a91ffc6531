// Ordinary code must pass through untouched: a corpus of lockfiles, sources, configs and docs full of
// UUIDs, hashes, integrity strings, base64 blobs, colours and placeholder credentials yields zero
// findings, even with personal data on. The same corpus and this suite's own sources must also be clean
// for secretlint itself, so the repository never trips a secret scanner.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactSecrets, restoreSecrets } from '../../src/core';
import { secretSamples } from '../fixtures/redaction/fakeSecrets';

const CLEAN_DIR = join(__dirname, '../fixtures/redaction/clean');
const cleanFiles = readdirSync(CLEAN_DIR).sort();

describe('redaction: clean corpus', () => {
  it('has a realistic corpus to check', () => {
    assert.ok(cleanFiles.length >= 8, `only ${cleanFiles.length} corpus files`);
    const all = cleanFiles.map((name) => readFileSync(join(CLEAN_DIR, name), 'utf8')).join('\n');
    // The traps the corpus must contain for the zero-findings result to mean something.
    assert.match(all, /"integrity": "sha512-[A-Za-z0-9+/]{80,}={0,2}"/);
    assert.match(all, /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/);
    assert.match(all, /\b[0-9a-f]{64}\b/);
    assert.match(all, /\b[0-9a-f]{40}\b/);
    assert.match(all, /base64,[A-Za-z0-9+/]{200,}/);
    assert.match(all, /#[0-9a-f]{6}\b/);
    assert.match(all, /AKIAIOSFODNN7EXAMPLE/);
    assert.match(all, /password: changeme/);
  });

  for (const name of cleanFiles) {
    it(`${name}: zero findings, text unchanged`, async () => {
      const text = readFileSync(join(CLEAN_DIR, name), 'utf8');
      const result = await redactSecrets(text, { personalData: true });
      assert.deepEqual(
        result.found.map((x) => `${x.kind}: ${x.value}`),
        [],
      );
      assert.equal(result.text, text);
    });
  }

  it('round-trips a 200 KB mixed document exactly', async () => {
    const corpus = cleanFiles.map((name) => readFileSync(join(CLEAN_DIR, name), 'utf8')).join('\n');
    const samples = secretSamples(7);
    let doc = '';
    // Corpus copies with every planted secret in between, until at least 200 KB.
    for (let i = 0; doc.length < 200_000 || i < samples.length; i++) {
      doc += `${i % 4 === 0 ? corpus : ''}\n${samples[i % samples.length]?.text}\n`;
    }
    const result = await redactSecrets(doc, { personalData: true });
    // Exactly the planted secrets are found (the corpus contributes none), and none survives.
    assert.deepEqual(new Set(result.found.map((x) => x.value)), new Set(samples.map((s) => s.value)));
    for (const s of samples) assert.ok(!result.text.includes(s.value), s.name);
    assert.equal(restoreSecrets(result.text, result.found), doc);
  });
});

describe('redaction: the repository stays scanner-clean', () => {
  const files = [
    ...cleanFiles.map((name) => join(CLEAN_DIR, name)),
    join(__dirname, '../fixtures/redaction/fakeSecrets.ts'),
    join(__dirname, '../fixtures/redaction/gitleaksChecklist.ts'),
    join(__dirname, 'redaction.vendors.test.ts'),
    join(__dirname, 'redaction.test.ts'),
    join(__dirname, 'redaction.personalData.test.ts'),
    join(__dirname, 'redaction.corpus.test.ts'),
  ];
  for (const file of files) {
    it(`secretlint's recommended preset finds nothing in ${file.split('/').slice(-2).join('/')}`, async () => {
      const [{ lintSource }, { creator }] = await Promise.all([
        import('@secretlint/core'),
        import('@secretlint/secretlint-rule-preset-recommend'),
      ]);
      const result = await lintSource({
        source: { content: readFileSync(file, 'utf8'), filePath: file, ext: '.txt', contentType: 'text' },
        options: {
          config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] },
          maskSecrets: true,
          noPhysicFilePath: true,
        },
      });
      assert.deepEqual(
        result.messages.map((m) => m.message),
        [],
      );
    });
  }
});
