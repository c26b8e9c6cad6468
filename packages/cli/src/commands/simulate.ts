import { loadOptionsOf } from '../data-only.js';
import { type Io, exitCodes, line } from '../io.js';
import { requireProgramme } from '../load-programme.js';
import { type SimulationFlags, simulateReport } from '../simulation.js';
import { summaryText } from '../summary.js';

/**
 * `stegvis simulate <programme>`: a simulated cohort, as a table (steps against targets, outcomes by
 * category, occupancy against places, deadline compliance) or, with `--json`, the report itself.
 */
export async function simulateCommand(file: string, flags: SimulationFlags & { json?: boolean }, io: Io, cwd: string): Promise<number> {
  const { loaded, programme } = await requireProgramme(file, cwd, loadOptionsOf(flags, io));
  const { report, run } = await simulateReport(loaded, programme, flags, io, cwd);
  if (flags.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else line(io.stdout)(summaryText(report, run, flags.lang));
  return exitCodes.ok;
}
