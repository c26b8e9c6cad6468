import { z } from 'zod';
import { AreaSchema, CapacitySchema, ReservationSchema } from '../programme/capacity.js';
import { ConditionSchema, NamedConditionSchema } from '../conditions/schema.js';
import { LabelSchema } from '../i18n/label.js';
import { CompletionRuleSchema, ContentSchema, EvaluationDutySchema, OutcomeSchema, RequirementSchema, TargetSchema } from '../rules/blueprint.js';
import type { StepKind } from '../steps/kind.js';
import { type StepKindRegistry, defaultRegistry } from '../steps/registry.js';
import { actionPlanKind } from '../steps/builtin/action-plan.js';
import { assessmentKind } from '../steps/builtin/assessment.js';
import { exitKind } from '../steps/builtin/exit.js';
import { ladderStepKind } from '../steps/builtin/ladder-step.js';
import { subsidisedEmploymentKind } from '../steps/builtin/subsidised-employment.js';
import { PeriodSchema } from '../time/calendar.js';
import { FactSchema } from '../facts/facts.js';
import { FundingSchema } from './funding.js';
import { GrantSchema, PolicySchema, RoleSchema } from './policy.js';
import { ReferralPolicySchema, ReferralRuleSchema } from './referral.js';
import { ResponsibilitySchema } from './responsibility.js';
import { FollowUpCadenceSchema, ProgrammeSchema, StepConfigSchema } from './schema.js';

/** A JSON Schema document (draft-07), plain JSON. */
export type JsonSchema = { readonly [key: string]: unknown };

type Meta = z.core.JSONSchemaMeta;

/**
 * Names and descriptions for the schemas a programme is built from. Metadata a schema carries itself
 * (`.describe()`, `.meta()`) wins over these, so they can move into the schemas one by one.
 */
const shared: readonly (readonly [z.ZodType, Meta])[] = [
  [LabelSchema, { id: 'Label', description: 'A label: { sv, en }, or one string used for both languages.' }],
  [ConditionSchema, { id: 'Condition', description: 'A condition over the participant\'s facts: a fact test ({ fact, equals | notEquals | in | notIn | atLeast | atMost | known }), { all: [...] }, { any: [...] }, { not: ... }, or a named condition ({ condition: id }).' }],
  [PeriodSchema, { id: 'Period', description: 'A calendar period: days, weeks and/or months (at least one of them).', minProperties: 1 }],
  [RequirementSchema, { id: 'Requirement', description: 'A requirement of a step, marked met (or waived) by a caseworker, or waived by a condition.' }],
  [CompletionRuleSchema, { id: 'CompletionRule', description: 'How requirements combine: all of them, any one, or { atLeast: N }.' }],
  [ContentSchema, { id: 'Content', description: 'An item an assessment or an action plan records; required items must be present.' }],
  [TargetSchema, { id: 'Target', description: 'A result target: the share of the cohort through the step by month N after intake.' }],
  [OutcomeSchema, { id: 'Outcome', description: 'An exit outcome: where the participant went, and whether it covers all, part or none of their income.' }],
  [EvaluationDutySchema, { description: 'The evaluation owed to each participant who misses the step\'s target, within a period.' }],
  [FactSchema, { description: 'A fact the programme declares about a participant; conditions may only test declared facts.' }],
  [NamedConditionSchema, { description: 'A named, labelled condition, referred to as { condition: id }.' }],
  [FollowUpCadenceSchema, { description: 'Follow-up meetings: the first some weeks after the plan is established, then every N weeks.' }],
  [ReferralPolicySchema, { description: 'Who may be referred: rules over the referral\'s facts, in order (the first match decides), and what happens when none matches.' }],
  [ReferralRuleSchema, { description: 'For referrals where `when` holds, the decision; declining needs a reason.' }],
  [CapacitySchema, { description: 'The programme\'s places, reserved places and the waiting list\'s order.' }],
  [ReservationSchema, { description: 'Places kept for one group of referrals.' }],
  [AreaSchema, { description: 'An activity or work area with its responsible supervisor (a position id, never a name).' }],
  [ResponsibilitySchema, { description: 'The administrations that can be responsible for a participant.' }],
  [FundingSchema, { description: 'Budget lines, grants, payments per participant-day and other income.' }],
  [RoleSchema, { description: 'A role that acts on participants.' }],
  [PolicySchema, { description: 'Who may issue which commands; with a policy, everything not granted is refused.' }],
  [GrantSchema, { description: 'Grants command types to roles; referringOnly narrows it to the referring caseworker.' }],
];

