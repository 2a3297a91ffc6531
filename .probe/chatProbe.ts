import { Workbench } from '../test/e2e/harness';
async function main() {
  const bench = await Workbench.start();
  try {
    await bench.setRandomProjectKey();
    await bench.runCommand('Chat: Open Chat').catch((e) => console.log('open chat failed', String(e)));
    await bench.page.waitForTimeout(4000);
    await bench.screenshot('probe-chat-1');
    const html = await bench.page.locator('.interactive-session, .chat-widget, .part.auxiliarybar').first().innerHTML().catch(() => 'none');
    require('fs').writeFileSync('/tmp/i12-chat.html', html);
    const buttons = await bench.page.locator('.part.auxiliarybar [aria-label], .interactive-input-part [aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    console.log(JSON.stringify([...new Set(buttons)].slice(0, 80), null, 1));
  } finally {
    await bench.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
