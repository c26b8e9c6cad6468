import { z } from 'zod';

/**
 * The report's shape, as a zod schema: what `buildReport` returns, plain JSON (no typed arrays, no
 * NaN or Infinity: a value that cannot be computed is `null`). Consumers (the CLI, the HTML report)
 * validate a stored report with `ReportSchema.parse(JSON.parse(text))`. Labels are plain strings in
 * the report's language. Shares are 0…1.
 */

const Share = z.number().min(0).max(1);
const Interval = z.tuple([z.number(), z.number()]);

/** A share with its 95 % interval (see `shareEstimate`): k successes of n trials summed over replications. */
export const EstimateSchema = z.strictObject({
  share: Share,
  ci: Interval,
  method: z.enum(['wilson', 'replications']),
  k: z.number().int().min(0),
  n: z.number().int().min(0),
  /** With R > 1: where the share of one replication falls (2.5 %–97.5 % of the replications' shares). */
  spread: Interval.optional(),
});
export type Estimate = z.output<typeof EstimateSchema>;

export const MonthPointSchema = z.strictObject({
  month: z.number().int().min(1),
  /** `null` when nobody was followed that long (admitted too late in the horizon). */
  estimate: EstimateSchema.nullable(),
});

export const TargetResultSchema = z.strictObject({
  /** `step:<stepId>` for a step's target, or an indicator's id. */
  id: z.string(),
  stepId: z.string().nullable(),
  label: z.string(),
  byMonth: z.number().int().nullable(),
  target: Share,
  estimate: EstimateSchema.nullable(),
  /** The point estimate reaches the target; `null` when it cannot be estimated. */
  met: z.boolean().nullable(),
  /** Where the 95 % interval lies relative to the target: wholly above, wholly below, or containing it. */
  ciRelation: z.enum(['above', 'below', 'contains']).nullable(),
});
export type TargetResult = z.output<typeof TargetResultSchema>;

export const StepSectionSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  index: z.number().int().min(0),
  kind: z.string(),
  /** Share of the admitted cohort through the step by month m after intake, m = 1…months. */
  byMonth: z.array(MonthPointSchema),
  target: TargetResultSchema.nullable(),
});
export type StepSection = z.output<typeof StepSectionSchema>;

export const CountShareSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** Exits to it, summed over replications. */
  count: z.number().int().min(0),
  /** Its share of all exits. */
  ofExits: EstimateSchema.nullable(),
});

export const OutcomesSectionSchema = z.strictObject({
  admitted: z.number().int().min(0),
  exited: z.number().int().min(0),
  /** Still in the programme at the horizon (right-censored). */
  stillIn: z.number().int().min(0),
  byCategory: z.array(CountShareSchema),
  byOutcome: z.array(CountShareSchema.extend({ category: z.string(), income: z.enum(['full', 'partial', 'none']) })),
});
export type OutcomesSection = z.output<typeof OutcomesSectionSchema>;

export const OccupancyWeekSchema = z.strictObject({
  week: z.number().int().min(0),
  /** First simulation day of the week. */
  startDay: z.number().int().min(0),
  /** Participants in the programme, averaged over the week's days and the replications. */
  mean: z.number().min(0),
  /** The most on any day of the week in any replication. */
  max: z.number().int().min(0),
  waitingMean: z.number().min(0),
  waitingMax: z.number().int().min(0),
});

export const OccupancySectionSchema = z.strictObject({
  places: z.number().int().nullable(),
  plannedMin: z.number().int().nullable(),
  occupancyGoal: z.number().nullable(),
  weekly: z.array(OccupancyWeekSchema),
  summary: z.strictObject({
    meanOccupancy: z.number().min(0),
    maxOccupancy: z.number().int().min(0),
    /** Mean occupancy as a share of places (beläggning); `null` without places. */
    meanShareOfPlaces: z.number().min(0).nullable(),
    /** Weeks in which some day of some replication had more participants than places. */
    weeksOverPlaces: z.number().int().min(0),
    /** Weeks whose mean occupancy was below `plannedMin`. */
    weeksBelowPlannedMin: z.number().int().min(0),
    meanWaiting: z.number().min(0),
    maxWaiting: z.number().int().min(0),
  }),
});
export type OccupancySection = z.output<typeof OccupancySectionSchema>;

export const TimeInProgrammeSchema = z.strictObject({
  /** Admitted rows: `exited` had their stay end, `censored` were still in at the horizon. */
  n: z.number().int().min(0),
  exited: z.number().int().min(0),
  censored: z.number().int().min(0),
  /** Kaplan–Meier quantiles of the stay in days; `null` when the curve never falls that far. */
  medianDays: z.number().nullable(),
  q1Days: z.number().nullable(),
  q3Days: z.number().nullable(),
  lockIn: z.strictObject({
    /** Participants who carried the lock-in flag on at least one day. */
    participants: z.number().int().min(0),
    share: z.number().min(0).max(1).nullable(),
    days: z.number().int().min(0),
  }),
});
export type TimeInProgramme = z.output<typeof TimeInProgrammeSchema>;