const shape = ProgrammeSchema.shape;
const programmeFields: readonly (readonly [z.ZodType, string])[] = [
  [shape.version, 'The programme version; participants stay on the version they started under.'],
  [shape.description, 'What the programme is, in a few sentences.'],
  [shape.source, 'Where the rules come from, for example the seed document\'s name.'],
  [shape.facts, 'The facts conditions may test.'],
  [shape.conditions, 'Named conditions, referred to as { condition: id }.'],
  [shape.areas, 'Activity or work areas.'],
  [shape.roles, 'The roles that act on participants; with a policy, only granted roles may issue each command.'],
];

/** Fields of the schemas above and of the built-in kinds' params: `[object schema, key, description]`. */
const objectFields: readonly (readonly [z.ZodType, string, string])[] = [
  [FollowUpCadenceSchema, 'firstAfterWeeks', 'Weeks from the plan being established to the first follow-up.'],
  [FollowUpCadenceSchema, 'everyWeeks', 'Then a follow-up every N weeks, N between min and max, chosen in the plan.'],
  [FollowUpCadenceSchema, 'jointWith', 'Roles that must take part for a follow-up to count.'],
  [RequirementSchema, 'waivedWhen', 'Waived automatically while this condition holds.'],
  [RequirementSchema, 'evidence', 'What marking it met must name, for example that a supervisor exists.'],
  [RequirementSchema, 'satisfiedBy', 'Met by the record itself rather than by a caseworker\'s mark.'],
  [RequirementSchema, 'dueWithin', 'A deadline from entering the step.'],
  [ContentSchema, 'required', 'The item must be recorded.'],
  [TargetSchema, 'share', 'The share of the cohort, from 0 to 1.'],
  [TargetSchema, 'byMonth', 'The month after intake by which the share should be through the step.'],
  [EvaluationDutySchema, 'cooperateWith', 'Who the unit cooperates with in the evaluation.'],
  [OutcomeSchema, 'income', 'How much of the participant\'s income the outcome covers.'],
  [OutcomeSchema, 'category', 'The category it is reported in: one of the exit step\'s categories.'],
  [OutcomeSchema, 'completesStep', 'Exiting to this outcome counts as having gone through this step (and all before it).'],
  [OutcomeSchema, 'when', 'Only participants for whom this holds may exit to this outcome.'],
  [ReferralRuleSchema, 'reason', 'Said to the referring caseworker; required when the decision is decline.'],
  [ReferralPolicySchema, 'otherwise', 'The decision when no rule matches.'],
  [CapacitySchema, 'places', 'The places admission uses.'],
  [CapacitySchema, 'plannedMin', 'The low end of a planned range, such as 60 of "60–80 places".'],
  [CapacitySchema, 'priority', 'The waiting list\'s order: participants matching an earlier condition first, then first come, first served.'],
  [CapacitySchema, 'occupancyGoal', 'A stated occupancy goal, as a share of places.'],
  [AreaSchema, 'supervisor', 'The responsible supervisor\'s position (an id of the unit\'s, never a person\'s name).'],
  [AreaSchema, 'places', 'The area\'s own places, when it has a limit.'],
  [FundingSchema, 'totalBudget', 'The total when the source states one; checked against the budget lines when both are given.'],
  [FundingSchema, 'perParticipantDay', 'Payments per participant-day, for participants matching the condition.'],
  [GrantSchema, 'referringOnly', 'Only the participant\'s referring caseworker may issue these commands.'],
  [assessmentKind.params, 'within', 'The deadline from intake; without it the programme sets none.'],
  [assessmentKind.params, 'contents', 'What the assessment records.'],
  [actionPlanKind.params, 'within', 'The deadline from intake; without it the programme sets none.'],
  [actionPlanKind.params, 'contents', 'What the plan records.'],
  [actionPlanKind.params, 'minSubGoals', 'The fewest sub-goals an established plan has.'],
  [ladderStepKind.params, 'completion', 'How the requirements combine.'],
  [ladderStepKind.params, 'target', 'The cohort target; without it the step opens no target deadline.'],
  [subsidisedEmploymentKind.params, 'months', 'How long the employment lasts from entering the step.'],
  [subsidisedEmploymentKind.params, 'extension', 'Extensions are allowed, each an explicit decision with a reason; maxMonths caps them in all.'],
  [exitKind.params, 'categories', 'The categories outcomes are reported in.'],
  [exitKind.params, 'outcomes', 'The outcomes participants can leave to.'],
];

