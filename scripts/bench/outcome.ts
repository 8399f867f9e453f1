// What every benchmark hands back to `npm run bench`: its targets as data. The benchmark prints its
// own figures; scripts/bench.ts alone prints the summary and decides the exit code, so a new or
// rewritten benchmark cannot forget to fail the run when it misses a target.

export interface BenchTarget {
  /** What was measured, e.g. "producer throughput". */
  name: string;
  value: number;
  unit: string;
  /** The target as a reader sees it, e.g. ">= 250,000 msg/s". */
  target: string;
  met: boolean;
}

export interface BenchOutcome {
  benchmark: string;
  targets: BenchTarget[];
  /** Runs that went wrong (a non-zero exit, records lost, mistakes not found): each fails the bench as a missed target does. */
  failures: string[];
  /** Set when the benchmark could not run on this machine at all: why, and how to make it run. */
  unavailable?: string;
}

export type Comparison = '>=' | '>' | '<=' | '<';

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A target whose `met` follows from the value, the comparison and the bound. */
export function target(name: string, value: number, unit: string, comparison: Comparison, bound: number): BenchTarget {
  const met = comparison === '>=' ? value >= bound : comparison === '>' ? value > bound : comparison === '<=' ? value <= bound : value < bound;
  return { name, value, unit, target: `${comparison} ${fmt(bound)} ${unit}`, met };
}

/**
 * Exit codes: 0 every target met; 1 a target missed or a run failed; 2 a benchmark could not run
 * here (and nothing was missed), as for a usage or environment error.
 */
export function benchExitCode(outcomes: readonly BenchOutcome[]): 0 | 1 | 2 {
  if (outcomes.some((o) => o.failures.length > 0 || o.targets.some((t) => !t.met))) return 1;
  if (outcomes.some((o) => o.unavailable !== undefined)) return 2;
  return 0;
}

/** The closing summary: one line per target and per failure, then the verdict. */
export function summaryLines(outcomes: readonly BenchOutcome[]): string[] {
  const lines = ['summary:'];
  for (const o of outcomes) {
    if (o.unavailable !== undefined) lines.push(`  ${o.benchmark}: NOT RUN: ${o.unavailable}`);
    for (const t of o.targets) lines.push(`  ${o.benchmark}: ${t.name} ${fmt(t.value)} ${t.unit} (target ${t.target}): ${t.met ? 'met' : 'NOT MET'}`);
    for (const f of o.failures) lines.push(`  ${o.benchmark}: FAILED: ${f}`);
  }
  const code = benchExitCode(outcomes);
  lines.push(
    code === 0
      ? 'every target met (exit 0)'
      : code === 1
        ? 'a target was missed or a run failed (exit 1); on a busy machine rerun before concluding anything'
        : 'a benchmark could not run here (exit 2); see NOT RUN above',
  );
  return lines;
}
