import type { FactValue } from '@stegvis/core';
import { addMonths, isoDate } from './calendar.js';
import {
  ACTIVE, CANCELLED, COL_OUTCOMES_DENIED, COL_REFERRAL, type CompiledKernel, DECLINE, DECLINED, DUE, EXITED, INTAKE, M_ASSESSMENT,
  M_FOLLOW_UP, M_PLAN, M_REQUIREMENT, M_STEP_COMPLETED, M_STEP_LEFT, MET, NONE, NEVER, OVERDUE, PAUSED, type PhaseName, type StatusName,
  UPCOMING, WAITING, WAITLIST, incomeNames, phaseNames, statusNames,
} from './compile.js';
import { encodeFacts } from './profiles.js';

/** A deadline as the kernel's reader shows it: what core's `ParticipantContext.deadlines` holds, less labels. */
export interface KernelDeadline {
  readonly id: string;
  readonly kind: string;
  readonly status: StatusName;
  readonly opensOn: string;
  readonly dueOn: string;
  readonly metOn?: string;
  readonly late?: boolean;
}

export interface KernelView {
  readonly phase: PhaseName;
  readonly stepId: string | null;
  readonly deadlines: readonly KernelDeadline[];
  readonly exit: { readonly outcomeId: string; readonly income: (typeof incomeNames)[number] } | null;
}

const INITIAL_DEADLINES = 16;

const grown16 = (a: Int16Array, b: Int16Array) => (b.set(a), b);
const grownU16 = (a: Uint16Array, b: Uint16Array) => (b.set(a), b);
const grown32 = (a: Int32Array, b: Int32Array) => (b.set(a), b);
const grownU8 = (a: Uint8Array, b: Uint8Array) => (b.set(a), b);

/**
 * One participant's state in typed arrays, and the commands the simulator issues, each with core's rules:
 * a refused command returns `false` and changes nothing. Days are day numbers (see `calendar.ts`), the
 * Stockholm date of the command. Deadlines are refreshed at the same points core's `evolve` refreshes
 * them (after every event a command becomes), so ids, order, statuses and duties come out identical;
 * `kernel-equivalence.test.ts` proves it against the XState engine for every example programme.
 *
 * One object can be `reset()` and reused for any number of participants: nothing is allocated per command,
 * except when a participant's deadline list outgrows its arrays (they double).
 *
 * @example
 * const p = new KernelParticipant(compileKernel(programme));
 * p.refer(dayNumber('2026-01-05'), { fullTimeSickLeave: false }, true);
 * p.completeAssessment(dayNumber('2026-01-12'));
 * p.read(); // { phase: 'active', stepId: 'actionPlan', deadlines: [...], exit: null }
 */
export class KernelParticipant {
  phase = INTAKE;
  step = -1;
  today = NONE;
  referredDay = NONE;
  intakeDay = NONE;
  /** Profile of the participant's facts in the kernel's profile space. */
  profile = 0;
  readonly facts: Float64Array;
  area = -1;
  hasAssessment = false;
  hasPlan = false;
  planWeeks = 0;
  followUps = 0;
  lastJointFollowUp = -1;
  readonly lastEvaluation: Int32Array;
  readonly lastJointEvaluation: Int32Array;
  readonly stepStatus: Uint8Array;
  readonly stepCompletedDay: Int32Array;
  readonly reqMarks: Uint32Array;
  pausedDay = NONE;
  pausedDays = 0;
  regressions = 0;
  exitOutcome = -1;
  exitDay = NONE;
  /** Overdue lock-in deadlines (a time-limited employment past its end), so the flag is carried while > 0. */
  lockedIn = 0;

  // Deadlines, in the order core lists them.
  count = 0;
  dTpl: Int16Array;
  dSeq: Uint16Array;
  dOpens: Int32Array;
  dDue: Int32Array;
  dStatus: Uint8Array;
  dMetDay: Int32Array;
  dAfter: Int32Array;
  /** For the simulator: the day it plans to meet this deadline, `NONE` while unplanned. */
  dHold: Int32Array;
  /** Indices of the deadlines not yet met or cancelled, in list order: what a refresh looks at. */
  openIdx: Int32Array;
  openCount = 0;
  readonly baseCount: Uint16Array;
  followUpKindCount = 0;
  openFollowUps = 0;
  /** The first day on which an open deadline changes status by the calendar alone. */
  nextChange = NEVER;
  /** For the simulator: the first day it must look at the deadlines again (reset when one opens). */
  nextDuty = NONE;

