// The layering rule is only worth having if it fails: lint a snippet as if it lived in each layer.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');

async function lintAs(relPath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relPath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint: vscode stays out of core, shared and webview', function () {
  this.timeout(60_000);
  const importVscode = "import * as vscode from 'vscode';\nexport const x = vscode;\n";
  const requireVscode = "const vscode = require('vscode');\nexport const x = vscode;\n";

  for (const layer of ['src/core/probe.ts', 'src/shared/probe.ts', 'src/webview/probe.ts']) {
    it(`rejects an import of vscode in ${layer}`, async () => {
      const messages = await lintAs(layer, importVscode);
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports')),
        `expected a no-restricted-imports error, got ${JSON.stringify(messages)}`,
      );
    });
    it(`rejects require('vscode') in ${layer}`, async () => {
      const messages = await lintAs(layer, requireVscode);
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-syntax')),
        JSON.stringify(messages),
      );
    });
  }

  it('allows vscode in src/host', async () => {
    const messages = await lintAs('src/host/probe.ts', importVscode);
    assert.deepEqual(
      messages.filter((m) => m.startsWith('no-restricted')),
      [],
    );
  });
});

describe('lint: the core is reached through its index; the webview reaches only src/shared', function () {
  this.timeout(60_000);
  const restricted = async (relPath: string, from: string): Promise<boolean> =>
    (await lintAs(relPath, `import { x } from '${from}';\nexport const y = x;\n`)).some((m) =>
      m.startsWith('no-restricted-imports'),
    );

  for (const [file, deep, face] of [
    ['src/host/chat/probe.ts', '../../core/tasks/runTask', '../../core'],
    ['src/extension.ts', './core/errors', './core'],
    ['bench/probe.bench.ts', '../src/core/history', '../src/core'],
    ['test/unit/probe.test.ts', '../../src/core/errors', '../../src/core'],
  ] as const) {
    it(`${file}: rejects ${deep}, allows ${face}`, async () => {
      assert.equal(await restricted(file, deep), true);
      assert.equal(await restricted(file, face), false);
    });
  }

  it('the webview may import src/shared/protocol and npm packages, nothing else of ours', async () => {
    for (const from of ['../core', '../core/errors', '../host/log', '../extension'])
      assert.equal(await restricted('src/webview/probe.ts', from), true, from);
    for (const from of ['../shared/protocol', 'highlight.js/lib/core', './dom'])
      assert.equal(await restricted('src/webview/probe.ts', from), false, from);
  });
});
