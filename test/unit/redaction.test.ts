// Secret redaction: every format the issue names is found with the right kind, replaced by a stable
// placeholder and restored exactly; placeholders and documented examples pass through untouched.
// All secrets are fabricated at run time (test/fixtures/redaction/fakeSecrets.ts), never stored.
import * as assert from 'node:assert/strict';
import { describeRedactions, redactSecrets, restoreSecrets, type RedactionFinding } from '../../src/core';
import { FakeSecrets, secretSamples } from '../fixtures/redaction/fakeSecrets';

const samples = secretSamples();
const f = new FakeSecrets(99);

async function assertRoundTrip(text: string): Promise<RedactionFinding[]> {
  const result = await redactSecrets(text);
  assert.equal(restoreSecrets(result.text, result.found), text);
  return result.found;
}

describe('redaction: each secret format', () => {
  for (const sample of samples) {
    it(`${sample.name} → ${sample.kind}`, async () => {
      const result = await redactSecrets(sample.text);
      assert.deepEqual(
        result.found.map((x) => [x.kind, x.value]),
        [[sample.kind, sample.value]],
      );
      assert.ok(!result.text.includes(sample.value), 'the secret must not survive');
      assert.equal(result.text, sample.text.replace(sample.value, `«REDACTED:${sample.kind}_1»`));
      assert.equal(restoreSecrets(result.text, result.found), sample.text);
    });
  }

  it('finds every sample in one document and restores it byte for byte', async () => {
    const doc = samples.map((s) => s.text).join('\n\n');
    const result = await redactSecrets(doc);
    assert.equal(result.found.length, samples.length);
    for (const s of samples) assert.ok(!result.text.includes(s.value), s.name);
    assert.equal(restoreSecrets(result.text, result.found), doc);
  });

  it('covers every kind the issue lists', () => {
    const kinds = new Set(samples.map((s) => s.kind));
    for (const kind of [
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_TOKEN',
      'GITLAB_TOKEN',
      'SLACK_TOKEN',
      'SLACK_WEBHOOK',
      'STRIPE_KEY',
      'GOOGLE_API_KEY',
      'AZURE_STORAGE_KEY',
      'JWT',
      'PRIVATE_KEY',
      'DATABASE_PASSWORD',
      'NPM_TOKEN',
      'SENDGRID_API_KEY',
      'TWILIO_API_KEY',
      'TWILIO_AUTH_TOKEN',
      'PASSWORD',
      'SECRET',
      'TOKEN',
      'API_KEY',
    ]) {
      assert.ok(kinds.has(kind), kind);
    }
  });
});

