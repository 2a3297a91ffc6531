// The workspace path guards on a real folder with real symbolic links: a corpus of escapes (symlinks out, `../`,
// absolute, `~`, URL-encoded, Windows-style, NUL, URLs) refused with a reason, paths that only look odd normalised
// inside the workspace, and secret files, `.git/`, files.exclude and .gitignore refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createIgnoreMatcher, globToRegExp, guardPath, type PathGuardOptions } from '../../src/core';

describe('path guards of the workspace tools', () => {
  let base: string;
  let ws: string;
  let opts: PathGuardOptions;
  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gw-guard-')));
    ws = path.join(base, 'ws');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(ws, 'src', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(ws, 'dist'), { recursive: true });
    fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    for (const f of [
      'src/a.ts',
      'src/deep/b.ts',
      'dist/out.js',
      '.git/config',
      '.env',
      '.env.local',
      'server.pem',
    ])
      fs.writeFileSync(path.join(ws, f), 'x');
    fs.writeFileSync(path.join(ws, 'id_ed25519'), 'x');
    fs.writeFileSync(path.join(ws, 'app.log'), 'x');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x');
    fs.symlinkSync(outside, path.join(ws, 'link-out'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(ws, 'src', 'file-link-out.ts'));
    fs.symlinkSync(path.join(ws, 'src', 'a.ts'), path.join(ws, 'inside-link.ts'));
    fs.symlinkSync(path.join(ws, '.env'), path.join(ws, 'innocent.txt'));
    const isExcluded = createIgnoreMatcher({
      excludeGlobs: ['**/dist'],
      gitignore: '# logs\n*.log\n!keep.log\n',
    });
    opts = {
      roots: [{ name: 'ws', path: ws }],
      realpath: (p) => {
        try {
          return fs.realpathSync(p);
        } catch {
          return undefined;
        }
      },
      isExcluded: (rel) => isExcluded(rel),
    };
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  const ESCAPES: [string, RegExp][] = [
    ['../outside/secret.txt', /leads outside the workspace folder/],
    ['src/../../outside/secret.txt', /leads outside/],
    ['src/deep/../../../outside', /leads outside/],
    ['/etc/passwd', /outside the workspace folders/],
    ['~/.ssh/id_rsa', /home directory/],
    ['~root/x', /home directory/],
    ['%2e%2e/outside/secret.txt', /leads outside/],
    ['..%2Foutside%2Fsecret.txt', /leads outside/],
    ['%252e%252e%252foutside', /encoded characters/],
    ['%E0%A4%A', /encoded characters/],
    ['..\\outside\\secret.txt', /leads outside/],
    ['src\\..\\..\\outside', /leads outside/],
    ['C:\\Windows\\system.ini', /Windows drive or network path/],
    ['c:/x', /Windows drive/],
    ['\\\\server\\share\\x', /network path/],
    ['//server/share', /network path/],
    ['file:///etc/passwd', /is a URL/],
    ['src/a.ts\0.png', /NUL byte/],
    ['link-out/secret.txt', /symbolic link .* outside the workspace/],
    ['link-out', /symbolic link/],
    ['src/file-link-out.ts', /symbolic link/],
    ['', /empty/],
  ];
  for (const [input, reason] of ESCAPES) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const r = guardPath(input, opts);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.reason : '', reason);
      if (input && !r.ok && !/does not exist/.test(r.reason))
        assert.match(r.reason, /relative to the workspace/);
    });
  }

  it('refuses a symlink out even for a file that does not exist yet under it (create_file)', () => {
    const r = guardPath('link-out/new.ts', { ...opts, mayNotExist: true });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /symbolic link/);
  });

  const SECRETS = ['.env', '.env.local', 'server.pem', 'id_ed25519', '.git/config', 'innocent.txt'];
  for (const input of SECRETS) {
    it(`refuses the secret file ${input}`, () => {
      const r = guardPath(input, opts);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.reason : '', /^Refused: .*(secret-file patterns|repository internals)/);
    });
  }

  it('refuses files.exclude and .gitignore matches, naming the rule', () => {
    const dist = guardPath('dist/out.js', opts);
    assert.match(!dist.ok ? dist.reason : '', /excluded \(files\.exclude: \*\*\/dist\)/);
    const log = guardPath('app.log', opts);
    assert.match(!log.ok ? log.reason : '', /excluded \(\.gitignore: \*\.log\)/);
  });

  it('normalises what only looks odd into the workspace', () => {
    const cases: [string, string][] = [
      ['src/a.ts', 'src/a.ts'],
      ['./src/./a.ts', 'src/a.ts'],
      ['src/deep/../a.ts', 'src/a.ts'],
      ['src\\deep\\b.ts', 'src/deep/b.ts'],
      ['src%2Fa.ts', 'src/a.ts'],
      [path.join(ws, 'src', 'a.ts'), 'src/a.ts'],
      ['ws/src/a.ts', 'ws/src/a.ts'], // one folder: a leading folder name is just a path segment
      ['inside-link.ts', 'inside-link.ts'],
      ['.', ''],
    ];
    for (const [input, relative] of cases) {
      const r = guardPath(input, { ...opts, mayNotExist: input.startsWith('ws/') });
      assert.ok(r.ok, `${input}: ${!r.ok ? r.reason : ''}`);
      assert.equal(r.ok && r.relative, relative, input);
    }
  });

  it('resolves a multi-root path by the folder name, and says when a file does not exist', () => {
    const multi = { ...opts, roots: [{ name: 'other', path: base }, ...opts.roots] };
    const r = guardPath('ws/src/a.ts', multi);
    assert.ok(r.ok && r.root.name === 'ws' && r.relative === 'src/a.ts');
    const missing = guardPath('src/nope.ts', opts);
    assert.match(!missing.ok ? missing.reason : '', /src\/nope\.ts does not exist/);
  });

  it('matches VS Code globs', () => {
    const cases: [string, string, boolean][] = [
      ['**/node_modules', 'node_modules', true],
      ['**/node_modules', 'a/node_modules', true],
      ['**/*.{js,map}', 'a/b.map', true],
      ['**/*.{js,map}', 'a/b.ts', false],
      ['src/*.ts', 'src/a/b.ts', false],
      ['src/**/*.ts', 'src/a/b.ts', true],
      ['file?.txt', 'file1.txt', true],
      ['[ab].txt', 'c.txt', false],
    ];
    for (const [glob, p, expected] of cases)
      assert.equal(globToRegExp(glob).test(p), expected, `${glob} ${p}`);
  });
});