  constructor(readonly k: CompiledKernel) {
    const n = k.nSteps;
    this.facts = new Float64Array(k.programme.config.facts.length).fill(NaN);
    this.lastEvaluation = new Int32Array(n).fill(-1);
    this.lastJointEvaluation = new Int32Array(n).fill(-1);
    this.stepStatus = new Uint8Array(n);
    this.stepCompletedDay = new Int32Array(n).fill(NONE);
    this.reqMarks = new Uint32Array(n);
    this.dTpl = new Int16Array(INITIAL_DEADLINES);
    this.dSeq = new Uint16Array(INITIAL_DEADLINES);
    this.dOpens = new Int32Array(INITIAL_DEADLINES);
    this.dDue = new Int32Array(INITIAL_DEADLINES);
    this.dStatus = new Uint8Array(INITIAL_DEADLINES);
    this.dMetDay = new Int32Array(INITIAL_DEADLINES);
    this.dAfter = new Int32Array(INITIAL_DEADLINES);
    this.dHold = new Int32Array(INITIAL_DEADLINES);
    this.openIdx = new Int32Array(INITIAL_DEADLINES);
    this.baseCount = new Uint16Array(k.nBases);
  }

  /** Back to a participant before referral, reusing the arrays. */
  reset(): this {
    this.phase = INTAKE;
    this.step = -1;
    this.today = NONE;
    this.referredDay = NONE;
    this.intakeDay = NONE;
    this.profile = 0;
    this.facts.fill(NaN);
    this.area = -1;
    this.hasAssessment = false;
    this.hasPlan = false;
    this.planWeeks = 0;
    this.followUps = 0;
    this.lastJointFollowUp = -1;
    this.lastEvaluation.fill(-1);
    this.lastJointEvaluation.fill(-1);
    this.stepStatus.fill(0);
    this.stepCompletedDay.fill(NONE);
    this.reqMarks.fill(0);
    this.pausedDay = NONE;
    this.pausedDays = 0;
    this.regressions = 0;
    this.exitOutcome = -1;
    this.exitDay = NONE;
    this.lockedIn = 0;
    this.count = 0;
    this.openCount = 0;
    this.baseCount.fill(0);
    this.followUpKindCount = 0;
    this.openFollowUps = 0;
    this.nextChange = NEVER;
    this.nextDuty = NONE;
    return this;
  }

  // ------------------------------------------------------------------------------------------------
  // Commands. Each returns whether it was accepted.

  /** Sets the facts from a record (tests and hosts); the simulator writes `facts` and `profile` directly. */
  setFacts(values: Readonly<Record<string, FactValue>>): void {
    encodeFacts(this.k.programme.config.facts, values, this.facts);
    this.profile = this.k.profiles.indexOf(this.facts);
  }

  /**
   * A referral: the programme's referral rules decide; an accepted referral gets a place when
   * `placeGranted` (the roster's answer), otherwise it waits. With `facts`, they are recorded first.
   */
  refer(day: number, facts: Readonly<Record<string, FactValue>> | null, placeGranted: boolean): boolean {
    if (this.phase !== INTAKE) return false;
    if (facts) this.setFacts(facts);
    this.at(day);
    this.referredDay = this.today;
    const decision = this.k.table.get(this.profile, COL_REFERRAL);
    if (decision === DECLINE) {
      this.phase = DECLINED;
      return true;
    }
    this.phase = WAITING;
    if (decision === WAITLIST || !placeGranted) return true;
    this.enter();
    return true;
  }

  /** A place is given to a participant on the waiting list. */
  admit(day: number): boolean {
    if (this.phase !== WAITING) return false;
    this.at(day);
    this.enter();
    return true;
  }

  /** Records the assessment at an assessment step; the step then completes and the next begins. */
  completeAssessment(day: number): boolean {
    if (this.phase !== ACTIVE || this.k.stepIsAssessment[this.step] !== 1) return false;
    this.at(day);
    this.hasAssessment = true;
    this.refreshBeforeMove();
    if (this.step + 1 < this.k.nSteps) this.moveOn();
    return true;
  }

