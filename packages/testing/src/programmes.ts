import fc from 'fast-check';
import {
  type ConditionInput, type FactValue, type Programme, type ProgrammeInput, type StepKind, defaultRegistry, formatIssues, validateProgramme,
} from '@stegvis/core';

/**
 * A step kind from outside core for `programmeArbitrary` to use: the kind, and params for a step of it.
 * `params` gets the ids of the steps before it, so a plugin's conditions can refer to them.
 */
export interface PluginKindArbitrary {
  readonly kind: StepKind<any>;
  params(context: { readonly stepId: string; readonly earlier: readonly string[]; readonly roles: readonly string[] }): fc.Arbitrary<unknown>;
}

export interface ProgrammeArbitraryOptions {
  /** Kinds the generated programmes may use besides the built-in ones. */
  readonly plugins?: readonly PluginKindArbitrary[];
  /** At most this many steps between the plan and the exit (default 4). */
  readonly maxSteps?: number;
}

export interface GeneratedProgramme {
  /** The programme as data, as a designer would write it. */
  readonly config: ProgrammeInput;
  readonly programme: Programme;
}

type FactDecl =
  | { id: string; type: 'boolean'; label: string; breakdown?: boolean }
  | { id: string; type: 'number'; label: string; min: number; max: number }
  | { id: string; type: 'enum'; label: string; values: { id: string; label: string }[] };

const label = (id: string) => ({ sv: `${id} (sv)`, en: id });

const factDecls: fc.Arbitrary<FactDecl[]> = fc
  .record({
    bool: fc.boolean(),
    num: fc.boolean(),
    enumValues: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ bool, num, enumValues }) => [
    ...(bool ? [{ id: 'sick', type: 'boolean' as const, label: 'Sick leave' }] : []),
    ...(num ? [{ id: 'age', type: 'number' as const, label: 'Age', min: 16, max: 70 }] : []),
    ...(enumValues > 0 ? [{ id: 'referrer', type: 'enum' as const, label: 'Referrer', values: Array.from({ length: enumValues }, (_, i) => ({ id: `r${i}`, label: `Referrer ${i}` })) }] : []),
  ]);

const valueOf = (f: FactDecl): fc.Arbitrary<FactValue> =>
  f.type === 'boolean' ? fc.boolean() : f.type === 'number' ? fc.integer({ min: f.min, max: f.max }) : fc.constantFrom(...f.values.map((v) => v.id));

/** A condition over the declared facts: a test, or `all`/`any`/`not` of tests. */
function conditionOf(facts: readonly FactDecl[]): fc.Arbitrary<ConditionInput> | null {
  if (facts.length === 0) return null;
  const test: fc.Arbitrary<ConditionInput> = fc.constantFrom(...facts).chain((f): fc.Arbitrary<ConditionInput> => {
    if (f.type === 'number') return fc.oneof(fc.integer({ min: 16, max: 70 }).map((n) => ({ fact: f.id, atLeast: n })), fc.integer({ min: 16, max: 70 }).map((n) => ({ fact: f.id, atMost: n })));
    if (f.type === 'enum') return fc.subarray(f.values.map((v) => v.id), { minLength: 1 }).map((vs) => ({ fact: f.id, in: vs }));
    return valueOf(f).map((v) => ({ fact: f.id, equals: v }));
  });
  return fc.oneof(
    { weight: 4, arbitrary: test },
    { weight: 1, arbitrary: fc.array(test, { minLength: 1, maxLength: 2 }).map((all) => ({ all })) },
    { weight: 1, arbitrary: fc.array(test, { minLength: 1, maxLength: 2 }).map((any) => ({ any })) },
    { weight: 1, arbitrary: test.map((not) => ({ not })) },
  );
}

const period = (unit: 'days' | 'weeks' | 'months', max: number) => fc.integer({ min: 1, max }).map((n) => ({ [unit]: n }));
const anyPeriod = fc.oneof(period('days', 30), period('weeks', 8), period('months', 6));

function contentsArb(prefix: string) {
  return fc.array(fc.record({ required: fc.boolean(), type: fc.constantFrom('text' as const, 'number' as const, 'boolean' as const) }), { maxLength: 2 }).map((cs) =>
    cs.map((c, i) => ({ id: `${prefix}${i}`, label: `${prefix} ${i}`, ...c })),
  );
}

