// The checklist of gitleaks' default rule set: every kind that can appear in source or configuration is found
// with the expected kind and nothing else on its line is touched; passwords in configuration files (YAML, .env,
// connection strings) are found even when a person chose them; and references or stand-ins in the same places
// stay untouched.
import * as assert from 'node:assert/strict';
import { redactSecrets, restoreSecrets } from '../../src/core';
import {
  configPasswordSamples,
  gitleaksSamples,
  NOT_TEXT_RULES,
} from '../fixtures/redaction/gitleaksChecklist';

describe('redaction: gitleaks default rules as the checklist', () => {
  const samples = gitleaksSamples();

  it('has one sample per rule id, and the only rules left out are not text', () => {
    const ids = samples.map((s) => s.rule);
    assert.equal(new Set(ids).size, ids.length, 'no duplicate rule id');
    assert.ok(ids.length >= 150, `only ${ids.length} rules sampled`);
    for (const id of Object.keys(NOT_TEXT_RULES)) assert.ok(!ids.includes(id));
  });

  for (const sample of [...samples, ...configPasswordSamples()]) {
    it(`${sample.name} → ${sample.kind}`, async () => {
      const result = await redactSecrets(sample.text);
      assert.deepEqual(
        result.found.map((x) => [x.kind, x.value]),
        [[sample.kind, sample.value]],
      );
      assert.ok(!result.text.includes(sample.value));
      assert.equal(restoreSecrets(result.text, result.found), sample.text);
    });
  }

  it('leaves references, stand-ins and code in the same places alone', async () => {
    const clean = [
      'password: ${DB_PASSWORD}',
      'password: "{{ vault_db_password }}"',
      'password: !vault |',
      'password: changeme',
      'password:',
      'password_file: /run/secrets/db',
      'interface Login { password: string; remember: boolean }',
      'PASSWORD=',
      'DB_PASSWORD=$POSTGRES_PASSWORD',
      'Server=db;Database=app;User Id=sa;Password=<your-password>;',
      'Password=${SQL_PASSWORD}',
      'curl -u "$USER:$TOKEN" https://ci.internal',
      'SENTRY_DSN_ENVIRONMENT=production',
      'heroku_app: my-app-staging',
      'datadog_site: datadoghq.eu',
      '"@sentry/node": "^8.12.0",',
      'HEROKU_APP_VERSION=1.4.2',
      'mailgun_domain: mg.example.org',
    ].join('\n');
    const result = await redactSecrets(clean);
    assert.deepEqual(
      result.found.map((x) => `${x.kind}: ${x.value}`),
      [],
    );
  });
});
