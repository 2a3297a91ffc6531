// The .vsix must hold only the bundle, media, manifest, README, CHANGELOG and LICENSE (allowlist .vscodeignore).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
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
      [
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'dist/extension.js',
        'dist/tokenizer.js',
        'dist/tokenizer-cl100k.js',
      ].includes(f) ||
      /^dist\/wasm\/[\w-]+\.wasm$/.test(f) ||
      (f.startsWith('media/') && !f.endsWith('.map'));
    assert.ok(files.includes('package.json') && files.includes('LICENSE'), out);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] };
    };
    for (const step of pkg.contributes.walkthroughs.flatMap((w) => w.steps)) {
      assert.ok(files.includes(step.media.markdown), `the walkthrough's ${step.media.markdown} is packaged`);
    }
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

  it('ships the tokenizer as its own bundle, loaded on first use, not parsed at activation', () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root });
    const main = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    assert.ok(main.includes('require("./tokenizer.js")'), 'the main bundle requires ./tokenizer.js');
    assert.ok(!main.includes('o200k'), 'the tokenizer tables are not in the main bundle');
    const tokenizer = require(path.join(root, 'dist', 'tokenizer.js')) as { countTokens(t: string): number };
    assert.equal(tokenizer.countTokens('hello world'), 2);
  });

  it('ships the WebAssembly of the index (kernel, tree-sitter, grammars) and its tokenizer beside the bundle', () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: root });
    const main = fs.readFileSync(path.join(root, 'dist', 'extension.js'), 'utf8');
    assert.ok(
      !main.includes('cl100k_base.tiktoken'),
      'the embedding tokenizer tables are not in the main bundle',
    );
    const wasm = fs.readdirSync(path.join(root, 'dist', 'wasm')).sort();
    assert.deepEqual(wasm, [
      'dotInt8.wasm',
      ...['go', 'java', 'javascript', 'python', 'rust', 'tsx', 'typescript'].map(
        (g) => `tree-sitter-${g}.wasm`,
      ),
      'web-tree-sitter.wasm',
    ]);
    const cl100k = require(path.join(root, 'dist', 'tokenizer-cl100k.js')) as {
      countTokens(t: string): number;
    };
    assert.equal(cl100k.countTokens(' word'.repeat(10)), 10);
  });
});
