import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Actor, type Engine, type FactValue, type ParticipantSnapshot, type Programme, createEngine, localDate, referralDecision } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { KernelParticipant, compileKernel, dayNumber, isoDate } from '../src/kernel/index.js';

/**
 * The proof that the compiled kernel is the XState machine: for each example programme, random sequences
 * of commands at random non-decreasing times (instants with assorted offsets over about 18 months, some
 * starting just before a daylight-saving change) are sent both to core's engine (`createEngine`, which
 * applies every event with XState's `transition`) and to the kernel, and after every command the two must
 * agree on whether it was accepted, the phase, the current step, every step's record, the full deadline
 * list (id, kind, status, opensOn, dueOn, metOn, late) and the exit outcome.
 */

const EXAMPLES = ['ljusnarsberg', 'timra', 'nacka', 'enkoping', 'kungsbacka'] as const;
const RUNS = Number(process.env.FC_RUNS ?? 200);
const caseworker: Actor = { id: 'caseworker-1', role: 'caseworker' };
const clock: Actor = { id: 'clock', role: 'system' };

type Op =
  | { type: 'refer'; facts: Record<string, FactValue>; place: boolean }
  | { type: 'admit' }
  | { type: 'completeAssessment' }
  | { type: 'establishPlan'; weeks: number | undefined }
  | { type: 'advance' }
  | { type: 'markRequirement'; requirement: number }
  | { type: 'regress'; to: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'exit'; outcome: number }
  | { type: 'followUp'; evaluationOf: number; joint: boolean }
  | { type: 'tick' };

interface Timed {
  readonly op: Op;
  readonly gapMinutes: number;
  /** The offset the instant is written with, in minutes. */
  readonly offset: number;
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
  const nOutcomes = p.exitStep.blueprint.exit!.outcomes.length;
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
    { weight: 14, arbitrary: fc.constant({ type: 'advance' as const }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('markRequirement' as const), requirement: fc.integer({ min: 0, max: maxReq }) }) },
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

