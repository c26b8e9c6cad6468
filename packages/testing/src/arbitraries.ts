import fc from 'fast-check';
import { type Actor, type CommandInput, type CommandType, type CompiledStep, type Content, type Fact, type FactValue, type Programme, type Requirement, referralDecision, stockholmInstant, voidReasons, exitStatuses } from '@stegvis/core';

/**
 * fast-check arbitraries for any programme: every id (facts and their values, steps, requirements,
 * contents, outcomes, areas, parties, roles) is read from the `Programme`, so the same helpers test
 * Ljusnarsberg's ladder and a municipality's own programme. Commands are plausible — mostly
 * well-formed, many accepted — and now and then deliberately wrong (an unknown id, a missing content,
 * an invalid fact value), because a property must hold for refused commands too.
 *
 * @example
 * fc.assert(fc.property(commandSequence(programme, 'P-1'), (commands) => { ... }));
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without its envelope (participant, time, actor, command id). */
export type CommandBody = DistributiveOmit<CommandInput, 'participantId' | 'at' | 'actor' | 'commandId'>;
export type BodyOf<T extends CommandType> = Extract<CommandBody, { type: T }>;

/** An id no programme declares: commands with it are refused. */
export const UNKNOWN_ID = 'noSuchId';
const REASONS = ['sickLeave', 'movedAway', 'newNeeds', 'followUp', 'parentalLeave'] as const;
const SUB_GOALS = ['routine', 'cv', 'gym', 'swedish', 'internship'] as const;

const reason = () => fc.constantFrom(...REASONS);
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((k) => k === 1);
/** A declared id most of the time, an undeclared one about once in `n`. */
const idOrUnknown = (ids: readonly string[], n = 10): fc.Arbitrary<string> =>
  ids.length === 0 ? fc.constant(UNKNOWN_ID) : fc.oneof({ weight: n - 1, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant(UNKNOWN_ID) });

// ---------------------------------------------------------------------------------------------
// Facts and participants.

/** A value its declaration allows: a boolean, an enum value's id, a number within min…max. */
export function factValue(fact: Fact): fc.Arbitrary<FactValue> {
  switch (fact.type) {
    case 'boolean':
      return fc.boolean();
    case 'number':
      return fc.integer({ min: Math.ceil(fact.min ?? 0), max: Math.floor(fact.max ?? 100) });
    case 'enum':
      return fc.constantFrom(...fact.values.map((v) => v.id));
  }
}

export interface FactsOptions {
  /** Every declared fact has a value (default); otherwise any subset. */
  readonly complete?: boolean;
}

/** Facts drawn from the programme's declarations, each with a value it allows. */
export function facts(programme: Programme, options: FactsOptions = {}): fc.Arbitrary<Record<string, FactValue>> {
  const declared = [...programme.factsById.values()];
  return fc.record(Object.fromEntries(declared.map((f) => [f.id, factValue(f)])), options.complete === false ? { requiredKeys: [] } : {}) as fc.Arbitrary<Record<string, FactValue>>;
}

/**
 * Facts the programme's referral rules accept (or waitlist, with `orWaitlisted`), when some can be
 * found: of 20 draws the first that is accepted, else the first draw. Bounded, so it never hangs on a
 * programme that declines almost everyone.
 */
export function admissibleFacts(programme: Programme, options: { orWaitlisted?: boolean } = {}): fc.Arbitrary<Record<string, FactValue>> {
  const ok = (f: Record<string, FactValue>) => {
    const d = referralDecision(programme, f).decision;
    return d === 'accept' || (options.orWaitlisted === true && d === 'waitlist');
  };
  return fc.array(facts(programme), { minLength: 20, maxLength: 20 }).map((draws) => draws.find(ok) ?? draws[0]!);
}

