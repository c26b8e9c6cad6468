import type { Lang, Programme } from '@stegvis/core';
import { type Report, buildReport, simulate } from '@stegvis/sim';
import { readBehaviour } from './behaviour-file.js';
import type { Io } from './io.js';
import type { LoadedProgramme } from './load-programme.js';
import { progress } from './progress.js';
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
}

export const simulationDefaults = { cohort: 200, months: 24, seed: 1, replications: 1 } as const;

/** Referrals a week that spread the cohort evenly over the first 52 weeks (or all the weeks simulated). */
export const defaultPerWeek = (cohort: number, months: number): number => Math.max(1, Math.ceil(cohort / Math.min(52, Math.floor((months * 365.25) / 12 / 7))));

/**
 * Reads the behaviour model (by default `behaviour.yaml` beside the programme), simulates the cohort and
 * builds the report. A missing or invalid behaviour file is a `CliError` (see `readBehaviour`).
 */
export async function simulateReport(loaded: LoadedProgramme, programme: Programme, flags: SimulationFlags, io: Io, cwd: string): Promise<{ report: Report; run: RunInfo }> {
  const { file: behaviourFile, behaviour } = await readBehaviour(loaded, programme, flags.behaviour, cwd, 'required');
  const bar = progress(io);
  try {
    const rows = flags.cohort * flags.replications;
    bar.stage(`simulating ${rows} participants over ${flags.months} months`);
    const trajectories = await simulate(programme, behaviour, {
      cohort: flags.cohort,
      months: flags.months,
      seed: flags.seed,
      replications: flags.replications,
      intake: { type: 'spread', perWeek: flags.perWeek ?? defaultPerWeek(flags.cohort, flags.months) },
      ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    });
    bar.stage('building the report');
    const report = buildReport(programme, trajectories, { lang: flags.lang });
    return { report, run: { cohort: flags.cohort, months: flags.months, seed: flags.seed, replications: flags.replications, behaviour: behaviourFile } };
  } finally {
    bar.finish();
  }
}
