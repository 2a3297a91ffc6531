import { readdirSync, readFileSync } from 'node:fs';
import { redactSecrets } from './src/core/redaction';
import { secretSamples } from './test/fixtures/redaction/fakeSecrets';
async function time(name: string, text: string) {
  await redactSecrets('warm up');
  const t = process.hrtime.bigint();
  const r = await redactSecrets(text, { personalData: true });
  console.log(name, (text.length / 1024).toFixed(0), 'KB', Number(process.hrtime.bigint() - t) / 1e6, 'ms', 'found', r.found.length);
}
async function main() {
  const dir = 'test/fixtures/redaction/clean';
  const corpus = readdirSync(dir).map((f) => readFileSync(`${dir}/${f}`, 'utf8')).join('\n');
  const samples = secretSamples().map((s) => s.text).join('\n');
  let mixed = ''; while (mixed.length < 200_000) mixed += corpus + '\n' + samples + '\n';
  await time('mixed', mixed);
  await time('digits', '1234567890 '.repeat(20000));
  await time('digitrun', '9'.repeat(200000));
  await time('base64', 'A'.repeat(50) + 'x/+Y9'.repeat(40000));
  await time('password=', 'password=x '.repeat(20000));
  await time('pem-no-end', ('-----BEGIN RSA PRIVATE KEY-----\n' + 'MIIB'.repeat(100) + '\n').repeat(400));
  await time('emails', 'a.b@c.d '.repeat(25000));
  await time('urls', 'postgres://u:p@ '.repeat(12000));
  await time('phones', '+1 2 3 4 5 6 7 8 9 '.repeat(10000));
  await time('ibans', 'DE89 3704 0044 0532 0130 00 '.repeat(7000));
}
main();
