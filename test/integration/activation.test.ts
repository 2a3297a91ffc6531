// The extension loads in a real extension host, and package.json and the registered commands agree both ways.
import * as assert from 'assert';
import * as vscode from 'vscode';
import * as fs from 'fs';
import { EXTENSION_ID, activateExtension, eventually, filesContaining, requireEnv } from './helpers';

const VIEW_COMMAND_SUFFIXES = ['focus', 'open', 'removeView', 'resetViewLocation', 'toggleVisibility'];

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

describe('activation', () => {
  it('activates and hands the test API over in test mode', async () => {
    const api = await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension?.isActive, 'extension is active');
    assert.ok(typeof api.checkRotationReminder === 'function');
  });

  it('never activates on startup (no "*" activation event)', () => {
    const events = (
      vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents?: string[] }
    ).activationEvents;
    assert.ok(!(events ?? []).includes('*'), `activationEvents: ${JSON.stringify(events)}`);
    assert.ok(!(events ?? []).includes('onStartupFinished'), `activationEvents: ${JSON.stringify(events)}`);
  });

  it('registers every command of package.json, and only those', async () => {
    await activateExtension();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: ContributedCommand[]; views?: Record<string, { id: string }[]> };
    };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    // The workbench itself registers these for every contributed view: they are not ours to declare.
    const viewCommands = new Set(
      Object.values(manifest.contributes.views ?? {})
        .flat()
        .flatMap((view) => VIEW_COMMAND_SUFFIXES.map((suffix) => `${view.id}.${suffix}`)),
    );
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('gptWorkbench.') && !viewCommands.has(id))
      .sort();
    assert.ok(declared.length > 0, 'package.json declares commands');
    assert.deepStrictEqual(
      registered.filter((id) => !declared.includes(id)),
      [],
      'registered but missing in package.json',
    );
    assert.deepStrictEqual(
      declared.filter((id) => !registered.includes(id)),
      [],
      'declared in package.json but not registered',
    );
    for (const c of manifest.contributes.commands) {
      assert.strictEqual(c.category, 'GPT Workbench', `${c.command} has category "GPT Workbench"`);
      assert.ok(c.command.startsWith('gptWorkbench.'), `${c.command} is in our namespace`);
    }
  });

  it('talks to the fake OpenAI server, never to the real API', async () => {
    const api = await activateExtension();
    const base = process.env.GPT_WORKBENCH_BASE_URL ?? '';
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.strictEqual(api.openai.baseUrl, base);
  });

  it('logs how long activate() took; printed as the bench figure activation.host_ms', async () => {
    await activateExtension();
    const userData = requireEnv('GPT_WORKBENCH_TEST_USER_DATA_DIR');
    // The log file is written asynchronously: wait for the line.
    const line = await eventually(() => {
      for (const file of filesContaining(userData, 'Activated in ')) {
        const m = /Activated in (\d+(?:\.\d+)?) ms \(endpoint /.exec(fs.readFileSync(file, 'utf8'));
        if (m) return m;
      }
      return undefined;
    }, 'the activation line in the log');
    const value = Number(line[1]);
    assert.ok(Number.isFinite(value) && value >= 0, `a duration: ${line[0]}`);
    // Baseline in the same host: registering and disposing as many no-op commands as activate() registers, the
    // least any activation must do.
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { commands: unknown[] };
    };
    const started = performance.now();
    const probes = manifest.contributes.commands.map((_, i) =>
      vscode.commands.registerCommand(`gptWorkbenchBaseline.probe${i}`, () => undefined),
    );
    for (const p of probes) p.dispose();
    const baseline = performance.now() - started;
    const round = (n: number): number => Math.round(n * 10_000) / 10_000;
    const figure = {
      name: 'activation.host_ms',
      value: round(value),
      unit: 'ms',
      baseline: round(baseline),
      ratio: round(baseline === 0 ? Number.POSITIVE_INFINITY : value / baseline),
      goal: 'reported',
    };
    console.log(`BENCH ${JSON.stringify(figure)}`);
  });
});
