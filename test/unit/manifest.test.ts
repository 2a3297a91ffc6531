// package.json and the code agree: every contributed command is registered once, menus and keybindings name
// contributed commands, every contributed setting is read by the one settings reader (src/host/config.ts) and
// every setting read there is declared with a markdownDescription. Nothing outside config.ts reads settings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/host/commandIds';

const root = path.resolve(__dirname, '../..');
const SECTION = 'gptWorkbench.';

interface MenuEntry {
  command?: string;
  submenu?: string;
}
interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: {
      supported: boolean | 'limited';
      description?: string;
      restrictedConfigurations?: string[];
    };
  };
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, MenuEntry[]>;
    keybindings: { command: string }[];
    submenus: { id: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}
const sources = sourceFiles(path.join(root, 'src')).map((file) => ({
  file: path.relative(root, file),
  text: fs.readFileSync(file, 'utf8'),
}));
const configSource = fs.readFileSync(path.join(root, 'src/host/config.ts'), 'utf8');
/** Where settings are read: config.ts and the features' readers built on its accessors. */
const readerSources = configSource + fs.readFileSync(path.join(root, 'src/host/featureSettings.ts'), 'utf8');

/** The keys listed in config.ts's SETTING_KEYS. */
export function listedSettingKeys(source: string): string[] {
  const list = /export const SETTING_KEYS = \[([\s\S]*?)\] as const;/.exec(source);
  assert.ok(list, 'config.ts declares SETTING_KEYS');
  return [...list[1]!.matchAll(/'([\w.]+)'/g)].map((m) => m[1]!);
}

/** The keys config.ts passes to one of its typed accessors, i.e. actually reads. */
export function readSettingKeys(source: string): Set<string> {
  return new Set(
    [...source.matchAll(/\b(?:raw|text|num|flag|record|list)\(\s*'([\w.]+)'/g)].map((m) => m[1]!),
  );
}

describe('manifest', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  const ids = Object.values(COMMANDS) as string[];

  it('contributes exactly the commands of src/host/commandIds.ts', () => {
    assert.deepEqual([...contributed].sort(), [...ids].sort());
    assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
  });

  it('registers every command once, through the command manager', () => {
    const registered = sources.flatMap(({ text }) =>
      [...text.matchAll(/\.register\(\s*COMMANDS\.(\w+)/g)].map((m) => m[1]!),
    );
    for (const key of Object.keys(COMMANDS))
      assert.equal(registered.filter((k) => k === key).length, 1, `COMMANDS.${key} registered once`);
  });

  it('names command ids only in commandIds.ts', () => {
    for (const { file, text } of sources) {
      if (file === path.join('src', 'host', 'commandIds.ts')) continue;
      for (const id of ids) assert.ok(!text.includes(`'${id}'`), `${file} spells out ${id}; use COMMANDS`);
    }
  });

  it('menus and keybindings name contributed commands and submenus', () => {
    const submenus = new Set(manifest.contributes.submenus.map((s) => s.id));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      if (menu.startsWith(SECTION)) assert.ok(submenus.has(menu), `menu ${menu} is a declared submenu`);
      for (const entry of entries) {
        if (entry.submenu) assert.ok(submenus.has(entry.submenu), `${menu}: submenu ${entry.submenu}`);
        else assert.ok(contributed.includes(entry.command ?? ''), `${menu}: ${entry.command} is contributed`);
      }
    }
    for (const binding of manifest.contributes.keybindings)
      assert.ok(contributed.includes(binding.command), `keybinding for ${binding.command} is contributed`);
  });

  const declared = manifest.contributes.configuration.properties;
  const declaredKeys = Object.keys(declared).map((k) => k.slice(SECTION.length));

  it('config.ts lists exactly the declared settings and reads each of them', () => {
    for (const key of Object.keys(declared)) assert.ok(key.startsWith(SECTION), key);
    const listed = listedSettingKeys(configSource);
    assert.deepEqual([...listed].sort(), [...declaredKeys].sort());
    const read = readSettingKeys(readerSources);
    for (const key of listed) assert.ok(read.has(key), `config.ts lists ${key} but never reads it`);
  });

  it('declares every setting with a markdownDescription', () => {
    for (const [key, schema] of Object.entries(declared))
      assert.ok((schema.markdownDescription ?? '').trim().length > 10, `${key} has a markdownDescription`);
  });

  it('reads settings nowhere but src/host/config.ts', () => {
    const readers = sources.filter(({ text }) => text.includes('getConfiguration(')).map((s) => s.file);
    assert.deepEqual(readers, [path.join('src', 'host', 'config.ts')]);
  });

  it('names only declared settings in failure messages and their buttons', () => {
    const wording = fs.readFileSync(path.join(root, 'src/core/errorMapping.ts'), 'utf8');
    const opened = [...wording.matchAll(/'gptWorkbench\.([\w.]+)'/g)].map((m) => m[1]!);
    assert.ok(opened.length > 0);
    for (const key of opened)
      assert.ok(
        declaredKeys.some((d) => d === key || d.startsWith(`${key}.`)),
        `a button opens gptWorkbench.${key}, which is not declared`,
      );
  });

  it('runs in Restricted Mode with the settings that route the key, add headers, run code or weaken a guard restricted', () => {
    const trust = manifest.capabilities?.untrustedWorkspaces;
    // Without the capability VS Code does not load the extension in an untrusted workspace at all.
    assert.equal(trust?.supported, 'limited');
    assert.ok((trust.description ?? '').length > 20, 'the Restricted Mode view says what is limited');
    const restricted = trust.restrictedConfigurations ?? [];
    for (const key of restricted) assert.ok(key in declared, `${key} is a declared setting`);
    const mustBe = [
      'baseUrl',
      'azure.endpoint',
      'azure.apiKeySecret',
      'customHeaders',
      'mcp.servers',
      'tools.runCommand.enabled',
      'tools.disabled',
      'redact.personalData',
      'budget.monthlyUsd',
      'budget.dailyUsd',
    ];
    for (const key of mustBe) assert.ok(restricted.includes(SECTION + key), `${SECTION}${key} is restricted`);
  });

  it('the checks above fail on a broken manifest', () => {
    // A key listed but never read, and a reader call the list lacks, are both seen.
    const broken = "export const SETTING_KEYS = [\n  'a.b',\n  'c',\n] as const;\nconst x = num('c');";
    assert.deepEqual(listedSettingKeys(broken), ['a.b', 'c']);
    assert.deepEqual([...readSettingKeys(broken)], ['c']);
  });
});
