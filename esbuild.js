// Bundles from one set of options: the extension (Node, CommonJS, `vscode` external), the tokenizer it loads on
// first use, and the chat webview (browser, IIFE). `--production` minifies; `--watch` rebuilds on change.
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

async function main() {
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
