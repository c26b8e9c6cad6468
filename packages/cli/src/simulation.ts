import { dirname, join } from 'node:path';
import { type Lang, type Programme, programmeLimits } from '@stegvis/core';
import { type Report, type SimulateOptions, buildReport, prepareSimulation, simulate, validateBehaviourYaml } from '@stegvis/sim';
import { CliError, type Io } from './io.js';
import { type LoadedProgramme, displayPath, formatLocatedIssue, readUserFile } from './load-programme.js';
import { progress } from './progress.js';
import { MissingFileError } from './read-input.js';
import type { RunInfo } from './summary.js';

export interface SimulationFlags {
  readonly behaviour?: string;
  readonly cohort: number;
  readonly months: number;
  readonly seed: number;
  readonly replications: number;
  readonly workers?: number;
  /** Referrals a week; by default the cohort is referred evenly over the first year (or the whole run, if shorter). */
  readonly perWeek?: number;
  readonly lang: Lang;
  readonly dataOnly?: boolean;
}

export const simulationDefaults = { cohort: 200, months: 24, seed: 1, replications: 1 } as const;

/** Referrals a week that spread the cohort evenly over the first 52 weeks (or all the weeks simulated). */
export const defaultPerWeek = (cohort: number, months: number): number => Math.max(1, Math.ceil(cohort / Math.min(52, Math.floor((months * 365.25) / 12 / 7))));

/**
 * Reads the behaviour model (by default `behaviour.yaml` beside the programme), simulates the cohort and
 * builds the report. A missing or invalid behaviour file is a `CliError` with every issue and its line.
 */
export async function simulateReport(loaded: LoadedProgramme, programme: Programme, flags: SimulationFlags, io: Io, cwd: string): Promise<{ report: Report; run: RunInfo }> {
  const behaviourFile = flags.behaviour ?? displayPath(cwd, join(dirname(loaded.path), 'behaviour.yaml'));
  const { text } = await readUserFile(behaviourFile, cwd, 'behaviour model', programmeLimits.maxTextLength).catch((e: unknown) => {
    if (flags.behaviour === undefined && e instanceof MissingFileError)
      throw new CliError(`${behaviourFile}: no behaviour model beside the programme; write one (see docs/cli.md) or pass --behaviour <file>`);
    throw e;
  });
  const behaviour = validateBehaviourYaml(programme, text);
  if (!behaviour.ok) {
    const n = behaviour.issues.length;
    throw new CliError([`${behaviourFile} is not a valid behaviour model for ${programme.id} (${n} ${n === 1 ? 'problem' : 'problems'}):`, ...behaviour.issues.map((i) => formatLocatedIssue(behaviourFile, i))].join('\n'));
  }
  const options: SimulateOptions = {
    cohort: flags.cohort,
    months: flags.months,
    seed: flags.seed,
    replications: flags.replications,
    intake: { type: 'spread', perWeek: flags.perWeek ?? defaultPerWeek(flags.cohort, flags.months) },
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
  };
  // What the simulation cannot model is said before it runs, with the config path and a fix.
  const prepared = prepareSimulation(programme, behaviour.value, options);
  if (!prepared.ok)
    throw new CliError([`${loaded.file} cannot be simulated as it stands:`, ...prepared.issues.map((i) => formatLocatedIssue(loaded.file, { ...i, ...(loaded.locate(i.path) ? { location: loaded.locate(i.path)! } : {}) }))].join('\n'));
  const bar = progress(io);
  try {
    const rows = flags.cohort * flags.replications;
    bar.stage(`simulating ${rows} participants over ${flags.months} months`);
    const trajectories = await simulate(programme, behaviour.value, options);
    bar.stage('building the report');
    const report = buildReport(programme, trajectories, { lang: flags.lang });
    return { report, run: { cohort: flags.cohort, months: flags.months, seed: flags.seed, replications: flags.replications, behaviour: behaviourFile } };
  } finally {
    bar.finish();
  }
}
