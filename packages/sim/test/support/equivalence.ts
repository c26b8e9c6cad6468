import fc from 'fast-check';
import { expect } from 'vitest';
import { type Actor, type Engine, type FactValue, type ParticipantSnapshot, type Programme, createEngine, exitStatusRules, exitStatuses, localDate, referralDecision } from '@stegvis/core';
import { dayNumber, isoDate } from '@stegvis/core';
import { type CompiledKernel, INTAKE, compileKernel } from '../../src/internal/kernel/compile.js';
import { KernelParticipant } from '../../src/internal/kernel/participant.js';

/**
 * The proof that the compiled kernel is the XState machine: random sequences of commands at random
 * non-decreasing times (instants with assorted offsets over about 18 months, some starting just before a
 * daylight-saving change) are sent both to core's engine (`createEngine`, which applies every event with
 * XState's `transition`) and to the kernel, and after every command the two must agree on whether it was
 * accepted, the phase, the current step, every step's record (status, completion day, requirement marks),
 * the full deadline list (id, kind, status, opensOn, dueOn, metOn, late) and the exit outcome.
 */

const caseworker: Actor = { id: 'caseworker-1', role: 'caseworker' };
const clock: Actor = { id: 'clock', role: 'system' };

export type Op =
  | { type: 'refer'; facts: Record<string, FactValue>; place: boolean }
  | { type: 'admit' }
  | { type: 'completeAssessment' }
  | { type: 'establishPlan'; weeks: number | undefined }
  /** What a behaviour model's "advance" is: the step's record, or every requirement marked and then advance. */
  | { type: 'progress' }
  | { type: 'advance' }
  | { type: 'markRequirement'; requirement: number; waived: boolean }
  | { type: 'regress'; to: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'exit'; outcome: number }
  | { type: 'followUp'; evaluationOf: number; joint: boolean }
  | { type: 'tick' }
  /** A follow-up after exit (index into the programme's list, or one past it) and what it found (index into `exitStatuses`). */
  | { type: 'exitFollowUp'; index: number; status: number };

interface Timed {
  readonly op: Op;
  readonly gapMinutes: number;
  /** The offset the instant is written with, in minutes. */
  readonly offset: number;
}

export interface Sequence {
  readonly start: number;
  readonly steps: readonly Timed[];
}

function factValue(f: Programme['config']['facts'][number]): fc.Arbitrary<FactValue> {
  if (f.type === 'boolean') return fc.boolean();
  if (f.type === 'number') return fc.integer({ min: Math.ceil(f.min ?? 0), max: Math.floor(f.max ?? 100) });
  return fc.constantFrom(...f.values.map((v) => v.id));
}

const anyFacts = (p: Programme) =>
  fc.record(Object.fromEntries(p.config.facts.map((f) => [f.id, factValue(f)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, FactValue>>;

function opArb(p: Programme): fc.Arbitrary<Op> {
  const nSteps = p.steps.length;
  const nOutcomes = p.outcomes.length;
  const cadence = p.config.followUps?.everyWeeks;
  const maxReq = Math.max(1, ...p.steps.map((s) => s.blueprint.requirements.length));
  const facts = anyFacts(p);
  const weeks = fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: cadence ? fc.integer({ min: cadence.min, max: cadence.max }) : fc.integer({ min: 1, max: 8 }) },
    { weight: 1, arbitrary: cadence ? fc.constantFrom(cadence.min - 1, cadence.max + 1) : fc.constant(12) },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ type: fc.constant('refer' as const), facts, place: fc.boolean() }) },
    { weight: 3, arbitrary: fc.constant({ type: 'admit' as const }) },
    { weight: 6, arbitrary: fc.constant({ type: 'completeAssessment' as const }) },
    { weight: 6, arbitrary: fc.record({ type: fc.constant('establishPlan' as const), weeks }) },
    { weight: 12, arbitrary: fc.constant({ type: 'progress' as const }) },
    { weight: 3, arbitrary: fc.constant({ type: 'advance' as const }) },
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant('markRequirement' as const),
        requirement: fc.integer({ min: 0, max: maxReq }),
        waived: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('regress' as const), to: fc.integer({ min: 0, max: nSteps - 1 }) }) },
    { weight: 2, arbitrary: fc.constant({ type: 'pause' as const }) },
    { weight: 3, arbitrary: fc.constant({ type: 'resume' as const }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('exit' as const), outcome: fc.integer({ min: 0, max: nOutcomes - 1 }) }) },
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('followUp' as const),
        evaluationOf: fc.oneof({ weight: 2, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: nSteps - 1 }) }),
        joint: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      }),
    },
    { weight: 10, arbitrary: fc.constant({ type: 'tick' as const }) },
    ...(p.config.followUpAfterExit.length === 0
      ? []
      : [{
          weight: 4,
          arbitrary: fc.record({
            type: fc.constant('exitFollowUp' as const),
            index: fc.integer({ min: 0, max: p.config.followUpAfterExit.length }),
            status: fc.integer({ min: 0, max: exitStatuses.length - 1 }),
          }),
        }]),
  );
}