  /** Establishes the action plan at an action-plan step, with the follow-up interval (the cadence's max by default). */
  establishPlan(day: number, followUpEveryWeeks?: number): boolean {
    if (this.phase !== ACTIVE || this.k.stepIsPlan[this.step] !== 1) return false;
    const c = this.k.cadence;
    let weeks: number;
    if (!c) weeks = followUpEveryWeeks ?? 0;
    else if (followUpEveryWeeks === undefined) weeks = c.max;
    else if (followUpEveryWeeks < c.min || followUpEveryWeeks > c.max) return false;
    else weeks = followUpEveryWeeks;
    this.at(day);
    this.hasPlan = true;
    this.planWeeks = weeks;
    this.scheduleFollowUp(true);
    this.refreshBeforeMove();
    if (this.step + 1 < this.k.nSteps) this.moveOn();
    return true;
  }

  /** Marks one requirement of the current step met. */
  markRequirement(day: number, requirement: number): boolean {
    if (this.phase !== ACTIVE || requirement < 0 || requirement >= this.k.stepReqCount[this.step]!) return false;
    this.at(day);
    this.reqMarks[this.step] = (this.reqMarks[this.step]! | (1 << requirement)) >>> 0;
    this.refresh();
    return true;
  }

  /** Every requirement of the current step is met, and the participant moves to the next step. */
  advance(day: number): boolean {
    const k = this.k;
    const s = this.step;
    if (this.phase !== ACTIVE || s + 1 >= k.nSteps) return false;
    if ((k.stepIsAssessment[s] === 1 && !this.hasAssessment) || (k.stepIsPlan[s] === 1 && !this.hasPlan)) return false;
    this.at(day);
    if (k.stepReqCount[s]! > 0) {
      this.reqMarks[s] = k.stepAllReqs[s]!;
      this.refreshBeforeMove();
    }
    this.moveOn();
    return true;
  }

  /** Back to an earlier step; it and the steps after it start over. */
  regress(day: number, to: number): boolean {
    if (this.phase !== ACTIVE || to < 0 || to >= this.step) return false;
    this.at(day);
    for (let s = to; s < this.k.nSteps; s++) {
      this.stepStatus[s] = 0;
      this.stepCompletedDay[s] = NONE;
      this.reqMarks[s] = 0;
    }
    this.stepStatus[to] = 1;
    this.step = to;
    this.regressions++;
    this.openEntry(to);
    this.refresh();
    return true;
  }

  pause(day: number): boolean {
    if (this.phase !== ACTIVE) return false;
    this.at(day);
    this.phase = PAUSED;
    this.pausedDay = this.today;
    this.refresh();
    return true;
  }

  resume(day: number): boolean {
    if (this.phase !== PAUSED) return false;
    this.at(day);
    this.phase = ACTIVE;
    this.pausedDays += this.today - this.pausedDay;
    this.pausedDay = NONE;
    this.refresh();
    return true;
  }

  /** Leaves to an outcome (index into the exit step's outcomes), if its condition holds for the participant. */
  exit(day: number, outcome: number): boolean {
    const k = this.k;
    if (this.phase !== WAITING && this.phase !== ACTIVE && this.phase !== PAUSED) return false;
    if (outcome < 0 || outcome >= k.nOutcomes) return false;
    if ((k.table.get(this.profile, COL_OUTCOMES_DENIED) & k.outcomeBit[outcome]!) !== 0) return false;
    this.at(day);
    const reached = k.outcomeCompletes[outcome]!;
    for (let s = 0; s <= reached; s++)
      if (this.stepStatus[s] !== 2) {
        this.stepStatus[s] = 2;
        this.stepCompletedDay[s] = this.today;
      }
    if (this.phase === PAUSED) this.pausedDays += this.today - this.pausedDay;
    this.pausedDay = NONE;
    this.phase = EXITED;
    this.exitOutcome = outcome;
    this.exitDay = this.today;
    this.refresh();
    for (let j = 0; j < this.openCount; j++) this.close(this.openIdx[j]!, CANCELLED);
    this.openCount = 0;
    this.nextChange = NEVER;
    return true;
  }

