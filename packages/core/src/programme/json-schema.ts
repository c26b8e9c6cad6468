import { ExitFollowUpSchema } from './after-exit.js';
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
import { ProposalsSchema } from './proposals.js';
import { ReferralPolicySchema, ReferralRuleSchema } from './referral.js';
import { ResponsibilitySchema } from './responsibility.js';
import { FollowUpCadenceSchema, ProgrammeSchema, StepConfigSchema } from './schema.js';
import { ComplianceConditionSchema, ComplianceRuleSchema, IntensityConfigSchema } from './participation.js';

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
  [ProposalsSchema, { description: 'Who may propose which changes for a caseworker to decide, and how long a decision may take.' }],
];

/**
 * An object inside a field: through `.default()`, `.optional()` and arrays to the element, or the option
 * of a union that has `key`. Lets the table below reach objects that have no name of their own.
 */
function inner(schema: z.ZodType, key: string): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return inner(schema.unwrap() as z.ZodType, key);
  if (schema instanceof z.ZodArray) return inner(schema.element as z.ZodType, key);
  if (schema instanceof z.ZodUnion) return (schema.options as readonly z.ZodType[]).find((o) => key in shapeOf(o)) ?? schema;
  return schema;
}
const shapeOf = (object: z.ZodType): Record<string, z.ZodType> => (object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType>) : {});
/** The object a field of `object` holds, for describing its fields (`within(CapacitySchema, 'priority')`). */
const within = (object: z.ZodType, field: string): z.ZodType => inner(shapeOf(object)[field] ?? object, '');

const idOf = (what: string, usedBy?: string) => `The ${what}'s id${usedBy ? `; ${usedBy}` : ''}.`;

/**
 * Descriptions of fields, by the object that has them and the field's name: `[object, key, description]`.
 * They are placed on the field where that object is written, never on the field's schema: the field's
 * schema is often one shared by many fields (every id is `IdSchema`), and metadata on it would describe
 * every one of them.
 */