const MINUTE = 60_000;
const DAY = 1440;
/** Gaps between commands: the same minute, hours, days, weeks, months. */
const gap = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: DAY }) },
  { weight: 5, arbitrary: fc.integer({ min: DAY, max: 14 * DAY }) },
  { weight: 3, arbitrary: fc.integer({ min: 14 * DAY, max: 50 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: 50 * DAY, max: 200 * DAY }) },
);
const offsets = [0, 60, 120, -300, 330, 840, -600, 45];

/** Starts: any time over a year, or within days of the October 2026 or March 2026 daylight-saving change. */
const start = fc.oneof(
  fc.integer({ min: Date.UTC(2025, 8, 1), max: Date.UTC(2026, 8, 30) }),
  fc.integer({ min: Date.UTC(2026, 9, 20), max: Date.UTC(2026, 9, 26) }),
  fc.integer({ min: Date.UTC(2026, 2, 25), max: Date.UTC(2026, 2, 31) }),
  fc.integer({ min: Date.UTC(2025, 9, 22), max: Date.UTC(2025, 9, 27) }),
);

/** Command sequences for a programme: mostly starting with a referral its rules accept, then anything. */
export function sequenceArb(p: Programme, maxLength = 60): fc.Arbitrary<Sequence> {
  const timed = fc.record({ op: opArb(p), gapMinutes: gap, offset: fc.constantFrom(...offsets) });
  // A slow run: weeks to months between commands, so that participants outstay a year's employment.
  const slow = fc.record({ op: opArb(p), gapMinutes: fc.integer({ min: 7 * DAY, max: 150 * DAY }), offset: fc.constantFrom(...offsets) });
  return fc
    .record({
      start,
      first: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      refer: fc.record({
        // Of ten draws the first the rules do not decline (bounded: some programmes decline almost everyone).
        facts: fc.oneof(
          { weight: 5, arbitrary: fc.array(anyFacts(p), { minLength: 10, maxLength: 10 }).map((fs) => fs.find((f) => referralDecision(p, f).decision !== 'decline') ?? fs[0]!) },
          { weight: 1, arbitrary: anyFacts(p) },
        ),
        place: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      }),
      steps: fc.oneof(
        { weight: 4, arbitrary: fc.array(timed, { minLength: 5, maxLength, size: 'max' }) },
        { weight: 1, arbitrary: fc.array(slow, { minLength: 5, maxLength: Math.min(20, maxLength), size: 'max' }) },
      ),
    })
    .map(({ start, first, refer, steps }) => ({
      start,
      steps: first ? [{ op: { type: 'refer' as const, facts: refer.facts as Record<string, FactValue>, place: refer.place }, gapMinutes: 0, offset: 60 }, ...steps] : steps,
    }));
}

/** An instant written with the given offset: `2026-10-25T01:30:00+02:00`. */
function instant(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE);
  const pad = (n: number) => String(n).padStart(2, '0');
  const body = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (offsetMinutes === 0) return `${body}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const a = Math.abs(offsetMinutes);
  return `${body}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const contentsOf = (defs: readonly { id: string; type: string }[]) =>
  Object.fromEntries(defs.map((c) => [c.id, c.type === 'number' ? 1 : c.type === 'boolean' ? true : `${c.id} noted`]));
const evidenceOf = (r: { evidence?: readonly { id: string }[] } | undefined) =>
  r?.evidence?.length ? { evidence: Object.fromEntries(r.evidence.map((e) => [e.id, `${e.id}-1`])) } : {};

