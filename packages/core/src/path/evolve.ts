import type { CompiledStep, Programme } from '../programme/compiled.js';
import { type DeadlineRule, regularFollowUp } from '../rules/blueprint.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { type IsoDate, addPeriod, localDate, subtractPeriod } from '../time/calendar.js';
import type { ParticipantContext, PlanRevision, RequirementMark, StepRecord } from '../state/context.js';
import { stamped } from '../state/stamp.js';
import { type Deadline, copyDeadline, isOpen, statusOn, withStatus } from '../state/deadline.js';
import type { DomainEvent, EventOf, EventType } from '../state/events.js';
import { changedParts, contextReader, recordReads, recordTest } from './context-reader.js';
import { participationEvents, trackParticipation } from './participation.js';
import { proposalDecided, proposalMade } from './proposals.js';
import { openExitFollowUps, recordExitFollowUp } from './exit-follow-up.js';
import { stepsWith } from './steps-record.js';

type Ctx = ParticipantContext;

const uniqueId = (deadlines: readonly Deadline[], base: string): string => {
  if (!deadlines.some((d) => d.id === base)) return base;
  let n = 2;
  while (deadlines.some((d) => d.id === `${base}.${n}`)) n++;
  return `${base}.${n}`;
};

/**
 * The deadline a step's rule opens, counted from `from` (intake or entry), with an id not yet among
 * `existing`; `followUps` is how many follow-ups are recorded (a follow-up condition counts only later ones).
 * Pure: evolve uses it, and so does a migration that opens a new step's deadlines.
 */
export function deadlineFor(step: CompiledStep, rule: DeadlineRule, from: IsoDate, existing: readonly Deadline[], followUps: number): Deadline {
  const dueOn = addPeriod(from, rule.after);
  const windowStart = rule.window ? subtractPeriod(dueOn, rule.window) : from;
  const duty = rule.onMissed;
  // Written field by field, in the order every deadline has them (see copyDeadline), optional ones only when there.
  const d = {
    id: uniqueId(existing, `${step.id}.${rule.id}`),
    kind: rule.kind,
    label: rule.label,
    stepId: step.id,
    opensOn: windowStart > from ? windowStart : from,
    dueOn,
    metWhen: rule.metWhen,
    followUpsBefore: followUps,
  } as Deadline;
  if (duty) d.onMissed = { id: duty.id, kind: duty.kind, label: duty.label, within: duty.within, metWhen: duty.metWhen };
  if (rule.flag) d.flag = rule.flag;
  if (rule.extendable) d.extendable = rule.extendable;
  d.status = 'upcoming';
  return d;
}

/** Opens the step's deadlines counted `from` intake or from entering it (in `ctx`, a rule's own: see `Apply`). */
function openRules(ctx: Ctx, step: CompiledStep, from: 'intake' | 'entry', on: IsoDate): Ctx {
  let deadlines: Deadline[] | null = null;
  for (const rule of step.blueprint.deadlines) if (rule.from === from) (deadlines ??= ctx.deadlines.slice()).push(deadlineFor(step, rule, on, deadlines, ctx.followUps.length));
  if (deadlines !== null) ctx.deadlines = deadlines;
  return ctx;
}

function emptyStep(): StepRecord {
  return { status: 'notStarted', requirements: {} };
}

function latestPlan(ctx: Ctx): PlanRevision | undefined {
  return ctx.plan[ctx.plan.length - 1];
}

// One condition object per programme: the deadlines share it, so its compiled test and its reads are cached once.
const followUpConditions = new WeakMap<Programme, RecordCondition>();
const followUpCondition = (programme: Programme, jointWith: readonly string[]): RecordCondition => {
  let c = followUpConditions.get(programme);
  if (c === undefined) followUpConditions.set(programme, (c = regularFollowUp.metWhen(jointWith)));
  return c;
};

