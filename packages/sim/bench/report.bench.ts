/**
 * `npx -y pnpm@10.34.8 bench:report`: how long `buildReport` takes on a large simulated cohort (Ljusnarsberg,
 * 10,000 referred a run over 24 months, 20 runs: 200,000 rows), Swedish, with the behaviour model's
 * assumptions. Seven builds; the median and the best are printed. Figures go in docs/performance.md with the
 * machine they ran on.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadProgramme } from '@stegvis/testing';
import { buildReport, simulate, validateBehaviourYaml } from '../src/index.js';

const programme = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
const text = readFileSync(new URL('../../../examples/ljusnarsberg/behaviour.yaml', import.meta.url), 'utf8');
const behaviour = validateBehaviourYaml(programme, text);
if (!behaviour.ok) throw new Error('examples/ljusnarsberg/behaviour.yaml is not valid');
const t = await simulate(programme, behaviour.value, { cohort: 10_000, replications: 20, months: 24, seed: 1, intake: { type: 'spread', perWeek: 97 } });
const times: number[] = [];
for (let k = 0; k < 7; k++) {
  const t0 = performance.now();
  buildReport(programme, t, { lang: 'sv', behaviour: { text } });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`report bench: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
console.log(`buildReport, ${t.n.toLocaleString('en')} rows (${t.horizonDays} days, 20 runs): median ${times[3]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms`);