/** Sends one kernel operation to the engine as the commands a case system would send. */
function toEngine(engine: Engine, p: Programme, s: ParticipantSnapshot, op: Op, at: string): { ok: boolean; snapshot: ParticipantSnapshot } {
  const ctx = s.context;
  const current = ctx.currentStepId ? p.stepsById.get(ctx.currentStepId)! : undefined;
  let snapshot = s;
  const send = (body: Record<string, unknown>, actor: Actor = caseworker) => {
    const r = engine.execute(snapshot, { ...body, participantId: 'P-1', at, actor });
    if (r.ok) snapshot = r.snapshot;
    return r.ok;
  };
  const phase = engine.phase(s);
  const records = current?.blueprint.records;
  const assessment = () => send({ type: 'completeAssessment', contents: contentsOf(records?.type === 'assessment' ? records.contents : []) });
  const plan = (weeks: number | undefined) => {
    const goals = Array.from({ length: Math.max(1, records?.type === 'actionPlan' ? records.minSubGoals : 1) }, (_, i) => `goal${i + 1}`);
    const contents = contentsOf(records?.type === 'actionPlan' ? records.contents : []);
    return send({ type: 'establishPlan', contents, subGoals: goals, participantTookPart: true, ...(weeks === undefined ? {} : { followUpEveryWeeks: weeks }) });
  };
  switch (op.type) {
    case 'refer':
      return { ok: send({ type: 'refer', facts: op.facts, place: op.place ? 'granted' : 'none' }), snapshot };
    case 'admit':
      return { ok: send({ type: 'admit' }), snapshot };
    case 'completeAssessment':
      return { ok: assessment(), snapshot };
    case 'establishPlan':
      return { ok: plan(op.weeks), snapshot };
    case 'progress': {
      if (records?.type === 'assessment') return { ok: assessment(), snapshot };
      if (records?.type === 'actionPlan') return { ok: plan(undefined), snapshot };
      // Marks are sent only where advancing can follow (active, not at the last step); elsewhere the advance alone is sent and refused.
      if (phase === 'active' && current && current.index + 1 < p.steps.length)
        for (const r of current.blueprint.requirements)
          if (!send({ type: 'markRequirement', stepId: current.id, requirementId: r.id, status: 'met', ...evidenceOf(r) })) throw new Error(`the engine refused to mark ${current.id}.${r.id}`);
      return { ok: send({ type: 'advance' }), snapshot };
    }
    case 'advance':
      return { ok: send({ type: 'advance' }), snapshot };
    case 'markRequirement': {
      const step = current ?? p.steps[0]!;
      const r = step.blueprint.requirements[op.requirement];
      const how = op.waived ? { status: 'waived', reason: 'sickLeave' } : { status: 'met', ...evidenceOf(r) };
      return { ok: send({ type: 'markRequirement', stepId: step.id, requirementId: r?.id ?? 'noSuchRequirement', ...how }), snapshot };
    }
    case 'regress':
      return { ok: send({ type: 'regress', toStepId: p.steps[op.to]!.id, reason: 'newNeeds' }), snapshot };
    case 'pause':
      return { ok: send({ type: 'pause', reason: 'sickLeave' }), snapshot };
    case 'resume':
      return { ok: send({ type: 'resume' }), snapshot };
    case 'exit':
      return { ok: send({ type: 'exit', outcomeId: p.outcomes[op.outcome]!.id }), snapshot };
    case 'followUp':
      return {
        ok: send({
          type: 'recordFollowUp',
          kind: op.evaluationOf >= 0 ? 'evaluation' : 'followUp',
          ...(op.evaluationOf >= 0 ? { stepId: p.steps[op.evaluationOf]!.id } : {}),
          participantTookPart: true,
          attendedBy: op.joint ? (p.config.followUps?.jointWith ?? []) : [],
        }),
        snapshot,
      };
    case 'tick':
      return { ok: send({ type: 'tick' }, clock), snapshot };
    case 'exitFollowUp': {
      const status = exitStatuses[op.status]!;
      // Work began on the day of the exit (or, before it, on the day of the follow-up) and goes on.
      const work = exitStatusRules[status].work ? { work: { since: ctx.exit && ctx.exit.on <= localDate(at) ? ctx.exit.on : localDate(at) } } : {};
      return { ok: send({ type: 'recordExitFollowUp', followUpId: p.config.followUpAfterExit[op.index]?.id ?? 'noSuchFollowUp', status, ...work }), snapshot };
    }
  }
}

function toKernel(k: KernelParticipant, op: Op, day: number): boolean {
  switch (op.type) {
    case 'refer':
      // Facts are the referral's: a refused referral leaves the recorded ones.
      if (k.phase === INTAKE) k.setFacts(op.facts);
      return k.refer(day, op.place);
    case 'admit':
      return k.admit(day);
    case 'completeAssessment':
      return k.completeAssessment(day);
    case 'establishPlan':
      return k.establishPlan(day, op.weeks);
    case 'progress':
      return k.progress(day);
    case 'advance':
      return k.advance(day);
    case 'markRequirement':
      return k.markRequirement(day, op.requirement, op.waived);
    case 'regress':
      return k.regress(day, op.to);
    case 'pause':
      return k.pause(day);
    case 'resume':
      return k.resume(day);
    case 'exit':
      return k.exit(day, op.outcome);
    case 'followUp':
      return k.followUp(day, op.evaluationOf, op.joint ? (k.k.cadence?.roles ?? 0) : 0);
    case 'tick':
      return k.tick(day);
    case 'exitFollowUp':
      return k.exitFollowUp(day, op.index, op.status);
  }
}