/** Facts a referral or update must refuse: an undeclared fact, or a declared one with a value of the wrong type or out of range. */
export function invalidFacts(programme: Programme): fc.Arbitrary<Record<string, FactValue>> {
  const declared = [...programme.factsById.values()];
  const wrong = (f: Fact): FactValue => (f.type === 'boolean' ? 'yes' : f.type === 'number' ? (f.max ?? 1e9) + 1 : 42);
  const undeclared = facts(programme, { complete: false }).map((x) => ({ ...x, [UNKNOWN_ID]: true }));
  if (declared.length === 0) return undeclared;
  return fc.oneof(undeclared, fc.tuple(facts(programme, { complete: false }), fc.constantFrom(...declared)).map(([x, f]) => ({ ...x, [f.id]: wrong(f) })));
}

export interface Participant {
  /** An opaque id (never a personnummer). */
  readonly id: string;
  readonly facts: Record<string, FactValue>;
}

/** A participant: an opaque id and facts drawn from the programme's declarations. */
export function participant(programme: Programme, options: FactsOptions & { readonly idPrefix?: string } = {}): fc.Arbitrary<Participant> {
  return fc.record({ n: fc.integer({ min: 1, max: 99_999 }), facts: facts(programme, options) }).map(({ n, facts: f }) => ({ id: `${options.idPrefix ?? 'P'}-${String(n).padStart(5, '0')}`, facts: f }));
}

/** Participants with distinct ids. */
export function cohort(programme: Programme, options: FactsOptions & { readonly minLength?: number; readonly maxLength?: number } = {}): fc.Arbitrary<Participant[]> {
  return fc.uniqueArray(participant(programme, options), { selector: (p) => p.id, minLength: options.minLength ?? 1, maxLength: options.maxLength ?? 20 });
}

// ---------------------------------------------------------------------------------------------
// What a programme declares.

const stepsWithRequirements = (p: Programme): CompiledStep[] => p.steps.filter((s) => s.blueprint.requirements.length > 0);
const outcomeIds = (p: Programme): string[] => [...p.outcomesById.keys()];
const areaIds = (p: Programme): string[] => p.config.areas.map((a) => a.id);
const partyIds = (p: Programme): string[] => (p.config.responsibility?.parties ?? []).map((x) => x.id);

/** Deadline ids a participant can come to have: the steps' own, requirements with `dueWithin`, the first follow-ups. */
export function deadlineIds(p: Programme): string[] {
  return [
    ...p.steps.flatMap((s) => [...s.blueprint.deadlines.map((d) => `${s.id}.${d.id}`), ...s.blueprint.requirements.filter((r) => r.dueWithin).map((r) => `${s.id}.${r.id}`)]),
    'followUp.1',
    'followUp.2',
  ];
}

/** The actors: one per declared role (role ids as in the policy), or a caseworker; the same ids every time. */
export function actors(p: Programme): Actor[] {
  const roles = p.config.roles.map((r) => r.id);
  return (roles.length > 0 ? roles : ['caseworker']).map((role) => ({ id: `${role}-1`, role }));
}

/** Who sends a command of this type: mostly an actor the programme's policy grants it to, now and then anyone. */
export function actorFor(p: Programme, type: CommandType): fc.Arbitrary<Actor> {
  const all = actors(p);
  const policy = p.config.policy;
  const granted = policy ? all.filter((a) => policy.some((g) => g.commands.includes(type) && g.roles.includes(a.role))) : all;
  return granted.length === 0 ? fc.constantFrom(...all) : fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...granted) }, { weight: 1, arbitrary: fc.constantFrom(...all) });
}

function contentValue(c: Content): fc.Arbitrary<string | number | boolean> {
  if (c.type === 'number') return fc.integer({ min: 0, max: 40 });
  if (c.type === 'boolean') return fc.boolean();
  return fc.constantFrom('noted', 'see the case system', 'weekly, Mon–Thu');
}

