import { type Issue, IsoDateSchema, type Programme, type Result } from '@stegvis/core';
import { addMonths, dayNumber } from '@stegvis/core';

/** How referrals arrive: everyone on the first day, or `perWeek` a week in row order. */
export type Intake = { readonly type: 'all' } | { readonly type: 'spread'; readonly perWeek: number };

export interface SimulateOptions {
  /** Participants per replication. */
  readonly cohort: number;
  /** How long the simulation runs, in calendar months from `startDate`. */
  readonly months: number;
  /** Any integer; the same seed gives bit-identical trajectories. */
  readonly seed: number;
  /** Independent cohorts (default 1); rows are `cohort × replications`, replication-major. */
  readonly replications?: number;
  readonly intake?: Intake;
  /** ISO date of day 0 (default `2026-01-05`, a Monday). Weekly steps fall on this weekday. */
  readonly startDate?: string;
  /**
   * Threads to use (`simulate` only). Default: every core for 50,000 rows or more, else one. Results do
   * not depend on it.
   */
  readonly workers?: number;
}

/** The options with defaults applied, as the runners use them. */
export interface Plan {
  readonly cohort: number;
  readonly replications: number;
  readonly rows: number;
  readonly seed: number;
  readonly intake: Intake;
  readonly startDate: string;
  readonly startDay: number;
  readonly horizonDays: number;
  /** Weekly steps: days 0, 7, …, 7 × (weeks − 1), all before `horizonDays`. */
  readonly weeks: number;
  /** The last day of the horizon (`horizonDays − 1`), when the final tick falls. */
  readonly lastDay: number;
}

/** The options with defaults applied, or what is wrong with them (paths into the options). */
export function planOf(options: SimulateOptions): Result<Plan> {
  const { cohort, months, seed } = options;
  const replications = options.replications ?? 1;
  const intake = options.intake ?? { type: 'all' };
  const startDate = options.startDate ?? '2026-01-05';
  const issues: Issue[] = [];
  const bad = (path: string[], message: string, fix: string) => issues.push({ code: 'config.invalid_value', path, message, fix });
  if (!Number.isInteger(cohort) || cohort < 0) bad(['cohort'], 'the cohort is not a whole number of participants', 'give 0 or more');
  if (!Number.isInteger(months) || months < 1) bad(['months'], 'the horizon is not a whole number of months', 'give 1 or more');
  if (!Number.isFinite(seed)) bad(['seed'], 'the seed is not a number', 'give any whole number');
  if (!Number.isInteger(replications) || replications < 1 || replications > 65535) bad(['replications'], 'replications must be a whole number from 1 to 65535', 'give 1–65535');
  if (intake.type === 'spread' && !(Number.isInteger(intake.perWeek) && intake.perWeek >= 1)) bad(['intake', 'perWeek'], 'referrals a week must be a whole number ≥ 1', 'give 1 or more');
  if (!/^\d{4}-\d\d-\d\d$/.test(startDate) || !IsoDateSchema.safeParse(startDate).success) bad(['startDate'], 'the start is not a date like 2026-01-05', 'give an ISO date');
  if (issues.length > 0) return { ok: false, issues };
  const startDay = dayNumber(startDate);
  const horizonDays = addMonths(startDay, months) - startDay;
  return { ok: true, value: {
    cohort,
    replications,
    rows: cohort * replications,
    seed,
    intake,
    startDate,
    startDay,
    horizonDays,
    weeks: Math.ceil(horizonDays / 7),
    lastDay: horizonDays - 1,
  } };
}

/** The week (0-based) participant `index` of a replication is referred in; `plan.weeks` or more means never. */
export const referralWeek = (plan: Plan, index: number): number => (plan.intake.type === 'all' ? 0 : Math.floor(index / plan.intake.perWeek));

/** Whether rows of one replication affect each other (a roster with limited places), so a replication cannot be split. */
export const coupled = (programme: Programme): boolean =>
  programme.config.capacity !== undefined || programme.config.areas.some((a) => a.places !== undefined);
