import type { PerRun } from './schema.js';
import { t975 } from './stats.js';

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * A count per replication as one cohort reads it: the mean over the runs, the 95 % interval of that mean
 * (Student t with R − 1 degrees of freedom; `null` with one run: one run has no spread to measure), and
 * the fewest and most in any run.
 */
export function perRunOf(counts: readonly number[]): PerRun {
  const R = counts.length;
  if (R === 0) return { mean: 0, ci: null, min: 0, max: 0 };
  const mean = counts.reduce((a, b) => a + b, 0) / R;
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  if (R < 2) return { mean: r6(mean), ci: null, min, max };
  const sd = Math.sqrt(counts.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (R - 1));
  const half = (t975(R - 1) * sd) / Math.sqrt(R);
  return { mean: r6(mean), ci: [r6(Math.max(0, mean - half)), r6(mean + half)], min, max };
}
