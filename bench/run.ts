// `npm run bench`: runs every bench module in turn and prints its figures as BENCH lines.
// A module is `bench/<name>.bench.ts` exporting `run(): Promise<BenchFigure[]>`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printFigure, type BenchFigure } from './report';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as { run: () => Promise<BenchFigure[]> };
    for (const f of await mod.run()) printFigure(f);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