describe('redaction: placeholders', () => {
  it('gives one placeholder per distinct value, numbered per kind in order of appearance', async () => {
    const a = `gh${'p_'}${f.alnum(36)}`;
    const b = `gh${'p_'}${f.alnum(36)}`;
    const text = `first=${a}\nsecond=${b}\nagain=${a}\n`;
    const result = await redactSecrets(text);
    assert.deepEqual(
      result.found.map((x) => [x.value, x.placeholder]),
      [
        [a, '«REDACTED:GITHUB_TOKEN_1»'],
        [b, '«REDACTED:GITHUB_TOKEN_2»'],
      ],
    );
    assert.equal(
      result.text,
      'first=«REDACTED:GITHUB_TOKEN_1»\nsecond=«REDACTED:GITHUB_TOKEN_2»\nagain=«REDACTED:GITHUB_TOKEN_1»\n',
    );
  });

  it('is deterministic across calls', async () => {
    const doc = samples.map((s) => s.text).join('\n');
    const first = await redactSecrets(doc);
    const second = await redactSecrets(doc);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.found, first.found);
  });

  it('keeps earlier placeholders of a conversation (known) and does not reuse their numbers', async () => {
    const key1 = `AK${'IA'}${f.upperAlnum(16)}`;
    const key2 = `AK${'IA'}${f.upperAlnum(16)}`;
    const turn1 = await redactSecrets(`id = ${key1}`);
    const turn2 = await redactSecrets(`new id = ${key2}, old id = ${key1}`, { known: turn1.found });
    assert.equal(
      turn2.text,
      'new id = «REDACTED:AWS_ACCESS_KEY_ID_2», old id = «REDACTED:AWS_ACCESS_KEY_ID_1»',
    );
  });

  it('never issues a placeholder that already occurs literally in the text', async () => {
    const token = `gl${'pat'}-${f.b64url(20)}`;
    const text = `// marker «REDACTED:GITLAB_TOKEN_1» is documentation\ntoken: ${token}`;
    const result = await redactSecrets(text);
    assert.equal(result.found[0]?.placeholder, '«REDACTED:GITLAB_TOKEN_2»');
    assert.equal(restoreSecrets(result.text, result.found), text);
  });

  it('restores placeholders the model moved, repeated or re-bracketed, and leaves unknown ones', async () => {
    const pw = f.password();
    const key = `AI${'za'}${f.b64url(35)}`;
    const result = await redactSecrets(`const cfg = { password: "${pw}", mapsKey: "${key}" };`);
    const [pwPh, keyPh] = result.found.map((x) => x.placeholder);
    const core = (p = ''): string => p.slice(1, -1);
    const answer = [
      `const MAPS_KEY = '${keyPh}';`,
      `const cfg = { mapsKey: MAPS_KEY, password: process.env.PW ?? "${pwPh}" };`,
      `// also <<${core(keyPh)}>> and \\u00ab${core(pwPh)}\\u00bb and bare ${core(pwPh)}.`,
      'unknown «REDACTED:PASSWORD_9» stays',
    ].join('\n');
    assert.equal(
      restoreSecrets(answer, result.found),
      [
        `const MAPS_KEY = '${key}';`,
        `const cfg = { mapsKey: MAPS_KEY, password: process.env.PW ?? "${pw}" };`,
        `// also ${key} and ${pw} and bare ${pw}.`,
        'unknown «REDACTED:PASSWORD_9» stays',
      ].join('\n'),
    );
  });

  it('leaves already redacted text alone', async () => {
    const once = await redactSecrets(samples.map((s) => s.text).join('\n'));
    const twice = await redactSecrets(once.text);
    assert.deepEqual(twice.found, []);
    assert.equal(twice.text, once.text);
  });
});

describe('redaction: describeRedactions', () => {
  it('names the kinds in order, counts repeats, keeps personal data apart', async () => {
    const text = `aws_access_key_id = AK${'IA'}${f.upperAlnum(16)}\npassword = "${f.password()}"\n`;
    const result = await redactSecrets(text);
    assert.equal(describeRedactions(result.found), '2 secrets redacted: AWS access key, password');
    const found: RedactionFinding[] = [
      { kind: 'PASSWORD', value: 'a', placeholder: '«REDACTED:PASSWORD_1»' },
      { kind: 'GITHUB_TOKEN', value: 'b', placeholder: '«REDACTED:GITHUB_TOKEN_1»' },
      { kind: 'PASSWORD', value: 'c', placeholder: '«REDACTED:PASSWORD_2»' },
      { kind: 'EMAIL', value: 'd', placeholder: '«REDACTED:EMAIL_1»' },
    ];
    assert.equal(
      describeRedactions(found),
      '3 secrets redacted: password (2), GitHub token; 1 personal data item redacted: e-mail address',
    );
    assert.equal(describeRedactions(found.slice(1, 2)), '1 secret redacted: GitHub token');
    assert.equal(describeRedactions([]), '');
  });
});

