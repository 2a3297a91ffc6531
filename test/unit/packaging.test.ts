// The .vsix must hold only the bundle, media, manifest, README, CHANGELOG and LICENSE (allowlist .vscodeignore).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
/** The bundles extension.js requires on first use (esbuild.js). */
const LAZY_BUNDLES = ['dist/core.js', 'dist/openai.js', 'dist/ajv.js', 'dist/secretlint.js'];

describe('packaging', function () {
  this.timeout(60_000);

  // vsce lists what is on disk: on a fresh checkout dist/ does not exist until the bundle is built.
  before(() => execFileSync(process.execPath, ['esbuild.js'], { cwd: root }));

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
        ...LAZY_BUNDLES,
        'dist/tokenizer-cl100k.js',
      ].includes(f) ||
      /^dist\/wasm\/[\w-]+\.wasm$/.test(f) ||
      (f.startsWith('media/') && !f.endsWith('.map'));
    assert.ok(files.includes('package.json') && files.includes('LICENSE'), out);
    for (const bundle of ['dist/extension.js', 'dist/tokenizer.js', ...LAZY_BUNDLES])
      assert.ok(files.includes(bundle), `${bundle} is in the .vsix`);
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
      devDependencies: Record<string, string>;
    };
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    // The floor host (scripts/hosts.ts: code-server 4.106.3) must admit it, or the extension silently does not
    // load there; vsce refuses @types/vscode newer than the floor.
    assert.equal(pkg.engines.vscode, '^1.104.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '~1.104.0');
  });

  it('ships the tokenizer as its own bundle, loaded on first use, not parsed at activation', () => {
    const core = fs.readFileSync(path.join(root, 'dist', 'core.js'), 'utf8');
    assert.ok(core.includes('require("./tokenizer.js")'), 'the core bundle requires ./tokenizer.js');
    for (const bundle of ['extension.js', 'core.js'])
      assert.ok(
        !fs.readFileSync(path.join(root, 'dist', bundle), 'utf8').includes('o200k'),
        `no tables in ${bundle}`,
      );
    const tokenizer = require(path.join(root, 'dist', 'tokenizer.js')) as { countTokens(t: string): number };
    assert.equal(tokenizer.countTokens('hello world'), 2);
  });

  it('loads the core, the SDK, ajv and secretlint on first use, not with extension.js', () => {
    const dist = path.join(root, 'dist');
    const main = fs.readFileSync(path.join(dist, 'extension.js'), 'utf8');
    assert.ok(main.includes('require("./core.js")'), 'the main bundle requires ./core.js');
    // Code of each library, found by a string of its own source, is in its bundle and nowhere else.
    const markers: Record<string, string> = {
      'openai.js': 'Stainless-Retry-Count',
      'ajv.js': 'strictSchema',
      'secretlint.js': 'found AWS Secret Access Key',
    };
    for (const [bundle, marker] of Object.entries(markers)) {
      assert.ok(
        fs.readFileSync(path.join(dist, bundle), 'utf8').includes(marker),
        `${bundle} holds ${marker}`,
      );
      for (const other of ['extension.js', 'core.js'])
        assert.ok(
          !fs.readFileSync(path.join(dist, other), 'utf8').includes(marker),
          `${other} lacks ${marker}`,
        );
    }
    // In a fresh Node process (the core needs no vscode): loading the core loads none of them; first use does.
    const script = `
      const core = require(${JSON.stringify(path.join(dist, 'core.js'))});
      const loaded = () => Object.keys(require.cache).map((f) => require('path').basename(f)).sort();
      const atLoad = loaded();
      core.createOpenAIClient({ apiKey: 'sk-test-not-a-key', baseURL: 'http://127.0.0.1:9/v1' });
      core.validateValue({}, { type: 'object' });
      console.log(JSON.stringify({ atLoad, afterUse: loaded() }));`;
    const { atLoad, afterUse } = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }),
    ) as { atLoad: string[]; afterUse: string[] };
    assert.deepEqual(atLoad, ['core.js']);
    assert.deepEqual(afterUse, ['ajv.js', 'core.js', 'openai.js']);
  });

  it('ships the WebAssembly of the index (kernel, tree-sitter, grammars) and its tokenizer beside the bundle', () => {
    for (const bundle of ['extension.js', 'core.js'])
      assert.ok(
        !fs.readFileSync(path.join(root, 'dist', bundle), 'utf8').includes('bpeRanks/cl100k_base'),
        `the embedding tokenizer tables are not in ${bundle}`,
      );
    const own = fs.readFileSync(path.join(root, 'dist', 'tokenizer-cl100k.js'), 'utf8');
    assert.ok(own.includes('bpeRanks/cl100k_base'), 'they are in a bundle of their own');
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
