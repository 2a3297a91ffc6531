// run_command: offered only when the setting is on and the workspace is trusted. Every call shows the exact
// command and is approved call by call (never "for this chat"); it runs in the workspace folder (or a folder
// inside it) with a timeout, its output captured and capped, and is killed on Stop.
import { spawn } from 'node:child_process';
import type { ToolDefinition } from '../../core';
import { mustResolve, type WorkspaceGuard } from './workspaceGuard';

const MAX_OUTPUT = 64 * 1024;

export function commandTool(guard: WorkspaceGuard, timeoutMs: () => number): ToolDefinition {
  return {
    name: 'run_command',
    description:
      'Runs a shell command in the workspace folder (or `cwd`, a folder inside it) after the user approves it. ' +
      'Returns the exit code and the output.',
    kind: 'command',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', minLength: 1 }, cwd: { type: 'string' } },
      required: ['command'],
      additionalProperties: false,
    },
    needsApproval: () => true,
    async prepare(args) {
      mustResolve(guard, typeof args.cwd === 'string' && args.cwd ? args.cwd : '.');
    },
    run(args, ctx) {
      const cwd = mustResolve(guard, typeof args.cwd === 'string' && args.cwd ? args.cwd : '.').absolute;
      const limit = timeoutMs();
      return new Promise((resolve, reject) => {
        const child = spawn(String(args.command), {
          cwd,
          shell: true,
          signal: ctx.signal,
          timeout: limit,
          killSignal: 'SIGKILL',
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group, so a kill takes the shell's children too.
          detached: process.platform !== 'win32',
        });
        let output = '';
        let cut = 0;
        const take = (b: Buffer): void => {
          const text = b.toString('utf8');
          const room = MAX_OUTPUT - output.length;
          if (room > 0) output += text.slice(0, room);
          cut += Math.max(0, text.length - Math.max(room, 0));
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        const killGroup = (): void => {
          if (child.pid && process.platform !== 'win32') {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        };
        ctx.signal.addEventListener('abort', killGroup, { once: true });
        child.on('error', (err) => {
          killGroup();
          reject(ctx.signal.aborted ? new Error('stopped') : err);
        });
        child.on('close', (code, signal) => {
          ctx.signal.removeEventListener('abort', killGroup);
          killGroup();
          const note = cut > 0 ? `\n[… ${cut} more characters of output cut]` : '';
          if (signal && !ctx.signal.aborted)
            return resolve(`Killed after ${Math.round(limit / 1000)} s (timeout).\n${output}${note}`);
          resolve(`Exit code ${code ?? 'none'}\n${output}${note}`);
        });
      });
    },
  };
}