function sequenceArb(p: Programme): fc.Arbitrary<{ start: number; steps: Timed[] }> {
  const timed = fc.record({ op: opArb(p), gapMinutes: gap, offset: fc.constantFrom(...offsets) });
  // A slow run: weeks to months between commands, so that participants outstay a year's employment.
  const slow = fc.record({ op: opArb(p), gapMinutes: fc.integer({ min: 7 * DAY, max: 150 * DAY }), offset: fc.constantFrom(...offsets) });
  return fc.record({
    start,
    first: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    refer: fc.record({
      // Mostly referrals the rules accept (or waitlist), so that the sequence goes somewhere; some declined.
      facts: fc.oneof({ weight: 5, arbitrary: anyFacts(p).filter((f) => referralDecision(p, f).decision !== 'decline') }, { weight: 1, arbitrary: anyFacts(p) }),
      place: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    steps: fc.oneof(
      { weight: 4, arbitrary: fc.array(timed, { minLength: 5, maxLength: 60, size: 'max' }) },
      { weight: 1, arbitrary: fc.array(slow, { minLength: 5, maxLength: 20, size: 'max' }) },
    ),
  }).map(({ start, first, refer, steps }) => ({
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
  switch (op.type) {
    case 'refer':
      return { ok: send({ type: 'refer', facts: op.facts, place: op.place ? 'granted' : 'none' }), snapshot };
    case 'admit':
      return { ok: send({ type: 'admit' }), snapshot };
    case 'completeAssessment':
      return { ok: send({ type: 'completeAssessment', contents: contentsOf(current?.blueprint.assessment?.contents ?? []) }), snapshot };
    case 'establishPlan': {
      const spec = current?.blueprint.actionPlan;
      const goals = Array.from({ length: Math.max(1, spec?.minSubGoals ?? 1) }, (_, i) => `goal${i + 1}`);
      return {
        ok: send({ type: 'establishPlan', contents: contentsOf(spec?.contents ?? []), subGoals: goals, participantTookPart: true, ...(op.weeks === undefined ? {} : { followUpEveryWeeks: op.weeks }) }),
        snapshot,
      };
    }
    case 'advance': {
      // "All requirements of the current step met, then advance": marks are sent only where advancing can
      // follow (active, not at the last step); elsewhere the advance alone is sent and refused.
      if (phase === 'active' && current && current.index + 1 < p.steps.length)
        for (const r of current.blueprint.requirements) {
          const evidence = r.evidence?.length ? Object.fromEntries(r.evidence.map((e) => [e.id, `${e.id}-1`])) : undefined;
          const ok = send({ type: 'markRequirement', stepId: current.id, requirementId: r.id, status: 'met', ...(evidence ? { evidence } : {}) });
          if (!ok) throw new Error(`the engine refused to mark ${current.id}.${r.id}`);
        }
      return { ok: send({ type: 'advance' }), snapshot };
    }
    case 'markRequirement': {
      const step = current ?? p.steps[0]!;
      const r = step.blueprint.requirements[op.requirement];
      const evidence = r?.evidence?.length ? Object.fromEntries(r.evidence.map((e) => [e.id, `${e.id}-1`])) : undefined;
      return { ok: send({ type: 'markRequirement', stepId: step.id, requirementId: r?.id ?? 'noSuchRequirement', status: 'met', ...(evidence ? { evidence } : {}) }), snapshot };
    }
    case 'regress':
      return { ok: send({ type: 'regress', toStepId: p.steps[op.to]!.id, reason: 'newNeeds' }), snapshot };
    case 'pause':
      return { ok: send({ type: 'pause', reason: 'sickLeave' }), snapshot };
    case 'resume':
      return { ok: send({ type: 'resume' }), snapshot };
    case 'exit':
      return { ok: send({ type: 'exit', outcomeId: p.exitStep.blueprint.exit!.outcomes[op.outcome]!.id }), snapshot };
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
  }
}

function toKernel(k: KernelParticipant, op: Op, day: number): boolean {
  switch (op.type) {
    case 'refer':
      return k.refer(day, op.facts, op.place);
    case 'admit':
      return k.admit(day);
    case 'completeAssessment':
      return k.completeAssessment(day);
    case 'establishPlan':
      return k.establishPlan(day, op.weeks);
    case 'advance':
      return k.advance(day);
    case 'markRequirement':
      return k.markRequirement(day, op.requirement);
    case 'regress':
      return k.regress(day, op.to);
    case 'pause':
      return k.pause(day);
    case 'resume':
      return k.resume(day);
    case 'exit':
      return k.exit(day, op.outcome);
    case 'followUp':
      return k.followUp(day, op.evaluationOf, op.joint);
    case 'tick':
      return k.tick(day);
  }
}

/** What both must agree on, from the engine's snapshot. */
function engineState(engine: Engine, p: Programme, s: ParticipantSnapshot) {
  const ctx = s.context;
  return {
    phase: engine.phase(s),
    stepId: ctx.currentStepId,
    steps: p.steps.map((st) => ({ status: ctx.steps[st.id]?.status ?? 'notStarted', completedOn: ctx.steps[st.id]?.completedOn ?? null })),
    deadlines: ctx.deadlines.map((d) => ({
      id: d.id,
      kind: d.kind,
      status: d.status,
      opensOn: d.opensOn,
      dueOn: d.dueOn,
      ...(d.status === 'met' ? { metOn: d.metOn, late: d.late } : {}),
    })),
    exit: ctx.exit ? { outcomeId: ctx.exit.outcomeId, income: ctx.exit.income } : null,
  };
}

function kernelState(k: KernelParticipant) {
  const view = k.read();
  return {
    phase: view.phase,
    stepId: view.stepId,
    steps: k.k.stepIds.map((_, s) => ({
      status: (['notStarted', 'active', 'completed'] as const)[k.stepStatus[s]!]!,
      completedOn: k.stepStatus[s] === 2 ? isoDate(k.stepCompletedDay[s]!) : null,
    })),
    deadlines: view.deadlines,
    exit: view.exit,
  };
}

describe.each(EXAMPLES)('the kernel equals the XState engine: %s', (name) => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  const engine = createEngine(programme);
  const kernel = compileKernel(programme);

  it(`agrees after every command of random sequences (${RUNS} runs)`, () => {
    let accepted = 0;
    let refused = 0;
    let deadlinesSeen = 0;
    let deepest = -1;
    const acceptedBy: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    fc.assert(
      fc.property(sequenceArb(programme), ({ start, steps }) => {
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
            accepted++;
            acceptedBy[op.type] = (acceptedBy[op.type] ?? 0) + 1;
          } else refused++;
          const want = engineState(engine, programme, s);
          if (want.stepId) deepest = Math.max(deepest, programme.stepsById.get(want.stepId)!.index);
          for (const d of want.deadlines) statuses[`${d.kind}:${d.status}${d.late ? ':late' : ''}`] = (statuses[`${d.kind}:${d.status}${d.late ? ':late' : ''}`] ?? 0) + 1;
          expect(kernelState(k), `after command ${i}: ${JSON.stringify(op)} at ${at}`).toEqual(want);
          deadlinesSeen += want.deadlines.length;
        }
      }),
      { numRuns: RUNS },
    );
    // The sequences must exercise both sides of the rules, not only refusals.
    expect(accepted).toBeGreaterThan(RUNS * 3);
    expect(refused).toBeGreaterThan(RUNS);
    if (kernel.nTemplates > 0) expect(deadlinesSeen).toBeGreaterThan(RUNS);
    // Every kind of command is accepted somewhere in the runs, and participants get deep into the path.
    for (const type of ['refer', 'advance', 'regress', 'pause', 'resume', 'exit', 'tick'] as const) expect(acceptedBy[type] ?? 0, type).toBeGreaterThan(0);
    expect(deepest).toBe(programme.steps.length - 1);
    if (process.env.KERNEL_EQ_STATS) console.log(name, { accepted, refused, deadlinesSeen, acceptedBy, statuses });
  }, 60_000 + 500 * RUNS);

  it('the same kernel state is reached by a reused participant after reset()', () => {
    const k = new KernelParticipant(kernel);
    const run = () => {
      k.reset();
      const d0 = dayNumber('2026-10-19');
      const facts = Object.fromEntries(programme.config.facts.map((f) => [f.id, f.type === 'boolean' ? (f.id === 'socialAssistance' ? true : false) : f.type === 'enum' ? f.values[0]!.id : 30])) as Record<string, FactValue>;
      k.refer(d0, facts, true);
      for (let w = 1; w < 60; w++) {
        k.tick(d0 + 7 * w);
        if (w % 3 === 0) k.completeAssessment(d0 + 7 * w) || k.establishPlan(d0 + 7 * w) || k.advance(d0 + 7 * w);
        if (w % 5 === 0) k.followUp(d0 + 7 * w);
      }
      return k.read();
    };
    expect(run()).toEqual(run());
  });
});