/** A field's own schema, when it is not a shared one (describing a shared schema would describe it everywhere). */
function fieldSchema(object: z.ZodType, key: string): z.ZodType | undefined {
  const field = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>)[key] : undefined;
  return field && !shared.some(([s]) => s === field) ? field : undefined;
}

/** Registry lookups that prefer a schema's own metadata, then the defaults above. */
class LayeredRegistry extends z.core.$ZodRegistry<Meta> {
  override get<S extends z.core.$ZodType>(schema: S) {
    const own = super.get(schema);
    const global = z.globalRegistry.get(schema);
    return own || global ? ({ ...own, ...global } as z.core.$replace<Meta, S>) : undefined;
  }
}

/** A kind's params may be left out when the kind accepts none (the validator reads a missing `params` as `{}`). */
const paramsOptional = (kind: StepKind): boolean => kind.params.safeParse({}).success;

function stepVariant(kind: StepKind) {
  return z.strictObject({
    ...StepConfigSchema.shape,
    kind: z.literal(kind.kind),
    params: paramsOptional(kind) ? kind.params.optional() : kind.params,
  });
}

function stepsSchema(registry: StepKindRegistry, meta: LayeredRegistry) {
  const [first, ...rest] = registry.kinds.map((kind) => {
    const variant = stepVariant(kind);
    meta.add(variant, { id: `step.${kind.kind}`, title: kind.kind, description: `${kind.label.en} (${kind.label.sv}).` });
    return variant;
  });
  const step = first ? z.discriminatedUnion('kind', [first, ...rest]) : StepConfigSchema;
  const steps = z.array(step).min(2);
  meta.add(steps, { description: 'The steps in order; the last one is the exit step. Each step\'s params depend on its kind.' });
  return steps;
}

/** A default that reads the same as input and output: a primitive or an empty list or object. */
const plainDefault = (value: unknown): boolean =>
  value === null || typeof value !== 'object' || (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);

/**
 * Drops zod's safe-integer bounds, which say nothing to a programme designer, and keeps defaults such as
 * `[]` that zod leaves out of an input schema whenever the type holds a transform (every label does).
 */
function tidy({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  const def = zodSchema._zod.def;
  if (def.type === 'default' && jsonSchema.default === undefined && plainDefault(def.defaultValue)) jsonSchema.default = def.defaultValue as z.core.util.JSONType;
}

/**
 * The JSON Schema (draft-07) of a programme as a designer writes it, for editors: each step is a choice
 * by `kind` whose `params` follow that kind's schema, so kind-specific params autocomplete. The schema
 * checks shape only; `validateProgramme` remains the judge (references, order, cross-field rules).
 *
 * @example
 * fs.writeFileSync('programme.schema.json', JSON.stringify(programmeJsonSchema(), null, 2));
 */
export function programmeJsonSchema(registry: StepKindRegistry = defaultRegistry): JsonSchema {
  const meta = new LayeredRegistry();
  for (const [schema, m] of shared) meta.add(schema, m);
  for (const [schema, description] of programmeFields) meta.add(schema, { description });
  for (const [object, key, description] of objectFields) {
    const field = fieldSchema(object, key);
    // A renamed field must not leave its description behind unnoticed: the schema tests build this.
    if (!field) throw new Error(`programmeJsonSchema: a description names field "${key}", which its schema no longer has`);
    meta.add(field, { description });
  }
  const programme = ProgrammeSchema.extend({ steps: stepsSchema(registry, meta) });
  const json = z.toJSONSchema(programme, { io: 'input', target: 'draft-07', metadata: meta, unrepresentable: 'any', override: tidy });
  const { $schema, ...rest } = json;
  return {
    $schema,
    title: 'stegvis programme',
    description: 'A labour-market programme: facts, conditions, referral rules, places and the steps from intake to exit.',
    ...rest,
  };
}
