// Which VS Code hosts the suites run on. The floor is the oldest release `engines.vscode` admits (1.104 finalised
// the Language Model Chat Provider API; code-server 4.106.3 is the oldest 1.10x seen to install here), the newest
// is the latest that runs on Node 22 (4.133+ declare Node 24). `npm test` runs the integration suite on both and
// the UI suite on the newest; `--host=4.106.3` (or GPT_WORKBENCH_HOSTS=4.106.3,4.117.0) picks others.
export const FLOOR_HOST = '4.106.3';
export const NEWEST_HOST = '4.117.0';
export const DEFAULT_HOSTS: readonly string[] = [FLOOR_HOST, NEWEST_HOST];

/** Hosts named by `--host=a,b` (repeatable) or GPT_WORKBENCH_HOSTS, else `fallback`. */
export function selectedHosts(
  argv: readonly string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
  fallback: readonly string[] = DEFAULT_HOSTS,
): string[] {
  const named = argv
    .filter((a) => a.startsWith('--host='))
    .flatMap((a) => a.slice('--host='.length).split(','));
  const fromEnv = env.GPT_WORKBENCH_HOSTS?.split(',') ?? [];
  const hosts = (named.length > 0 ? named : fromEnv).map((h) => h.trim()).filter(Boolean);
  return hosts.length > 0 ? [...new Set(hosts)] : [...fallback];
}
