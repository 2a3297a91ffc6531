// Debian's Chromium driven by playwright-core (no browser download). Flags that work on these machines are in
// ../shared/vscode-host/README.md; playwright-core gives each launch a fresh profile, so SecretStorage (which
// code-server keeps in the browser) starts empty every run.
import { chromium, type Browser } from 'playwright-core';
import { assertSystemPackages, chromiumPath } from './systemPackages';

export async function launchChromium(): Promise<Browser> {
  assertSystemPackages({ chromium: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: process.env.GPT_WORKBENCH_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}