/** The next regular follow-up, counted from the plan or the last follow-up, per the programme's cadence (in `ctx`, a rule's own). */
function scheduleFollowUp(programme: Programme, ctx: Ctx, on: IsoDate, first: boolean): Ctx {
  const cadence = programme.config.followUps;
  const plan = latestPlan(ctx);
  if (!cadence || !plan || ctx.exit) return ctx;
  // One pass: none may be open, and the new one is numbered after those there were.
  let n = 1;
  for (const d of ctx.deadlines) {
    if (d.kind !== regularFollowUp.kind) continue;
    if (isOpen(d)) return ctx;
    n++;
  }
  const opensOn = addPeriod(on, { weeks: first ? cadence.firstAfterWeeks : cadence.everyWeeks.min });
  const dueOn = addPeriod(on, { weeks: first ? cadence.firstAfterWeeks : plan.followUpEveryWeeks });
  const d: Deadline = {
    id: `followUp.${n}`,
    kind: regularFollowUp.kind,
    label: { sv: `Uppföljning ${n}`, en: `Follow-up ${n}` },
    opensOn,
    dueOn,
    metWhen: followUpCondition(programme, cadence.jointWith),
    followUpsBefore: ctx.followUps.length,
    status: 'upcoming',
  };
  ctx.deadlines = [...ctx.deadlines, d];
  return ctx;
}

/**
 * After every event: deadlines whose condition now holds are met on `today`; the others take the
 * status the calendar gives them; a missed deadline opens the duty it carries (an evaluation).
 *
 * `checked` is the state before the event, whose deadlines were refreshed then, on its day (null: check every
 * one, as after a migration). A deadline it already had is checked again only when the event changed a part of
 * the state its condition reads (`recordReads`): its condition did not hold then, and reads the same now. If
 * besides the day did not move, the deadline is left as it is: its status is the calendar's for that day
 * already (the refresh then gave it), and a duty opens only when a status changes.
 */
export function refreshDeadlines(programme: Programme, ctx: Ctx, today: IsoDate, checked: Ctx | null): Ctx {
  const deadlines = refreshed(programme, ctx, today, checked);
  return deadlines === ctx.deadlines ? ctx : { ...ctx, deadlines };
}

/** `refreshDeadlines`' list: `ctx.deadlines` itself when no deadline changed (most events). */
function refreshed(programme: Programme, ctx: Ctx, today: IsoDate, checked: Ctx | null): Deadline[] {
  let reader: ReturnType<typeof contextReader> | null = null;
  // The parts the event changed, found once and only if a deadline checked before is still in its place.
  let changed: number | undefined;
  // A deadline is the one checked before when it is the same object at the same place (rules append to the
  // list or replace in place; anything else only means more checks).
  const before = checked === null ? [] : checked.deadlines;
  const sameDay = checked !== null && checked.today === today;
  // The list is copied only if a deadline changes: most events leave every deadline as it was.
  let deadlines: Deadline[] | null = null;
  let opened: Deadline[] | null = null;
  const list = ctx.deadlines;
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!;
    if (!isOpen(d)) continue;
    let next: Deadline = d;
    let check = before[i] !== d;
    if (!check) {
      changed ??= changedParts(checked!, ctx);
      // Most events change no part a condition reads (a tick): then no condition's reads are looked up.
      check = changed !== 0 && (recordReads(d.metWhen) & changed) !== 0;
      if (!check && sameDay) continue;
    }
    if (check && recordTest(programme, d.metWhen)((reader ??= contextReader(programme, ctx)), d.followUpsBefore)) {
      next = withStatus(d, 'met');
      next.metOn = today;
      next.late = today > d.dueOn;
    } else {
      const status = statusOn(d, today);
      if (status === 'overdue' && d.status !== 'overdue' && d.onMissed) {
        const m = d.onMissed;
        const opensOn = addPeriod(d.dueOn, { days: 1 });
        const dueOn = addPeriod(d.dueOn, m.within);
        const base = d.stepId ? `${d.stepId}.${m.id}` : `${d.id}.${m.id}`;
        (opened ??= []).push({
          id: uniqueId(opened.length > 0 ? [...list, ...opened] : list, base),
          kind: m.kind,
          label: m.label,
          ...(d.stepId ? { stepId: d.stepId } : {}),
          opensOn,
          dueOn,
          metWhen: m.metWhen,
          followUpsBefore: ctx.followUps.length,
          status: statusOn({ opensOn, dueOn, status: 'upcoming' }, today),
        });
      }
      if (status !== d.status) next = withStatus(d, status);
    }
    if (next !== d) (deadlines ??= list.slice())[i] = next;
  }
  if (opened !== null) return [...(deadlines ?? list), ...opened];
  return deadlines ?? (list as Deadline[]);
}

