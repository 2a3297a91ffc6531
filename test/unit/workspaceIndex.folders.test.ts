// A multi-root workspace: one index covers every folder, each with its own .gitignore and excludes; with several
// folders paths start with the folder's name (equal relative paths stay apart), with one they do not; watcher
// paths map to index paths and search hits back to files on disk.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IndexFolders, SyntaxParsers, WorkspaceIndex } from '../../src/core';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-root-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('workspace index: several workspace folders', () => {
  const parsers = new SyntaxParsers();
  const made: string[] = [];
  const mk = (files: Record<string, string>) => {
    const dir = folder(files);
    made.push(dir);
    return dir;
  };
  afterEach(() => made.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('indexes every folder with its own rules, paths led by the folder name', async () => {
    const api = mk({
      'src/util.ts': 'export function parseInvoiceNumber(text: string) {\n  return Number(text);\n}\n',
      '.gitignore': 'generated/\n',
      'generated/schema.ts': 'export const invoiceSchema = {};\n',
    });
    const web = mk({
      'src/util.ts': 'export function formatInvoiceDate(date: Date) {\n  return date.toISOString();\n}\n',
      'vendor/lib.ts': 'export const vendored = 1;\n',
    });
    const index = await WorkspaceIndex.open({
      folders: [
        { name: 'api', path: api },
        { name: 'web', path: web, selection: { exclude: { 'vendor/**': true } } },
      ],
      storageDir: mk({}),
      model: 'text-embedding-3-small',
      dimensions: 64,
      parsers,
    });
    const scan = await index.scan();
    assert.equal(scan.files, 3, 'both util.ts and the api .gitignore; generated/ and vendor/ left out');
    assert.equal(scan.skipped.ignored, 1);
    assert.equal(scan.skipped.excluded, 1);

    const hits = await index.search('format invoice date', { k: 1, mode: 'keyword' });
    assert.equal(hits[0]!.path, 'web/src/util.ts');
    assert.equal(index.absolutePath('web/src/util.ts'), path.join(web, 'src', 'util.ts'));
    assert.equal(index.absolutePath('api/src/util.ts'), path.join(api, 'src', 'util.ts'));
    assert.equal(
      (await index.search('parse invoice number', { k: 1, mode: 'keyword' }))[0]!.path,
      'api/src/util.ts',
    );

    // The watcher's absolute paths map to index paths; an edit in one folder re-reads only that file.
    assert.equal(index.indexPathOf(path.join(api, 'src', 'util.ts')), 'api/src/util.ts');
    assert.equal(index.indexPathOf(path.join(os.tmpdir(), 'elsewhere.ts')), undefined);
    const file = path.join(api, 'src', 'util.ts');
    fs.writeFileSync(file, 'export function parseInvoiceTotal(text: string) {\n  return Number(text);\n}\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(await index.updateFiles(['api/src/util.ts', 'web/src/util.ts']), {
      changed: 1,
      removed: 0,
    });
    assert.equal(
      (await index.search('invoice total', { k: 1, mode: 'keyword' }))[0]!.path,
      'api/src/util.ts',
    );
    assert.deepEqual(await index.updateFiles(['web/vendor/lib.ts', 'nowhere/x.ts']), {
      changed: 0,
      removed: 0,
    });
  });

  it('takes new excludes without reopening: the next scan uses them, .gitignore still holds for the watcher', async () => {
    const api = mk({
      '.gitignore': 'generated/\n',
      'generated/schema.ts': 'export const s = 1;\n',
      'a.ts': 'export const a = 1;\n',
    });
    const web = mk({ 'vendor/lib.ts': 'export const vendored = 1;\n', 'b.ts': 'export const b = 2;\n' });
    const index = await WorkspaceIndex.open({
      folders: [
        { name: 'api', path: api },
        { name: 'web', path: web, selection: { exclude: { 'vendor/**': true } } },
      ],
      storageDir: mk({}),
      model: 'text-embedding-3-small',
      dimensions: 64,
      parsers,
    });
    assert.equal((await index.scan()).skipped.excluded, 1);
    index.setSelections([undefined, { exclude: {} }]);
    const rescan = await index.scan();
    assert.equal(rescan.skipped.excluded, 0);
    assert.equal((await index.search('vendored', { k: 1, mode: 'keyword' }))[0]?.path, 'web/vendor/lib.ts');
    index.setSelections([{ exclude: { 'a.ts': true } }, { exclude: {} }]);
    // Judged file by file (the watcher), before any scan: the new exclude and the old .gitignore both apply.
    assert.deepEqual(await index.updateFiles(['api/a.ts', 'api/generated/schema.ts']), {
      changed: 0,
      removed: 1,
    });
  });

  it('a single folder keeps plain relative paths', async () => {
    const only = mk({ 'src/a.ts': 'export const answer = 42;\n' });
    const index = await WorkspaceIndex.open({
      folders: [{ name: 'only', path: only }],
      storageDir: mk({}),
      model: 'text-embedding-3-small',
      dimensions: 64,
      parsers,
    });
    await index.scan();
    const hits = await index.search('answer', { k: 1, mode: 'keyword' });
    assert.equal(hits[0]!.path, 'src/a.ts');
    assert.equal(index.indexPathOf(path.join(only, 'src', 'a.ts')), 'src/a.ts');
  });

  it('folder names become one path segment each, distinct even when VS Code names two folders alike', () => {
    const folders = new IndexFolders([
      { name: 'app', path: '/w/one/app' },
      { name: 'app', path: '/w/two/app' },
      { name: 'a/b', path: '/w/ab' },
    ]);
    assert.deepEqual(
      folders.list.map((f) => f.name),
      ['app', 'app (2)', 'a-b'],
    );
    assert.equal(folders.resolve('app (2)/src/x.ts')?.abs, path.join('/w/two/app', 'src', 'x.ts'));
    assert.equal(folders.resolve('app/../secret'), undefined, 'never outside its folder');
    assert.equal(folders.resolve('other/x.ts'), undefined);
  });
});
