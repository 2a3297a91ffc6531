// `npm run test:integration`: build the extension and the suites, then run the suites inside real extension
// hosts. Default: the floor and the newest code-server (scripts/hosts.ts) one after the other + Debian's Chromium
// (works offline); `-- --host=4.117.0` runs one. `-- --electron`: desktop VS Code via @vscode/test-electron, for
// machines that can download it (or set VSCODE_EXECUTABLE_PATH).
// Exit code = mocha's result (non-zero if any host failed); a hung host times out with a screenshot and the server
// log in test-results/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import * as esbuild from 'esbuild';
import { startFakeOpenAI, type FakeOpenAI } from '../test/fake-openai/server';
import { defaultSpecPath } from '../test/fake-openai/spec';
import { launchChromium } from './browser';
import { buildExtension } from './buildExtension';
import {
  copyFixtureWorkspace,
  QUIET_SETTINGS,
  REPO_ROOT,
  startCodeServer,
  type CodeServer,
} from './codeServer';
import { selectedHosts } from './hosts';
import { onSignal } from './processes';
import { MissingSystemPackagesError } from './systemPackages';

const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
const SUITES_DIR = path.join(REPO_ROOT, 'test', 'integration');
const OUT_DIR = path.join(REPO_ROOT, 'out', 'test', 'integration');
const TIMEOUT_MS = Number(process.env.GPT_WORKBENCH_TEST_TIMEOUT_MS ?? 240_000);

/** Bundle index.ts and each *.test.ts separately; mocha and vscode come from the host at run time. */
async function buildSuites(): Promise<string> {
  // GPT_WORKBENCH_SUITE=a,b runs only the suite files whose name contains one of them (while developing).
  const only = process.env.GPT_WORKBENCH_SUITE?.split(',').filter(Boolean);
  const suites = fs
    .readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.test.ts') && (!only || only.some((o) => f.includes(o))));
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['index.ts', ...suites].map((f) => path.join(SUITES_DIR, f)),
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(OUT_DIR, 'index.js');
}

/** The environment of the host: points the extension at the fake server, and no real key leaks in. */
function hostEnv(
  fake: FakeOpenAI,
  userDataDir: string,
  fakeLog: string,
  workspace: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GPT_WORKBENCH_BASE_URL: fake.baseURL,
    GPT_WORKBENCH_TEST_USER_DATA_DIR: userDataDir,
    GPT_WORKBENCH_TEST_WORKSPACE: workspace,
    GPT_WORKBENCH_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
    FAKE_OPENAI_LOG: fakeLog,
    // Suites that start a fake of their own inside the host (a key-less local server) check against the same spec.
    OPENAI_OPENAPI_SPEC: defaultSpecPath(),
  };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE']) {
    delete env[name];
  }
  return env;
}

// Workbench chatter that says nothing about our tests (see ../shared/vscode-host/README.md, "Harmless noise").
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /ENOTFOUND open-vsx\.org/,
  /vsda/,
];

/** Workbench log lines arrive printf-style; mocha's report is the extension host's console.log. */
function printAutomationLog(level: string, args: unknown): void {
  const parts = Array.isArray(args) ? args : [args];
  const line = parts.length === 0 ? '' : util.format(...(parts as [unknown, ...unknown[]]));
  if (process.env.GPT_WORKBENCH_TEST_VERBOSE !== '1' && NOISE.some((re) => re.test(line))) return;
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

async function runInCodeServer(testsPath: string, host: string): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-integration-'));
  const userDataDir = path.join(scratch, 'data');
  const fakeLog = path.join(scratch, 'fake-openai.jsonl');
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) await step().catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  };
  onSignal(cleanup);
  let server: CodeServer | undefined;
  try {
    const fake = await startFakeOpenAI({ quiet: true, logFile: fakeLog, requireSpec: true });
    cleanups.push(() => fake.close());
    const workspace = copyFixtureWorkspace(scratch);
    server = await startCodeServer({
      host,
      env: hostEnv(fake, userDataDir, fakeLog, workspace),
      userDataDir,
      workspace,
    });
    cleanups.push(() => server?.stop() ?? Promise.resolve());
    const hostTag = server.host.codeServer;
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // Both must exist before the workbench loads: it looks them up once, in test mode.
    await page.exposeFunction('codeAutomationLog', printAutomationLog);
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.goto(
      server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: testsPath }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)),
    );
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const shot = path.join(RESULTS_DIR, `integration-timeout-${hostTag}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      const log = path.join(RESULTS_DIR, `integration-code-server-${hostTag}.log`);
      fs.copyFileSync(server.logFile, log);
      console.error(
        `\nThe extension host (${server.host.label}) did not finish within ${TIMEOUT_MS / 1000} s. ` +
          `Saved ${path.relative(REPO_ROOT, shot)} and ${path.relative(REPO_ROOT, log)}.`,
      );
      return 1;
    }
    if (outcome !== 0) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.copyFileSync(server.logFile, path.join(RESULTS_DIR, `integration-code-server-${hostTag}.log`));
    }
    return outcome;
  } finally {
    await cleanup();
  }
}

async function runInElectron(testsPath: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-electron-'));
  const userDataDir = path.join(scratch, 'data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  const fakeLog = path.join(scratch, 'fake-openai.jsonl');
  const workspace = copyFixtureWorkspace(scratch);
  const fake = await startFakeOpenAI({ quiet: true, logFile: fakeLog, requireSpec: true });
  const version = '1.106.3'; // the floor host's VS Code (scripts/hosts.ts)
  console.log(
    `[electron] host: ${process.env.VSCODE_EXECUTABLE_PATH ? `the VS Code at ${process.env.VSCODE_EXECUTABLE_PATH}` : `VS Code ${version} (desktop, @vscode/test-electron)`}`,
  );
  try {
    const run = runTests({
      version,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: testsPath,
      extensionTestsEnv: hostEnv(fake, userDataDir, fakeLog, workspace),
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--password-store=basic', // SecretStorage without a desktop keyring (CI)
      ],
      timeout: 30_000, // idle timeout of the VS Code download
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    try {
      return await Promise.race([run, timedOut]);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(message);
      console.error(
        `\n--electron: desktop VS Code could not be ${offline ? 'downloaded (no network access to update.code.visualstudio.com)' : 'run'}: ${message}\n` +
          'Run `npm run test:integration` without --electron to use code-server, or set VSCODE_EXECUTABLE_PATH to a local VS Code.',
      );
      return 1;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await fake.close();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function main(): Promise<void> {
  const electron = process.argv.includes('--electron');
  // --no-build: reuse dist/ from a running `npm run watch`.
  if (!process.argv.includes('--no-build')) buildExtension();
  const testsPath = await buildSuites();
  if (electron) process.exit(await runInElectron(testsPath));
  const results: { host: string; code: number }[] = [];
  for (const host of selectedHosts()) results.push({ host, code: await runInCodeServer(testsPath, host) });
  if (results.length > 1) {
    console.log('\nIntegration suites by host:');
    for (const r of results) console.log(`  code-server ${r.host}: ${r.code === 0 ? 'passed' : 'FAILED'}`);
  }
  process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err instanceof MissingSystemPackagesError ? err.message : err);
  process.exit(1);
});