/** Every required content, any optional ones; sometimes a required one missing or an undeclared one added. */
export function contents(defs: readonly Content[]): fc.Arbitrary<Record<string, string | number | boolean>> {
  const valid = fc.record(Object.fromEntries(defs.map((d) => [d.id, contentValue(d)])), { requiredKeys: defs.filter((d) => d.required).map((d) => d.id) }) as fc.Arbitrary<
    Record<string, string | number | boolean>
  >;
  const required = defs.filter((d) => d.required).map((d) => d.id);
  const withUnknown = valid.map((v) => ({ ...v, [UNKNOWN_ID]: 'x' }));
  const missingOne =
    required.length === 0 ? withUnknown : fc.tuple(valid, fc.constantFrom(...required)).map(([v, drop]) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== drop)));
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: missingOne }, { weight: 1, arbitrary: withUnknown });
}

const fullEvidence = (r: Requirement): Record<string, string> | undefined =>
  r.evidence && r.evidence.length > 0 ? Object.fromEntries(r.evidence.map((e) => [e.id, `${e.id}-17`])) : undefined;

// ---------------------------------------------------------------------------------------------
// Commands.

function markRequirement(p: Programme): fc.Arbitrary<BodyOf<'markRequirement'>> {
  const marks = stepsWithRequirements(p).flatMap((s) =>
    s.blueprint.requirements.map((r) =>
      fc.record({ waived: oneIn(8), reason: reason(), withEvidence: oneIn(10).map((x) => !x) }).map(({ waived, reason: why, withEvidence }) => {
        const evidence = fullEvidence(r);
        return {
          type: 'markRequirement' as const,
          stepId: s.id,
          requirementId: r.id,
          status: waived ? ('waived' as const) : ('met' as const),
          ...(waived ? { reason: why } : {}),
          ...(evidence && withEvidence ? { evidence } : {}),
        };
      }),
    ),
  );
  const unknown = fc.constant({ type: 'markRequirement' as const, stepId: p.steps[0]!.id, requirementId: UNKNOWN_ID, status: 'met' as const });
  return marks.length === 0 ? unknown : fc.oneof({ weight: 12, arbitrary: fc.oneof(...marks) }, { weight: 1, arbitrary: unknown });
}

