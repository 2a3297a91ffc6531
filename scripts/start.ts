// `npm start`: build the extension and open it in a VS Code.
//   - `code` on PATH: a desktop "[Extension Development Host]" window (--extensionDevelopmentPath).
//   - otherwise: code-server on 127.0.0.1 (port 8080, or a free one) with the extension loaded; open the URL shown.
// Options: --offline  also start the fake OpenAI server and point the extension at it with a fake key, so every
//                     feature can be clicked through without an OpenAI account.
//          --code-server  use code-server even when `code` is on PATH;  --port N  code-server's port;
//          --folder DIR  the folder to open (default: .vscode-test/playground-acme, a copy of playground/).
// Runs until Ctrl+C, then stops everything it started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../test/fake-openai/server';
import { buildExtension } from './buildExtension';
import { REPO_ROOT, freePort, startCodeServer, tail } from './codeServer';

const PLAYGROUND = path.join(REPO_ROOT, 'playground');
import { onSignal } from './processes';
import { MissingSystemPackagesError, commandPath } from './systemPackages';

interface StartOptions {
  offline: boolean;
  forceCodeServer: boolean;
  port?: number;
  workspace: string;
}

function parseArgs(argv: string[]): StartOptions {
  const portIndex = argv.indexOf('--port');
  const port = portIndex >= 0 ? Number(argv[portIndex + 1]) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error('--port needs a port number, e.g. --port 8080');
  }
  const workspaceIndex = argv.indexOf('--folder');
  return {
    offline: argv.includes('--offline'),
    forceCodeServer: argv.includes('--code-server'),
    port,
    workspace: workspaceIndex >= 0 ? path.resolve(argv[workspaceIndex + 1] ?? '.') : playgroundWorkspace(),
  };
}

/** A copy of playground/ to play in (ignored by git), so trying Apply never edits the checked-in sample. */
function playgroundWorkspace(): string {
  const dir = path.join(REPO_ROOT, '.vscode-test', 'playground-acme');
  if (!fs.existsSync(dir)) fs.cpSync(PLAYGROUND, dir, { recursive: true });
  return dir;
}

/** --offline: the fake server plus a fake project key that only the fake accepts. */
async function offlineEnvironment(env: NodeJS.ProcessEnv): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI({ port: 0, demo: true });
  env.GPT_WORKBENCH_BASE_URL = fake.baseURL;
  env.GPT_WORKBENCH_OFFLINE_DEMO = '1';
  env.OPENAI_API_KEY = `sk-proj-offline${randomBytes(24).toString('hex')}`;
  console.log(
    `[start] offline: fake OpenAI server at ${fake.baseURL}; the extension uses a fake key from OPENAI_API_KEY.`,
  );
  return fake;
}

function waitForever(): Promise<never> {
  // A pending timer keeps the event loop (and so the children's owner) alive until a signal arrives.
  return new Promise(() => setInterval(() => undefined, 1 << 30));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  console.log('[start] building the extension…');
  buildExtension();
  const env: NodeJS.ProcessEnv = { ...process.env };
  const fake = options.offline ? await offlineEnvironment(env) : undefined;
  let stopping = false;
  onSignal(async () => {
    stopping = true;
    console.log('\n[start] stopping…');
    await fake?.close();
  });

  const code = options.forceCodeServer ? undefined : commandPath('code');
  if (code) {
    // The CLI hands its environment to the new window's extension host, so --offline works here too.
    const child = spawn(
      code,
      ['--new-window', `--extensionDevelopmentPath=${REPO_ROOT}`, options.workspace],
      {
        env,
        stdio: 'inherit',
      },
    );
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    console.log(
      '[start] opened an [Extension Development Host] window of VS Code with GPT Workbench loaded.',
    );
    if (!fake) return;
    console.log('[start] keep this running while you use it (the fake server lives here); Ctrl+C to stop.');
    await waitForever();
  }

  const port = options.port ?? (await freePort(8080));
  console.log('[start] starting code-server…');
  const server = await startCodeServer({
    env,
    port,
    workspace: options.workspace,
    // Kept between runs: settings you change stay. The key lives in the browser's own storage.
    userDataDir: path.join(REPO_ROOT, '.vscode-test', 'user-data-start'),
  });
  onSignal(() => server.stop());
  const url = server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT });
  console.log(
    [
      '',
      'GPT Workbench is loaded in code-server (VS Code 1.100.3 in the browser). Open:',
      '',
      `    ${url}`,
      '',
      `The window title says "[Extension Development Host]". Commands: F1 → "GPT Workbench: …".`,
      `After changing the code: run \`npm run build\` (or \`npm run watch\`) and reload the page.`,
      `Server log: ${server.logFile}`,
      'Ctrl+C stops code-server' + (fake ? ' and the fake OpenAI server.' : '.'),
      '',
    ].join('\n'),
  );
  const exitCode = await server.exited;
  if (stopping) await waitForever(); // Ctrl+C: the signal handler finishes the cleanup and exits
  console.error(`[start] code-server stopped unexpectedly (exit ${exitCode}):\n${tail(server.logFile)}`);
  await fake?.close();
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err instanceof MissingSystemPackagesError ? `[start] ${err.message}` : err);
  process.exit(1);
});
