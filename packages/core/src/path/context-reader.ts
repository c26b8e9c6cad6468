import { evaluate, holds } from '../conditions/evaluate.js';
import type { Programme } from '../programme/compiled.js';
import type { ExplainReader, RecordQuestion, RecordTest } from '../rules/record-conditions.js';
import { compileRecordCondition, recordConditionReads } from '../rules/record-conditions.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { ACTIVE, COMPLETED, MARKED_MET, MARKED_WAIVED, NOT_STARTED, UNMARKED } from '../rules/record-reader.js';
import type { ParticipantContext } from '../state/context.js';
import { scopeOf } from './scope.js';

const statusCode = { notStarted: NOT_STARTED, active: ACTIVE, completed: COMPLETED } as const;

/** The engine's side of the record port: the participant's context read as `RecordReader` asks. */
class ContextReader implements ExplainReader {
  constructor(
    private readonly programme: Programme,
    private readonly ctx: ParticipantContext,
  ) {}

  private requirement(s: number, q: number) {
    return this.programme.steps[s]!.blueprint.requirements[q]!;
  }
  private mark(s: number, q: number) {
    return this.ctx.steps[this.programme.steps[s]!.id]?.requirements[this.requirement(s, q).id];
  }
  assessmentCompleted(): boolean {
    return this.ctx.assessment !== null;
  }
  planEstablished(): boolean {
    return this.ctx.plan.length > 0;
  }
  tookPartInPlan(): boolean {
    return this.ctx.plan.some((rev) => rev.participantTookPart);
  }
  stepStatus(s: number) {
    return statusCode[this.ctx.steps[this.programme.steps[s]!.id]?.status ?? 'notStarted'];
  }
  currentStep(): number {
    return this.ctx.currentStepId === null ? -1 : (this.programme.stepsById.get(this.ctx.currentStepId)?.index ?? -1);
  }
  exited(): boolean {
    return this.ctx.exit !== null;
  }
  requirementMark(s: number, q: number) {
    const m = this.mark(s, q);
    return m === undefined ? UNMARKED : m.status === 'met' ? MARKED_MET : MARKED_WAIVED;
  }
  requirementWaived(s: number, q: number): boolean {
    const when = this.requirement(s, q).waivedWhen;
    return when !== undefined && holds(when, scopeOf(this.programme, this.ctx.facts));
  }
  followUpSince(since: number, evaluationOf: number, roles: number): boolean {
    const of = evaluationOf >= 0 ? this.programme.steps[evaluationOf]!.id : undefined;
    const attending = this.programme.attendanceRoles;
    for (let i = since; i < this.ctx.followUps.length; i++) {
      const f = this.ctx.followUps[i]!;
      if (of !== undefined && !(f.kind === 'evaluation' && f.stepId === of)) continue;
      let bits = 0;
      for (const r of f.attendedBy) {
        const b = attending.indexOf(r);
        if (b >= 0) bits |= 1 << b;
      }
      if ((bits & roles) === roles) return true;
    }
    return false;
  }
  proposalDecided(seq: number): boolean {
    const p = this.ctx.proposals.find((x) => x.seq === seq);
    return p !== undefined && p.status !== 'pending';
  }
  exitFollowUpRecorded(followUpId: string): boolean {
    return this.ctx.exitFollowUps?.some((f) => f.followUpId === followUpId) ?? false;
  }
  markReason(s: number, q: number): string | undefined {
    return this.mark(s, q)?.reason;
  }
  waiver(s: number, q: number) {
    const when = this.requirement(s, q).waivedWhen;
    return when ? evaluate(when, scopeOf(this.programme, this.ctx.facts)) : undefined;
  }
}

export const contextReader = (programme: Programme, ctx: ParticipantContext): ExplainReader => new ContextReader(programme, ctx);

/**
 * The parts of the context each question of the record reads above (the programme aside, which an engine
 * never changes). The state is immutable and an event's rule copies only what it changes, so a part that is
 * the same object after an event has the same answers.
 */
const questionReads = {
  assessmentCompleted: ['assessment'],
  planEstablished: ['plan'],
  tookPartInPlan: ['plan'],
  stepStatus: ['steps'],
  currentStep: ['currentStepId'],
  exited: ['exit'],
  requirementMark: ['steps'],
  requirementWaived: ['facts'],
  followUpSince: ['followUps'],
  proposalDecided: ['proposals'],
  exitFollowUpRecorded: ['exitFollowUps'],
} as const satisfies { [Q in RecordQuestion]: readonly (keyof ParticipantContext)[] };

type Part = (typeof questionReads)[RecordQuestion][number];
type Ctx = ParticipantContext;

/**
 * Whether an event changed each part a record condition can read: a property read written out, where a loop
 * over the names (`before[key]`) was a keyed read of a dozen shapes on every event.
 */
const partChanged = {
  assessment: (a: Ctx, b: Ctx) => a.assessment !== b.assessment,
  plan: (a: Ctx, b: Ctx) => a.plan !== b.plan,
  steps: (a: Ctx, b: Ctx) => a.steps !== b.steps,
  currentStepId: (a: Ctx, b: Ctx) => a.currentStepId !== b.currentStepId,
  exit: (a: Ctx, b: Ctx) => a.exit !== b.exit,
  facts: (a: Ctx, b: Ctx) => a.facts !== b.facts,
  followUps: (a: Ctx, b: Ctx) => a.followUps !== b.followUps,
  proposals: (a: Ctx, b: Ctx) => a.proposals !== b.proposals,
  exitFollowUps: (a: Ctx, b: Ctx) => a.exitFollowUps !== b.exitFollowUps,
} as const satisfies { [K in Part]: (a: Ctx, b: Ctx) => boolean };

/** The parts of the context a record condition can read, as bits. */
const parts = Object.keys(partChanged) as Part[];
const partBit = new Map(parts.map((k, i) => [k, 1 << i]));
const changeTests = parts.map((k) => partChanged[k]);

/** The parts an event changed, as the bits `recordReads` gives: the parts that are not the same object after it. */
export function changedParts(before: ParticipantContext, after: ParticipantContext): number {
  let bits = 0;
  for (let i = 0; i < changeTests.length; i++) if (changeTests[i]!(before, after)) bits |= 1 << i;
  return bits;
}

const reads = new WeakMap<RecordCondition, number>();

/** The parts of the context a record condition reads, as bits (cached: conditions in the state are shared objects). */
export function recordReads(c: RecordCondition): number {
  let bits = reads.get(c);
  if (bits === undefined) {
    bits = 0;
    for (const q of recordConditionReads(c)) for (const k of questionReads[q]) bits |= partBit.get(k)!;
    reads.set(c, bits);
  }
  return bits;
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
