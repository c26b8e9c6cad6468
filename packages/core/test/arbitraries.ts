import { factValue } from '@stegvis/testing';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { validateProgrammeYaml, voidReasons, exitStatuses } from '@stegvis/core';
import type {
  Actor,
  CommandInput,
  CommandType,
  CompiledStep,
  Content,
  DomainEvent,
  Engine,
  ExecuteResult,
  Fact,
  FactValue,
  ParticipantSnapshot,
  Programme,
  Requirement,
} from '@stegvis/core';

/**
 * fast-check arbitraries for the participant engine. Every id is read from the `Programme` (steps,
 * requirements, contents, outcomes, facts, areas, parties), so the helpers work for any programme.
 * Commands are *plausible*: most are well-formed and many are accepted, some are deliberately wrong
 * (unknown ids, missing contents, another participant, a time before the last command).
 */

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command without its envelope (participant, time, actor, command id). */
export type CommandBody = DistributiveOmit<CommandInput, 'participantId' | 'at' | 'actor' | 'commandId'>;
export type BodyOf<T extends CommandType> = Extract<CommandBody, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Fixed vocabularies: reason codes, sub-goals, actors, ids that no programme declares.

export const UNKNOWN_ID = 'noSuchId';
export const REASONS = ['sickLeave', 'movedAway', 'newNeeds', 'followUp', 'parentalLeave'] as const;
export const SUB_GOALS = ['routine', 'cv', 'gym', 'driving', 'swedish', 'internship'] as const;
export const ACTORS: readonly Actor[] = [
  { id: 'caseworker-1', role: 'caseworker' },
  { id: 'coordinator-2', role: 'coordinator' },
  { id: 'supervisor-3', role: 'supervisor' },
];
/** Where the sequences start: 1 January 2026, Stockholm time. */
export const START = '2026-01-01T00:00:00+01:00';

const reason = () => fc.constantFrom(...REASONS);
const subGoal = () => fc.constantFrom(...SUB_GOALS);
/** `true` about once in `n` draws. */
const rarely = (n: number) => fc.integer({ min: 1, max: n }).map((k) => k === 1);
/** A well-formed id most of the time, an id the programme does not declare now and then. */
const idOrUnknown = (ids: readonly string[], unknownOneIn = 10): fc.Arbitrary<string> =>
  ids.length === 0 ? fc.constant(UNKNOWN_ID) : fc.oneof({ weight: unknownOneIn - 1, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant(UNKNOWN_ID) });

// ---------------------------------------------------------------------------------------------
// What the programme declares.

export const stepsWithRequirements = (p: Programme): CompiledStep[] => p.steps.filter((s) => s.blueprint.requirements.length > 0);
export const assessmentStep = (p: Programme): CompiledStep | undefined => p.steps.find((s) => s.blueprint.records?.type === 'assessment');
export const actionPlanStep = (p: Programme): CompiledStep | undefined => p.steps.find((s) => s.blueprint.records?.type === 'actionPlan');
const planSpec = (p: Programme) => {
  const r = actionPlanStep(p)?.blueprint.records;
  return r?.type === 'actionPlan' ? r : undefined;
};
export const outcomeIds = (p: Programme): string[] => [...p.outcomesById.keys()];
export const areaIds = (p: Programme): string[] => p.config.areas.map((a) => a.id);
export const partyIds = (p: Programme): string[] => (p.config.responsibility?.parties ?? []).map((x) => x.id);

/** The deadline ids a participant can come to have: the steps' own, requirements with `dueWithin`, follow-ups. */
export function deadlineIds(p: Programme): string[] {
  return [
    ...p.steps.flatMap((s) => [
      ...s.blueprint.deadlines.map((d) => `${s.id}.${d.id}`),
    ]),
    'followUp.1',
    'followUp.2',
  ];
}

// ---------------------------------------------------------------------------------------------
// Values: facts, contents, evidence.