const isoDateArb = (from: string, days: number) =>
  fc.integer({ min: 0, max: days }).map((d) => new Date(Date.parse(`${from}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10));

/** What a follow-up after exit found: one of the programme's ids (or an unknown one), work with or without its dates. */
function recordExitFollowUp(p: Programme, from: string): fc.Arbitrary<BodyOf<'recordExitFollowUp'>> {
  return fc
    .record({
      followUpId: idOrUnknown(p.config.followUpAfterExit.map((f) => f.id)),
      status: fc.constantFrom(...exitStatuses),
      since: fc.option(isoDateArb(from, 540), { nil: undefined }),
    })
    .map(({ followUpId, status, since }) => ({
      type: 'recordExitFollowUp' as const,
      followUpId,
      status,
      ...(since === undefined ? {} : { work: { since } }),
    }));
}

/** One arbitrary per command type (the mapped type makes a new command type without one a type error). */
export function commandBodies(p: Programme, from = '2026-01-01'): { [T in CommandType]: { weight: number; arbitrary: fc.Arbitrary<BodyOf<T>> } } {
  const records = p.steps.map((s) => s.blueprint.records);
  const assessment = records.find((r) => r?.type === 'assessment');
  const plan = records.map((r) => (r?.type === 'actionPlan' ? r : undefined)).find((r) => r !== undefined);
  const cadence = p.config.followUps?.everyWeeks;
  const weeks = fc.option(cadence ? fc.integer({ min: cadence.min, max: cadence.max + 1 }) : fc.integer({ min: 1, max: 8 }), { nil: undefined });
  const joint = p.config.followUps?.jointWith ?? [];
  return {
    refer: {
      weight: 1,
      arbitrary: fc
        .record({
          facts: fc.oneof({ weight: 9, arbitrary: facts(p, { complete: false }) }, { weight: 1, arbitrary: invalidFacts(p) }),
          area: fc.option(idOrUnknown(areaIds(p)), { nil: undefined }),
          responsible: fc.option(idOrUnknown(partyIds(p)), { nil: undefined }),
          place: fc.constantFrom('granted' as const, 'none' as const),
        })
        .map(({ area, responsible, place, ...rest }) => ({
          type: 'refer' as const,
          ...rest,
          ...(area !== undefined && areaIds(p).length > 0 ? { area } : {}),
          ...(responsible !== undefined && partyIds(p).length > 0 ? { responsible } : {}),
          ...(p.config.capacity ? { place } : {}),
        })),
    },
    admit: { weight: 1, arbitrary: fc.constant({ type: 'admit' as const }) },
    assignArea: { weight: 1, arbitrary: idOrUnknown(areaIds(p)).map((areaId) => ({ type: 'assignArea' as const, areaId })) },
    handOver: { weight: 1, arbitrary: fc.record({ to: fc.oneof(idOrUnknown(partyIds(p)), fc.constant(null)), reason: reason() }).map((x) => ({ type: 'handOver' as const, ...x })) },
    extendDeadline: {
      weight: 1,
      arbitrary: fc
        .record({ deadlineId: idOrUnknown(deadlineIds(p)), by: fc.integer({ min: 1, max: 4 }).map((w) => ({ weeks: w })), reason: reason() })
        .map((x) => ({ type: 'extendDeadline' as const, ...x })),
    },
    updateFacts: { weight: 2, arbitrary: fc.oneof({ weight: 9, arbitrary: facts(p, { complete: false }) }, { weight: 1, arbitrary: invalidFacts(p) }).map((f) => ({ type: 'updateFacts' as const, facts: f })) },
    completeAssessment: { weight: 3, arbitrary: contents(assessment?.contents ?? []).map((c) => ({ type: 'completeAssessment' as const, contents: c })) },
    establishPlan: {
      weight: 3,
      arbitrary: fc
        .record({
          contents: contents(plan?.contents ?? []),
          subGoals: fc.uniqueArray(fc.constantFrom(...SUB_GOALS), { minLength: subGoalMin(plan?.minSubGoals), maxLength: 3 }),
          followUpEveryWeeks: weeks,
          participantTookPart: oneIn(5).map((x) => !x),
        })
        .map(({ followUpEveryWeeks, ...rest }) => ({ type: 'establishPlan' as const, ...rest, ...(followUpEveryWeeks === undefined ? {} : { followUpEveryWeeks }) })),
    },
    revisePlan: {
      weight: 2,
      arbitrary: fc
        .record({
          reason: reason(),
          addSubGoals: fc.uniqueArray(fc.constantFrom(...SUB_GOALS), { maxLength: 2 }),
          subGoals: fc.dictionary(fc.constantFrom(...SUB_GOALS), fc.constantFrom('open' as const, 'attained' as const, 'notAttained' as const, 'cancelled' as const), { maxKeys: 2 }),
          participantTookPart: fc.boolean(),
        })
        .map((x) => ({ type: 'revisePlan' as const, ...x })),
    },
    recordFollowUp: {
      weight: 3,
      arbitrary: fc
        .record({ evaluation: oneIn(3), stepId: idOrUnknown(stepsWithRequirements(p).map((s) => s.id)), participantTookPart: fc.boolean(), attendedBy: fc.subarray([...joint]) })
        .map(({ evaluation, stepId, ...rest }) => ({ type: 'recordFollowUp' as const, kind: evaluation ? ('evaluation' as const) : ('followUp' as const), ...(evaluation ? { stepId } : {}), ...rest })),
    },
    recordAttendance: { weight: 2, arbitrary: fc.record({ date: isoDateArb(from, 540), hours: fc.integer({ min: 0, max: 10 }) }).map((x) => ({ type: 'recordAttendance' as const, ...x })) },
    recordAbsence: { weight: 2, arbitrary: fc.record({ date: isoDateArb(from, 540), reported: fc.boolean() }).map((x) => ({ type: 'recordAbsence' as const, ...x })) },
    recordDeviation: { weight: 1, arbitrary: fc.record({ date: isoDateArb(from, 540), kind: reason() }).map((x) => ({ type: 'recordDeviation' as const, ...x })) },
    markRequirement: { weight: 14, arbitrary: markRequirement(p) },
    advance: { weight: 6, arbitrary: fc.constant({ type: 'advance' as const }) },
    regress: { weight: 2, arbitrary: fc.record({ toStepId: idOrUnknown(p.steps.map((s) => s.id)), reason: reason() }).map((x) => ({ type: 'regress' as const, ...x })) },
    pause: { weight: 1, arbitrary: reason().map((why) => ({ type: 'pause' as const, reason: why })) },
    resume: { weight: 3, arbitrary: fc.constant({ type: 'resume' as const }) },
    exit: { weight: 1, arbitrary: idOrUnknown(outcomeIds(p)).map((outcomeId) => ({ type: 'exit' as const, outcomeId })) },
    tick: { weight: 3, arbitrary: fc.constant({ type: 'tick' as const }) },
    setIntensity: {
      weight: 1,
      arbitrary: fc
        .record({ percent: fc.integer({ min: 1, max: 100 }), daysPerWeek: fc.integer({ min: 1, max: 7 }), validFrom: isoDateArb(from, 540) })
        .map((x) => ({ type: 'setIntensity' as const, ...x })),
    },
    // Corrections and proposals: a void needs the participant's events (the store passes them), so here it is mostly refused.
    voidEvent: { weight: 1, arbitrary: fc.record({ eventSeq: fc.integer({ min: 1, max: 40 }), reason: fc.constantFrom(...voidReasons) }).map((x) => ({ type: 'voidEvent' as const, ...x })) },
    proposeChange: {
      weight: 1,
      arbitrary: fc
        .oneof(markRequirement(p), fc.constant({ type: 'advance' as const }), fc.record({ date: isoDateArb('2026-01-01', 540), kind: reason() }).map((x) => ({ type: 'recordDeviation' as const, ...x })))
        .map((change) => ({ type: 'proposeChange' as const, change })),
    },
    approveProposal: { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((proposalSeq) => ({ type: 'approveProposal' as const, proposalSeq })) },
    rejectProposal: { weight: 1, arbitrary: fc.record({ proposalSeq: fc.integer({ min: 1, max: 40 }), reason: reason() }).map((x) => ({ type: 'rejectProposal' as const, ...x })) },
    recordExitFollowUp: { weight: 2, arbitrary: recordExitFollowUp(p, from) },
  };
}

function subGoalMin(min: number | undefined): number {
  return Math.min(SUB_GOALS.length, Math.max(1, min ?? 1));
}

/** A command body of any type (or only of the types given), weighted towards those that move a participant on. */
export function commandBody(p: Programme, only?: readonly CommandType[]): fc.Arbitrary<CommandBody> {
  const all = commandBodies(p) as Record<CommandType, { weight: number; arbitrary: fc.Arbitrary<CommandBody> }>;
  return fc.oneof(...(only ?? (Object.keys(all) as CommandType[])).map((t) => all[t]));
}

/** The commands that complete a step and move on: its record (assessment, plan), every requirement met, then advance. */
export function completeStepBodies(step: CompiledStep): CommandBody[] {
  const { records, requirements, autoAdvance } = step.blueprint;
  const canonical = (defs: readonly Content[]) => Object.fromEntries(defs.filter((d) => d.required).map((d) => [d.id, d.type === 'number' ? 1 : d.type === 'boolean' ? true : `${d.id} noted`]));
  const out: CommandBody[] = [];
  if (records?.type === 'assessment') out.push({ type: 'completeAssessment', contents: canonical(records.contents) });
  if (records?.type === 'actionPlan') out.push({ type: 'establishPlan', contents: canonical(records.contents), subGoals: SUB_GOALS.slice(0, Math.max(1, records.minSubGoals)), participantTookPart: true });
  for (const r of requirements) {
    const evidence = fullEvidence(r);
    out.push({ type: 'markRequirement', stepId: step.id, requirementId: r.id, status: 'met', ...(evidence ? { evidence } : {}) });
  }
  if (!autoAdvance) out.push({ type: 'advance' });
  return out;
}

/** Completing consecutive steps, most often from the first. */
export function stepWalk(p: Programme): fc.Arbitrary<CommandBody[]> {
  const n = p.steps.length;
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: n - 1 }) }), fc.integer({ min: 1, max: n }))
    .map(([start, length]) => p.steps.slice(start, start + length).flatMap((s) => completeStepBodies(s)));
}

export interface SequenceOptions {
  /** The first day, an ISO date (default 2026-01-01). */
  readonly from?: string;
  /** Days the sequence spreads over (default 540). */
  readonly days?: number;
  readonly minLength?: number;
  /** Chunks, not commands: a step walk is one chunk of several commands (default 30). */
  readonly maxLength?: number;
  /** Begin with a referral with valid facts (default true). */
  readonly referFirst?: boolean;
  /** The facts of that referral (default: every declared fact; four times in five facts the referral rules accept). */
  readonly facts?: fc.Arbitrary<Record<string, FactValue>>;
}

/**
 * Commands for one participant at non-decreasing Stockholm times (working hours, so never inside a
 * clock change), each mostly sent by a role the programme's policy grants it to: a referral, then
 * single commands of every type mixed with walks that complete consecutive steps.
 */
export function commandSequence(p: Programme, participantId: string, options: SequenceOptions = {}): fc.Arbitrary<CommandInput[]> {
  const { from = '2026-01-01', days = 540, minLength = 0, maxLength = 30, referFirst = true } = options;
  const withActors = (bodies: fc.Arbitrary<CommandBody[]>) =>
    bodies.chain((bs) => fc.tuple(...bs.map((b) => actorFor(p, b.type))).map((who) => bs.map((b, k) => [b, who[k]!] as const)));
  const chunk = fc.record({
    commands: withActors(fc.oneof({ weight: 8, arbitrary: commandBody(p).map((b) => [b]) }, { weight: 1, arbitrary: stepWalk(p) })),
    minute: fc.integer({ min: 0, max: days * 600 }),
  });
  const referral = fc.record({
    commands: withActors(
      (options.facts ?? fc.oneof({ weight: 4, arbitrary: admissibleFacts(p) }, { weight: 1, arbitrary: facts(p) })).map((f) => [
        { type: 'refer', facts: f, ...(p.config.capacity ? { place: 'granted' as const } : {}) } as CommandBody,
      ]),
    ),
    minute: fc.constant(0),
  });
  const start = Date.parse(`${from}T00:00:00Z`);
  /** Minute k of the working days: day k / 600, 07:00 + k mod 600 minutes. */
  const at = (k: number) => {
    const date = new Date(start + Math.floor(k / 600) * 86_400_000).toISOString().slice(0, 10);
    const m = 7 * 60 + (k % 600);
    return stockholmInstant(`${date}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  };
  return fc.tuple(referFirst ? referral.map((r) => [r]) : fc.constant([]), fc.array(chunk, { minLength, maxLength })).map(([first, rest]) => {
    const chunks = [...first, ...[...rest].sort((a, b) => a.minute - b.minute)];
    const out: CommandInput[] = [];
    let last = -1;
    for (const c of chunks)
      c.commands.forEach(([body, actor], j) => {
        const minute = Math.min(days * 600 + 599, Math.max(c.minute + j, last + 1));
        last = minute;
        out.push({ ...body, participantId, at: at(minute), actor } as CommandInput);
      });
    return out;
  });
}
