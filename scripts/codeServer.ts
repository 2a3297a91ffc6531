// code-server as the real VS Code host for `npm start`, the integration suites and the e2e suite: which release
// (the floor and the newest by default, see hosts.ts) is a start option; hostInstall.ts installs each on demand.
// Facts and traps: ../shared/vscode-host/README.md.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureHost, REPO_ROOT, type InstalledHost } from './hostInstall';
import { NEWEST_HOST } from './hosts';
import { trackProcessGroup, untrackProcessGroup, killProcessGroup } from './processes';

export { REPO_ROOT };
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
  // From 1.104 VS Code's own chat opens in the secondary side bar after a reload and hides the command palette.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

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
  /** code-server release (a key of HOST_RECIPES); default the newest host. */
  host?: string;
  workspace?: string;
  /** Environment of the server process; every variable reaches the extension host. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  /** Kept across runs when given (npm start); a fresh temporary folder otherwise. */
  userDataDir?: string;
  settings?: Record<string, unknown>;
  /**
   * Open the workspace untrusted, in Restricted Mode, as a folder from an unknown source opens (workspace trust
   * on, no startup prompt to answer). Default: trust off, every workspace trusted.
   */
  restricted?: boolean;
}

export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export interface CodeServer {
  host: InstalledHost;
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

/** "VS Code 1.117.0 (code-server 4.117.0)": read from the install the entry belongs to, not from our constants. */
export function describeHost(entry: string): string {
  const root = path.resolve(path.dirname(entry), '..', '..');
  const read = (file: string): { version?: string } =>
    JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as { version?: string };
  return `VS Code ${read('lib/vscode/product.json').version} (code-server ${read('package.json').version})`;
}

/** Start a throwaway code-server on 127.0.0.1 and wait until it answers /healthz. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const host = ensureHost(options.host ?? NEWEST_HOST);
  // The integration and UI runs say which host they ran in.
  console.log(`[code-server] host: ${describeHost(host.entry)}`);
  const port = options.port ?? (await freePort());
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-code-server-'));
  const workspace = options.workspace ?? copyFixtureWorkspace(scratch);
  const userDataDir = options.userDataDir ?? path.join(scratch, 'data');
  const trust = options.restricted
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : {};
  writeUserSettings(userDataDir, { ...QUIET_SETTINGS, ...trust, ...options.settings });
  const configFile = path.join(scratch, 'config.yaml');
  // Without --config code-server writes ~/.config/code-server/config.yaml.
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    host.entry,
    '--auth=none',
    `--bind-addr=127.0.0.1:${port}`,
    `--config=${configFile}`,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${path.join(scratch, 'extensions')}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    workspace,
  ];
  // Detached: its own process group, so stop() takes the forked server and the extension hosts with it.
  // The host's own Node (22 from 4.103 on); the harness itself stays on the machine's Node.
  const child = spawn(host.node, args, {
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
    host,
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

/** Sets user settings of a running instance (VS Code watches the file): `undefined` removes a key. */
export function updateUserSettings(userDataDir: string, patch: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete current[key];
    else current[key] = value;
  }
  fs.writeFileSync(file, JSON.stringify(current, null, 2) + '\n');
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
