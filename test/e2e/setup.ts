// Root hooks of the e2e run (loaded by test/e2e/.mocharc.json): one workbench for every suite, because starting
// code-server + Chromium + the extension host costs ~15 s. Suites call `workbench()` and leave it as they found it
// (no notifications, no stored key).
import { Workbench } from './harness';

let current: Workbench | undefined;

/** Set up in the user settings of the e2e run: a chat model without vision. */
export const TEXT_ONLY_MODEL = 'text-only-local';

export function workbench(): Workbench {
  if (!current) throw new Error('The e2e workbench is not running (run the suites with npm run test:e2e)');
  return current;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    // The first run on a machine installs code-server (a few minutes).
    this.timeout(10 * 60_000);
    // Batch jobs are checked every half second here (the default is 30 s), so the view follows the fake's phases.
    // A model named in settings that the catalogue says cannot read images: the picker offers it (settings'
    // models are offered), and the image refusal has a model to refuse for.
    current = await Workbench.start({
      settings: {
        'gptWorkbench.batch.pollSeconds': 0.5,
        'gptWorkbench.models.priceOverrides': { [TEXT_ONLY_MODEL]: { vision: false } },
      },
    });
  },
  /** A failed test leaves a screenshot of the moment: test-results/e2e-failed-<title>.png. */
  async afterEach(this: Mocha.Context): Promise<void> {
    if (this.currentTest?.state !== 'failed' || !current) return;
    const name = this.currentTest
      .fullTitle()
      .replace(/[^A-Za-z0-9]+/g, '-')
      .slice(0, 80);
    await current.screenshot(`e2e-failed-${name}`).catch(() => undefined);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(30_000);
    await current?.close();
    current = undefined;
  },
};
