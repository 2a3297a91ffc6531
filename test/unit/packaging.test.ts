// The .vsix must hold only the bundle, media, manifest, README, CHANGELOG and LICENSE (allowlist .vscodeignore).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('packaging', function () {
  this.timeout(60_000);

  it('lists only the allowlisted files for the .vsix', () => {
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], {
      cwd: root,
      encoding: 'utf8',
    });
    const files = out
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const allowed = (f: string) =>
      ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js'].includes(f) ||
      (f.startsWith('media/') && !f.endsWith('.map'));
    assert.ok(files.includes('package.json') && files.includes('LICENSE'), out);
    assert.deepEqual(
      files.filter((f) => !allowed(f)),
      [],
      `unexpected files in the .vsix: ${out}`,
    );
  });

  it('activates only on its own commands and views, never on *', () => {
    const pkg = require(path.join(root, 'package.json')) as {
      activationEvents?: string[];
      engines: { vscode: string };
    };
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    assert.equal(pkg.engines.vscode, '^1.100.0');
  });
});
