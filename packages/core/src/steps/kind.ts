import { z } from 'zod';
import { type Label, LabelSchema } from '../i18n/label.js';
import { ConditionSchema } from '../conditions/schema.js';
import type { Explanation } from '../conditions/explanation.js';
import { IdSchema } from '../programme/ids.js';
import { PeriodSchema, type Period } from '../time/calendar.js';
import type { Issue } from '../errors/issue.js';
import type { ParticipantContext } from '../engine/context.js';
import type { MetWhen } from '../engine/deadline.js';

/** A requirement of a step, marked met (or waived) by a caseworker, or waived by a condition in the config. */
export const RequirementSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  /** Waived automatically while this condition holds: "not required of people on full-time sick leave". */
  waivedWhen: ConditionSchema.optional(),
  /** What marking it met must name, for example that a supervisor exists for an internship. */
  evidence: z.array(z.strictObject({ id: IdSchema, label: LabelSchema })).optional(),
  /** Met by the record itself rather than by a caseworker's mark. */
  satisfiedBy: z.enum(['participantTookPartInPlan']).optional(),
  /** A deadline from entering the step: "contact with Jobbcentrum as early as possible". */
  dueWithin: PeriodSchema.optional(),
});
export type Requirement = z.output<typeof RequirementSchema>;

/** How requirements combine: all of them, any one, or at least N. */
export const CompletionRuleSchema = z.union([
  z.literal('all'),
  z.literal('any'),
  z.strictObject({ atLeast: z.number().int().min(1) }),
]);
export type CompletionRule = z.output<typeof CompletionRuleSchema>;

/** An item an assessment or an action plan records; `required` items must be present. */
export const ContentSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  required: z.boolean().default(false),
  type: z.enum(['text', 'number', 'boolean']).default('text'),
});
export type Content = z.output<typeof ContentSchema>;

/** A result target: the share of the cohort through the step by month N after intake. */
export const TargetSchema = z.strictObject({
  share: z.number().min(0).max(1),
  byMonth: z.number().int().min(1),
});
export type Target = z.output<typeof TargetSchema>;

/** The duty owed to each participant who misses a step's target: an evaluation within a period. */
export const EvaluationDutySchema = z.strictObject({
  within: PeriodSchema,
  label: LabelSchema.optional(),
  /** Who the unit cooperates with in the evaluation (ids; labels in the config). */
  cooperateWith: z.array(z.strictObject({ id: IdSchema, label: LabelSchema })).default([]),
});
export type EvaluationDuty = z.output<typeof EvaluationDutySchema>;

/**
 * A deadline a step opens: counted from intake (opened at referral) or from entering the step.
 * `metWhen` says, as data, what fulfils it, so the engine needs no code from the kind to close it.
 */
export interface DeadlineRule {
  readonly id: string;
  readonly kind: string;
  readonly label: Label;
  readonly from: 'intake' | 'entry';
  readonly after: Period;
  /** How long before the due date it shows as due; without it, it is due from the day it opens. */
  readonly window?: Period;
  readonly metWhen: MetWhen;
  readonly onMissed?: { readonly id: string; readonly kind: string; readonly label: Label; readonly within: Period; readonly metWhen: MetWhen };
  /** A flag the participant carries while the deadline is overdue. */
  readonly flag?: { readonly id: string; readonly label: Label };
  /** An explicit decision (`extendDeadline`) may move it, by at most `maxTotal` in all. */
  readonly extendable?: { readonly maxTotal?: Period };
}

/** An exit outcome: where the participant went, and whether it covers part or all of their income. */
export const OutcomeSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  income: z.enum(['full', 'partial', 'none']),
  category: IdSchema.optional(),
  /** Exiting to this outcome counts as having gone through this step (and all before it). */
  completesStep: IdSchema.optional(),
  /** Only participants for whom this holds may exit to this outcome. */
  when: ConditionSchema.optional(),
});
export type Outcome = z.output<typeof OutcomeSchema>;

/** What a step kind makes of one step of a programme: everything the engine needs, as data. */
export interface StepBlueprint {
  readonly requirements: readonly Requirement[];
  readonly completion: CompletionRule;
  /** Kind-specific conditions for completion beyond requirements (an assessment must be recorded). */
  readonly gate?: (ctx: ParticipantContext) => Explanation | undefined;
  /** Advance by itself as soon as it is complete (an assessment or plan), instead of on an `advance` command. */
  readonly autoAdvance: boolean;
  readonly deadlines: readonly DeadlineRule[];
  readonly target?: Target;
  /** This step records the assessment, with these contents. */
  readonly assessment?: { readonly contents: readonly Content[] };
  /** This step establishes the action plan, with these contents. */
  readonly actionPlan?: { readonly contents: readonly Content[]; readonly minSubGoals: number };
  /** This step is the programme's end; participants leave to one of these outcomes. */
  readonly exit?: { readonly outcomes: readonly Outcome[] };
  /** References to other steps and facts, for validation: `[path, stepId]`. */
  readonly stepRefs?: readonly (readonly [readonly (string | number)[], string])[];
}

export interface StepInfo {
  readonly id: string;
  readonly label: Label;
}

/**
 * A step kind: a plugin that declares the zod schema of its parameters and builds its part of the
 * participant's path. Register kinds in a `StepKindRegistry`; core holds no list of kinds.
 */
export interface StepKind<Params = unknown> {
  readonly kind: string;
  readonly label: Label;
  readonly params: z.ZodType<Params>;
  build(params: Params, step: StepInfo): StepBlueprint;
  /** Extra checks of the params that a schema cannot express; paths are relative to `params`. */
  check?(params: Params, step: StepInfo): Issue[];
}

/**
 * Declares a step kind with its parameters typed from its schema.
 *
 * @example
 * const mentoring = defineStepKind({
 *   kind: 'mentoring',
 *   label: { sv: 'Mentorskap', en: 'Mentoring' },
 *   params: z.strictObject({ sessions: z.number().int().min(1) }),
 *   build: (p) => ({ requirements: [...], completion: 'all', autoAdvance: false, deadlines: [] }),
 * });
 */
export function defineStepKind<S extends z.ZodType>(kind: {
  kind: string;
  label: Label;
  params: S;
  build(params: z.output<S>, step: StepInfo): StepBlueprint;
  check?(params: z.output<S>, step: StepInfo): Issue[];
}): StepKind<z.output<S>> {
  return kind as StepKind<z.output<S>>;
}

export const emptyParams = z.strictObject({}).default({});