  /**
   * A follow-up meeting (or, with `evaluationOf`, the evaluation of that step), attended by everyone the
   * cadence's `jointWith` names when `joint`. Needs a plan; allowed while paused.
   */
  followUp(day: number, evaluationOf = -1, joint = true): boolean {
    if ((this.phase !== ACTIVE && this.phase !== PAUSED) || !this.hasPlan) return false;
    if (evaluationOf >= this.k.nSteps) return false;
    this.at(day);
    const idx = this.followUps++;
    if (joint) this.lastJointFollowUp = idx;
    if (evaluationOf >= 0) {
      this.lastEvaluation[evaluationOf] = idx;
      if (joint) this.lastJointEvaluation[evaluationOf] = idx;
    }
    this.refresh();
    // Scheduling only appends an upcoming follow-up: nothing else can change before core's second refresh.
    const before = this.count;
    this.scheduleFollowUp(false);
    if (this.count > before && this.dOpens[before]! < this.nextChange) this.nextChange = this.dOpens[before]!;
    return true;
  }

  /** The clock: deadlines that fall due or are missed by `day` change status. */
  tick(day: number): boolean {
    if (this.phase !== WAITING && this.phase !== ACTIVE && this.phase !== PAUSED) return false;
    if (day > this.today) this.today = day;
    if (this.today >= this.nextChange) this.calendar();
    return true;
  }

  // ------------------------------------------------------------------------------------------------
  // Reading.

  deadlineId(i: number): string {
    const k = this.k;
    const t = this.dTpl[i]!;
    const seq = this.dSeq[i]!;
    if (t === k.followUpTemplate) return `followUp.${seq}`;
    return seq === 1 ? k.tplBase[t]! : `${k.tplBase[t]}.${seq}`;
  }

  read(): KernelView {
    const k = this.k;
    const deadlines: KernelDeadline[] = [];
    for (let i = 0; i < this.count; i++) {
      const st = this.dStatus[i]!;
      deadlines.push({
        id: this.deadlineId(i),
        kind: k.kinds[k.tplKind[this.dTpl[i]!]!]!,
        status: statusNames[st]!,
        opensOn: isoDate(this.dOpens[i]!),
        dueOn: isoDate(this.dDue[i]!),
        ...(st === MET ? { metOn: isoDate(this.dMetDay[i]!), late: this.dMetDay[i]! > this.dDue[i]! } : {}),
      });
    }
    return {
      phase: phaseNames[this.phase]!,
      stepId: this.step >= 0 ? k.stepIds[this.step]! : null,
      deadlines,
      exit: this.exitOutcome >= 0 ? { outcomeId: k.outcomeIds[this.exitOutcome]!, income: incomeNames[k.outcomeIncome[this.exitOutcome]!]! } : null,
    };
  }

  // ------------------------------------------------------------------------------------------------
  // Internals: core's evolve, event by event.

  private at(day: number): void {
    if (day > this.today) this.today = day;
  }

  /** `participant.admitted`: the path begins at the first step; intake deadlines, then the first step's entry ones. */
  private enter(): void {
    const k = this.k;
    this.phase = ACTIVE;
    this.intakeDay = this.today;
    this.step = 0;
    this.stepStatus.fill(0);
    this.stepStatus[0] = 1;
    this.stepCompletedDay.fill(NONE);
    this.reqMarks.fill(0);
    const intake = k.intakeTemplates;
    for (let i = 0; i < intake.length; i++) this.open(intake[i]!, this.today);
    this.openEntry(0);
    this.refresh();
  }

  /** `step.advanced` from the current step to the next. */
  private moveOn(): void {
    const s = this.step;
    this.stepStatus[s] = 2;
    this.stepCompletedDay[s] = this.today;
    const next = s + 1;
    this.stepStatus[next] = 1;
    this.stepCompletedDay[next] = NONE;
    this.reqMarks[next] = 0;
    this.step = next;
    this.openEntry(next);
    this.refresh();
  }

  private openEntry(s: number): void {
    const k = this.k;
    for (let i = k.entryStart[s]!; i < k.entryStart[s + 1]!; i++) this.open(k.entryTemplates[i]!, this.today);
  }