function requirementsArb(stepId: string, facts: readonly FactDecl[], min: number, withPlan: boolean) {
  const cond = conditionOf(facts);
  return fc
    .array(
      fc.record({
        waiver: cond ? fc.option(cond, { freq: 3, nil: undefined }) : fc.constant(undefined),
        evidence: fc.boolean(),
        byPlan: fc.integer({ min: 0, max: 5 }).map((n) => n === 0 && withPlan),
        due: fc.option(anyPeriod, { freq: 3, nil: undefined }),
      }),
      { minLength: min, maxLength: 4 },
    )
    .map((rs) =>
      rs.map((r, i) => ({
        id: `${stepId}r${i}`,
        label: `Requirement ${i} of ${stepId}`,
        ...(r.waiver ? { waivedWhen: r.waiver } : {}),
        ...(r.evidence ? { evidence: [{ id: 'supervisor', label: 'Supervisor' }] } : {}),
        ...(r.byPlan ? { satisfiedBy: 'participantTookPartInPlan' as const } : {}),
        ...(r.due ? { dueWithin: r.due } : {}),
      })),
    );
}

const completionArb = (n: number) =>
  fc.oneof(fc.constant('all' as const), fc.constant('any' as const), ...(n > 1 ? [fc.integer({ min: 1, max: n }).map((atLeast) => ({ atLeast }))] : []));

type StepDecl = { id: string; kind: string; label: string; params?: unknown };

/**
 * Valid programmes, drawn over the whole configuration: facts (boolean, number, enum), referral rules that
 * accept, decline or waitlist, limited places with reservations and priorities, areas, follow-up cadences
 * with joint roles, an optional assessment and plan, ladder steps (requirements with waivers, evidence,
 * deadlines, "at least N" completion, targets with evaluations), time-limited employments with extensions,
 * steps of any plugin kinds given, and exit outcomes with conditions and the steps they complete. Each is
 * validated with the built-in kinds plus the plugins, so a property runs on what a designer could write.
 *
 * @example
 * fc.assert(fc.property(programmeArbitrary(), ({ programme }) => { ... }));
 */
