import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sizeProblem } from '../../../scripts/bench-env.js';
import { sourceProcess } from '../../../test/setup/source-process.js';

describe("a benchmark's sizes from the environment (scripts/bench-env.ts)", () => {
  it('unset or empty is the default; a whole number at least the minimum is taken', () => {
    expect(sizeProblem('BENCH_ROUNDS', undefined, 3)).toBe(3);
    expect(sizeProblem('BENCH_ROUNDS', ' ', 3)).toBe(3);
    expect(sizeProblem('BENCH_ROUNDS', '9', 3)).toBe(9);
    expect(sizeProblem('BENCH_ROUNDS', '1', 3)).toBe(1);
  });

  it('anything else says what to set, without the value', () => {
    for (const text of ['abc', '0', '-2', '2.5', 'NaN', 'Infinity', '1e400']) {
      const problem = sizeProblem('BENCH_ROUNDS', text, 3);
      expect(problem, text).toBe('BENCH_ROUNDS must be a whole number of at least 1 (it is not); set it to one, or unset it for the default 3');
    }
  });

  it('a benchmark given one stops before it measures: one line, exit 2, no stack', async () => {
    const bench = await sourceProcess(fileURLToPath(new URL('../bench/engine.bench.ts', import.meta.url)));
    const r = spawnSync(process.execPath, bench, { env: { ...process.env, BENCH_ROUNDS: 'three' }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('BENCH_ROUNDS must be a whole number of at least 1 (it is not); set it to one, or unset it for the default 3\n');
  });
});
