import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mermaidOf } from '../diagram.js';
import { mermaidBrowserBuild } from '../html/mermaid.js';
import { reportPage } from '../html/page.js';
import { loadOptionsOf } from '../data-only.js';
import { CliError, type Io, exitCodes, line } from '../io.js';
import { displayPath, requireProgramme } from '../load-programme.js';
import { type SimulationFlags, simulateReport } from '../simulation.js';

/**
 * `stegvis report <programme> --out report.html`: the programme's diagram and the charts of a simulated
 * cohort, in one HTML file that needs no network.
 */
export async function reportCommand(file: string, flags: SimulationFlags & { out: string }, io: Io, cwd: string): Promise<number> {
  const { loaded, programme } = await requireProgramme(file, cwd, loadOptionsOf(flags, io));
  const { report, run } = await simulateReport(loaded, programme, flags, io, cwd);
  const html = reportPage({ programme, report, diagram: mermaidOf(programme, flags.lang), mermaidJs: await mermaidBrowserBuild(), lang: flags.lang, run });
  const out = resolve(cwd, flags.out);
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, html);
  } catch (e) {
    throw new CliError(`${flags.out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const say = line(io.stdout);
  say(`wrote ${displayPath(cwd, out)} (${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB): ${programme.name[flags.lang]}, ${run.cohort} participants over ${run.months} months${run.replications > 1 ? ` × ${run.replications} runs` : ''}, seed ${run.seed}`);
  say(`open it in a browser: file://${out}`);
  return exitCodes.ok;
}
