import { readdirSync, readFileSync } from 'node:fs';
import { redactSecrets } from './src/core/redaction';
async function main() {
  const dir = 'test/fixtures/redaction/clean';
  for (const f of readdirSync(dir)) {
    const text = readFileSync(`${dir}/${f}`, 'utf8');
    const r = await redactSecrets(text, { personalData: true });
    console.log(f, r.found.length, JSON.stringify(r.found.map((x) => [x.kind, x.value.slice(0, 50)])));
  }
}
main();