const fieldDescriptions: readonly (readonly [z.ZodType, string, string])[] = [
  [ProgrammeSchema, 'id', idOf('programme', 'it stays the same across versions, and each participant\'s record names it')],
  [ProgrammeSchema, 'version', 'The programme version; participants stay on the version they started under.'],
  [ProgrammeSchema, 'description', 'What the programme is, in a few sentences.'],
  [ProgrammeSchema, 'source', 'Where the rules come from, for example the seed document\'s name.'],
  [ProgrammeSchema, 'facts', 'The facts conditions may test.'],
  [ProgrammeSchema, 'conditions', 'Named conditions, referred to as { condition: id }.'],
  [ProgrammeSchema, 'areas', 'Activity or work areas.'],
  [ProgrammeSchema, 'roles', 'The roles that act on participants; with a policy, only granted roles may issue each command.'],
  [StepConfigSchema, 'id', idOf('step', 'commands, deadlines, behaviour models and an outcome\'s completesStep name it')],
  ...FactSchema.options.map((option) => [option, 'id', idOf('fact', 'conditions test it as { fact: id }, and a referral gives its value')] as const),
  [within(inner(FactSchema, 'values'), 'values'), 'id', idOf('value', 'conditions and referrals write it as the fact\'s value')],
  [inner(ConditionSchema, 'fact'), 'fact', 'The id of the declared fact the test reads.'],
  [inner(ConditionSchema, 'condition'), 'condition', 'The id of a named condition of the programme (under conditions).'],
  [NamedConditionSchema, 'id', idOf('condition', 'conditions refer to it as { condition: id }')],
  [FollowUpCadenceSchema, 'firstAfterWeeks', 'Weeks from the plan being established to the first follow-up.'],
  [FollowUpCadenceSchema, 'everyWeeks', 'Then a follow-up every N weeks, N between min and max, chosen in the plan.'],
  [FollowUpCadenceSchema, 'jointWith', 'The ids of the roles that must take part for a follow-up to count.'],
  [RequirementSchema, 'id', idOf('requirement', 'a caseworker marks it met or waived by it')],
  [RequirementSchema, 'waivedWhen', 'Waived automatically while this condition holds.'],
  [RequirementSchema, 'evidence', 'What marking it met must name, for example that a supervisor exists.'],
  [within(RequirementSchema, 'evidence'), 'id', idOf('evidence', 'marking the requirement met names it')],
  [RequirementSchema, 'satisfiedBy', 'Met by the record itself rather than by a caseworker\'s mark.'],
  [RequirementSchema, 'dueWithin', 'A deadline from entering the step.'],
  [ContentSchema, 'id', idOf('item', 'a recorded assessment or plan names its items by it')],
  [ContentSchema, 'required', 'The item must be recorded.'],
  [TargetSchema, 'share', 'The share of the cohort, from 0 to 1.'],
  [TargetSchema, 'byMonth', 'The month after intake by which the share should be through the step.'],
  [EvaluationDutySchema, 'cooperateWith', 'Who the unit cooperates with in the evaluation.'],
  [within(EvaluationDutySchema, 'cooperateWith'), 'id', 'The cooperating party\'s id (an organisation\'s, never a person\'s name).'],
  [OutcomeSchema, 'id', idOf('outcome', 'an exit command names it')],
  [ExitFollowUpSchema, 'id', idOf('follow-up after exit', 'recordExitFollowUp names it, and its deadline is exit.<id>')],
  [ExitFollowUpSchema, 'reportsAs', 'Which ESF+ result indicators read it: onLeaving (within four weeks) or sixMonthsAfterLeaving.'],
  [OutcomeSchema, 'income', 'How much of the participant\'s income the outcome covers.'],
  [OutcomeSchema, 'category', 'The id of the category it is reported in: one of the exit step\'s categories.'],
  [OutcomeSchema, 'completesStep', 'The id of a step: exiting to this outcome counts as having gone through it (and all before it).'],
  [OutcomeSchema, 'when', 'Only participants for whom this holds may exit to this outcome.'],
  [ReferralRuleSchema, 'id', idOf('rule', 'a referral\'s decision names the rule that made it')],
  [ReferralRuleSchema, 'reason', 'Said to the referring caseworker; required when the decision is decline.'],
  [ReferralPolicySchema, 'otherwise', 'The decision when no rule matches.'],
  [CapacitySchema, 'places', 'The places admission uses.'],
  [CapacitySchema, 'plannedMin', 'The low end of a planned range, such as 60 of "60–80 places".'],
  [ReservationSchema, 'id', idOf('reservation')],
  [CapacitySchema, 'priority', 'The waiting list\'s order: participants matching an earlier condition first, then first come, first served.'],
  [within(CapacitySchema, 'priority'), 'id', idOf('priority group')],
  [CapacitySchema, 'occupancyGoal', 'A stated occupancy goal, as a share of places.'],
  [AreaSchema, 'id', idOf('area', 'an assignArea command names it')],
  [AreaSchema, 'supervisor', 'The responsible supervisor\'s position (an id of the unit\'s, never a person\'s name).'],
  [AreaSchema, 'places', 'The area\'s own places, when it has a limit.'],
  [within(ResponsibilitySchema, 'parties'), 'id', idOf('administration', 'a handOver command names the one taking over')],
  [within(FundingSchema, 'budget'), 'id', idOf('budget line')],
  [FundingSchema, 'totalBudget', 'The total when the source states one; checked against the budget lines when both are given.'],
  [within(FundingSchema, 'grants'), 'id', idOf('grant')],
  [FundingSchema, 'perParticipantDay', 'Payments per participant-day, for participants matching the condition.'],
  [within(FundingSchema, 'perParticipantDay'), 'id', idOf('payment')],
  [within(FundingSchema, 'otherIncome'), 'id', idOf('income line')],
  [RoleSchema, 'id', idOf('role', 'grants and a command\'s actor name it')],
  [GrantSchema, 'roles', 'The ids of the roles granted these commands (declared under roles).'],
  [GrantSchema, 'referringOnly', 'Only the participant\'s referring caseworker may issue these commands.'],
  [ProgrammeSchema, 'intensity', 'That participation intensity is recorded: percent of full time and days a week, valid from a date.'],
  [ProgrammeSchema, 'compliance', 'Compliance rules: conditions over a window of recorded absences, deviations and missed attendance, re-checked after every record and tick; while one holds the participant is flagged to the referring caseworker.'],
  [ComplianceRuleSchema, 'id', idOf('compliance rule', 'its flag is compliance.<id>, and its events name it')],
  [ComplianceRuleSchema, 'notify', 'Who the flag\'s events name to act on it: the referring caseworker.'],
  [ComplianceConditionSchema, 'count', 'What is counted among the records dated in the window: absences (all, reported, unreported), deviations, or days expected by the intensity and not attended.'],
  [ComplianceConditionSchema, 'kinds', 'Only absences with these reason codes, or deviations of these kinds.'],
  [ComplianceConditionSchema, 'atLeast', 'The rule holds when the count is at least this.'],
  [ComplianceConditionSchema, 'within', 'The window: this period ending on the day of the check, that day included.'],
  [IntensityConfigSchema, 'fullTimeDaysPerWeek', 'The days a week full time is; a participant\'s days a week may not exceed it.'],
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
  [within(exitKind.params, 'categories'), 'id', idOf('category', 'outcomes name it as their category')],
  [exitKind.params, 'outcomes', 'The outcomes participants can leave to.'],
  [ProposalsSchema, 'decideWithin', 'A pending proposal\'s decision deadline, from the day it is made; it shows in the due list.'],
  [within(ProposalsSchema, 'allow'), 'roles', 'The ids of the roles that may propose these commands (declared under roles).'],
  [within(ProposalsSchema, 'allow'), 'commands', 'The commands they may propose; a grant of approveProposal says who decides.'],
];