/** The step's record replaced (in `ctx`, a rule's own). */
const setStep = (programme: Programme, ctx: Ctx, stepId: string, record: StepRecord): Ctx => {
  ctx.steps = stepsWith(programme, ctx.steps, stepId, record);
  return ctx;
};

/**
 * A step's record copied field by field, in the order the engine writes them (status, entered, requirements,
 * completed), for a rule to change before it shares it: as `copyDeadline`, faster than a spread of its shapes.
 */
function copyStep(r: StepRecord): StepRecord {
  const o = { status: r.status } as StepRecord;
  if (r.enteredOn !== undefined) o.enteredOn = r.enteredOn;
  o.requirements = r.requirements;
  if (r.completedOn !== undefined) o.completedOn = r.completedOn;
  if (r.completedBy !== undefined) o.completedBy = r.completedBy;
  return o;
}
const copiedStepFields = { status: true, enteredOn: true, requirements: true, completedOn: true, completedBy: true } as const satisfies { [K in keyof StepRecord]-?: true };
void copiedStepFields;

/** The step completed on `on`, by an advance or by the exit. */
function completedStep(r: StepRecord, on: IsoDate, by: 'advance' | 'exit'): StepRecord {
  const o = copyStep(r);
  o.status = 'completed';
  o.completedOn = on;
  o.completedBy = by;
  return o;
}

/**
 * An event's rule. `ctx` is the state before the event with its clock moved (`stamped`): a fresh object `evolve`
 * made for this event, which the rule may write into and return, or copy. What it returns is `evolve`'s own too
 * (the refresh writes into it), so it is `ctx` or a new object, never one shared with anything else (the
 * migration's recorded state, which is the event's, is copied by `evolve`).
 */
type Apply<T extends EventType> = (programme: Programme, ctx: Ctx, e: EventOf<T>, today: IsoDate) => Ctx;
/** An event's rule; or, when a part of it must see the deadlines refreshed first, its two halves. */
type EventRule<T extends EventType> = Apply<T> | { readonly apply: Apply<T>; readonly afterRefresh: Apply<T> };

/**
 * What each event does to the context, written once: the machine's action and replay both come here. A new
 * event type is a type error until it has its entry.
 */