  private grow(): void {
    const cap = this.dTpl.length * 2;
    this.dTpl = grown16(this.dTpl, new Int16Array(cap));
    this.dSeq = grownU16(this.dSeq, new Uint16Array(cap));
    this.dOpens = grown32(this.dOpens, new Int32Array(cap));
    this.dDue = grown32(this.dDue, new Int32Array(cap));
    this.dStatus = grownU8(this.dStatus, new Uint8Array(cap));
    this.dMetDay = grown32(this.dMetDay, new Int32Array(cap));
    this.dAfter = grown32(this.dAfter, new Int32Array(cap));
    this.dHold = grown32(this.dHold, new Int32Array(cap));
    this.openIdx = grown32(this.openIdx, new Int32Array(cap));
  }

  private push(tpl: number, opens: number, due: number, after: number, status: number): void {
    if (this.count === this.dTpl.length) this.grow();
    const k = this.k;
    const i = this.count++;
    const b = k.tplBaseIndex[tpl]!;
    const seq = tpl === k.followUpTemplate ? ++this.followUpKindCount : ++this.baseCount[b]!;
    if (tpl !== k.followUpTemplate && k.tplIsFollowUpKind[tpl] === 1) this.followUpKindCount++;
    if (k.tplIsFollowUpKind[tpl] === 1) this.openFollowUps++;
    this.dTpl[i] = tpl;
    this.dSeq[i] = seq;
    this.dOpens[i] = opens;
    this.dDue[i] = due;
    this.dStatus[i] = status;
    this.dMetDay[i] = NONE;
    this.dAfter[i] = after;
    this.dHold[i] = NONE;
    if (status !== MET && status !== CANCELLED) this.openIdx[this.openCount++] = i;
    this.nextDuty = NONE;
  }

  /** core's `openDeadline`: due after the rule's period; shown as due from the window's start. */
  private open(tpl: number, from: number): void {
    const k = this.k;
    const due = addMonths(from, k.tplAfterMonths[tpl]!) + k.tplAfterDays[tpl]!;
    let opens = from;
    if (k.tplHasWindow[tpl] === 1) {
      const w = addMonths(due, -k.tplWindowMonths[tpl]!) - k.tplWindowDays[tpl]!;
      if (w > from) opens = w;
    }
    this.push(tpl, opens, due, k.tplMetAfter[tpl]!, UPCOMING);
  }

  /** core's `scheduleFollowUp`: the next regular follow-up, unless one is open. */
  private scheduleFollowUp(first: boolean): void {
    const c = this.k.cadence;
    if (!c || !this.hasPlan || this.phase === EXITED || this.openFollowUps > 0) return;
    const opens = this.today + 7 * (first ? c.firstAfterWeeks : c.min);
    const due = this.today + 7 * (first ? c.firstAfterWeeks : this.planWeeks);
    this.push(this.k.followUpTemplate, opens, due, this.followUps, UPCOMING);
  }

  private isMet(i: number): boolean {
    const k = this.k;
    const t = this.dTpl[i]!;
    switch (k.tplMet[t]) {
      case M_ASSESSMENT:
        return this.hasAssessment;
      case M_PLAN:
        return this.hasPlan;
      case M_STEP_COMPLETED:
        return this.stepStatus[k.tplMetStep[t]!] === 2;
      case M_STEP_LEFT:
        return this.step !== k.tplMetStep[t] || this.phase === EXITED;
      case M_FOLLOW_UP: {
        const s = k.tplMetStep[t]!;
        const after = this.dAfter[i]!;
        if (s < 0) return (k.tplMetJoint[t] === 1 ? this.lastJointFollowUp : this.followUps - 1) >= after;
        return (k.tplMetJoint[t] === 1 ? this.lastJointEvaluation[s]! : this.lastEvaluation[s]!) >= after;
      }
      case M_REQUIREMENT:
        return (this.reqMarks[k.tplMetStep[t]!]! & k.tplMetReqBit[t]!) !== 0;
      default:
        return false;
    }
  }

  private close(i: number, status: number): void {
    const k = this.k;
    const t = this.dTpl[i]!;
    if (k.tplIsFollowUpKind[t] === 1) this.openFollowUps--;
    if (k.tplLockIn[t] === 1 && this.dStatus[i] === OVERDUE) this.lockedIn--;
    this.dStatus[i] = status;
    if (status === MET) this.dMetDay[i] = this.today;
  }

