// The empty chat's welcome: what it says and offers for each connection state, the keys from the manifest, and
// the allowlist a click is checked against.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWelcome, formatChord, isOfferedWelcomeAction } from '../../src/core';

const TASKS = ['explainSelection', 'refactorSelection', 'extractData', 'fixProblem'].map(
  (c) => `gptWorkbench.${c}`,
);

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string }[];
    keybindings: { command: string; key?: string; mac?: string }[];
  };
};
const welcome = (connection: 'ready' | 'keyless' | 'noKey' | 'offlineDemo', mac = false) =>
  buildWelcome({
    connection,
    ids: { tasks: TASKS, setApiKey: 'gptWorkbench.setApiKey' },
    commands: manifest.contributes.commands,
    keybindings: manifest.contributes.keybindings,
    mac,
  });

describe('chat welcome', () => {
  it('offers Set API Key and another endpoint without a key; only the walkthrough once connected', () => {
    assert.deepEqual(
      welcome('noKey').actions.map((a) => a.command),
      ['gptWorkbench.setApiKey', 'workbench.action.openSettings', 'workbench.action.openWalkthrough'],
    );
    assert.deepEqual(
      welcome('keyless').actions.map((a) => a.command),
      ['gptWorkbench.setApiKey', 'workbench.action.openWalkthrough'],
    );
    for (const state of ['ready', 'offlineDemo'] as const)
      assert.deepEqual(
        welcome(state).actions.map((a) => a.command),
        ['workbench.action.openWalkthrough'],
      );
  });

  it("lists the code tasks with the manifest's titles and keys, per platform", () => {
    const tasks = welcome('ready').tasks;
    assert.equal(tasks.length, TASKS.length);
    assert.deepEqual(tasks[0], { title: 'Explain Selection', keys: 'Ctrl+Alt+G E' });
    assert.deepEqual(tasks[1], { title: 'Refactor Selection', keys: 'Ctrl+Alt+G R' });
    assert.equal(welcome('ready', true).tasks[0]!.keys, '⌘⌥G E');
    assert.equal(formatChord('ctrl+shift+enter', false), 'Ctrl+Shift+Enter');
  });

  it('accepts a click only for an action it offered, with the same arguments', () => {
    const shown = welcome('noKey');
    assert.ok(isOfferedWelcomeAction(shown, 'gptWorkbench.setApiKey', []));
    assert.ok(isOfferedWelcomeAction(shown, 'workbench.action.openSettings', ['gptWorkbench.baseUrl']));
    assert.ok(!isOfferedWelcomeAction(shown, 'workbench.action.openSettings', ['editor.fontSize']));
    assert.ok(!isOfferedWelcomeAction(shown, 'workbench.action.terminal.new', []));
    assert.ok(!isOfferedWelcomeAction(undefined, 'gptWorkbench.setApiKey', []));
  });
});