const eventRules: { [T in EventType]: EventRule<T> } = {
  'participant.referred': (programme, ctx, e, today) => {
      ctx.referredOn = today;
      ctx.referral = { caseworkerId: e.actor.id, status: 'waiting' as const, ...(e.payload.ruleId ? { ruleId: e.payload.ruleId } : {}) };
      ctx.facts = { ...e.payload.facts };
      ctx.area = e.payload.area ?? null;
      ctx.responsible = e.payload.responsible ?? null;
      return ctx;
    },
  'referral.declined': (programme, ctx, e, today) => {
      ctx.referredOn = today;
      ctx.referral = { caseworkerId: e.actor.id, status: 'declined' as const, ...(e.payload.ruleId ? { ruleId: e.payload.ruleId } : {}) };
      return ctx;
    },
  'participant.waitlisted': (programme, ctx, _e, today) => ctx,
  'participant.admitted': (programme, ctx, _e, today) => {
      const first = programme.steps[0]!;
      const steps = Object.fromEntries(programme.steps.map((s) => [s.id, s === first ? { status: 'active' as const, enteredOn: today, requirements: {} } : emptyStep()]));
      ctx.intakeOn = today;
      ctx.referral = { ...ctx.referral!, status: 'admitted' as const };
      ctx.currentStepId = first.id;
      ctx.steps = steps;
      let next = ctx;
      for (const s of programme.steps) next = openRules(next, s, 'intake', today);
      return openRules(next, first, 'entry', today);
    },
  'area.assigned': (programme, ctx, e, today) => {
      ctx.area = e.payload.areaId;
      return ctx;
    },
  'responsibility.handedOver': (programme, ctx, e, today) => {
      ctx.responsible = e.payload.to;
      return ctx;
    },
  'deadline.extended': (programme, ctx, e, today) => {
      ctx.deadlines = ctx.deadlines.map((d) => {
        if (d.id !== e.payload.deadlineId) return d;
        const moved = copyDeadline(d);
        moved.dueOn = e.payload.dueOn;
        moved.originalDueOn = d.originalDueOn ?? d.dueOn;
        return moved;
      });
      return ctx;
    },
  'deviation.recorded': (programme, ctx, _e, today) => {
      ctx.attendance = { ...ctx.attendance, deviations: ctx.attendance.deviations + 1 };
      return ctx;
    },
  'facts.updated': (programme, ctx, e, today) => {
      ctx.facts = { ...ctx.facts, ...e.payload.facts };
      return ctx;
    },
  'assessment.completed': (programme, ctx, e, today) => {
      ctx.assessment = { on: today, by: e.actor.id, contents: e.payload.contents };
      return ctx;
    },
  'plan.established': (programme, ctx, e, today) => {
      const p = e.payload;
      // After a regression to the plan step the plan is established anew: a new revision, the history kept.
      const revision: PlanRevision = {
        revision: ctx.plan.length + 1,
        on: today,
        by: e.actor.id,
        participantTookPart: p.participantTookPart,
        contents: p.contents,
        followUpEveryWeeks: p.followUpEveryWeeks,
        subGoals: Object.fromEntries(p.subGoals.map((g) => [g, 'open' as const])),
      };
      ctx.plan = [...ctx.plan, revision];
      return scheduleFollowUp(programme, ctx, today, true);
    },
  'plan.revised': (programme, ctx, e, today) => {
      const p = e.payload;
      const prev = latestPlan(ctx)!;
      const revision: PlanRevision = {
        revision: prev.revision + 1,
        on: today,
        by: e.actor.id,
        participantTookPart: p.participantTookPart,
        reason: p.reason,
        contents: p.contents ?? prev.contents,
        followUpEveryWeeks: p.followUpEveryWeeks ?? prev.followUpEveryWeeks,
        subGoals: { ...prev.subGoals, ...p.subGoals, ...Object.fromEntries(p.addSubGoals.map((g) => [g, 'open' as const])) },
      };
      ctx.plan = [...ctx.plan, revision];
      return ctx;
    },
  'followUp.recorded': {
    apply: (programme, ctx, e, today) => {
      const p = e.payload;
      // Field by field, absent ones left out (a spread in the middle of a literal is a slow copy on every event).
      const followUp = { on: today, by: e.actor.id, kind: p.kind } as Ctx['followUps'][number];
      if (p.stepId) followUp.stepId = p.stepId;
      followUp.participantTookPart = p.participantTookPart;
      followUp.attendedBy = p.attendedBy;
      ctx.followUps = [...ctx.followUps, followUp];
      return ctx;
    },
    // The met check runs before the next follow-up is scheduled, so this meeting closes the open one.
    afterRefresh: (programme, ctx, _e, today) => scheduleFollowUp(programme, ctx, today, false),
  },
  'attendance.recorded': (programme, ctx, e, today) => {
      ctx.attendance = { ...ctx.attendance, hours: ctx.attendance.hours + e.payload.hours, days: ctx.attendance.days + 1 };
      return ctx;
    },
  'absence.recorded': (programme, ctx, e, today) => {
      ctx.attendance = {
        ...ctx.attendance,
        absences: ctx.attendance.absences + 1,
        unreportedAbsences: ctx.attendance.unreportedAbsences + (e.payload.reported ? 0 : 1),
      };
      return ctx;
    },
  'requirement.marked': (programme, ctx, e, today) => {
      const p = e.payload;
      const record = ctx.steps[p.stepId] ?? emptyStep();
      const mark: RequirementMark = { status: p.status, on: today, by: e.actor.id };
      if (p.reason) mark.reason = p.reason;
      if (p.evidence) mark.evidence = p.evidence;
      const marked = copyStep(record);
      marked.requirements = { ...record.requirements, [p.requirementId]: mark };
      return setStep(programme, ctx, p.stepId, marked);
    },
  'step.advanced': (programme, ctx, e, today) => {
      const { from, to } = e.payload;
      // As `{ ...ctx.steps, [from]: …, [to]: … }`: the copy is the rule's own, so the second key is written into it.
      const steps = stepsWith(programme, ctx.steps, from, completedStep(ctx.steps[from]!, today, 'advance'));
      steps[to] = { status: 'active', enteredOn: today, requirements: {} };
      ctx.steps = steps;
      ctx.currentStepId = to;
      return openRules(ctx, programme.stepsById.get(to)!, 'entry', today);
    },
  'step.regressed': (programme, ctx, e, today) => {
      const target = programme.stepsById.get(e.payload.to)!;
      // Steps from the target on start over: their marks no longer describe where the participant is.
      const steps = { ...ctx.steps };
      for (const s of programme.steps.slice(target.index)) steps[s.id] = emptyStep();
      steps[target.id] = { status: 'active', enteredOn: today, requirements: {} };
      ctx.steps = steps;
      ctx.currentStepId = target.id;
      return openRules(ctx, target, 'entry', today);
    },
  'participant.paused': (programme, ctx, _e, today) => {
      ctx.pausedOn = today;
      return ctx;
    },
  'participant.resumed': (programme, ctx, _e, today) => {
      ctx.pausedOn = null;
      return ctx;
    },
  'participant.exited': (programme, ctx, e, today) => {
      const outcome = programme.outcomesById.get(e.payload.outcomeId);
      const reached = outcome?.completesStep ? programme.stepsById.get(outcome.completesStep)!.index : -1;
      const steps = { ...ctx.steps };
      for (const s of programme.steps.slice(0, reached + 1))
        if (steps[s.id]?.status !== 'completed') steps[s.id] = completedStep(steps[s.id] ?? emptyStep(), today, 'exit');
      ctx.steps = steps;
      ctx.pausedOn = null;
      ctx.exit = { outcomeId: e.payload.outcomeId, income: e.payload.income, on: today, fromStepId: e.payload.fromStepId };
      return ctx;
    },
  'clock.ticked': (programme, ctx, _e, today) => ctx,
  // The recorded state is the migration's result; evolve moves its version and time on.
  'participant.migrated': (programme, ctx, e) => e.payload.state,
  ...participationEvents,
  // The engine's fold leaves voided events and the voids out (path/voids.ts); a void alone changes nothing here.
  'event.voided': (programme, ctx) => ctx,
  'proposal.made': (programme, ctx, e, today) => proposalMade(programme, ctx, e, today),
  'proposal.approved': (programme, ctx, e, today) => proposalDecided(ctx, e, today),
  'proposal.rejected': (programme, ctx, e, today) => proposalDecided(ctx, e, today),
  'exitFollowUp.recorded': (programme, ctx, e, today) => recordExitFollowUp(ctx, e, today),
};