describe('redaction: what passes through', () => {
  const untouched = [
    ['AWS documented example id', `AKIAIOSFODNN7${'EXAMPLE'}`],
    [
      'AWS documented example secret',
      `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`,
    ],
    ['OpenAI placeholder', `OPENAI_API_KEY=sk-${'x'.repeat(40)}`],
    ['project key placeholder', `sk-proj-${'X'.repeat(48)}`],
    ['low-variety token', `token = gh${'p_'}${'a'.repeat(36)}`],
    ['template password', 'password: ${DB_PASSWORD}'],
    ['env reference', 'apiKey: process.env.OPENAI_API_KEY,'],
    ['angle-bracket placeholder', 'GITHUB_TOKEN=<your-token>'],
    ['changeme', 'password = "changeme"'],
    ['dummy', 'secret: "dummy-secret-value-123"'],
    ['example', 'api_key: "example-key-0123456789"'],
    ['test', 'token = "test-token-abc123"'],
    ['typed field', 'password: string;'],
    ['function call', 'const token = await getToken(user.id);'],
    ['property path', 'const secret = this.options.clientSecret;'],
    ['dev database default', `postgres://postgres:${'postgres'}@localhost:5432/dev`],
    ['URL password placeholder', 'mysql://app:${MYSQL_PASSWORD}@db:3306/app'],
    ['docs webhook', 'https://hooks.slack.com/services/YOUR/WEBHOOK/PATH'],
    [
      'PEM placeholder',
      ['-----BEGIN RSA PRIVATE KEY-----', '...', '-----END RSA PRIVATE KEY-----'].join('\n'),
    ],
    ['Twilio account SID alone', `account_sid = "A${'C'}${f.hex(32)}"`],
    ['max tokens', 'max_tokens: 4096'],
    ['query token in a URL template', 'const url = `/api/items?token=${token}&page=2`;'],
  ];
  for (const [name, text] of untouched) {
    it(name ?? '', async () => {
      const result = await redactSecrets(text ?? '');
      assert.deepEqual(result.found, []);
      assert.equal(result.text, text);
    });
  }

  it('returns the empty string untouched', async () => {
    assert.deepEqual(await redactSecrets(''), { text: '', found: [] });
  });
});

describe('redaction: overlaps', () => {
  it('prefers the vendor kind over a generic assignment around the same value', async () => {
    const token = `gh${'p_'}${f.alnum(36)}`;
    const found = await assertRoundTrip(`token = "${token}"`);
    assert.deepEqual(
      found.map((x) => [x.kind, x.value]),
      [['GITHUB_TOKEN', token]],
    );
  });

  it('prefers the vendor kind over a URL password', async () => {
    const token = `gh${'p_'}${f.alnum(36)}`;
    const found = await assertRoundTrip(`https://ci:${token}@github.com/org/repo.git`);
    assert.deepEqual(
      found.map((x) => [x.kind, x.value]),
      [['GITHUB_TOKEN', token]],
    );
  });

  it('keeps a private key block whole even when its body contains other shapes', async () => {
    const pem = samples.find((s) => s.kind === 'PRIVATE_KEY')?.value ?? '';
    const lines = pem.split('\n');
    lines.splice(3, 0, `AK${'IA'}${f.upperAlnum(16)}${f.b64(44)}`);
    const block = lines.join('\n');
    const found = await assertRoundTrip(block);
    assert.deepEqual(
      found.map((x) => [x.kind, x.value]),
      [['PRIVATE_KEY', block]],
    );
  });

  it('prefers a JWT over a bearer header around it', async () => {
    const jwt = samples.find((s) => s.kind === 'JWT')?.value ?? '';
    const found = await assertRoundTrip(`Authorization: Bearer ${jwt}`);
    assert.deepEqual(
      found.map((x) => x.kind),
      ['JWT'],
    );
  });

  it('ignores secretlint-disable comments: what may be committed is not what may be sent away', async () => {
    const token = `np${'m_'}${f.alnum(36)}`;
    const found = await assertRoundTrip(`// secretlint-disable\nconst t = "${token}";\n// secretlint-enable`);
    assert.deepEqual(
      found.map((x) => x.kind),
      ['NPM_TOKEN'],
    );
  });
});