  /**
   * The refresh core makes after a record and before the step it completes moves on. It can be left to
   * the refresh after the move when that finds the same: no deadline changes status by the calendar today
   * (a deadline turning overdue here opens its duty even if the move then meets it), and the next step
   * opens no deadline on entry (which would come before any duty opened here). Met conditions only grow
   * with the move, so the later refresh meets what this one would.
   */
  private refreshBeforeMove(): void {
    const next = this.step + 1;
    if (this.today >= this.nextChange || next >= this.k.nSteps || this.k.entryStart[next + 1]! > this.k.entryStart[next]!) this.refresh();
  }

  /**
   * A refresh when only the clock moved: no met condition can have changed since the last refresh (it ran
   * after the last command), so only statuses move with the calendar; missed deadlines open their duties.
   */
  private calendar(): void {
    const k = this.k;
    const today = this.today;
    let open = this.openIdx;
    const n = this.openCount;
    let next = NEVER;
    for (let j = 0; j < n; j++) {
      const i = open[j]!;
      const st = this.dStatus[i]!;
      const due = this.dDue[i]!;
      if (st === OVERDUE) continue;
      if (today > due) {
        const t = this.dTpl[i]!;
        if (k.tplLockIn[t] === 1) this.lockedIn++;
        this.dStatus[i] = OVERDUE;
        const duty = k.tplDuty[t]!;
        if (duty >= 0) {
          const dOpens = due + 1;
          const dDue = addMonths(due, k.tplAfterMonths[duty]!) + k.tplAfterDays[duty]!;
          const after = k.tplMetAfter[duty]! >= 0 ? k.tplMetAfter[duty]! : this.followUps;
          const status = today > dDue ? OVERDUE : today >= dOpens ? DUE : UPCOMING;
          this.push(duty, dOpens, dDue, after, status);
          open = this.openIdx;
          if (status === UPCOMING) {
            if (dOpens < next) next = dOpens;
          } else if (status === DUE && dDue + 1 < next) next = dDue + 1;
        }
      } else if (today >= this.dOpens[i]!) {
        this.dStatus[i] = DUE;
        if (due + 1 < next) next = due + 1;
      } else if (this.dOpens[i]! < next) next = this.dOpens[i]!;
    }
    this.nextChange = next;
  }

  /**
   * core's `refreshDeadlines`: met deadlines close on `today`; the others take the status the calendar
   * gives them; one that turns overdue opens the duty it carries (appended after the others).
   */
  refresh(): void {
    const k = this.k;
    const today = this.today;
    let open = this.openIdx;
    const n = this.openCount;
    let kept = 0;
    let next = NEVER;
    for (let j = 0; j < n; j++) {
      const i = open[j]!;
      if (this.isMet(i)) {
        this.close(i, MET);
        continue;
      }
      const st = this.dStatus[i]!;
      const due = this.dDue[i]!;
      const opens = this.dOpens[i]!;
      const ns = today > due ? OVERDUE : today >= opens ? DUE : UPCOMING;
      if (ns === OVERDUE && st !== OVERDUE) {
        const t = this.dTpl[i]!;
        if (k.tplLockIn[t] === 1) this.lockedIn++;
        const duty = k.tplDuty[t]!;
        if (duty >= 0) {
          const dOpens = due + 1;
          const dDue = addMonths(due, k.tplAfterMonths[duty]!) + k.tplAfterDays[duty]!;
          const after = k.tplMetAfter[duty]! >= 0 ? k.tplMetAfter[duty]! : this.followUps;
          // Appended to the list (and to the open list, after the ones this pass keeps).
          this.push(duty, dOpens, dDue, after, today > dDue ? OVERDUE : today >= dOpens ? DUE : UPCOMING);
          open = this.openIdx;
        }
      }
      this.dStatus[i] = ns;
      open[kept++] = i;
      if (ns === UPCOMING) {
        if (opens < next) next = opens;
      } else if (ns === DUE && due + 1 < next) next = due + 1;
    }
    // Duties opened in this pass sit at open[n …]; move them down behind the kept ones.
    const added = this.openCount - n;
    for (let j = 0; j < added; j++) {
      const i = open[n + j]!;
      open[kept + j] = i;
      const st = this.dStatus[i]!;
      if (st === UPCOMING) {
        if (this.dOpens[i]! < next) next = this.dOpens[i]!;
      } else if (st === DUE) {
        if (this.dDue[i]! + 1 < next) next = this.dDue[i]! + 1;
      }
    }
    this.openCount = kept + added;
    this.nextChange = next;
  }
}

export { NONE, NEVER };