export function programmeArbitrary(options: ProgrammeArbitraryOptions = {}): fc.Arbitrary<GeneratedProgramme> {
  const plugins = options.plugins ?? [];
  const registry = plugins.length > 0 ? defaultRegistry.with(...plugins.map((p) => p.kind)) : defaultRegistry;
  const maxSteps = options.maxSteps ?? 4;
  const kinds = ['ladderStep', 'subsidisedEmployment', ...plugins.map((p) => p.kind.kind)];

  return fc
    .record({
      facts: factDecls,
      assessment: fc.option(fc.record({ within: fc.option(period('days', 21), { nil: undefined }), contents: contentsArb('a') }), { freq: 4, nil: undefined }),
      plan: fc.option(fc.record({ within: fc.option(period('days', 30), { nil: undefined }), contents: contentsArb('p'), minSubGoals: fc.integer({ min: 0, max: 2 }) }), { freq: 4, nil: undefined }),
      cadence: fc.option(
        fc.record({ first: fc.integer({ min: 1, max: 4 }), min: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 3 }), joint: fc.boolean() }),
        { freq: 3, nil: undefined },
      ),
      middle: fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: maxSteps }),
      places: fc.option(fc.integer({ min: 1, max: 4 }), { freq: 2, nil: undefined }),
      areas: fc.option(fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), { minLength: 1, maxLength: 2 }), { freq: 4, nil: undefined }),
    })
    .chain((shape) => {
      const { facts } = shape;
      const cond = conditionOf(facts);
      const roles = ['caseworker', 'supervisor'];
      const ids = shape.middle.map((_, i) => `s${i + 1}`);
      const hasPlan = shape.plan !== undefined;
      const middle = shape.middle.map((kind, i): fc.Arbitrary<StepDecl> => {
        const id = ids[i]!;
        const earlier = ids.slice(0, i);
        if (kind === 'ladderStep')
          return requirementsArb(id, facts, 1, hasPlan).chain((requirements) =>
            fc
              .record({
                completion: completionArb(requirements.length),
                target: fc.option(fc.record({ share: fc.double({ min: 0, max: 1, noNaN: true }), byMonth: fc.integer({ min: 1, max: 12 }) }), { freq: 2, nil: undefined }),
                evaluation: fc.option(fc.record({ within: anyPeriod }), { freq: 2, nil: undefined }),
              })
              .map(({ completion, target, evaluation }) => ({
                id,
                kind,
                label: `Step ${id}`,
                params: { requirements, completion, ...(target ? { target, ...(evaluation ? { evaluation } : {}) } : {}) },
              })),
          );
        if (kind === 'subsidisedEmployment')
          return requirementsArb(id, facts, 0, hasPlan).chain((requirements) =>
            fc
              .record({
                months: fc.integer({ min: 1, max: 12 }),
                completion: requirements.length > 0 ? completionArb(requirements.length) : fc.constant('all' as const),
                extension: fc.option(fc.record({ maxMonths: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }), { nil: undefined }),
              })
              .map(({ months, completion, extension }) => ({
                id,
                kind,
                label: `Employment ${id}`,
                params: { months, requirements, completion, ...(extension ? { extension: extension.maxMonths ? { maxMonths: extension.maxMonths } : {} } : {}) },
              })),
          );
        const plugin = plugins.find((p) => p.kind.kind === kind)!;
        return plugin.params({ stepId: id, earlier, roles }).map((params) => ({ id, kind, label: `${kind} ${id}`, params }));
      });
      const outcome = fc.record({
        income: fc.constantFrom('full' as const, 'partial' as const, 'none' as const),
        completes: fc.option(fc.constantFrom(...ids), { freq: 3, nil: undefined }),
        when: cond ? fc.option(cond, { freq: 4, nil: undefined }) : fc.constant(undefined),
      });
      const referralRule = cond ? fc.record({ when: cond, decision: fc.constantFrom('accept' as const, 'decline' as const, 'waitlist' as const) }) : null;
      return fc.record({
        middle: fc.tuple(...middle),
        // One outcome without a condition, so every participant can leave.
        outcomes: fc.array(outcome, { minLength: 0, maxLength: 3 }).map((os) => [{ income: 'none' as const, completes: undefined, when: undefined }, ...os]),
        referral: referralRule ? fc.option(fc.array(referralRule, { minLength: 1, maxLength: 2 }), { freq: 3, nil: undefined }) : fc.constant(undefined),
        reserved: cond && shape.places ? fc.option(fc.record({ for: cond, places: fc.integer({ min: 1, max: shape.places }) }), { freq: 3, nil: undefined }) : fc.constant(undefined),
        priority: cond && shape.places ? fc.option(cond, { freq: 3, nil: undefined }) : fc.constant(undefined),
        // Follow-ups after exit: none, or one to three, each some time after the exit and due within some days.
        afterExit: fc.array(fc.record({ after: anyPeriod, within: fc.option(period('days', 30), { nil: undefined }) }), { maxLength: 3 }),
      }).map(({ middle, outcomes, referral, reserved, priority, afterExit }) => {
        const steps: StepDecl[] = [
          ...(shape.assessment ? [{ id: 'assessment', kind: 'assessment', label: 'Assessment', params: { ...(shape.assessment.within ? { within: shape.assessment.within } : {}), contents: shape.assessment.contents } }] : []),
          ...(shape.plan
            ? [{ id: 'plan', kind: 'actionPlan', label: 'Plan', params: { ...(shape.plan.within ? { within: shape.plan.within } : {}), contents: shape.plan.contents, minSubGoals: shape.plan.minSubGoals } }]
            : []),
          ...middle,
          {
            id: 'exit',
            kind: 'exit',
            label: 'Exit',
            params: {
              outcomes: outcomes.map((o, i) => ({ id: `o${i}`, label: `Outcome ${i}`, income: o.income, ...(o.completes ? { completesStep: o.completes } : {}), ...(o.when ? { when: o.when } : {}) })),
            },
          },
        ];
        const c = shape.cadence;
        const config: ProgrammeInput = {
          id: 'generated',
          version: 1,
          name: label('Generated'),
          facts,
          roles: roles.map((id) => ({ id, label: id })),
          ...(c ? { followUps: { firstAfterWeeks: c.first, everyWeeks: { min: c.min, max: c.min + c.extra }, jointWith: c.joint ? ['supervisor'] : [] } } : {}),
          ...(referral ? { referral: { rules: referral.map((r, i) => ({ id: `rule${i}`, ...r, ...(r.decision === 'decline' ? { reason: 'Not for us' } : {}) })), otherwise: { decision: 'accept' } } } : {}),
          ...(shape.places
            ? {
                capacity: {
                  places: shape.places,
                  reserved: reserved ? [{ id: 'kept', label: 'Kept', ...reserved }] : [],
                  priority: priority ? [{ id: 'first', label: 'First', when: priority }] : [],
                },
              }
            : {}),
          areas: (shape.areas ?? []).map((places, i) => ({ id: `area${i}`, label: `Area ${i}`, supervisor: `supervisor${i}`, ...(places !== undefined ? { places } : {}) })),
          steps,
          ...(afterExit.length > 0 ? { followUpAfterExit: afterExit.map((f, i) => ({ id: `after${i + 1}`, after: f.after, ...(f.within ? { within: f.within } : {}) })) } : {}),
        } as ProgrammeInput;
        const r = validateProgramme(config, { registry });
        if (!r.ok) throw new Error(`programmeArbitrary made an invalid programme (a bug in the arbitrary):\n${formatIssues(r.issues)}\n${JSON.stringify(config)}`);
        // A counterexample prints as the config a designer would write, not as the built programme.
        return { config, programme: r.value, [fc.toStringMethod]: () => JSON.stringify(config) };
      });
    });
}
