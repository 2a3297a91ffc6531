// The system packages the VS Code host needs, checked up front so that a fresh machine fails with the exact
// command to run instead of a native build error twenty lines into an npm log.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface SystemNeeds {
  /** `rg`: @vscode/ripgrep's download cache is seeded from it when code-server is installed. */
  ripgrep?: boolean;
  /** gssapi headers: code-server's `kerberos` dependency compiles against them. */
  kerberosHeaders?: boolean;
  /** Chromium for the integration and e2e suites (driven by playwright-core). */
  chromium?: boolean;
}

export class MissingSystemPackagesError extends Error {
  constructor(readonly packages: string[]) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const command = `${root ? '' : 'sudo '}apt-get update && ${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
    super(
      `Missing system package${packages.length > 1 ? 's' : ''}: ${packages.join(', ')}.\n` +
        `Install ${packages.length > 1 ? 'them' : 'it'} with:\n\n    ${command}\n`,
    );
    this.name = 'MissingSystemPackagesError';
  }
}

/** Absolute path of a command on PATH, or undefined. */
export function commandPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const out = found.stdout.trim();
  return found.status === 0 && out.startsWith('/') ? out : undefined;
}

/** Debian's chromium (or CHROMIUM_PATH), used through playwright-core without a browser download. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return commandPath('chromium') ?? commandPath('chromium-browser');
}

function hasKerberosHeaders(): boolean {
  return ['/usr/include/gssapi/gssapi.h', '/usr/include/gssapi.h'].some((f) => fs.existsSync(f));
}

/** Throws MissingSystemPackagesError naming every missing apt package at once. */
export function assertSystemPackages(needs: SystemNeeds): void {
  const missing: string[] = [];
  if (needs.chromium && !chromiumPath()) missing.push('chromium');
  if (needs.ripgrep && !commandPath('rg')) missing.push('ripgrep');
  if (needs.kerberosHeaders && !hasKerberosHeaders()) missing.push('libkrb5-dev');
  if (missing.length > 0) throw new MissingSystemPackagesError(missing);
}
