// Bundles from one set of options: the extension (Node, CommonJS, `vscode` external), the tokenizer it loads on
// first use, and the chat webview (browser, IIFE). `--production` minifies; `--watch` rebuilds on change.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const node = { ...shared, platform: 'node', format: 'cjs', target: 'node20' };

const targets = [
  {
    ...node,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', './tokenizer.js', './tokenizer-cl100k.js'],
    // The tokenizer's 2.7 MB of tables live in their own file, required on the first count (src/core/tokens.ts),
    // so activation never parses them.
    define: { __TOKENIZER_BUNDLE__: '"./tokenizer.js"', __CL100K_BUNDLE__: '"./tokenizer-cl100k.js"' },
  },
  {
    ...node,
    entryPoints: ['src/core/tokenizerBundle.ts'],
    outfile: 'dist/tokenizer.js',
  },
  {
    // The embedding models' encoding (cl100k_base), loaded by the workspace index on its first count.
    ...node,
    entryPoints: ['src/core/workspaceIndex/cl100kBundle.ts'],
    outfile: 'dist/tokenizer-cl100k.js',
  },
  {
    ...shared,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'media/dist/chat.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// The chat view's buttons use VS Code's own icon font; the webview can load only files under media/.
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'media', 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf'])
    fs.copyFileSync(path.join(from, file), path.join(to, file));
}

/**
 * WebAssembly beside the bundle: the similarity kernel assembled from its .wat with wabt, web-tree-sitter's runtime
 * and the grammars the chunker knows (src/core/workspaceIndex/syntax.ts), all loaded on first use.
 */
async function copyWasm() {
  const fs = require('node:fs');
  const path = require('node:path');
  const { assembleKernel } = require('./scripts/assembleKernel');
  const out = path.join(__dirname, 'dist', 'wasm');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'dotInt8.wasm'), await assembleKernel());
  fs.copyFileSync(
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    path.join(out, 'web-tree-sitter.wasm'),
  );
  const grammars = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java'];
  for (const g of grammars) {
    const file = `tree-sitter-${g}.wasm`;
    fs.copyFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`), path.join(out, file));
  }
}

async function main() {
  await copyWasm();
  copyCodicons();
  if (watch) {
    for (const options of targets) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[esbuild] watching for changes');
    return;
  }
  await Promise.all(targets.map((options) => esbuild.build(options)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
