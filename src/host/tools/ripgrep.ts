// search_text: VS Code's own ripgrep (shipped in its app root), or `rg` on PATH, run in each workspace folder.
// ripgrep honours .gitignore and skips hidden files; the guard then drops anything files.exclude or the
// secret-file patterns leave out. Killed on Stop; at most MAX_MATCHES lines come back.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkspaceGuard } from './workspaceGuard';

const MAX_MATCHES = 200;

function ripgrepPath(): string {
  const bin = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dir of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = path.join(vscode.env.appRoot, dir, '@vscode', 'ripgrep', 'bin', bin);
    if (fs.existsSync(candidate)) return candidate;
  }
  return bin;
}

export interface SearchRequest {
  query: string;
  glob?: string;
  isRegex: boolean;
  signal: AbortSignal;
}

export async function searchText(
  guard: WorkspaceGuard,
  request: SearchRequest,
): Promise<{ matches: string[]; truncated: boolean }> {
  const matches: string[] = [];
  let truncated = false;
  const multi = guard.roots().length > 1;
  for (const root of guard.roots()) {
    const args = [
      '--line-number',
      '--no-heading',
      '--color',
      'never',
      '--max-columns',
      '300',
      '--glob',
      '!.git',
    ];
    if (!request.isRegex) args.push('--fixed-strings');
    if (request.glob) args.push('--glob', request.glob);
    args.push('--regexp', request.query, '--', '.');
    const lines = await run(ripgrepPath(), args, root.path, request.signal);
    for (const line of lines) {
      const m = /^(?:\.\/)?([^:]+):(\d+):(.*)$/.exec(line);
      if (!m || !guard.visible(root, m[1]!)) continue;
      if (matches.length >= MAX_MATCHES) {
        truncated = true;
        break;
      }
      matches.push(`${multi ? `${root.name}/` : ''}${m[1]}:${m[2]}: ${m[3]!.trim()}`);
    }
  }
  return { matches, truncated };
}

function run(command: string, args: string[], cwd: string, signal: AbortSignal): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, signal, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      // Enough for MAX_MATCHES long lines; the rest is not read.
      if (size < 512 * 1024) out.push(b);
      size += b.length;
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', (err) =>
      reject(
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? new Error('ripgrep (rg) was not found; install it (apt-get install ripgrep) or use read_file.')
          : err,
      ),
    );
    child.on('close', (code) => {
      // 0 = matches, 1 = none, 2 = an error (a bad regex, an unreadable file) — with output it still answered.
      if (code === 2 && out.length === 0) reject(new Error(stderr.trim() || 'the search failed'));
      else resolve(Buffer.concat(out).toString('utf8').split('\n').filter(Boolean));
    });
  });
}
