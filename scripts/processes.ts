// Every process group we start (code-server and its forks) is recorded here and killed when this process
// ends, however it ends: normal exit, an exception, Ctrl+C or SIGTERM. Chromium is closed by playwright-core
// and the fake OpenAI server runs in-process, so neither needs a group of its own.
const groups = new Set<number>();
let installed = false;

export function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function trackProcessGroup(pid: number): void {
  groups.add(pid);
  installExitHandlers();
}

export function untrackProcessGroup(pid: number): void {
  groups.delete(pid);
}

function killAll(): void {
  for (const pid of groups) killProcessGroup(pid, 'SIGKILL');
  groups.clear();
}

/** Extra work to do on Ctrl+C / SIGTERM before exiting (e.g. closing the browser). Runs once. */
const signalHooks: (() => Promise<void>)[] = [];
export function onSignal(hook: () => Promise<void>): void {
  signalHooks.push(hook);
  installExitHandlers();
}

function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      const hooks = signalHooks.splice(0).map((hook) => hook().catch(() => undefined));
      const deadline = new Promise((resolve) => setTimeout(resolve, 3000).unref());
      void Promise.race([Promise.all(hooks), deadline]).finally(() => {
        killAll();
        process.exit(code);
      });
    });
  }
}
