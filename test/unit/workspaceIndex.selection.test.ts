// Which files the workspace index reads: VS Code exclude globs, .gitignore semantics (nested files, negation,
// folder-only and anchored patterns), secret files, binaries and the size limit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitignoreRules, compileExcludeGlobs, selectFiles } from '../../src/core';

describe('workspace index: file selection', () => {
  it('matches VS Code exclude globs against a path and its parent folders', () => {
    const ex = compileExcludeGlobs({
      '**/node_modules': true,
      '**/*.{log,tmp}': true,
      'out/**': true,
      dist: false,
    });
    assert.ok(ex('node_modules/x/index.js'));
    assert.ok(ex('packages/a/node_modules/b.js'));
    assert.ok(ex('logs/today.log'));
    assert.ok(ex('a.tmp'));
    assert.ok(ex('out/main.js'));
    assert.ok(!ex('dist/main.js'), 'a pattern set to false is off');
    assert.ok(!ex('src/node_modules_helper.ts'));
    assert.ok(!ex('src/logger.ts'));
    assert.ok(!compileExcludeGlobs([])('anything'));
  });

  it('reads .gitignore like git: comments, negation, folder-only, anchored and ** patterns, nested files', () => {
    const g = new GitignoreRules();
    g.add(
      '',
      ['# build output', 'build/', '*.log', '!keep.log', '/secret.txt', 'docs/**/*.pdf', 'a?c.ts'].join('\n'),
    );
    g.add('pkg', 'generated\n!generated/keep.ts\n');
    assert.ok(g.isIgnored('build/out.js'));
    assert.ok(g.isIgnored('src/build', true));
    assert.ok(!g.isIgnored('src/build'), 'build/ matches folders only');
    assert.ok(g.isIgnored('x/y/debug.log'));
    assert.ok(!g.isIgnored('x/keep.log'), 'negated');
    assert.ok(g.isIgnored('secret.txt'));
    assert.ok(!g.isIgnored('sub/secret.txt'), 'a leading slash anchors to the .gitignore folder');
    assert.ok(g.isIgnored('docs/a/b/c.pdf'));
    assert.ok(g.isIgnored('docs/c.pdf'));
    assert.ok(g.isIgnored('abc.ts') && !g.isIgnored('abbc.ts'));
    assert.ok(g.isIgnored('pkg/generated/x.ts'));
    assert.ok(g.isIgnored('pkg/generated/keep.ts'), 'a file under an ignored folder cannot be re-included');
    assert.ok(!g.isIgnored('generated/x.ts'), 'nested rules apply below their folder only');
  });

  it('walks a folder leaving out ignored, excluded, secret, binary and too large files, and our batch reports', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-select-'));
    const write = (rel: string, data: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), data);
    };
    write('.gitignore', 'dist/\n');
    write('src/a.ts', 'export const a = 1;\n');
    write('src/lib/.gitignore', 'gen.ts\n');
    write('src/lib/gen.ts', 'x');
    write('src/lib/b.py', 'def b(): pass\n');
    write('dist/a.js', 'x');
    write('node_modules/m/index.js', 'x');
    write('.git/config', 'x');
    write('.env', 'API_KEY=x');
    write('certs/server.pem', 'x');
    write('img/logo.png', 'x');
    write('data/blob.dat', Buffer.from([1, 0, 2, 3]));
    write('big.txt', 'x'.repeat(2000));
    // Our own batch reports: indexing them would cite earlier answers as if they were the code.
    write('.gptworkbench/batch/job-1/report.md', '# Review\n');
    write('.gptworkbench/tasks/jsdoc.json', '{}');
    try {
      const { files, skipped } = await selectFiles(root, {
        exclude: { '**/node_modules': true },
        maxFileBytes: 1000,
      });
      const paths = files.map((f) => f.path);
      // blob.dat is binary by content; the index checks the bytes when it reads (looksBinary).
      assert.deepEqual(paths, [
        '.gitignore',
        '.gptworkbench/tasks/jsdoc.json',
        'data/blob.dat',
        'src/a.ts',
        'src/lib/.gitignore',
        'src/lib/b.py',
      ]);
      assert.deepEqual(skipped, { ignored: 4, excluded: 1, secret: 2, binary: 1, tooLarge: 1 });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
