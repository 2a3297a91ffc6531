// Drives the real workbench the way a person does: code-server + Debian's Chromium, the extension loaded from
// this checkout as an "[Extension Development Host]", pointed at the fake OpenAI server through the environment.
// One instance per e2e run (test/e2e/setup.ts starts it); suites get it from `workbench()` there.
// Selectors are the ones that worked on VS Code 1.100.3 (../shared/vscode-host/README.md).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from '../../scripts/codeServer';
import { NEWEST_HOST, selectedHosts } from '../../scripts/hosts';
import { onSignal } from '../../scripts/processes';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

const PALETTE_INPUT = '.quick-input-widget .quick-input-box input';
const PALETTE_ROW = '.quick-input-widget .monaco-list-row';
const TOAST = '.notifications-toasts .notification-toast';
const TOAST_CONTAINER = '.notifications-toasts .notification-toast-container';

export interface WorkbenchOptions {
  /** Extra environment for the extension host (the fake's base URL is always set). */
  env?: NodeJS.ProcessEnv;
  workspace?: string;
  settings?: Record<string, unknown>;
  /** A command title whose presence in the palette means the extension is loaded. */
  readyCommand?: string;
  /** Open the workspace untrusted (Restricted Mode). */
  restricted?: boolean;
}

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly fake: FakeOpenAI,
    readonly server: CodeServer,
    /** Teardown steps (fake, server, browser), run in reverse by close(). */
    private readonly closeSteps: (() => Promise<void>)[],
  ) {}

  /** Fake server, code-server (fresh user data) and Chromium, with the workbench loaded and ready. */
  static async start(options: WorkbenchOptions = {}): Promise<Workbench> {
    const steps: (() => Promise<void>)[] = [];
    const undo = async (): Promise<void> => {
      for (const step of steps.splice(0).reverse()) await step().catch(() => undefined);
    };
    onSignal(undo);
    try {
      // Batch phases long enough for a person (and a screenshot) to see each state in the Batch Jobs view.
      const fake = await startFakeOpenAI({
        quiet: true,
        requireSpec: true,
        batchTimings: { validatingMs: 2_500, inProgressMs: 4_000, finalizingMs: 2_500 },
      });
      steps.push(() => fake.close());
      const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, GPT_WORKBENCH_BASE_URL: fake.baseURL };
      if (!options.env?.OPENAI_API_KEY) delete env.OPENAI_API_KEY; // a developer's real key must not leak in
      delete env.VSCODE_IPC_HOOK_CLI;
      // One host per e2e run: the newest unless GPT_WORKBENCH_HOSTS / --host= names another.
      const [host] = selectedHosts(process.argv, process.env, [NEWEST_HOST]);
      const server = await startCodeServer({
        host,
        env,
        workspace: options.workspace,
        settings: options.settings,
        restricted: options.restricted,
      });
      steps.push(() => server.stop());
      const browser = await launchChromium();
      steps.push(() => browser.close());
      // Clipboard permissions: Copy buttons are tested by what reaches the clipboard (VS Code's web clipboard).
      const page = await browser.newPage({
        viewport: { width: 1280, height: 800 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      const bench = new Workbench(page, fake, server, steps);
      await page.goto(server.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT }));
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
      // Ready = the extension under development is scanned: its commands are in the palette.
      await bench.waitForCommand(options.readyCommand ?? 'GPT Workbench: Show API Key Status');
      return bench;
    } catch (err) {
      await undo();
      throw err;
    }
  }

  /**
   * F1, type the command's full title ("GPT Workbench: Set API Key"), pick it. Until the extension host has
   * scanned the extension under development its commands are missing from the palette, and an open palette
   * does not refresh: so close and retype until the row appears.
   */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    await this.findCommand(title, timeoutMs);
    await this.page.keyboard.press('Enter');
  }

  /** Wait until a command is in the palette, without running it (leaves the palette closed). */
  async waitForCommand(title: string, timeoutMs = 120_000): Promise<void> {
    await this.findCommand(title, timeoutMs);
    await this.page.keyboard.press('Escape');
  }

  private async findCommand(title: string, timeoutMs: number): Promise<void> {
    const input = this.page.locator(PALETTE_INPUT);
    const row = this.page.locator(PALETTE_ROW, { hasText: title }).first();
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) throw new Error(`Command "${title}" did not show up in the command palette`);
      // A key press can be lost while the workbench moves focus: alternate F1 and Ctrl+Shift+P, and close
      // whatever else is open (a menu, another quick pick) every few attempts.
      if (!(await input.isVisible())) {
        if (attempt % 4 === 3) await this.page.keyboard.press('Escape');
        await this.page.keyboard.press(attempt % 2 === 0 ? 'F1' : 'Control+Shift+P');
        await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
        continue;
      }
      // The palette can close again under us (focus moving into a webview): then open it once more.
      const filled = await input.fill(`>${title}`, { timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (!filled) continue;
      const found = await row
        .waitFor({ state: 'visible', timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (found) return;
      await this.page.keyboard.press('Escape');
    }
  }

  /** The quick input box opened by a command (showInputBox / showQuickPick). */
  quickInput(): Locator {
    return this.page.locator(PALETTE_INPUT);
  }

  /** The validation or prompt message under the quick input. */
  quickInputMessage(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-message');
  }

  /** A notification toast containing `text`, once visible and done fading in (so a screenshot shows it). */
  async waitForNotification(text: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
    const container = this.page.locator(TOAST_CONTAINER, { hasText: text }).last();
    await container.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page
      .locator(`${TOAST_CONTAINER}.notification-fade-in-done`, { hasText: text })
      .last()
      .waitFor({ timeout: 2_000 })
      .catch(() => undefined); // no transition ran (reduced motion): already final
    return container.locator('.notification-toast');
  }

  /** Show a long notification in full (its "expand" chevron), e.g. before a screenshot. */
  async expandNotification(toast: Locator): Promise<void> {
    const expand = toast.locator('.codicon-notifications-expand');
    if (await expand.isVisible()) await expand.click();
  }

  /** Dismiss every notification so that the next wait cannot match an old one. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page
      .locator(TOAST)
      .first()
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
  }

  /** The Set API Key prompt (its text mentions VS Code's secret storage), to wait for it to open. */
  keyPrompt(): Locator {
    return this.page.locator('.quick-input-widget', { hasText: 'secret storage' });
  }

  /** F1 → Set API Key, and wait for its password box to be there. */
  async openSetApiKey(): Promise<void> {
    await this.runCommand('GPT Workbench: Set API Key');
    await this.keyPrompt().waitFor();
  }

  /**
   * Store a made-up project key through Set API Key (the fake server accepts it), for suites that need a key but
   * do not test how it is set; a fresh random one each time, so no suite depends on another's key.
   */
  async setRandomProjectKey(): Promise<void> {
    await this.openSetApiKey();
    await this.quickInput().pressSequentially(`sk-proj-${randomBytes(36).toString('base64url')}`, {
      delay: 1,
    });
    await this.page.keyboard.press('Enter');
    await this.waitForNotification(/project key …\S{4}/);
    await this.clearNotifications();
  }

  /** F1 → Clear API Key and dismiss its notification: a suite leaves no key behind for the next one. */
  async clearApiKey(): Promise<void> {
    await this.runCommand('GPT Workbench: Clear API Key');
    await this.clearNotifications();
  }

  /** Click an activity-bar item by its view container title. */
  async openViewContainer(title: string): Promise<void> {
    await this.page.locator(`.activitybar [aria-label^="${title}"]`).first().click();
  }

  /** The inner document of the visible webview (our chat view's own DOM). */
  webview(): FrameLocator {
    // Our chat view's frame: a markdown preview (Show Usage) or a walkthrough may have webviews of their own.
    return this.page
      .frameLocator('iframe.webview.ready[src*="extensionId=gpt-workbench"]')
      .frameLocator('#active-frame');
  }

  /** Save test-results/<name>.png and return its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** The whole page's HTML, for checks that something (a key) is nowhere in the DOM. */
  async pageHtml(): Promise<string> {
    return this.page.content();
  }

  async close(): Promise<void> {
    for (const step of this.closeSteps.splice(0).reverse()) await step().catch(() => undefined);
  }
}