/** Any subset of the declared facts, each with a value its declaration allows. */
export const validFacts = (p: Programme): fc.Arbitrary<Record<string, FactValue>> =>
  fc.record(Object.fromEntries([...p.factsById.values()].map((f) => [f.id, factValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, FactValue>>;

/** Facts that are refused: an undeclared fact, or a declared one with a value of the wrong type. */
export function invalidFacts(p: Programme): fc.Arbitrary<Record<string, FactValue>> {
  const wrongType = (f: Fact): FactValue => (f.type === 'boolean' ? 'yes' : f.type === 'number' ? 'many' : 42);
  const declared = [...p.factsById.values()];
  const undeclared = validFacts(p).map((facts) => ({ ...facts, [UNKNOWN_ID]: true }));
  if (declared.length === 0) return undeclared;
  return fc.oneof(undeclared, fc.tuple(validFacts(p), fc.constantFrom(...declared)).map(([facts, f]) => ({ ...facts, [f.id]: wrongType(f) })));
}

export const facts = (p: Programme): fc.Arbitrary<Record<string, FactValue>> =>
  fc.oneof({ weight: 9, arbitrary: validFacts(p) }, { weight: 1, arbitrary: invalidFacts(p) });

export function contentValue(c: Content): fc.Arbitrary<string | number | boolean> {
  if (c.type === 'number') return fc.integer({ min: 0, max: 40 });
  if (c.type === 'boolean') return fc.boolean();
  return fc.oneof(fc.constantFrom('noted', 'see the case system', 'weekly, Mon–Thu'), fc.string({ minLength: 1, maxLength: 12 }));
}

/** A value of the content's type, the same every time: for canonical commands. */
const canonicalValue = (c: Content): string | number | boolean => (c.type === 'number' ? 1 : c.type === 'boolean' ? true : `${c.id} noted`);

/** Every required content and any of the optional ones, each of its declared type. */
export const validContents = (defs: readonly Content[]): fc.Arbitrary<Record<string, string | number | boolean>> =>
  fc.record(Object.fromEntries(defs.map((d) => [d.id, contentValue(d)])), { requiredKeys: defs.filter((d) => d.required).map((d) => d.id) });

/** Mostly complete contents; sometimes one required item is missing, sometimes an undeclared item is added. */
export function contents(defs: readonly Content[]): fc.Arbitrary<Record<string, string | number | boolean>> {
  const required = defs.filter((d) => d.required).map((d) => d.id);
  const withUnknown = validContents(defs).map((v) => ({ ...v, [UNKNOWN_ID]: 'x' }));
  const missingOne =
    required.length === 0
      ? withUnknown
      : fc.tuple(validContents(defs), fc.constantFrom(...required)).map(([v, drop]) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== drop)));
  return fc.oneof({ weight: 8, arbitrary: validContents(defs) }, { weight: 1, arbitrary: missingOne }, { weight: 1, arbitrary: withUnknown });
}

export const canonicalContents = (defs: readonly Content[]): Record<string, string | number | boolean> =>
  Object.fromEntries(defs.filter((d) => d.required).map((d) => [d.id, canonicalValue(d)]));

/** The evidence a requirement declares, every item named (an opaque id, as a host would send). */
export const fullEvidence = (r: Requirement): Record<string, string> | undefined =>
  r.evidence && r.evidence.length > 0 ? Object.fromEntries(r.evidence.map((e) => [e.id, `${e.id}-17`])) : undefined;

// ---------------------------------------------------------------------------------------------
// One arbitrary per command type. The mapped type makes this exhaustive: a new command type that
// has no arbitrary here is a type error.

function followUpWeeks(p: Programme): fc.Arbitrary<number | undefined> {
  const cadence = p.config.followUps?.everyWeeks;
  const inRange = cadence ? fc.integer({ min: cadence.min, max: cadence.max }) : fc.integer({ min: 1, max: 8 });
  const outOfRange = cadence ? fc.constantFrom(Math.max(1, cadence.min - 1), cadence.max + 1) : fc.constant(52);
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: outOfRange });
}

/** Marking one requirement of one step: met (with its evidence, mostly) or waived (with a reason, mostly). */
export function requirementMark(stepId: string, r: Requirement): fc.Arbitrary<BodyOf<'markRequirement'>> {
  const evidence = fullEvidence(r);
  return fc
    .record({
      waived: rarely(8),
      /** A waiver without a reason is refused, so a waiver lacks one only now and then. */
      withReason: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      withEvidence: evidence ? fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(false),
      reason: reason(),
    })
    .map(({ waived, withReason, withEvidence, reason: why }) => ({
      type: 'markRequirement' as const,
      stepId,
      requirementId: r.id,
      status: waived ? ('waived' as const) : ('met' as const),
      ...(withReason ? { reason: why } : {}),
      ...(withEvidence ? { evidence: evidence! } : {}),
    }));
}

