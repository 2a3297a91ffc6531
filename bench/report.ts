// One line per figure, value and baseline measured in the same run so the ratio holds on a noisy machine.
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** value / baseline */
  ratio: number;
  /** Human-readable target, e.g. "<= 1.10". */
  goal: string;
}

export function figure(
  name: string,
  value: number,
  baseline: number,
  unit: string,
  goal: string,
): BenchFigure {
  const ratio = baseline === 0 ? Number.POSITIVE_INFINITY : value / baseline;
  return { name, value: round(value), unit, baseline: round(baseline), ratio: round(ratio), goal };
}

export function printFigure(f: BenchFigure): void {
  console.log(`BENCH ${JSON.stringify(f)}`);
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
