import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Lang, type Programme, programmeLimits } from '@stegvis/core';
import { type ObservedComparison, type Report, type SimulateOptions, asObservedSimulation, buildReport, compareAsObserved, notSimulated, parseObservedOutcomesYaml, prepareSimulation, simulate } from '@stegvis/sim';
import { readBehaviour } from './behaviour-file.js';
import { say } from './i18n.js';
import { CliError, type Io } from './io.js';
import { type LoadedProgramme, displayPath, formatLocatedIssue, readUserFile } from './load-programme.js';
import { progress } from './progress.js';
import type { RunInfo } from './summary.js';

export interface SimulationFlags {
  readonly behaviour?: string;
  readonly cohort: number;
  readonly months: number;
  readonly seed: number;
  readonly replications: number;
  readonly workers?: number;
  /** Referrals a week; by default the cohort is referred evenly over the whole simulated period. */
  readonly perWeek?: number;
  /** Observed outcome counts to compare with (default: an `observed*.yaml` for this programme beside it). */
  readonly observed?: string;
  readonly lang: Lang;
  /** Step-kind plugin modules (`--plugin`), besides those of the config file beside the programme. */
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
}

export const simulationDefaults = { cohort: 200, months: 24, seed: 1, replications: 1 } as const;

/**
 * Referrals a week that spread the cohort evenly over all the weeks simulated: a steady inflow, so the
 * programme runs as it would rather than taking one intake and draining.
 */
export const defaultPerWeek = (cohort: number, months: number): number => Math.max(1, Math.ceil(cohort / Math.max(1, Math.floor((months * 365.25) / 12 / 7))));

/** The simulator's options for a cohort as the flags ask for it: `stegvis simulate`'s and `report`'s, and `buildReportHtml`'s. */
export const simulateOptions = (flags: Pick<SimulationFlags, 'cohort' | 'months' | 'seed' | 'workers' | 'perWeek'> & { readonly replications?: number }): SimulateOptions => ({
  cohort: flags.cohort,
  months: flags.months,
  seed: flags.seed,
  replications: flags.replications ?? 1,
  intake: { type: 'spread', perWeek: flags.perWeek ?? defaultPerWeek(flags.cohort, flags.months) },
  ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
});

/** The observed counts for this programme beside it (`observed*.yaml` naming it), or the file asked for. */
async function observedFile(loaded: LoadedProgramme, programme: Programme, flags: SimulationFlags, cwd: string): Promise<{ file: string; text: string } | undefined> {
  if (flags.observed !== undefined) return { file: flags.observed, text: (await readUserFile(flags.observed, cwd, 'observed counts', programmeLimits.maxTextLength)).text };
  const dir = dirname(loaded.path);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^observed.*\.ya?ml$/.test(n)).sort();
  for (const n of names) {
    const file = displayPath(cwd, join(dir, n));
    const { text } = await readUserFile(file, cwd, 'observed counts', programmeLimits.maxTextLength);
    if (new RegExp(`^programme:\\s*${programme.id}\\s*$`, 'm').test(text)) return { file, text };
  }
  return undefined;
}

/**
 * Reads the behaviour model (by default `behaviour.yaml` beside the programme), simulates the cohort and
 * builds the report, with the behaviour's numbers and notes as its assumptions and — where observed
 * counts exist for the programme — a second simulation of the observed period, compared with them. A
 * missing or invalid file is a `CliError` with every issue and its line (see `readBehaviour`).
 */
export async function simulateReport(loaded: LoadedProgramme, programme: Programme, flags: SimulationFlags, io: Io, cwd: string): Promise<{ report: Report; run: RunInfo }> {
  const t = say(flags.lang);
  const { file: behaviourFile, text, behaviour } = await readBehaviour(loaded, programme, flags.behaviour, cwd, 'required', flags.lang);
  const options = simulateOptions(flags);
  // What the simulation cannot model is said before it runs, with the config path and a fix.
  const prepared = prepareSimulation(programme, behaviour, options);
  if (!prepared.ok)
    throw new CliError(
      [
        t(`${loaded.file} kan inte simuleras som det står:`, `${loaded.file} cannot be simulated as it stands:`),
        ...prepared.issues.map((i) => formatLocatedIssue(loaded.file, { ...i, ...(loaded.locate(i.path) ? { location: loaded.locate(i.path)! } : {}) })),
      ].join('\n'),
    );
  // What it does not model is said too, before it runs: the report repeats it under its notes.
  for (const note of notSimulated(programme, flags.lang)) io.stderr(`${loaded.file}: ${t('varning', 'warning')}: ${note}\n`);
  const observedText = await observedFile(loaded, programme, flags, cwd);
  const observed = observedText ? parseObservedOutcomesYaml(observedText.text) : undefined;
  if (observed && !observed.ok)
    throw new CliError([t(`${observedText!.file} är inte giltiga observerade utfall:`, `${observedText!.file} is not a valid table of observed outcomes:`), ...observed.issues.map((i) => formatLocatedIssue(observedText!.file, i))].join('\n'));
  if (observed?.ok && !observed.value.period)
    throw new CliError(t(`${observedText!.file}: tabellen anger ingen period; lägg till period: { from, to }`, `${observedText!.file}: the table states no period; add period: { from, to }`));

  const bar = progress(io);
  try {
    const rows = flags.cohort * flags.replications;
    bar.stage(t(`simulerar ${rows} deltagare under ${flags.months} månader`, `simulating ${rows} participants over ${flags.months} months`));
    const trajectories = await simulate(programme, behaviour, options);
    let comparison: ObservedComparison | undefined;
    if (observed?.ok) {
      bar.stage(t(`simulerar perioden ${observed.value.period!.from}–${observed.value.period!.to} som den observerades`, `simulating ${observed.value.period!.from}–${observed.value.period!.to} as it was observed`));
      const asObserved = await simulate(programme, behaviour, { seed: flags.seed, replications: flags.replications, ...(flags.workers !== undefined ? { workers: flags.workers } : {}), ...asObservedSimulation(observed.value) });
      comparison = compareAsObserved(programme, asObserved, { ...observed.value, source: observed.value.source ?? observedText!.file }, flags.lang);
    }
    bar.stage(t('bygger rapporten', 'building the report'));
    const report = buildReport(programme, trajectories, { lang: flags.lang, behaviour: { text, source: behaviourFile }, intensity: behaviour.intensity, ...(comparison ? { observed: comparison } : {}) });
    return { report, run: { cohort: flags.cohort, months: flags.months, seed: flags.seed, replications: flags.replications, behaviour: behaviourFile } };
  } finally {
    bar.finish();
  }
}