/** A requirement of a random step (only the participant's current step accepts it), or an unknown one. */
export function markRequirement(p: Programme): fc.Arbitrary<BodyOf<'markRequirement'>> {
  const marks = stepsWithRequirements(p).flatMap((s) => s.blueprint.requirements.map((r) => requirementMark(s.id, r)));
  const unknown = fc
    .record({ stepId: idOrUnknown(p.steps.map((s) => s.id), 2), requirementId: fc.constant(UNKNOWN_ID) })
    .map((x) => ({ type: 'markRequirement' as const, ...x, status: 'met' as const }));
  return marks.length === 0 ? unknown : fc.oneof({ weight: 12, arbitrary: fc.oneof(...marks) }, { weight: 1, arbitrary: unknown });
}

export function completeAssessment(p: Programme): fc.Arbitrary<BodyOf<'completeAssessment'>> {
  const step = assessmentStep(p);
  const arb = step ? contents(step.blueprint.records!.contents) : fc.constant({ [UNKNOWN_ID]: 'x' });
  return arb.map((c) => ({ type: 'completeAssessment' as const, contents: c }));
}

export function establishPlan(p: Programme): fc.Arbitrary<BodyOf<'establishPlan'>> {
  const spec = planSpec(p);
  const min = Math.max(1, spec?.minSubGoals ?? 1);
  return fc
    .record({
      contents: spec ? contents(spec.contents) : fc.constant({}),
      // Mostly enough sub-goals; sometimes none, which a plan that needs one refuses.
      subGoals: fc.oneof(
        { weight: 9, arbitrary: fc.uniqueArray(subGoal(), { minLength: Math.min(min, SUB_GOALS.length), maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constant([] as string[]) },
      ),
      followUpEveryWeeks: followUpWeeks(p),
      participantTookPart: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    })
    .map(({ followUpEveryWeeks, ...rest }) => ({ type: 'establishPlan' as const, ...rest, ...(followUpEveryWeeks === undefined ? {} : { followUpEveryWeeks }) }));
}

export function revisePlan(p: Programme): fc.Arbitrary<BodyOf<'revisePlan'>> {
  const spec = planSpec(p);
  return fc
    .record({
      reason: reason(),
      contents: fc.option(spec ? contents(spec.contents) : fc.constant({}), { freq: 3, nil: undefined }),
      addSubGoals: fc.uniqueArray(subGoal(), { maxLength: 2 }),
      subGoals: fc.dictionary(subGoal(), fc.constantFrom('open' as const, 'attained' as const, 'notAttained' as const, 'cancelled' as const), { maxKeys: 2 }),
      followUpEveryWeeks: followUpWeeks(p),
      participantTookPart: fc.boolean(),
    })
    .map(({ contents: c, followUpEveryWeeks, ...rest }) => ({
      type: 'revisePlan' as const,
      ...rest,
      ...(c === undefined ? {} : { contents: c }),
      ...(followUpEveryWeeks === undefined ? {} : { followUpEveryWeeks }),
    }));
}

export function recordFollowUp(p: Programme): fc.Arbitrary<BodyOf<'recordFollowUp'>> {
  const joint = p.config.followUps?.jointWith ?? [];
  return fc
    .record({
      evaluation: rarely(3),
      stepId: idOrUnknown(stepsWithRequirements(p).map((s) => s.id)),
      participantTookPart: fc.boolean(),
      attendedBy: joint.length > 0 ? fc.subarray([...joint]) : fc.constant([] as string[]),
    })
    .map(({ evaluation, stepId, ...rest }) => ({ type: 'recordFollowUp' as const, kind: evaluation ? ('evaluation' as const) : ('followUp' as const), ...(evaluation ? { stepId } : {}), ...rest }));
}

/** A calendar day in the sequences' range, as an ISO date. */
export const isoDate = (): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: 540 }).map((d) => DateTime.fromISO('2026-01-01', { zone: 'Europe/Stockholm' }).plus({ days: d }).toISODate()!);

