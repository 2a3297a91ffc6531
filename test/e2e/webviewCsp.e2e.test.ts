// The chat view's security policy as the browser got it: the served document's Content-Security-Policy is
// `default-src 'none'` with scripts only by nonce and no 'unsafe-inline' / 'unsafe-eval', every script of ours
// carries that nonce, and a new load (window reload) gets a new nonce.
import * as assert from 'node:assert';
import { chatFrame, openChat } from './chatView';
import { workbench } from './setup';

interface ServedPolicy {
  csp: string[];
  scripts: { src: string; nonce: string; inline: boolean; id: string }[];
}

/** The CSP meta tags and the scripts of the chat view's own document (nonce read as the browser holds it). */
async function servedPolicy(): Promise<ServedPolicy> {
  const frame = await chatFrame();
  return frame.evaluate(() => ({
    csp: Array.from(document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')).map(
      (m) => m.getAttribute('content') ?? '',
    ),
    scripts: Array.from(document.scripts).map((s) => ({
      src: s.src,
      nonce: s.nonce ?? '',
      inline: !s.src,
      id: s.id,
    })),
  }));
}

/** Checks one load's policy and returns its nonce. */
function checkPolicy(policy: ServedPolicy): string {
  assert.strictEqual(policy.csp.length, 1, 'one CSP meta tag');
  const csp = policy.csp[0]!;
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  assert.deepStrictEqual(directives.get('default-src'), ["'none'"], csp);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic/, csp);
  const scriptSrc = directives.get('script-src') ?? [];
  assert.strictEqual(scriptSrc.length, 1, `script-src has the nonce only: ${scriptSrc.join(' ')}`);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(scriptSrc[0]!)?.[1];
  assert.ok(nonce, `script-src is a nonce: ${scriptSrc[0]}`);
  // VS Code's webview host injects its own acquireVsCodeApi script ahead of our document; every other is ours.
  const ours = policy.scripts.filter((s) => s.id !== '_vscodeApiScript');
  assert.ok(ours.length >= 1, 'the chat bundle is there');
  for (const script of ours) {
    assert.strictEqual(script.inline, false, 'no inline script of ours');
    assert.strictEqual(script.nonce, nonce, `${script.src} carries this load's nonce`);
  }
  return nonce;
}

describe('chat view CSP (UI)', function () {
  this.timeout(120_000);

  it('serves default-src none, the nonce on every script, and a fresh nonce per load', async () => {
    const bench = workbench();
    await openChat();
    const first = checkPolicy(await servedPolicy());
    await bench.runCommand('Developer: Reload Window');
    await bench.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await openChat();
    const second = checkPolicy(await servedPolicy());
    assert.notStrictEqual(second, first, 'a new load has a new nonce');
  });
});
