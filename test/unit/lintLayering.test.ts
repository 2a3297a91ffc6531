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