/** Plausible referral: declared facts, the programme's areas and parties, a place where places are limited. */
export function refer(p: Programme, factsArb: fc.Arbitrary<Record<string, FactValue>> = facts(p)): fc.Arbitrary<BodyOf<'refer'>> {
  return fc
    .record({
      facts: factsArb,
      area: fc.option(idOrUnknown(areaIds(p)), { freq: 2, nil: undefined }),
      responsible: fc.option(idOrUnknown(partyIds(p)), { freq: 2, nil: undefined }),
      place: p.config.capacity
        ? fc.oneof({ weight: 6, arbitrary: fc.constant('granted' as const) }, { weight: 2, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constant(undefined) })
        : fc.constant(undefined),
    })
    .map(({ area, responsible, place, ...rest }) => ({
      type: 'refer' as const,
      ...rest,
      // Only programmes that declare areas/parties get one (an unknown one 1 time in 10).
      ...(area !== undefined && areaIds(p).length > 0 ? { area } : {}),
      ...(responsible !== undefined && partyIds(p).length > 0 ? { responsible } : {}),
      ...(place === undefined ? {} : { place }),
    }));
}

/** What a follow-up after exit found: one of the programme's ids (or an unknown one), work with or without its dates. */
function recordExitFollowUp(p: Programme): fc.Arbitrary<BodyOf<'recordExitFollowUp'>> {
  return fc
    .record({
      followUpId: idOrUnknown(p.config.followUpAfterExit.map((f) => f.id)),
      status: fc.constantFrom(...exitStatuses),
      since: fc.option(isoDate(), { nil: undefined }),
    })
    .map(({ followUpId, status, since }) => ({
      type: 'recordExitFollowUp' as const,
      followUpId,
      status,
      ...(since === undefined ? {} : { work: { since } }),
    }));
}

export function commandBodies(p: Programme): { [T in CommandType]: { weight: number; arbitrary: fc.Arbitrary<BodyOf<T>> } } {
  const stepIds = p.steps.map((s) => s.id);
  return {
    refer: { weight: 1, arbitrary: refer(p) },
    admit: { weight: 1, arbitrary: fc.constant({ type: 'admit' as const }) },
    assignArea: { weight: 1, arbitrary: idOrUnknown(areaIds(p)).map((areaId) => ({ type: 'assignArea' as const, areaId })) },
    handOver: {
      weight: 1,
      arbitrary: fc
        .record({ to: fc.oneof(idOrUnknown(partyIds(p)), fc.constant(null)), reason: reason() })
        .map((x) => ({ type: 'handOver' as const, ...x })),
    },
    extendDeadline: {
      weight: 1,
      arbitrary: fc
        .record({ deadlineId: idOrUnknown(deadlineIds(p)), by: fc.oneof(fc.integer({ min: 1, max: 30 }).map((days) => ({ days })), fc.integer({ min: 1, max: 4 }).map((weeks) => ({ weeks }))), reason: reason() })
        .map((x) => ({ type: 'extendDeadline' as const, ...x })),
    },
    updateFacts: { weight: 2, arbitrary: facts(p).map((f) => ({ type: 'updateFacts' as const, facts: f })) },
    completeAssessment: { weight: 3, arbitrary: completeAssessment(p) },
    establishPlan: { weight: 3, arbitrary: establishPlan(p) },
    revisePlan: { weight: 2, arbitrary: revisePlan(p) },
    recordFollowUp: { weight: 3, arbitrary: recordFollowUp(p) },
    recordAttendance: {
      weight: 2,
      arbitrary: fc.record({ date: isoDate(), hours: fc.integer({ min: 0, max: 10 }) }).map((x) => ({ type: 'recordAttendance' as const, ...x })),
    },
    recordAbsence: {
      weight: 2,
      arbitrary: fc
        .record({ date: isoDate(), reported: fc.boolean(), reason: fc.option(reason(), { nil: undefined }) })
        .map(({ reason: why, ...x }) => ({ type: 'recordAbsence' as const, ...x, ...(why ? { reason: why } : {}) })),
    },
    recordDeviation: { weight: 1, arbitrary: fc.record({ date: isoDate(), kind: reason() }).map((x) => ({ type: 'recordDeviation' as const, ...x })) },
    markRequirement: { weight: 14, arbitrary: markRequirement(p) },
    advance: { weight: 6, arbitrary: fc.constant({ type: 'advance' as const }) },
    regress: {
      weight: 2,
      arbitrary: fc.record({ toStepId: idOrUnknown(stepIds), reason: reason() }).map((x) => ({ type: 'regress' as const, ...x })),
    },
    pause: { weight: 1, arbitrary: reason().map((why) => ({ type: 'pause' as const, reason: why })) },
    resume: { weight: 3, arbitrary: fc.constant({ type: 'resume' as const }) },
    exit: { weight: 1, arbitrary: idOrUnknown(outcomeIds(p)).map((outcomeId) => ({ type: 'exit' as const, outcomeId })) },
    tick: { weight: 3, arbitrary: fc.constant({ type: 'tick' as const }) },
    setIntensity: {
      weight: 1,
      arbitrary: fc
        .record({ percent: fc.integer({ min: 1, max: 100 }), daysPerWeek: fc.integer({ min: 1, max: 7 }), validFrom: isoDate() })
        .map((x) => ({ type: 'setIntensity' as const, ...x })),
    },
    // Corrections and proposals: a void needs the participant's events (the store passes them), so here it is mostly refused.
    voidEvent: { weight: 1, arbitrary: fc.record({ eventSeq: fc.integer({ min: 1, max: 40 }), reason: fc.constantFrom(...voidReasons) }).map((x) => ({ type: 'voidEvent' as const, ...x })) },
    proposeChange: {
      weight: 1,
      arbitrary: fc
        .oneof(markRequirement(p), fc.constant({ type: 'advance' as const }), fc.record({ date: isoDate(), kind: reason() }).map((x) => ({ type: 'recordDeviation' as const, ...x })))
        .map((change) => ({ type: 'proposeChange' as const, change })),
    },
    approveProposal: { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((proposalSeq) => ({ type: 'approveProposal' as const, proposalSeq })) },
    rejectProposal: { weight: 1, arbitrary: fc.record({ proposalSeq: fc.integer({ min: 1, max: 40 }), reason: reason() }).map((x) => ({ type: 'rejectProposal' as const, ...x })) },
    recordExitFollowUp: { weight: 2, arbitrary: recordExitFollowUp(p) },
  };
}

