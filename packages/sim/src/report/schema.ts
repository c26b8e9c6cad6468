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

/**
 * A count per replication, as a manager reads it for one cohort: the mean over the runs with the 95 %
 * interval of that mean (Student t over the runs; `null` with one run), and the fewest and most in a run.
 */
export const PerRunSchema = z.strictObject({
  mean: z.number().min(0),
  ci: Interval.nullable(),
  min: z.number().min(0),
  max: z.number().min(0),
});
export type PerRun = z.output<typeof PerRunSchema>;

export const MonthPointSchema = z.strictObject({
  month: z.number().int().min(1),
  /** `null` when nobody was followed that long (admitted too late in the horizon). */
  estimate: EstimateSchema.nullable(),
});
export type MonthPoint = z.output<typeof MonthPointSchema>;

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

/** A step the programme binds by a deadline from intake (an assessment within two weeks): the share done within it. */
export const StepDeadlineSchema = z.strictObject({
  /** The deadline's kind (`assessment`, `actionPlan`…). */
  kind: z.string(),
  label: z.string(),
  /** The period from intake, as the programme states it. */
  within: z.strictObject({ days: z.number().int().optional(), weeks: z.number().int().optional(), months: z.number().int().optional() }),
  withinText: z.string(),
  /** Share of those admitted (and followed past the deadline) who completed the step on or before it. */
  estimate: EstimateSchema.nullable(),
});

export const StepSectionSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  index: z.number().int().min(0),
  kind: z.string(),
  /** Share of the admitted cohort through the step by month m after intake, m = 1…months. */
  byMonth: z.array(MonthPointSchema),
  target: TargetResultSchema.nullable(),
  deadline: StepDeadlineSchema.nullable(),
});
export type StepSection = z.output<typeof StepSectionSchema>;

export const CountShareSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** Exits to it, summed over replications. */
  count: z.number().int().min(0),
  /** Exits to it in one run (one cohort). */
  perRun: PerRunSchema,
  /** Its share of all exits. */
  ofExits: EstimateSchema.nullable(),
});

export const IncomeSchema = z.enum(['full', 'partial', 'none']);

/**
 * Those who left with work or studies covering the whole income, part of it, or none, as a share of
 * those admitted and followed m months, by month m after intake; with the programme's target for that
 * level where one of its steps is completed by exactly the outcomes of that level (Ljusnarsberg's step 5
 * for "full", step 4 for "partial", 10 % each by month 12).
 */
export const IncomeLevelSchema = z.strictObject({
  income: IncomeSchema,
  label: z.string(),
  outcomes: z.array(z.string()),
  byMonth: z.array(MonthPointSchema),
  target: TargetResultSchema.nullable(),
});
export type IncomeLevel = z.output<typeof IncomeLevelSchema>;

export const OutcomesSectionSchema = z.strictObject({
  admitted: z.number().int().min(0),
  exited: z.number().int().min(0),
  /** Still in the programme at the horizon (right-censored). */
  stillIn: z.number().int().min(0),
  perRun: z.strictObject({ admitted: PerRunSchema, exited: PerRunSchema, stillIn: PerRunSchema }),
  /**
   * The exit step's categories as the programme declares them (`declared`), then any category an outcome
   * names without declaring it, labelled by its outcomes' own labels — never a made-up name.
   */
  byCategory: z.array(CountShareSchema.extend({ outcomes: z.array(z.string()), declared: z.boolean() })),
  byOutcome: z.array(CountShareSchema.extend({ category: z.string(), income: IncomeSchema })),
  byIncome: z.array(IncomeLevelSchema),
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
  /** Where the programme records intensity and the behaviour model gives its distribution: `mean` weighted by it. */
  fullTimeEquivalents: z.number().min(0).optional(),
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
    /** Where the programme records intensity and the behaviour model gives its distribution: mean full-time equivalents enrolled, and the mean percent. */
    meanFullTimeEquivalents: z.number().min(0).optional(),
    meanPercentOfFullTime: z.number().min(0).max(100).optional(),
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
  /** Per flag the programme's deadlines can raise (`lockIn` after a time-limited employment): who carried it, and for how long. */
  flags: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      /** Admitted participants who carried the flag on at least one day. */
      participants: z.number().int().min(0),
      share: z.number().min(0).max(1).nullable(),
      days: z.number().int().min(0),
    }),
  ),
});
export type TimeInProgramme = z.output<typeof TimeInProgrammeSchema>;

export const DeadlineKindSchema = z.strictObject({
  kind: z.string(),
  /** The kind's name, from the programme's deadline rules (`programme.deadlineKinds`). */
  label: z.string(),
  metOnTime: z.number().int().min(0),
  metLate: z.number().int().min(0),
  missed: z.number().int().min(0),
  total: z.number().int().min(0),
  shareOnTime: z.number().min(0).max(1).nullable(),
  shareLate: z.number().min(0).max(1).nullable(),
  shareMissed: z.number().min(0).max(1).nullable(),
});

