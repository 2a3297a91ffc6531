// Show Usage, Export Usage and Clear Response Cache in the real extension host, against the fake OpenAI server:
// requests made through the host's Workbench appear on the usage page with their costs, the export writes every
// ledger line as CSV (or JSONL), the cache command empties the response cache, and the ledger under global
// storage holds request ids but never the key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  filesContaining,
  makeKey,
  setKeyQuietly,
} from './helpers';

/** The page formats costs like the core's formatUsd; the test says it independently. */
function usd(v: number): string {
  if (v === 0) return '$0';
  return `$${v.toFixed(v >= 1 ? 2 : v >= 0.01 ? 4 : 6)}`;
}

interface Line {
  time: string;
  requestId: string | null;
  feature: string;
  costUsd: number | null;
}

describe('usage: Show Usage, Export Usage, Clear Response Cache, the ledger file', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const key = makeKey('sk-proj-');
  const run = Date.now().toString(36);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-usage-'));

  const ledgerLines = (): Line[] => {
    const dir = api.production.service.ledger.dir;
    return fs
      .readdirSync(dir)
      .filter((f) => /^ledger-\d{4}-\d{2}\.jsonl$/.test(f))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Line);
  };

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(key);
  });

  beforeEach(() => {
    ui = new WindowStubs();
  });

  afterEach(() => ui.restore());

  after(async () => {
    await clearKeyQuietly();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('Show Usage lists the requests made, with their costs, by model and by feature', async () => {
    const wb = await api.production.getWorkbench();
    // A long prompt on gpt-4.1 makes these the month's most expensive requests, whatever other suites sent.
    const long = `usage ${run} `.repeat(400);
    const results = [];
    for (const [model, feature] of [
      ['gpt-4.1', `test.usage.big.${run}`],
      ['gpt-4.1', `test.usage.big.${run}`],
      ['gpt-4.1-nano', `test.usage.small.${run}`],
    ] as const) {
      results.push(await wb.chat({ model, messages: [{ role: 'user', content: long }] }, { feature }));
    }
    const uri = (await vscode.commands.executeCommand('gptWorkbench.showUsage')) as vscode.Uri;
    const page = (await vscode.workspace.openTextDocument(uri)).getText();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some(
        (t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType),
      ),
      `the page is shown in the markdown preview (tabs: ${tabs.map((t) => t.label).join(', ')})`,
    );

    assert.match(page, /^# GPT Workbench usage/);
    for (const r of results.slice(0, 2)) {
      assert.ok(
        r.requestId && page.includes(`\`${r.requestId}\``),
        'a big request is among the most expensive',
      );
      assert.ok(page.includes(`| ${usd(r.costUsd ?? 0)} | \`${r.requestId}\``), 'with its cost');
    }
    const big = Math.round((results[0]!.costUsd! + results[1]!.costUsd!) * 1e10) / 1e10;
    const byFeature = page.split('## By feature')[1]!.split('## Most expensive')[0]!;
    const bigRow = byFeature.split('\n').find((l) => l.startsWith(`| test.usage.big.${run} |`));
    assert.ok(bigRow, 'the feature has a row');
    assert.match(bigRow, /^\| [^|]+ \| 2 \|/, 'counting its two requests');
    assert.ok(bigRow.endsWith(`| ${usd(big)} |`), `${bigRow} ends with the sum ${usd(big)}`);
    assert.ok(byFeature.includes(`| test.usage.small.${run} | 1 |`));
    const byModel = page.split('## By model')[1]!.split('## By feature')[0]!;
    assert.match(
      byModel,
      /\| gpt-4\.1-nano(-\d{4}-\d{2}-\d{2})? \| \d+ \|/,
      'the answering models are listed',
    );

    // "This month" counts every line of this month's ledger file (all suites share the ledger).
    const month = new Date().toISOString().slice(0, 7);
    const thisMonth = ledgerLines().filter((l) => l.time.startsWith(month)).length;
    assert.ok(
      page.includes(`| This month | ${thisMonth.toLocaleString('en-US')} |`),
      `This month row = ${thisMonth}`,
    );
  });

  it('Export Usage writes every ledger line as CSV, or as JSONL by the file extension', async () => {
    const csvFile = vscode.Uri.file(path.join(scratch, 'usage.csv'));
    const window = vscode.window as { showSaveDialog: unknown };
    const original = window.showSaveDialog;
    window.showSaveDialog = async () => csvFile;
    try {
      const written = (await vscode.commands.executeCommand('gptWorkbench.exportUsage')) as vscode.Uri;
      assert.strictEqual(written.fsPath, csvFile.fsPath);
    } finally {
      window.showSaveDialog = original;
    }
    const lines = ledgerLines();
    const csv = fs.readFileSync(csvFile.fsPath, 'utf8').trim().split(/\r?\n/);
    assert.match(csv[0]!, /^time,requestId,endpoint,operation,model,feature,status/);
    assert.strictEqual(csv.length - 1, lines.length, 'one row per ledger line');
    const someId = lines.find((l) => l.requestId)?.requestId;
    assert.ok(someId && csv.some((row) => row.includes(someId)), 'rows carry request ids');
    assert.match(ui.last('info').text, new RegExp(`Exported ${lines.length} requests as CSV`));

    const jsonlFile = vscode.Uri.file(path.join(scratch, 'usage.jsonl'));
    await vscode.commands.executeCommand('gptWorkbench.exportUsage', jsonlFile);
    const jsonl = fs.readFileSync(jsonlFile.fsPath, 'utf8').trim().split('\n');
    assert.deepStrictEqual(
      jsonl.map((l) => (JSON.parse(l) as Line).requestId),
      lines.map((l) => l.requestId),
    );
  });

  it('a deterministic request is answered from the cache; Clear Response Cache empties it', async () => {
    const wb = await api.production.getWorkbench();
    const draft = {
      model: 'gpt-4.1-mini',
      temperature: 0,
      seed: 7,
      messages: [{ role: 'user' as const, content: `cache me ${run}` }],
    };
    const first = await wb.chat(draft, { feature: 'test.cache' });
    const second = await wb.chat(draft, { feature: 'test.cache' });
    assert.strictEqual(first.cacheHit, false);
    assert.strictEqual(second.cacheHit, true);
    assert.strictEqual(second.costUsd, 0, 'a hit costs nothing');
    assert.strictEqual(second.content, first.content);
    const cache = await api.production.service.responseCache();
    assert.ok(cache.size >= 1);

    const dropped = (await vscode.commands.executeCommand('gptWorkbench.clearResponseCache')) as number;
    assert.ok(dropped >= 1, `dropped ${dropped}`);
    assert.strictEqual(cache.size, 0);
    const stored = JSON.parse(fs.readFileSync(cache.file, 'utf8')) as { entries: unknown[] };
    assert.deepStrictEqual(stored.entries, [], 'the cache file is empty too');
    assert.match(ui.last('info').text, /response cache cleared/);
    const third = await wb.chat(draft, { feature: 'test.cache' });
    assert.strictEqual(third.cacheHit, false, 'asked again after clearing');
  });

  it('the ledger lives under global storage with request ids, and holds no key', async () => {
    const dir = api.production.service.ledger.dir;
    assert.ok(dir.includes('globalStorage'), `ledger dir ${dir} is under global storage`);
    const lines = ledgerLines();
    assert.ok(lines.filter((l) => l.requestId?.startsWith('req_')).length >= 3, 'request ids are recorded');
    assert.ok(
      lines.some((l) => l.feature === 'test.cache' && l.costUsd === 0),
      'the cache hit is recorded at $0',
    );
    assert.deepStrictEqual(
      filesContaining(path.dirname(dir), key),
      [],
      'no file under global storage holds the key',
    );
  });
});