/** Malformed commands: the schema refuses them before any rule is looked at. */
export const malformedBody = (): fc.Arbitrary<CommandBody> =>
  fc.constantFrom<unknown>(
    { type: 'teleport' },
    { type: 'advance', extra: true },
    { type: 'recordAttendance', date: '2026-02-30', hours: 3 },
    { type: 'recordAttendance', date: '2026-02-03', hours: 30 },
    { type: 'exit' },
  ) as fc.Arbitrary<CommandBody>;

/** One command body of any type, weighted towards the ones that move a participant along. */
export function commandBody(p: Programme, only?: readonly CommandType[]): fc.Arbitrary<CommandBody> {
  const all = commandBodies(p) as Record<CommandType, { weight: number; arbitrary: fc.Arbitrary<CommandBody> }>;
  const picked = (only ?? (Object.keys(all) as CommandType[])).map((t) => all[t]);
  return only ? fc.oneof(...picked) : fc.oneof(...picked, { weight: 1, arbitrary: malformedBody() });
}

// ---------------------------------------------------------------------------------------------
// Canonical (deterministic) commands.

/** The commands that complete `step` and move on: its record (assessment/plan), every requirement marked met, then advance. */
export function completeStepBodies(p: Programme, step: CompiledStep): CommandBody[] {
  const { records, requirements, autoAdvance } = step.blueprint;
  const out: CommandBody[] = [];
  if (records?.type === 'assessment') out.push({ type: 'completeAssessment', contents: canonicalContents(records.contents) });
  if (records?.type === 'actionPlan')
    out.push({ type: 'establishPlan', contents: canonicalContents(records.contents), subGoals: SUB_GOALS.slice(0, Math.max(1, records.minSubGoals)), participantTookPart: true });
  for (const r of requirements) {
    const evidence = fullEvidence(r);
    out.push({ type: 'markRequirement', stepId: step.id, requirementId: r.id, status: 'met', ...(evidence ? { evidence } : {}) });
  }
  if (!autoAdvance) out.push({ type: 'advance' });
  return out;
}

/** A referral that is accepted with a place (when the programme's rules accept an empty set of facts). */
export const canonicalReferral = (p: Programme): BodyOf<'refer'> => ({ type: 'refer', facts: {}, ...(p.config.capacity ? { place: 'granted' as const } : {}) });

