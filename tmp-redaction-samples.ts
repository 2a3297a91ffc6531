import { redactSecrets, restoreSecrets } from './src/core/redaction';
import { secretSamples } from './test/fixtures/redaction/fakeSecrets';
async function main() {
  for (const s of secretSamples()) {
    const r = await redactSecrets(s.text);
    const ok = r.found.length === 1 && r.found[0]!.kind === s.kind && r.found[0]!.value === s.value && restoreSecrets(r.text, r.found) === s.text && !r.text.includes(s.value);
    if (!ok) console.log('FAIL', s.name, JSON.stringify(r.found.map((f) => [f.kind, f.value.slice(0, 60)])), '\n   ', r.text.slice(0, 200));
  }
}
main();
