// `activation.require_ms`: a cold require() of the production (minified) dist/extension.js, as the extension host
// does before activate(), with a stub `vscode` module; each sample is a fresh Node process. The baseline is a cold
// require() of an empty module in the same kind of process, interleaved with the samples so machine load hits both
// alike; median of 9 each. Goal ≤ 10 ms: what activation needs (registering commands and views) is all the main
// bundle holds; the SDK, ajv, secretlint and the tokenizer are bundles of their own, required on first use.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figure, type BenchFigure } from './report';

const SAMPLES = 9;
/** Bundles beside extension.js that only first use may load (esbuild.js). */
const LAZY = ['core', 'openai', 'ajv', 'secretlint', 'tokenizer'];
const ROOT = path.resolve(__dirname, '..');

/**
 * Any property of the stub is another stub, and calling or constructing one returns one: enough for module
 * initialisation. (esbuild's interop copies a module's own keys onto an object whose prototype is the module's, so
 * the prototype is a stub too.)
 */
const VSCODE_STUB = `const stub = () => new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : stub()),
  getPrototypeOf: () => stub(),
  apply: () => stub(),
  construct: () => stub(),
});
module.exports = stub();
`;

/** Milliseconds of one cold require of `file` in a fresh process (the process start is not counted). */
function coldRequire(file: string): number {
  const script =
    `const t = process.hrtime.bigint(); require(${JSON.stringify(file)});` +
    `const ms = Number(process.hrtime.bigint() - t) / 1e6;` +
    // A bundle meant for first use that loaded with extension.js would make the figure a lie: fail instead.
    `const early = Object.keys(require.cache).filter((f) => /[\\/](${LAZY.join('|')})\\.js$/.test(f));` +
    `if (early.length) throw new Error('loaded with extension.js: ' + early.join(', '));` +
    `process.stdout.write(String(ms));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-activation-'));
  try {
    // The production build, into a directory of its own (dist/ keeps the development build with source maps).
    const dist = path.join(dir, 'dist');
    execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production', `--outdir=${dist}`], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    fs.mkdirSync(path.join(dir, 'node_modules', 'vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'vscode', 'index.js'), VSCODE_STUB);
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, '');
    const extension = path.join(dist, 'extension.js');
    coldRequire(extension); // the first run warms the file cache, not V8 (each sample is a new process)
    const values: number[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      baselines.push(coldRequire(empty));
      values.push(coldRequire(extension));
    }
    const kb = fs.statSync(extension).size / 1024;
    console.log(`activation: dist/extension.js ${kb.toFixed(0)} KB minified`);
    return [figure('activation.require_ms', median(values), median(baselines), 'ms', '<= 10 ms')];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
