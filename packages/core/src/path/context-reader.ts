import { evaluate, holds } from '../conditions/evaluate.js';
import type { Programme } from '../programme/compiled.js';
import type { ExplainReader, RecordTest } from '../rules/record-conditions.js';
import { compileRecordCondition } from '../rules/record-conditions.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { ACTIVE, COMPLETED, MARKED_MET, MARKED_WAIVED, NOT_STARTED, UNMARKED } from '../rules/record-reader.js';
import type { ParticipantContext } from '../state/context.js';
import { scopeOf } from './scope.js';

const statusCode = { notStarted: NOT_STARTED, active: ACTIVE, completed: COMPLETED } as const;

/** The engine's side of the record port: the participant's context read as `RecordReader` asks. */
export function contextReader(programme: Programme, ctx: ParticipantContext): ExplainReader {
  const steps = programme.steps;
  const requirement = (s: number, q: number) => steps[s]!.blueprint.requirements[q]!;
  const mark = (s: number, q: number) => ctx.steps[steps[s]!.id]?.requirements[requirement(s, q).id];
  const roleBits = (attended: readonly string[]) => {
    let bits = 0;
    for (const r of attended) {
      const i = programme.attendanceRoles.indexOf(r);
      if (i >= 0) bits |= 1 << i;
    }
    return bits;
  };
  return {
    assessmentCompleted: () => ctx.assessment !== null,
    planEstablished: () => ctx.plan.length > 0,
    tookPartInPlan: () => ctx.plan.some((rev) => rev.participantTookPart),
    stepStatus: (s) => statusCode[ctx.steps[steps[s]!.id]?.status ?? 'notStarted'],
    currentStep: () => (ctx.currentStepId === null ? -1 : (programme.stepsById.get(ctx.currentStepId)?.index ?? -1)),
    exited: () => ctx.exit !== null,
    requirementMark: (s, q) => {
      const m = mark(s, q);
      return m === undefined ? UNMARKED : m.status === 'met' ? MARKED_MET : MARKED_WAIVED;
    },
    requirementWaived: (s, q) => {
      const when = requirement(s, q).waivedWhen;
      return when !== undefined && holds(when, scopeOf(programme, ctx.facts));
    },
    followUpSince: (since, evaluationOf, roles) => {
      const of = evaluationOf >= 0 ? steps[evaluationOf]!.id : undefined;
      for (let i = since; i < ctx.followUps.length; i++) {
        const f = ctx.followUps[i]!;
        if (of !== undefined && !(f.kind === 'evaluation' && f.stepId === of)) continue;
        if ((roleBits(f.attendedBy) & roles) === roles) return true;
      }
      return false;
    },
    markReason: (s, q) => mark(s, q)?.reason,
    waiver: (s, q) => {
      const when = requirement(s, q).waivedWhen;
      return when ? evaluate(when, scopeOf(programme, ctx.facts)) : undefined;
    },
  };
}

const tests = new WeakMap<Programme, WeakMap<RecordCondition, RecordTest>>();

/** A record condition compiled against the programme once, then reused (conditions in the state are shared objects). */
export function recordTest(programme: Programme, c: RecordCondition): RecordTest {
  let byCondition = tests.get(programme);
  if (!byCondition) tests.set(programme, (byCondition = new WeakMap()));
  let t = byCondition.get(c);
  if (!t) byCondition.set(c, (t = compileRecordCondition(c, programme.env)));
  return t;
}

/** Whether a record condition holds for the participant now, counting follow-ups after the first `since`. */
export const recordHolds = (programme: Programme, ctx: ParticipantContext, c: RecordCondition, since = 0): boolean =>
  recordTest(programme, c)(contextReader(programme, ctx), since);