/** What both must agree on, from the engine's snapshot. */
function engineState(engine: Engine, p: Programme, s: ParticipantSnapshot) {
  const ctx = s.context;
  return {
    phase: engine.phase(s),
    stepId: ctx.currentStepId,
    steps: p.steps.map((st) => ({
      status: ctx.steps[st.id]?.status ?? 'notStarted',
      completedOn: ctx.steps[st.id]?.completedOn ?? null,
      marks: Object.fromEntries(Object.entries(ctx.steps[st.id]?.requirements ?? {}).map(([id, m]) => [id, m.status]).sort(([a], [b]) => (a! < b! ? -1 : 1))),
    })),
    deadlines: ctx.deadlines.map((d) => ({
      id: d.id,
      kind: d.kind,
      status: d.status,
      opensOn: d.opensOn,
      dueOn: d.dueOn,
      ...(d.status === 'met' ? { metOn: d.metOn, late: d.late } : {}),
    })),
    exit: ctx.exit ? { outcomeId: ctx.exit.outcomeId, income: ctx.exit.income } : null,
    afterExit: p.config.followUpAfterExit.map((f) => ctx.exitFollowUps?.find((x) => x.followUpId === f.id)?.status ?? null),
  };
}

function kernelState(k: KernelParticipant) {
  const view = k.read();
  const reqs = k.k.programme.steps;
  return {
    phase: view.phase,
    stepId: view.stepId,
    steps: k.k.stepIds.map((_, s) => ({
      status: (['notStarted', 'active', 'completed'] as const)[k.stepState[s]!]!,
      completedOn: k.stepState[s] === 2 ? isoDate(k.completedDay[s]!) : null,
      marks: Object.fromEntries(
        reqs[s]!.blueprint.requirements
          .map((r, q): [string, string | null] => [r.id, (k.marked[s]! >>> q) & 1 ? 'met' : (k.waivedMark[s]! >>> q) & 1 ? 'waived' : null])
          .filter((x): x is [string, string] => x[1] !== null)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    })),
    deadlines: view.deadlines,
    exit: view.exit,
    afterExit: Array.from(k.exitStatus, (st) => (st < 0 ? null : exitStatuses[st]!)),
  };
}

/** What a run exercised, so a property can insist the sequences reach both sides of the rules. */
export interface Coverage {
  accepted: number;
  refused: number;
  deadlinesSeen: number;
  deepest: number;
  readonly acceptedBy: Record<string, number>;
}

export const emptyCoverage = (): Coverage => ({ accepted: 0, refused: 0, deadlinesSeen: 0, deepest: -1, acceptedBy: {} });

/** Runs one sequence through both, comparing after every command; throws (with the command) on the first difference. */
export function agreeOn(programme: Programme, engine: Engine, kernel: CompiledKernel, { start, steps }: Sequence, seen: Coverage = emptyCoverage()): void {
  let s = engine.initial('P-1');
  const k = new KernelParticipant(kernel);
  let t = start;
  for (const [i, { op, gapMinutes, offset }] of steps.entries()) {
    t += gapMinutes * MINUTE;
    const at = instant(t, offset);
    const day = dayNumber(localDate(at));
    const e = toEngine(engine, programme, s, op, at);
    s = e.snapshot;
    const kOk = toKernel(k, op, day);
    if (e.ok !== kOk) throw new Error(`command ${i} (${JSON.stringify(op)} at ${at}): engine ${e.ok ? 'accepted' : 'refused'}, kernel ${kOk ? 'accepted' : 'refused'}`);
    if (kOk) {
      seen.accepted++;
      seen.acceptedBy[op.type] = (seen.acceptedBy[op.type] ?? 0) + 1;
    } else seen.refused++;
    const want = engineState(engine, programme, s);
    if (want.stepId) seen.deepest = Math.max(seen.deepest, programme.stepsById.get(want.stepId)!.index);
    expect(kernelState(k), `after command ${i}: ${JSON.stringify(op)} at ${at}`).toEqual(want);
    seen.deadlinesSeen += want.deadlines.length;
  }
}

/** The engine and the kernel of a programme, the kernel required to compile. */
export function bothOf(programme: Programme): { engine: Engine; kernel: CompiledKernel } {
  const kernel = compileKernel(programme);
  if (!kernel.ok) throw new Error(kernel.issues.map((i) => i.message).join('; '));
  return { engine: createEngine(programme), kernel: kernel.value };
}
