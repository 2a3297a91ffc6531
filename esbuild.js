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
    external: ['vscode', './tokenizer.js'],
    // The tokenizer's 2.7 MB of tables live in their own file, required on the first count (src/core/tokens.ts),
    // so activation never parses them.
    define: { __TOKENIZER_BUNDLE__: '"./tokenizer.js"' },
  },
  {
    ...node,
    entryPoints: ['src/core/tokenizerBundle.ts'],
    outfile: 'dist/tokenizer.js',
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

async function main() {
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
