import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseYaml, programmeLimits } from '@stegvis/core';
import { loadOptionsOf } from '../data-only.js';
import { say } from '../i18n.js';
import { CliError, type Io, exitCodes, line } from '../io.js';
import { displayPath, readUserFile, requireProgramme } from '../load-programme.js';
import { type ReportComparison, renderReportHtml } from '../report-html.js';
import { type SimulationFlags, simulateReport } from '../simulation.js';

export interface ReportFlags extends SimulationFlags {
  /** Where to write the page; by default `out/<programme>-report.html`, or `-rapport.html` in Swedish. */
  readonly out?: string;
  /** A second programme version, or a second behaviour model, to show side by side. */
  readonly compare?: string;
}

/** The default file name, in the report's language, so the Swedish and English reports do not overwrite each other. */
export const defaultReportFile = (programmeId: string, lang: 'sv' | 'en'): string => `out/${programmeId}-${lang === 'sv' ? 'rapport' : 'report'}.html`;

/** A behaviour model (`programme: <id>` and weekly probabilities) rather than a programme (`id`, `version`, a list of steps)? */
async function isBehaviourFile(file: string, cwd: string): Promise<boolean> {
  if (!/\.ya?ml$/i.test(file)) return false;
  const parsed = parseYaml((await readUserFile(file, cwd, 'file to compare with', programmeLimits.maxTextLength)).text);
  if (!parsed.ok) return false;
  const data = parsed.value.data as Record<string, unknown> | null;
  return data !== null && typeof data === 'object' && typeof data.programme === 'string' && !Array.isArray(data.steps);
}

/**
 * `stegvis report <programme> [--out report.html] [--compare b.yaml]`: the programme's diagram and the
 * charts of a simulated cohort, in one HTML file that needs no network; with `--compare`, a second
 * variant — another programme version, or another behaviour model for the same programme — simulated
 * the same way and shown side by side.
 */
export async function reportCommand(file: string, flags: ReportFlags, io: Io, cwd: string): Promise<number> {
  const t = say(flags.lang);
  const { loaded, programme } = await requireProgramme(file, cwd, loadOptionsOf(flags, io));
  const { report, run } = await simulateReport(loaded, programme, flags, io, cwd);
  let compare: ReportComparison | undefined;
  if (flags.compare !== undefined) {
    if (await isBehaviourFile(flags.compare, cwd)) {
      const b = await simulateReport(loaded, programme, { ...flags, behaviour: flags.compare }, io, cwd);
      compare = { a: `${displayPath(cwd, loaded.path)} + ${run.behaviour}`, b: { name: `${displayPath(cwd, loaded.path)} + ${flags.compare}`, report: b.report } };
    } else {
      const other = await requireProgramme(flags.compare, cwd, loadOptionsOf(flags, io));
      if (other.programme.id !== programme.id)
        throw new CliError(t(`${flags.compare} är programmet "${other.programme.id}", inte "${programme.id}": jämför två versioner av samma program`, `${flags.compare} is the programme "${other.programme.id}", not "${programme.id}": compare two versions of one programme`));
      // Its own behaviour model beside it, else this one's.
      const beside = join(dirname(other.loaded.path), 'behaviour.yaml');
      const behaviour = existsSync(beside) ? displayPath(cwd, beside) : run.behaviour;
      const b = await simulateReport(other.loaded, other.programme, { ...flags, behaviour }, io, cwd);
      compare = { a: `${displayPath(cwd, loaded.path)} (v${programme.version})`, b: { name: `${flags.compare} (v${other.programme.version})`, report: b.report } };
    }
  }
  const html = await renderReportHtml(programme, report, run, compare);
  const target = flags.out ?? defaultReportFile(programme.id, flags.lang);
  const out = resolve(cwd, target);
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, html);
  } catch (e) {
    throw new CliError(t(`${target}: kan inte skriva rapporten (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, `${target}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`));
  }
  const write = line(io.stdout);
  const size = (Buffer.byteLength(html) / 1e6).toFixed(1);
  const runs = run.replications > 1 ? t(` × ${run.replications} körningar`, ` × ${run.replications} runs`) : '';
  write(
    t(
      `skrev ${displayPath(cwd, out)} (${size.replace('.', ',')} MB): ${programme.name.sv}, ${run.cohort} deltagare under ${run.months} månader${runs}, frö ${run.seed}`,
      `wrote ${displayPath(cwd, out)} (${size} MB): ${programme.name.en}, ${run.cohort} participants over ${run.months} months${runs}, seed ${run.seed}`,
    ),
  );
  write(t(`öppna den i en webbläsare: file://${out}`, `open it in a browser: file://${out}`));
  return exitCodes.ok;
}
