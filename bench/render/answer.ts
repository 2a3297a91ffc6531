// A deterministic, model-like markdown answer for the render bench: sections with a heading, prose with
// inline code and links, a list, now and then a table, and one fenced code block per section. Split into
// chunks of uneven size like SSE deltas. Seeded, so every run renders the same text.
import { seededRandom } from '../../test/helpers/prng';

const WORDS = (
  'the renderer keeps finished blocks while only the open tail is parsed again so long answers stay cheap ' +
  'a stream of deltas arrives from the host and each frame applies what came in since the previous one ' +
  'tokens cache context window model request response budget ledger retry timeout'
).split(' ');

const CODE: Record<string, string[]> = {
  ts: [
    'export function add(a: number, b: number): number {',
    '  // Adds two numbers and logs the result for the demo.',
    '  const label = `sum of ${a} and ${b}`;',
    '  console.log(label, a + b);',
    '  return a + b;',
    '}',
    'interface Options { retries: number; timeoutMs?: number }',
    'const defaults: Options = { retries: 3, timeoutMs: 30_000 };',
  ],
  python: [
    'def fetch(url: str, retries: int = 3) -> dict:',
    '    """Fetch JSON with a few retries."""',
    '    for attempt in range(retries):',
    '        try:',
    '            return requests.get(url, timeout=10).json()',
    '        except Exception as err:  # noqa: BLE001',
    "            print(f'attempt {attempt} failed: {err}')",
    '    raise RuntimeError("gave up")',
  ],
  bash: [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    'for f in src/*.ts; do',
    '  echo "checking $f"',
    '  npx eslint "$f" || exit 1',
    'done',
  ],
  json: [
    '{',
    '  "name": "demo",',
    '  "version": "1.0.0",',
    '  "scripts": { "test": "mocha" },',
    '  "private": true',
    '}',
  ],
};
const LANGS = Object.keys(CODE);

function sentence(random: () => number): string {
  const n = 8 + Math.floor(random() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(random() * WORDS.length)]!);
  if (random() < 0.3) words.splice(3, 0, '`renderMarkdown()`');
  if (random() < 0.15) words.splice(5, 0, '[the docs](https://example.com/docs)');
  if (random() < 0.15) words.splice(2, 0, 'src/webview/markdown.ts:42');
  if (random() < 0.2) words.splice(4, 0, '**important**');
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1) + '.';
}

function codeBlock(random: () => number, targetChars: number): string {
  const lang = LANGS[Math.floor(random() * LANGS.length)]!;
  const lines = CODE[lang]!;
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const line = lines[i % lines.length]!;
    out.push(line);
    size += line.length + 1;
    if (i % lines.length === lines.length - 1) out.push(''); // blank lines inside the fence
  }
  return '```' + lang + '\n' + out.join('\n') + '\n```';
}

/** About `bytes` characters of markdown with `codeBlocks` fenced blocks (one per section). */
export function generateAnswer(bytes: number, codeBlocks: number, seed = 7): string {
  const random = seededRandom(seed);
  const perSection = bytes / codeBlocks;
  const sections: string[] = [];
  for (let s = 0; s < codeBlocks; s++) {
    const parts: string[] = [`## Step ${s + 1}: ${sentence(random).slice(0, 40)}`];
    let size = parts[0]!.length;
    const codeTarget = perSection * 0.4;
    const proseTarget = perSection - codeTarget;
    while (size < proseTarget * 0.5) {
      const p = [sentence(random), sentence(random), sentence(random)].join(' ');
      parts.push(p);
      size += p.length + 2;
    }
    const items = Array.from({ length: 4 + Math.floor(random() * 4) }, () => `- ${sentence(random)}`);
    if (s % 3 === 1) items.splice(2, 0, `  - nested: ${sentence(random)}`);
    parts.push(items.join('\n'));
    size += items.join('\n').length + 2;
    if (s % 4 === 2) {
      const rows = ['| option | default | meaning |', '|---|:---:|---|'];
      for (let r = 0; r < 5; r++) rows.push(`| opt${r} | ${r * 10} | ${sentence(random)} |`);
      parts.push(rows.join('\n'));
      size += rows.join('\n').length + 2;
    }
    while (size < proseTarget) {
      const p = [sentence(random), sentence(random)].join(' ');
      parts.push(p);
      size += p.length + 2;
    }
    parts.push(codeBlock(random, codeTarget));
    sections.push(parts.join('\n\n'));
  }
  return sections.join('\n\n') + '\n';
}

/** Exactly `count` chunks of uneven size (0.5x to 1.5x the mean) covering `text`. */
export function splitIntoChunks(text: string, count: number, seed = 11): string[] {
  const random = seededRandom(seed);
  const weights = Array.from({ length: count }, () => 0.5 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  const chunks: string[] = [];
  let acc = 0;
  let pos = 0;
  for (const w of weights) {
    acc += w;
    const end = Math.round((text.length * acc) / total);
    chunks.push(text.slice(pos, end));
    pos = end;
  }
  return chunks;
}
