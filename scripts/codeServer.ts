// code-server 4.100.3 (= VS Code 1.100.3) as the real VS Code host for `npm start`, the integration suites and
// the e2e suite. It is installed on demand into .vscode-test/ (ignored), never into the project's dependencies:
// its Node pin and native builds would break `npm ci` elsewhere. Facts and traps: ../shared/vscode-host/README.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertSystemPackages, commandPath } from './systemPackages';
import { trackProcessGroup, untrackProcessGroup, killProcessGroup } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = path.join(REPO_ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = path.join(
  CODE_SERVER_DIR,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');

/**
 * A fresh copy of the fixture workspace under `parent`. Tests edit files (refactor Apply, Insert at Cursor), so
 * they must never run on the checked-in fixture itself.
 */
export function copyFixtureWorkspace(parent: string): string {
  const target = path.join(parent, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, target, { recursive: true });
  return target;
}

// @vscode/ripgrep 1.15.11 (a code-server dependency) downloads rg from GitHub in its postinstall unless this
// cache file exists; Debian's `rg` works in its place.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET_VERSION = 'v13.0.0-10';

/** User settings for a throwaway instance: nothing may steal focus from the command palette or phone home. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

function ripgrepCacheFile(): string {
  const target = os.arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  return path.join(
    os.tmpdir(),
    `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`,
    `ripgrep-${RIPGREP_ASSET_VERSION}-${target}.tar.gz`,
  );
}

/** Seed @vscode/ripgrep's download cache with the system `rg` (a tar.gz holding `rg` at its root). */
function seedRipgrepCache(): void {
  const file = ripgrepCacheFile();
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

/** Install code-server into .vscode-test/ unless it is there already (about 1.5–3 minutes, ~300 MB). */
export function ensureCodeServer(): string {
  if (fs.existsSync(CODE_SERVER_ENTRY)) return CODE_SERVER_ENTRY;
  if (process.platform !== 'linux') {
    throw new Error(
      `code-server is installed on demand on Linux only. On ${process.platform}, use desktop VS Code: ` +
        '`npm run test:integration -- --electron`, or `npm start` with the `code` command on PATH.',
    );
  }
  assertSystemPackages({ ripgrep: true, kerberosHeaders: true });
  seedRipgrepCache();
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  const manifest = path.join(CODE_SERVER_DIR, 'package.json');
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "private": true }\n');
  console.log(
    `[code-server] installing code-server@${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (a few minutes)…`,
  );
  // npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it (npm 11 no longer
  // knows the option but still hands it to install scripts; in the environment it costs one warning, not two).
  // npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which must not stop at a prompt.
  const result = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    {
      cwd: CODE_SERVER_DIR,
      stdio: 'inherit',
      env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
    },
  );
  if (result.status !== 0 || !fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`Installing code-server failed (npm exit ${result.status}); see the npm output above.`);
  }
  return CODE_SERVER_ENTRY;
}

export function freePort(preferred?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (preferred !== undefined && err.code === 'EADDRINUSE') resolve(freePort());
      else reject(err);
    });
    server.listen(preferred ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  workspace?: string;
  /** Environment of the server process; every variable reaches the extension host. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Kept across runs when given (npm start); a fresh temporary folder otherwise. */
  userDataDir?: string;
  settings?: Record<string, unknown>;
}

export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export interface CodeServer {
  port: number;
  origin: string;
  userDataDir: string;
  logFile: string;
  workspace: string;
  /** Settles with the exit code when the server process ends (a crash, or stop()). */
  exited: Promise<number | null>;
  /** The page URL that opens the workspace with the extension under development (and tests) loaded. */
  workbenchUrl(payload?: WorkbenchPayload): string;
  stop(): Promise<void>;
}

/** "VS Code 1.100.3 (code-server 4.100.3)": read from the install the entry belongs to, not from our constants. */
export function describeHost(entry: string): string {
  const root = path.resolve(path.dirname(entry), '..', '..');
  const read = (file: string): { version?: string } =>
    JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { version?: string };
  return `VS Code ${read('lib/vscode/product.json').version} (code-server ${read('package.json').version})`;
}

/** Start a throwaway code-server on 127.0.0.1 and wait until it answers /healthz. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const entry = ensureCodeServer();
  // The integration and UI runs say which host they ran in.
  console.log(`[code-server] host: ${describeHost(entry)}`);
  const port = options.port ?? (await freePort());
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-code-server-'));
  const workspace = options.workspace ?? copyFixtureWorkspace(scratch);
  const userDataDir = options.userDataDir ?? path.join(scratch, 'data');
  writeUserSettings(userDataDir, { ...QUIET_SETTINGS, ...options.settings });
  const configFile = path.join(scratch, 'config.yaml');
  // Without --config code-server writes ~/.config/code-server/config.yaml.
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    entry,
    '--auth=none',
    `--bind-addr=127.0.0.1:${port}`,
    `--config=${configFile}`,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${path.join(scratch, 'extensions')}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  // Detached: its own process group, so stop() takes the forked server and the extension hosts with it.
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: options.env ?? process.env,
  });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  trackProcessGroup(pid);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopGroup(child, pid);
    if (!options.userDataDir) fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitForHealth(origin, child, logFile);
  } catch (err) {
    await stopGroup(child, pid);
    throw err;
  }
  return {
    port,
    origin,
    userDataDir,
    logFile,
    workspace,
    exited,
    workbenchUrl: (payload) => workbenchUrl(origin, port, workspace, payload),
    stop,
  };
}

function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // absent or not plain JSON: start from our settings
  }
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...existing }, null, 2) + '\n');
}

/** code-server rejects --extensionDevelopmentPath on its CLI; the browser workbench reads it from `payload`. */
function workbenchUrl(
  origin: string,
  port: number,
  workspace: string,
  payload: WorkbenchPayload = {},
): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${toPosix(p)}`;
  const entries: [string, string][] = [];
  if (payload.extensionDevelopmentPath) {
    entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  }
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  const query = `folder=${encodeURIComponent(toPosix(workspace))}`;
  return entries.length === 0
    ? `${origin}/?${query}`
    : `${origin}/?${query}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

function toPosix(p: string): string {
  return path.resolve(p).split(path.sep).join('/');
}

async function waitForHealth(origin: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 60 s:\n${tail(logFile)}`);
}

async function stopGroup(child: ChildProcess, pid: number): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killProcessGroup(pid, 'SIGTERM');
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    await Promise.race([exited, timer]);
  }
  // The forked server and extension hosts may outlive the parent: always finish the whole group.
  killProcessGroup(pid, 'SIGKILL');
  untrackProcessGroup(pid);
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