/** From referral to standing at `p.steps[stepIndex]`, the happy path. */
export const happyPathTo = (p: Programme, stepIndex: number): CommandBody[] => [canonicalReferral(p), ...p.steps.slice(0, stepIndex).flatMap((s) => completeStepBodies(p, s))];

/** One valid body of each thing a caseworker can do in this programme, for exploring the machine's graph. */
export function canonicalBodies(p: Programme): CommandBody[] {
  const assessment = assessmentStep(p);
  const plan = actionPlanStep(p);
  return [
    canonicalReferral(p),
    { type: 'admit' },
    ...(assessment ? completeStepBodies(p, assessment).slice(0, 1) : []),
    ...(plan ? completeStepBodies(p, plan).slice(0, 1) : []),
    ...stepsWithRequirements(p).flatMap((s) => completeStepBodies(p, s).filter((b) => b.type === 'markRequirement')),
    { type: 'advance' },
    ...p.steps.map((s): CommandBody => ({ type: 'regress', toStepId: s.id, reason: 'followUp' })),
    { type: 'pause', reason: 'sickLeave' },
    { type: 'resume' },
    ...outcomeIds(p).map((outcomeId): CommandBody => ({ type: 'exit', outcomeId })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Walks and time.

/** Completing consecutive steps, most often from the first: what moves a random participant up the ladder. */
export function stepWalk(p: Programme): fc.Arbitrary<CommandBody[]> {
  const n = p.steps.length;
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: n - 1 }) }), fc.integer({ min: 1, max: n }))
    .map(([start, length]) => p.steps.slice(start, start + length).flatMap((s) => completeStepBodies(p, s)));
}

const MINUTE = 60_000;
const toMinutes = (iso: string) => Math.floor(DateTime.fromISO(iso, { setZone: true }).toMillis() / MINUTE);

/** Stockholm's clock changes (last Sunday of March and October, 01:00 UTC) in 2026–2028. */
const DST_CHANGES = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z', '2028-03-26T01:00:00Z', '2028-10-29T01:00:00Z'].map(toMinutes);

/** A minute in [from, to]: uniform, or within 36 hours of a clock change when one falls in the range. */
export function timePoint(fromMinute: number, toMinute: number): fc.Arbitrary<number> {
  const uniform = fc.integer({ min: fromMinute, max: toMinute });
  const changes = DST_CHANGES.filter((m) => m >= fromMinute && m <= toMinute);
  if (changes.length === 0) return uniform;
  const nearChange = fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * 60, max: 36 * 60 })).map(([m, d]) => Math.min(toMinute, Math.max(fromMinute, m + d)));
  return fc.oneof({ weight: 5, arbitrary: uniform }, { weight: 1, arbitrary: nearChange });
}

/** An instant written with an offset: Stockholm's (+01:00/+02:00), `Z`, or another zone's. */
export const formatInstant = (minute: number, zone: string): string =>
  DateTime.fromMillis(minute * MINUTE, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;

const ZONES = ['Europe/Stockholm', 'Europe/Stockholm', 'Europe/Stockholm', 'UTC', 'UTC+3', 'UTC-5'] as const;

/** How each chunk of commands is sent: by whom, written in which zone, and whether it is wrong on purpose. */
export const commandEnvelope = () =>
  fc.record({
    zone: fc.constantFrom(...ZONES),
    actor: fc.constantFrom(...ACTORS),
    commandId: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { freq: 3, nil: undefined }),
    /** Dated before the previous command (refused as time going backwards). */
    backwards: rarely(30),
    backBy: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    /** Sent for another participant (refused). */
    wrongParticipant: rarely(50),
  });

type Envelope = ReturnType<typeof commandEnvelope> extends fc.Arbitrary<infer E> ? E : never;
interface Chunk {
  readonly bodies: readonly CommandBody[];
  readonly time: number;
  readonly env: Envelope;
}

export interface SequenceOptions {
  /** The first instant (default 2026-01-01 in Stockholm). */
  readonly from?: string;
  /** How many months the sequence spreads over (default 18). */
  readonly months?: number;
  readonly minLength?: number;
  /** Chunks, not commands: a step walk is one chunk of several commands (default 40). */
  readonly maxLength?: number;
  /** Begin with a referral 9 times in 10 (default true). */
  readonly referFirst?: boolean;
}