const ruleOf = (type: EventType) => eventRules[type] as EventRule<EventType>;

/** Every open deadline cancelled (in `ctx`, `evolve`'s own). */
const cancelOpen = (ctx: Ctx): Ctx => {
  if (ctx.deadlines.some(isOpen)) ctx.deadlines = ctx.deadlines.map((d) => (isOpen(d) ? withStatus(d, 'cancelled') : d));
  return ctx;
};

/**
 * The pure state update for one event: the XState machine's only action, and what replay folds over.
 * The participant's calendar moves to the event's day (never backwards), then deadlines are refreshed.
 */
export function evolve(programme: Programme, ctx: Ctx, event: DomainEvent): Ctx {
  const day = localDate(event.at);
  const today = ctx.today === null || day > ctx.today ? day : ctx.today;
  const rule = ruleOf(event.type);
  // A migrated state was refreshed under another programme version: every deadline is checked under this one.
  const migrated = event.type === 'participant.migrated';
  // The state with its clock moved, a fresh object this function's own until it returns: the rule writes into it
  // or copies it (`Apply`), and the refreshed deadlines are written into what it gives.
  let next = trackParticipation(programme, (typeof rule === 'function' ? rule : rule.apply)(programme, stamped(ctx, today, event.seq, event.at), event, today), event, today);
  // The migration's state is the event's: copied, its day kept when later than the event's (the calendar never moves backwards).
  if (migrated) next = stamped(next, next.today !== null && next.today > today ? next.today : today, event.seq, event.at);
  const on = next.today!;
  next.deadlines = refreshed(programme, next, on, migrated ? null : ctx);
  if (typeof rule !== 'function') {
    // Its result is this function's own too: the state above, or a copy of it.
    next = rule.afterRefresh(programme, next, event, on);
    // Refreshed again, as the state before the event is: unless nothing changed, when that is the refresh just made.
    if (next.deadlines !== ctx.deadlines) next.deadlines = refreshed(programme, next, on, migrated ? null : ctx);
  }
  // At the exit every open deadline is cancelled and the follow-ups after exit open; after it, only those are open.
  return !next.exit ? next : event.type === 'participant.exited' ? openExitFollowUps(programme, cancelOpen(next)) : next;
}
