// Entry of the integration suites inside the real extension host (code-server or desktop VS Code). The host
// require()s this bundle and awaits run(); mocha's spec report goes to console.log, which the workbench
// forwards to the runner (scripts/runIntegration.ts). Every *.test.js compiled next to this file is loaded. A suite
// that reloads the window (`*.reload.test.js`) runs alone first: the reload ends this host, and the reloaded window's
// host runs this again, now with the reload marker in the workspace: that suite first (checking what survived),
// then all the others, each once.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { RELOAD_MARKER } from './helpers';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.GPT_WORKBENCH_TEST_COLOR === '1',
    timeout: 30_000,
    forbidOnly: true,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`No compiled integration suites next to ${__filename}`);
  const reloading = files.filter((f) => f.endsWith('.reload.test.js'));
  const workspace = process.env.GPT_WORKBENCH_TEST_WORKSPACE;
  const afterReload = workspace !== undefined && fs.existsSync(path.join(workspace, RELOAD_MARKER));
  const order =
    reloading.length > 0 && !afterReload
      ? reloading
      : [...reloading, ...files.filter((f) => !reloading.includes(f))];
  for (const file of order) mocha.addFile(path.join(__dirname, file));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
