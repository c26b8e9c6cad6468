import { z } from 'zod';
import { ConditionSchema } from '../conditions/schema.js';
import type { Path } from '../errors/issue.js';
import { IdSchema } from '../facts/ids.js';
import { type Label, LabelSchema } from '../i18n/label.js';
import { type Period, PeriodSchema } from '../time/calendar.js';
import type { RecordCondition } from './record-condition.js';

/**
 * The vocabulary a step kind builds a step from: plain data, no functions. Everything in a blueprint can
 * be validated, drawn, compiled for the simulation kernel, rewritten by a migration and sent to a worker.
 */

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

export const CategorySchema = z.strictObject({ id: IdSchema, label: LabelSchema });
export type Category = z.output<typeof CategorySchema>;

/** The duty a missed deadline opens (an evaluation after a missed step target). */
export interface MissedDuty {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: Label;
  readonly label: Label;
  readonly within: Period;
  readonly metWhen: RecordCondition;
}

/**
 * A deadline a step opens: counted from intake (opened at admission) or from entering the step, met when
 * `metWhen` holds. `kind` groups deadlines in reports (`kindLabel` names the group); `path` says where in
 * the step's params it is written, so lint can point there.
 */
export interface DeadlineRule {
  readonly id: string;
  readonly kind: string;
  readonly kindLabel: Label;
  readonly label: Label;
  readonly from: 'intake' | 'entry';
  readonly after: Period;
  /** How long before the due date it shows as due; without it, it is due from the day it opens. */
  readonly window?: Period;
  readonly metWhen: RecordCondition;
  readonly onMissed?: MissedDuty;
  /** A flag the participant carries while the deadline is overdue (lock-in after a time-limited employment). */
  readonly flag?: { readonly id: string; readonly label: Label };
  /** An explicit decision (`extendDeadline`) may move it, by at most `maxTotal` in all. */
  readonly extendable?: { readonly maxTotal?: Period };
  readonly path?: Path;
  /** This is the deadline of the step's `target` (the diagram shows the target instead). */
  readonly forTarget?: boolean;
}

/** What a step records: an assessment or the action plan, with the contents they must hold. */
export type StepRecords =
  | { readonly type: 'assessment'; readonly contents: readonly Content[] }
  | { readonly type: 'actionPlan'; readonly contents: readonly Content[]; readonly minSubGoals: number };

/** What a step kind makes of one step of a programme: everything the engine needs, as data. */
export interface StepBlueprint {
  readonly requirements: readonly Requirement[];
  /** When the step is complete, as a condition over the record. */
  readonly completion: RecordCondition;
  /** Advance by itself as soon as it is complete (an assessment or plan), instead of on an `advance` command. */
  readonly autoAdvance: boolean;
  readonly deadlines: readonly DeadlineRule[];
  readonly target?: Target;
  /** What the step records, and with which contents. */
  readonly records?: StepRecords;
  /** This step is the programme's end; participants leave to one of these outcomes. */
  readonly exit?: { readonly outcomes: readonly Outcome[]; readonly categories: readonly Category[] };
  /** References to steps, for validation: `[path in params, stepId]`. */
  readonly stepRefs?: readonly (readonly [Path, string])[];
}

const ruleText = (rule: CompletionRule, count: number): Label => {
  if (rule === 'all' || (typeof rule === 'object' && rule.atLeast >= count)) return { sv: 'Alla krav är uppfyllda', en: 'All requirements are met' };
  if (rule === 'any' || rule.atLeast === 1) return { sv: 'Minst ett av kraven är uppfyllt', en: 'At least one requirement is met' };
  return { sv: `Minst ${rule.atLeast} av kraven är uppfyllda`, en: `At least ${rule.atLeast} requirements are met` };
};

/**
 * A step's requirements combined by their rule, as a record condition: what a ladder step's completion is.
 *
 * @example
 * completion: requirementsMet('step1', params.requirements, params.completion)
 */
export function requirementsMet(stepId: string, requirements: readonly Requirement[], rule: CompletionRule): RecordCondition {
  const n = rule === 'all' ? requirements.length : rule === 'any' ? 1 : rule.atLeast;
  return {
    type: 'atLeast',
    n,
    of: requirements.map((r) => ({ type: 'requirementMet', stepId, requirementId: r.id })),
    label: ruleText(rule, requirements.length),
  };
}

/** Requirements with `dueWithin` become deadlines from entering their step. */
export const requirementDeadlineKind: Label = { sv: 'Krav', en: 'Requirements' };
export function requirementRules(stepId: string, requirements: readonly Requirement[]): DeadlineRule[] {
  return requirements.flatMap((r, i) =>
    r.dueWithin
      ? [{ id: r.id, kind: 'requirement', kindLabel: requirementDeadlineKind, label: r.label, from: 'entry' as const, after: r.dueWithin, metWhen: { type: 'requirementMet' as const, stepId, requirementId: r.id }, path: ['requirements', i, 'dueWithin'] }]
      : [],
  );
}

/**
 * Core's own deadline: the regular follow-up a cadence schedules after the action plan, one open at a time.
 * The engine opens it, the kernel mirrors it, reports group it by this kind.
 */
export const regularFollowUp = {
  kind: 'followUp',
  kindLabel: { sv: 'Uppföljningar', en: 'Follow-ups' },
  metWhen: (jointWith: readonly string[]): RecordCondition => ({ type: 'followUp', ...(jointWith.length > 0 ? { jointWith: [...jointWith] } : {}) }),
} as const;
