// The fake OpenAI server in a child Node process, so that a bench counts only its own process's CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface FakeServerProcess {
  baseURL: string;
  child: ChildProcess;
}

/** Starts test/fake-openai in a child process and waits for its base URL on stdout. */
export function startFakeServerProcess(): Promise<FakeServerProcess> {
  const script = [
    "require('tsx/cjs');",
    `const { startFakeOpenAI } = require(${JSON.stringify(path.join(ROOT, 'test/fake-openai/server.ts'))});`,
    'startFakeOpenAI({ quiet: true }).then((s) => process.stdout.write("BASEURL " + s.baseURL + "\\n"));',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /BASEURL (\S+)/.exec(out);
      if (m) resolve({ baseURL: m[1]!, child });
    });
    child.once('exit', (code) =>
      reject(new Error(`fake server process exited (${code}) before it listened`)),
    );
  });
}
