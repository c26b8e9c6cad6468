import fc from 'fast-check';
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, expect, inject } from 'vitest';

// The run's one seed, chosen and printed once by test/setup/seed.ts: FC_SEED=<seed> replays every file.
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed: inject('fcSeed'), ...(numRuns ? { numRuns } : {}) });

// STEGVIS_TEST_CPU=<file>: each test file's CPU time (its worker's, and its child processes'), from before the
// file is imported to after its last hook, a line per file — what `scripts/measure-tests.sh` ranks. Linux only.
const cpuLog = process.env.STEGVIS_TEST_CPU;
if (cpuLog) {
  /** utime + stime + cutime + cstime of this process, in clock ticks (1/100 s), from /proc/self/stat. */
  const ticks = () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  };
  const started = ticks();
  const wall = Date.now();
  afterAll(() => {
    appendFileSync(cpuLog, `${((ticks() - started) / 100).toFixed(2)}\t${((Date.now() - wall) / 1000).toFixed(2)}\t${expect.getState().testPath}\n`);
  });
}
