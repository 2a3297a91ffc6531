// Bundles from one set of options: the extension (Node, CommonJS, `vscode` external), the libraries it loads on
// first use, and the chat webview (browser, IIFE). `--production` minifies; `--watch` rebuilds on change;
// `--outdir=DIR` writes the Node bundles to DIR instead of dist/ (the activation bench builds there).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) || 'dist';

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

/**
 * What no command or view needs to register lives in bundles of its own beside extension.js, required on first
 * use: the core (src/core, with the SDK, ajv and secretlint in bundles of their own below it) and Node built-ins
 * that cost a fresh process time to initialise. The importer gets a stand-in with the same export names whose
 * getters require the real module on first access, so a cold require of extension.js parses only the host.
 * (Nothing may touch them at module level; test/unit/packaging.test.ts requires extension.js and checks.)
 */
const LAZY_BUNDLES = {
  openai: ['openai'],
  ajv: ['ajv', 'ajv-formats'],
  secretlint: ['@secretlint/core', '@secretlint/secretlint-rule-preset-recommend', '@secretlint/profiler'],
};
const LAZY_BUILTINS = ['node:crypto', 'node:perf_hooks', 'node:child_process', 'crypto', 'child_process'];
const CORE_INDEX = path.join(__dirname, 'src', 'core', 'index.ts');
const bundleOf = new Map(Object.entries(LAZY_BUNDLES).flatMap(([b, pkgs]) => pkgs.map((p) => [p, b])));

/** A module whose export names are `names` and whose values come from `load` on first access. */
function standIn(load, names) {
  // The getters sit on the prototype: esbuild's interop copies a module's own keys into every importing file (the
  // core has hundreds of exports and dozens of importers) but keeps the prototype, so nothing is copied.
  return [
    'let loaded;',
    `const real = () => (loaded ??= ${load});`,
    'const names = {};',
    `for (const name of ${JSON.stringify(names.filter((n) => n !== '__esModule'))})`,
    '  Object.defineProperty(names, name, { enumerable: true, get: () => real()[name] });',
    'module.exports = Object.create(names);',
    "Object.defineProperty(module.exports, '__esModule', { value: true });",
  ].join('\n');
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** @returns {import('esbuild').Plugin} */
function lazyModules({ core }) {
  return {
    name: 'lazy-modules',
    setup(build) {
      const filter = new RegExp(`^(${[...bundleOf.keys(), ...LAZY_BUILTINS].map(escape).join('|')})$`);
      // A stand-in requires its bundle beside extension.js, and a built-in as it is.
      build.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
        args.namespace === 'lazy' ? { path: args.path, external: true } : undefined,
      );
      // A stand-in's own require of a built-in is the real one.
      build.onResolve({ filter }, (args) =>
        args.namespace === 'lazy' ? undefined : { path: args.path, namespace: 'lazy' },
      );
      if (core) {
        // The host's imports of the core (`../core`, `../../core`) get the stand-in; the core's own do not.
        build.onResolve({ filter: /(^|\/)core$/ }, (args) => {
          const target = path.resolve(args.resolveDir, args.path, 'index.ts');
          const inCore = args.resolveDir.startsWith(path.dirname(CORE_INDEX));
          return target === CORE_INDEX && !inCore ? { path: 'core', namespace: 'lazy' } : undefined;
        });
      }
      build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
        if (args.path === 'core') return { contents: standIn('require("./core.js")', core), loader: 'js' };
        const names = Object.keys(require(args.path));
        const bundle = bundleOf.get(args.path);
        const load = bundle
          ? `require(${JSON.stringify(`./${bundle}.js`)})[${JSON.stringify(args.path)}]`
          : `require(${JSON.stringify(args.path)})`;
        return { contents: standIn(load, names), loader: 'js' };
      });
    },
  };
}

/** Export names of the core, read from its built bundle (it never imports vscode, so plain Node can load it). */
function coreExportNames() {
  const file = path.resolve(outdir, 'core.js');
  delete require.cache[file];
  return Object.keys(require(file));
}

// Only the tokenizers are required by name from our code; the stand-ins' bundles are external through the plugin
// (a plain `external` entry would also catch a library's own `./core.js`).
const lazyExternals = [
  './tokenizer.js',
  './tokenizer-cl100k.js',
  // Only tests and benches resolve these from node_modules; the extension passes dist/wasm to the index.
  'web-tree-sitter/web-tree-sitter.wasm',
  '@vscode/tree-sitter-wasm/*',
];
const tokenizerDefine = {
  __TOKENIZER_BUNDLE__: '"./tokenizer.js"',
  __CL100K_BUNDLE__: '"./tokenizer-cl100k.js"',
};

/** The core first: the extension's stand-in for it needs its export names. */
const coreTarget = {
  ...node,
  entryPoints: ['src/core/index.ts'],
  outfile: `${outdir}/core.js`,
  external: lazyExternals,
  plugins: [lazyModules({})],
  // The tokenizer's 2.7 MB of tables live in their own file, required on the first count (src/core/tokens.ts).
  define: tokenizerDefine,
};
const extensionTarget = () => ({
  ...node,
  entryPoints: ['src/extension.ts'],
  outfile: `${outdir}/extension.js`,
  external: ['vscode', ...lazyExternals],
  plugins: [lazyModules({ core: coreExportNames() })],
  define: tokenizerDefine,
});

const targets = [
  {
    ...node,
    entryPoints: ['src/core/tokenizerBundle.ts'],
    outfile: `${outdir}/tokenizer.js`,
  },
  {
    // The embedding models' encoding (cl100k_base), loaded by the workspace index on its first count.
    ...node,
    entryPoints: ['src/core/workspaceIndex/cl100kBundle.ts'],
    outfile: `${outdir}/tokenizer-cl100k.js`,
  },
  ...Object.entries(LAZY_BUNDLES).map(([bundle, pkgs]) => ({
    ...node,
    stdin: {
      contents: `module.exports = { ${pkgs.map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(', ')} };`,
      resolveDir: __dirname,
      sourcefile: `${bundle}-bundle.js`,
    },
    outfile: `${outdir}/${bundle}.js`,
  })),
  ...(outdir === 'dist'
    ? [
        {
          ...shared,
          entryPoints: ['src/webview/main.ts'],
          outfile: 'media/dist/chat.js',
          platform: 'browser',
          format: 'iife',
          target: 'es2022',
        },
      ]
    : []),
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
  const out = path.resolve(__dirname, outdir, 'wasm');
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
    // A new core export needs a restart of the watch (the stand-in's names are read once).
    await esbuild.build(coreTarget);
    for (const options of [coreTarget, extensionTarget(), ...targets]) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('[esbuild] watching for changes');
    return;
  }
  await Promise.all([
    esbuild.build(coreTarget).then(() => esbuild.build(extensionTarget())),
    ...targets.map((options) => esbuild.build(options)),
  ]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