/** The table above by object; objects built here from others (`also`) take their fields' descriptions too. */
function describedFields(also: readonly (readonly [built: z.ZodType, from: z.ZodType])[]): Map<z.ZodType, Map<string, string>> {
  const byObject = new Map<z.ZodType, Map<string, string>>();
  for (const [object, key, description] of fieldDescriptions) {
    // A renamed field must not leave its description behind unnoticed: the schema tests build this.
    if (!(key in shapeOf(object))) throw new Error(`programmeJsonSchema: a description names field "${key}", which its schema no longer has`);
    byObject.set(object, new Map([...(byObject.get(object) ?? []), [key, description]]));
  }
  for (const [built, from] of also) byObject.set(built, new Map([...(byObject.get(built) ?? []), ...(byObject.get(from) ?? [])]));
  return byObject;
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
  const variants = registry.kinds.map((kind) => {
    const variant = stepVariant(kind);
    meta.add(variant, { id: `step.${kind.kind}`, title: kind.kind, description: `${kind.label.en} (${kind.label.sv}).` });
    return variant;
  });
  const [first, ...rest] = variants;
  const step = first ? z.discriminatedUnion('kind', [first, ...rest]) : StepConfigSchema;
  const steps = z.array(step).min(2);
  meta.add(steps, { description: 'The steps in order; the last one is the exit step. Each step\'s params depend on its kind.' });
  return { steps, variants };
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
 * Sets the descriptions of an object's properties on copies of them: a property's JSON may be the one
 * object zod made for a schema that many fields share. zod calls this after the object's fields are done.
 */
function describeFields(json: z.core.JSONSchema.BaseSchema, descriptions: ReadonlyMap<string, string> | undefined): void {
  if (!descriptions || !json.properties) return;
  for (const [key, description] of descriptions) {
    const property = json.properties[key];
    if (typeof property === 'object') json.properties[key] = { ...property, description };
  }
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
  const { steps, variants } = stepsSchema(registry, meta);
  const programme = ProgrammeSchema.extend({ steps });
  const described = describedFields([[programme, ProgrammeSchema], ...variants.map((v) => [v, StepConfigSchema] as const)]);
  const override: typeof tidy = (ctx) => {
    tidy(ctx);
    describeFields(ctx.jsonSchema, described.get(ctx.zodSchema as unknown as z.ZodType));
  };
  const json = z.toJSONSchema(programme, { io: 'input', target: 'draft-07', metadata: meta, unrepresentable: 'any', override });
  const { $schema, ...rest } = json;
  return {
    $schema,
    title: 'stegvis programme',
    description: 'A labour-market programme: facts, conditions, referral rules, places and the steps from intake to exit.',
    ...rest,
  };
}
