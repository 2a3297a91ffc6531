// Production discipline in the real extension host, against the fake OpenAI server: requests through the host's
// Workbench reach the status-bar item; the budget modal asks before a request over the daily limit (cancel sends
// nothing, "Send anyway" sends), 80 % is a non-modal notice; block-mode moderation never sends flagged input;
// API failures are shown with their cause and next-step button.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WorkbenchTestingApi } from '../../src/extension';
import { chatRequestsWith } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  makeKey,
  setKeyQuietly,
  setSetting,
} from './helpers';

interface Warning {
  text: string;
  modal: boolean;
  items: string[];
}

/** Replaces showWarningMessage, recording the options too (is it modal?), and answers with `answer`. */
function stubWarnings(answer: (w: Warning) => string | undefined): { shown: Warning[]; restore(): void } {
  const window = vscode.window as { showWarningMessage: unknown };
  const original = window.showWarningMessage;
  const shown: Warning[] = [];
  window.showWarningMessage = async (text: string, ...rest: unknown[]) => {
    const options = rest.find((r): r is vscode.MessageOptions => typeof r === 'object' && r !== null);
    const w = {
      text,
      modal: options?.modal === true,
      items: rest.filter((r): r is string => typeof r === 'string'),
    };
    shown.push(w);
    return answer(w);
  };
  return { shown, restore: () => (window.showWarningMessage = original) };
}

