// `node esbuild.js` from the scripts: the same build as `npm run build`, failing loudly.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServer';

export function buildExtension(): void {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js')], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('Building the extension failed (node esbuild.js)');
}