export const GroupSchema = z.strictObject({
  /** The enum value's id (`true`/`false` for a yes/no fact), or `unknown` for rows without the fact. */
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
  /** Participants admitted in the simulated period, per replication. */
  participants: z.number().min(0),
  /** netCost / participants; `null` without any. */
  costPerParticipant: z.number().nullable(),
  /** Days participants spent in the programme (admission to exit or horizon, less paused days), per replication. */
  placeDays: z.number().min(0),
  /** netCost / placeDays; `null` without any. */
  costPerPlaceDay: z.number().nullable(),
  /** The budget's lines, scaled to the simulated period. */
  budgetLines: z.array(z.strictObject({ id: z.string(), label: z.string(), amount: z.number().min(0) })),
  /**
   * Who pays the gross cost, scaled: each grant, each per-participant-day payment, and the municipality
   * (the rest). The amounts add up to `grossCost`.
   */
  funding: z.array(z.strictObject({ id: z.string(), label: z.string(), kind: z.enum(['grant', 'perParticipantDay', 'municipality']), amount: z.number() })),
  /** Other income the funding lists, scaled, line by line (reported, not subtracted). */
  otherIncomeLines: z.array(z.strictObject({ id: z.string(), label: z.string(), amount: z.number().min(0) })),
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

/**
 * What the figures rest on: every number of the behaviour model the simulation used, with the note the
 * behaviour file gives it (its comment, quoted as written), and a plain statement that the figures are a model's.
 */
export const AssumptionsSchema = z.strictObject({
  /** The behaviour file's name, as the caller gave it. */
  source: z.string().nullable(),
  statement: z.string(),
  items: z.array(
    z.strictObject({
      /** Where in the behaviour model: `steps.step1.advance`. */
      path: z.string(),
      label: z.string(),
      value: z.number(),
      /** The file's comment for the number (on its line, or the block above it), as written; `null` when it has none. */
      note: z.string().nullable(),
    }),
  ),
});
export type Assumptions = z.output<typeof AssumptionsSchema>;

/** One calendar month of intake: those admitted in it, and the targets judged for them alone. */
export const IntakeMonthSchema = z.strictObject({
  /** `YYYY-MM`. */
  month: z.string(),
  admitted: PerRunSchema,
  /** By target id (`step:<stepId>`, `income:<level>`): the share reached by the target's month; `null` when they were not followed that long. */
  targets: z.array(z.strictObject({ id: z.string(), estimate: EstimateSchema.nullable() })),
});
export type IntakeMonth = z.output<typeof IntakeMonthSchema>;

export const InflowSchema = z.strictObject({
  /** First and last simulation day anyone was referred on. */
  firstDay: z.number().int().min(0),
  lastDay: z.number().int().min(0),
  /** Referrals a week between them, per replication. */
  perWeek: z.number().min(0),
});

/**
 * Simulated against observed, the way the observed table was made: the participants of the period
 * (enrolled on any of its days), the outcomes recorded in it, and those still enrolled at its end counted
 * where the table counted them. Both sides with their uncertainty: the observed share's Wilson interval
 * (n = the observed participants) and the simulated mean share's interval over the runs.
 */
export const ObservedComparisonSchema = z.strictObject({
  source: z.string().nullable(),
  period: z.strictObject({ from: z.string(), to: z.string() }),
  /** Participants in the observed table. */
  participants: z.number().int().min(1),
  /** Participants of the period in one simulated run. */
  simulatedParticipants: PerRunSchema,
  categories: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      observed: z.strictObject({ count: z.number().int().min(0), share: Share, ci: Interval }),
      simulated: EstimateSchema.nullable(),
      /** (simulated − observed) / √(se_observed² + se_simulated²). */
      z: z.number().nullable(),
      /** The simulated share lies inside the observed share's interval. */
      withinObservedInterval: z.boolean().nullable(),
    }),
  ),
  /**
   * Those still enrolled at the period's end, as a share of the period's participants: as the observed
   * file states or assumes it, and as simulated (a share, so it does not depend on the inflow's size).
   */
  stillEnrolledAtEnd: z.strictObject({ observed: z.strictObject({ count: z.number().int().min(0), share: Share }), simulated: EstimateSchema.nullable() }),
  /** Pearson's chi-square of the observed counts against the simulated shares (categories − 1 degrees of freedom). */
  fit: z.strictObject({ chiSquare: z.number().min(0), df: z.number().int().min(1), pValue: z.number().min(0).max(1), consistent: z.boolean() }).nullable(),
  notes: z.array(z.string()),
});
export type ObservedComparison = z.output<typeof ObservedComparisonSchema>;

export const ReportSchema = z.strictObject({
  schemaVersion: z.literal(2),
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
    /** The counts above for one run (one cohort): mean over the runs, with its interval. */
    perRun: z.strictObject({ referred: PerRunSchema, admitted: PerRunSchema, declined: PerRunSchema, waitingAtHorizon: PerRunSchema }),
    /** How referrals arrived; `null` when nobody was referred. */
    inflow: InflowSchema.nullable(),
    /**
     * What applies to this programme, so a page leaves out the rest: declining a referral (it has referral
     * rules, or someone was declined), a waiting list (places, a waitlist rule, or someone waited), places.
     */
    applies: z.strictObject({ declines: z.boolean(), waitingList: z.boolean(), places: z.boolean() }),
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
  /** Results by calendar month of intake. */
  intakeMonths: z.array(IntakeMonthSchema),
  assumptions: AssumptionsSchema.nullable(),
  observed: ObservedComparisonSchema.nullable(),
  notes: z.array(z.string()),
});
export type Report = z.output<typeof ReportSchema>;