describe('production: workbench, status bar, budget, moderation, errors', () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const key = makeKey('sk-proj-');

  const ask = async (text: string, model = 'gpt-4.1') =>
    (await api.production.getWorkbench()).chat(
      { model, messages: [{ role: 'user', content: text }] },
      { feature: 'test.production' },
    );

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(key);
  });

  beforeEach(() => {
    ui = new WindowStubs();
  });

  afterEach(async () => {
    ui.restore();
    for (const k of ['budget.dailyUsd', 'moderation.input', 'retry.maxAttempts'])
      await setSetting(k, undefined);
  });

  after(clearKeyQuietly);

  it("a request is recorded in the ledger and the status-bar item shows today's spend from it", async () => {
    const result = await ask(`status bar probe ${Date.now()} [[fake:chunks=4]]`);
    assert.ok(result.costUsd !== null && result.costUsd > 0, 'a priced model has a cost');
    assert.ok(result.requestId, 'the request id is kept');
    await api.production.statusBar.refresh();
    // Today's spend computed here from the ledger file itself, not from the extension's summary.
    const ledgerDir = api.production.service.ledger.dir;
    const today = new Date().toISOString().slice(0, 10);
    const file = path.join(ledgerDir, `ledger-${today.slice(0, 7)}.jsonl`);
    const entries = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { time: string; costUsd: number | null; requestId: string | null });
    assert.ok(
      entries.some((e) => e.requestId === result.requestId),
      'the ledger has the request',
    );
    const spent = entries.filter((e) => e.time.startsWith(today)).reduce((s, e) => s + (e.costUsd ?? 0), 0);
    const { text, tooltip } = api.production.statusBar.snapshot;
    const shown = /\$([\d.]+) today/.exec(text);
    assert.ok(shown, `status text "${text}" shows a dollar amount`);
    // The item rounds like formatUsd: six decimals below a cent, four below a dollar.
    const precision = spent >= 1 ? 0.005 : spent >= 0.01 ? 0.00005 : 0.0000005;
    assert.ok(Math.abs(Number(shown[1]) - spent) <= precision, `status ${shown[1]} = ledger today ${spent}`);
    assert.match(tooltip, /This month: \$/);
    assert.match(tooltip, /no budget set/);
  });

  it('over the daily budget: the modal asks, cancel sends nothing, "Send anyway" sends', async () => {
    await setSetting('budget.dailyUsd', 0.000001);
    const marker = `budget-probe-${Date.now()}`;
    const cancel = stubWarnings(() => undefined);
    try {
      await assert.rejects(ask(`${marker} please`), (err: Error & { kind?: string }) => {
        assert.strictEqual(err.name, 'WorkbenchError');
        assert.strictEqual(err.kind, 'budget_blocked');
        return true;
      });
    } finally {
      cancel.restore();
    }
    assert.strictEqual(cancel.shown.length, 1, 'asked once');
    assert.ok(cancel.shown[0]!.modal, 'the question is modal');
    assert.deepStrictEqual(cancel.shown[0]!.items, ['Send anyway', 'Raise budget']);
    assert.match(cancel.shown[0]!.text, /over your daily budget of \$0\.000001/);
    assert.strictEqual(chatRequestsWith(marker).length, 0, 'nothing reached the server');

    const send = stubWarnings((w) => (w.modal ? 'Send anyway' : undefined));
    try {
      const result = await ask(`${marker} again`);
      assert.ok(result.content.length > 0);
      assert.strictEqual(result.budget?.level, 'block', 'the decision travels with the answer');
    } finally {
      send.restore();
    }
    assert.strictEqual(send.shown.filter((w) => w.modal).length, 1);
    assert.strictEqual(chatRequestsWith(`${marker} again`).length, 1, 'sent once after "Send anyway"');
  });

  it('from 80 % of the daily budget: a non-modal notice, and the request is sent', async () => {
    const wb = await api.production.getWorkbench();
    const marker = `warn-probe-${Date.now()}`;
    const draft = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: `${marker} hello` }] };
    // The same check the facade makes (same feature, so the same typical answer), without a limit.
    const probe = await api.production.service.budget.check(
      draft,
      api.production.service.catalogue().get('gpt-4.1'),
      'test.production',
    );
    const projected = probe.spentTodayUsd + (probe.estimate.costUsd ?? 0);
    await setSetting('budget.dailyUsd', Number((projected / 0.9).toFixed(6)));
    const notices = stubWarnings(() => undefined);
    try {
      const result = await wb.chat(draft, { feature: 'test.production' });
      assert.strictEqual(result.budget?.level, 'warn');
    } finally {
      notices.restore();
    }
    assert.strictEqual(notices.shown.length, 1);
    assert.strictEqual(notices.shown[0]!.modal, false, 'a notice, not a modal');
    assert.match(notices.shown[0]!.text, /daily spend .* % of \$/);
    assert.strictEqual(chatRequestsWith(marker).length, 1);
  });

  it('moderation block mode never sends flagged input; warn mode asks with the categories', async () => {
    await setSetting('moderation.input', 'block');
    const blocked = `moderation-block-${Date.now()} [[flag:harassment]]`;
    await assert.rejects(ask(blocked, 'gpt-4.1-mini'), (err: Error & { kind?: string }) => {
      assert.strictEqual(err.kind, 'moderation_blocked');
      assert.match(err.message, /harassment/);
      return true;
    });
    assert.strictEqual(chatRequestsWith(blocked.slice(0, 30)).length, 0, 'flagged input was not sent');

    await setSetting('moderation.input', 'warn');
    const warned = `moderation-warn-${Date.now()} [[flag:violence]]`;
    const modal = stubWarnings((w) => (w.modal ? 'Send anyway' : undefined));
    try {
      const result = await ask(warned, 'gpt-4.1-mini');
      assert.deepStrictEqual(result.moderation?.categories, ['violence']);
    } finally {
      modal.restore();
    }
    assert.strictEqual(modal.shown.length, 1);
    assert.ok(modal.shown[0]!.modal);
    assert.match(modal.shown[0]!.text, /violence/);
    assert.strictEqual(chatRequestsWith(warned.slice(0, 30)).length, 1, 'sent after "Send anyway"');
  });

  it('showApiError names the cause and offers the next step (quota, rate limit)', async () => {
    const quota = await ask('quota please [[fake:insufficient_quota]]', 'gpt-4.1-mini').then(
      () => assert.fail('the request should fail'),
      (err: unknown) => err,
    );
    await api.production.showApiError(quota);
    const q = ui.last('error');
    assert.match(q.text, /insufficient_quota/);
    assert.match(q.text, /not a rate limit/);
    assert.deepStrictEqual(q.items, ['Open Billing']);

    await setSetting('retry.maxAttempts', 2);
    const limited = await ask('slow down [[fake:rate_limit;retry_after_ms=20]]', 'gpt-4.1-mini').then(
      () => assert.fail('the request should fail'),
      (err: unknown) => err,
    );
    assert.strictEqual((limited as { attempts?: number }).attempts, 2, 'the retry setting applied');
    const w = stubWarnings(() => undefined);
    try {
      await api.production.showApiError(limited, { retry: () => undefined });
    } finally {
      w.restore();
    }
    assert.match(w.shown[0]!.text, /Rate limited .*after 2 attempts/);
    assert.deepStrictEqual(w.shown[0]!.items, ['Retry', 'Retry Settings']);
  });
});
