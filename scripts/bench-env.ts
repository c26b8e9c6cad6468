/**
 * A benchmark's size from the environment (`BENCH_ROUNDS=9`, `PARTICIPANTS=20` …): a whole number of at least
 * `min`, or the default when the variable is unset or empty. Anything else stops the benchmark with one line
 * saying what to set (exit 2), before it has measured anything: a size that is not a number would otherwise
 * run zero rounds and print a verdict of nothing.
 */
export function countFromEnv(name: string, fallback: number, min = 1): number {
  const problem = sizeProblem(name, process.env[name], fallback, min);
  if (typeof problem === 'number') return problem;
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}

/** The size `text` gives, or what is wrong with it (without its value). */
export function sizeProblem(name: string, text: string | undefined, fallback: number, min = 1): number | string {
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (Number.isInteger(n) && n >= min) return n;
  return `${name} must be a whole number of at least ${min} (it is not); set it to one, or unset it for the default ${fallback}`;
}