/** Dates the chunks at non-decreasing times, in order (a few deliberately earlier), one minute apart within a chunk. */
function dateChunks(participantId: string, chunks: readonly Chunk[]): CommandInput[] {
  const times = chunks.map((c) => c.time).sort((a, b) => a - b);
  const out: CommandInput[] = [];
  let last: number | undefined;
  chunks.forEach((chunk, k) => {
    const { zone, actor, commandId, backwards, backBy, wrongParticipant } = chunk.env;
    chunk.bodies.forEach((body, j) => {
      let minute = j === 0 ? Math.max(times[k]!, last ?? -Infinity) : last! + 1;
      if (backwards && j === 0 && last !== undefined) minute = last - backBy;
      else last = minute;
      out.push({
        ...body,
        participantId: wrongParticipant && j === 0 ? `${participantId}-other` : participantId,
        at: formatInstant(minute, zone),
        actor,
        ...(commandId === undefined ? {} : { commandId: `${commandId}-${j}` }),
      } as CommandInput);
    });
  });
  return out;
}

/**
 * Random plausible commands for one participant at non-decreasing times over `months` months from
 * `from` (with extra weight on the days around the clocks' change), most often starting with a
 * referral, mixing single commands of every type with walks that complete consecutive steps.
 */
export function commandSequence(p: Programme, participantId: string, options: SequenceOptions = {}): fc.Arbitrary<CommandInput[]> {
  const { from = START, months = 18, minLength = 0, maxLength = 40, referFirst = true } = options;
  const fromMinute = toMinutes(from);
  const toMinute = toMinutes(DateTime.fromISO(from, { setZone: true }).plus({ months }).toISO()!);
  const chunkOf = (bodies: fc.Arbitrary<CommandBody[]>): fc.Arbitrary<Chunk> => fc.record({ bodies, time: timePoint(fromMinute, toMinute), env: commandEnvelope() });
  const chunk = chunkOf(fc.oneof({ weight: 8, arbitrary: commandBody(p).map((b) => [b]) }, { weight: 1, arbitrary: stepWalk(p) }));
  const referral = referFirst
    ? fc.oneof({ weight: 9, arbitrary: chunkOf(refer(p, validFacts(p)).map((b) => [b])).map((c) => [c]) }, { weight: 1, arbitrary: fc.constant([] as Chunk[]) })
    : fc.constant([] as Chunk[]);
  return fc.tuple(referral, fc.array(chunk, { minLength, maxLength, size: 'max' })).map(([first, rest]) => dateChunks(participantId, [...first, ...rest]));
}

/** A command with its envelope, from a body: for hand-written steps in tests. */
export const command = (participantId: string, at: string, body: CommandBody, actor: Actor = ACTORS[0]!): CommandInput =>
  ({ ...body, participantId, at, actor }) as CommandInput;

// ---------------------------------------------------------------------------------------------
// Driving the engine.

/** Reads and validates a programme YAML file (core's tests cannot depend on @stegvis/testing, which depends on core). */
export function loadProgrammeYaml(file: URL): Programme {
  const result = validateProgrammeYaml(readFileSync(file, 'utf8'));
  if (!result.ok) throw new Error(`${file.pathname} is not a valid programme: ${JSON.stringify(result.issues, null, 2)}`);
  return result.value;
}

/** The Ljusnarsberg programme from examples/: the five-step ladder the properties run on. */
export const loadLjusnarsberg = (): Programme => loadProgrammeYaml(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));

export interface CommandStep {
  readonly command: CommandInput;
  readonly before: ParticipantSnapshot;
  readonly result: ExecuteResult;
  readonly after: ParticipantSnapshot;
}

export interface Run {
  readonly steps: readonly CommandStep[];
  /** The accepted commands' events, in order. */
  readonly events: readonly DomainEvent[];
  readonly snapshot: ParticipantSnapshot;
}

/** Executes the commands one by one, keeping the snapshot only when a command is accepted (as a host does). */
export function runCommands(engine: Engine, start: ParticipantSnapshot, commands: readonly CommandInput[]): Run {
  const steps: CommandStep[] = [];
  const events: DomainEvent[] = [];
  let snapshot = start;
  for (const c of commands) {
    const result = engine.execute(snapshot, c);
    const before = snapshot;
    if (result.ok) {
      snapshot = result.snapshot;
      events.push(...result.events);
    }
    steps.push({ command: c, before, result, after: snapshot });
  }
  return { steps, events, snapshot };
}