export const DeadlineKindSchema = z.strictObject({
  kind: z.string(),
  metOnTime: z.number().int().min(0),
  metLate: z.number().int().min(0),
  missed: z.number().int().min(0),
  total: z.number().int().min(0),
  shareOnTime: z.number().min(0).max(1).nullable(),
  shareLate: z.number().min(0).max(1).nullable(),
  shareMissed: z.number().min(0).max(1).nullable(),
});

export const GroupSchema = z.strictObject({
  /** The enum value's id, or `unknown` for rows without the fact. */
  value: z.string(),
  label: z.string(),
  admitted: z.number().int().min(0),
  steps: z.array(StepSectionSchema),
  outcomes: OutcomesSectionSchema,
  occupancy: z.strictObject({ weeklyMean: z.array(z.number().min(0)) }),
  timeInProgramme: TimeInProgrammeSchema,
  deadlines: z.array(DeadlineKindSchema),
});

export const BreakdownSchema = z.strictObject({
  fact: z.string(),
  label: z.string(),
  groups: z.array(GroupSchema),
});
export type Breakdown = z.output<typeof BreakdownSchema>;

export const CostSectionSchema = z.strictObject({
  currency: z.string(),
  /** The funding period's length in days (365 when the funding states no period). */
  fundingPeriodDays: z.number().int().min(1),
  /** Days simulated per replication. */
  simulatedDays: z.number().int().min(0),
  /** simulatedDays / fundingPeriodDays. */
  scale: z.number().min(0),
  budget: z.number().min(0),
  /** budget × scale: the cost of running the programme for the simulated period (one replication). */
  grossCost: z.number().min(0),
  perParticipantDay: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      amountPerDay: z.number(),
      /** Paid participant-days per replication (weekdays in the programme, less paused days). */
      days: z.number().min(0),
      income: z.number().min(0),
    }),
  ),
  /** grossCost − Σ per-participant-day income. */
  netCost: z.number(),
  /** Grants towards the budget, scaled; netCost − grants is what the municipality itself pays. */
  grants: z.number().min(0),
  municipalCost: z.number(),
  /** Other income the funding lists (scaled), reported but not subtracted. */
  otherIncome: z.number().min(0),
  /** Qualifying outcomes per replication: exits to an outcome that covers part or all of the income. */
  qualifyingOutcomes: z.number().min(0),
  /** netCost / qualifyingOutcomes; `null` when there are none. */
  costPerQualifyingOutcome: z.number().nullable(),
  perCategory: z.array(z.strictObject({ id: z.string(), label: z.string(), exits: z.number().min(0), costPerExit: z.number().nullable() })),
  perIndicator: z.array(z.strictObject({ id: z.string(), qualifying: z.number().min(0), costPerQualifying: z.number().nullable() })),
});
export type CostSection = z.output<typeof CostSectionSchema>;

export const IndicatorValueSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  source: z.string().nullable(),
  window: z.union([
    z.strictObject({ type: z.literal('byMonth'), months: z.number().int() }),
    z.strictObject({ type: z.literal('atExit'), withinWeeks: z.number().int() }),
    z.strictObject({ type: z.literal('afterExit'), months: z.number().int() }),
  ]),
  windowText: z.string(),
  denominator: z.enum(['admitted', 'exited']),
  measurement: z.enum(['outcomes', 'followUp']),
  /** Where the numerator's mapping came from: the report's options, the definition's entry for this programme, or its defaults. */
  mapping: z.enum(['option', 'programme', 'default']),
  /** The programme's outcomes and steps that qualify. */
  qualifyingOutcomes: z.array(z.string()),
  qualifyingSteps: z.array(z.string()),
  excludedOutcomes: z.array(z.string()),
  /** `null` when the indicator needs follow-up data, or nobody is in the denominator. */
  estimate: EstimateSchema.nullable(),
  proxy: z.strictObject({ estimate: EstimateSchema.nullable(), assumption: z.string() }).nullable(),
  target: Share.nullable(),
  met: z.boolean().nullable(),
  note: z.string().nullable(),
  caveats: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type IndicatorValue = z.output<typeof IndicatorValueSchema>;

export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  lang: z.enum(['sv', 'en']),
  programme: z.strictObject({ id: z.string(), version: z.number().int(), name: z.string() }),
  simulation: z.strictObject({
    startDate: z.string(),
    horizonDays: z.number().int().min(0),
    replications: z.number().int().min(1),
    rows: z.number().int().min(0),
    referred: z.number().int().min(0),
    declined: z.number().int().min(0),
    admitted: z.number().int().min(0),
    /** Referred, not declined, and not admitted by the horizon. */
    waitingAtHorizon: z.number().int().min(0),
    /** Whole calendar months in the horizon: the length of every `byMonth` series. */
    months: z.number().int().min(0),
    weeks: z.number().int().min(0),
  }),
  steps: z.array(StepSectionSchema),
  /** Every step target and every indicator target, flattened, for assertions. */
  targets: z.array(TargetResultSchema),
  outcomes: OutcomesSectionSchema,
  occupancy: OccupancySectionSchema,
  timeInProgramme: TimeInProgrammeSchema,
  deadlines: z.array(DeadlineKindSchema),
  breakdowns: z.array(BreakdownSchema),
  cost: CostSectionSchema.nullable(),
  indicators: z.array(IndicatorValueSchema),
  notes: z.array(z.string()),
});
export type Report = z.output<typeof ReportSchema>;
