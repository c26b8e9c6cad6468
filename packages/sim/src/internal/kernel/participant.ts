import {
  type CommandType, type FactValue, type RecordReader, type StepStatusCode, MARKED_MET, MARKED_WAIVED, UNMARKED, phaseAllows, recordTypes,
} from '@stegvis/core';
import { addMonths, isoDate } from '@stegvis/core';
import {
  ACTIVE, CANCELLED, COL_OUTCOMES_DENIED, COL_REFERRAL, COL_WAIVERS, type CompiledKernel, DECLINE, DECLINED, DUE, EXITED, INTAKE, MET, NEVER,
  NONE, OVERDUE, PAUSED, type PhaseName, type StatusName, UPCOMING, WAITING, WAITLIST, incomeNames, phaseNames, statusNames,
} from './compile.js';
import type { SimParticipant } from './port.js';
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

// The commands the kernel models, as bits; which phase allows which is core's `phaseRules`.
const modelled = ['refer', 'admit', 'completeAssessment', 'establishPlan', 'markRequirement', 'advance', 'regress', 'pause', 'resume', 'exit', 'recordFollowUp', 'tick', 'recordExitFollowUp'] as const satisfies readonly CommandType[];
const bit = (c: (typeof modelled)[number]) => 1 << modelled.indexOf(c);
const allowedIn = Int32Array.from(phaseNames, (phase) => modelled.reduce((m, c) => (phaseAllows(phase, c) ? m | bit(c) : m), 0));
const REFER = bit('refer');
const ADMIT = bit('admit');
const MARK = bit('markRequirement');
const ADVANCE = bit('advance');
const REGRESS = bit('regress');
const PAUSE = bit('pause');
const RESUME = bit('resume');
const EXIT = bit('exit');
const FOLLOW_UP = bit('recordFollowUp');
const TICK = bit('tick');
const EXIT_FOLLOW_UP = bit('recordExitFollowUp');

type RecordType = (typeof recordTypes)[number];
/** What recording each kind of record is: the command that does it, and its effect (false: refused). */
const records = {
  assessment: {
    command: bit('completeAssessment'),
    apply: (p: KernelParticipant) => {
      p.hasAssessment = true;
      return true;
    },
  },
  actionPlan: {
    command: bit('establishPlan'),
    apply: (p: KernelParticipant, weeks: number | undefined) => {
      const c = p.k.cadence;
      // core's checkInterval: the cadence's bounds, its maximum by default.
      const w = !c ? (weeks ?? 0) : weeks === undefined ? c.max : weeks;
      if (c && (w < c.min || w > c.max)) return false;
      p.hasPlan = true;
      p.tookPart = true;
      p.planWeeks = w;
      return true;
    },
  },
} satisfies Record<RecordType, { command: number; apply(p: KernelParticipant, weeks: number | undefined): boolean }>;
const recordRules = recordTypes.map((t) => records[t]);
const ASSESSMENT = recordTypes.indexOf('assessment');
const ACTION_PLAN = recordTypes.indexOf('actionPlan');

const INITIAL_DEADLINES = 16;
const INITIAL_FOLLOW_UPS = 8;

const grown = <A extends Int16Array | Uint16Array | Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
  const b = make(a.length * 2);
  b.set(a);
  return b;
};

/**
 * One participant's state in typed arrays, and the commands the simulator issues, each with core's rules:
 * a refused command returns `false` and changes nothing. Days are day numbers (see `calendar.ts`), the
 * Stockholm date of the command. Conditions (what completes a step, what meets a deadline) are core's,
 * compiled, read through `RecordReader`; which phase allows which command is core's `phaseRules`.
 * Deadlines are refreshed at the same points core's `evolve` refreshes them (after every event a command
 * becomes), so ids, order, statuses and duties come out identical; the equivalence properties prove it
 * against the XState engine on generated programmes and on every example.
 *
 * One object can be `reset()` and reused for any number of participants: nothing is allocated per command,
 * except when a participant's deadline or follow-up list outgrows its arrays (they double).
 *
 * @example
 * const p = new KernelParticipant(kernel);
 * p.refer(dayNumber('2026-01-05'), true);
 * p.completeAssessment(dayNumber('2026-01-12'));
 * p.read(); // { phase: 'active', stepId: 'actionPlan', deadlines: [...], exit: null }
 */
export class KernelParticipant implements SimParticipant, RecordReader {
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
  tookPart = false;
  planWeeks = 0;
  followUps = 0;
  /** Per recorded follow-up: the step it evaluated (−1 none) and the roles that attended, as bits. */
  fuEvaluation: Int16Array;
  fuRoles: Int32Array;
  readonly stepState: Uint8Array;
  readonly completedDay: Int32Array;
  readonly marked: Uint32Array;
  readonly waivedMark: Uint32Array;
  pausedDay = NONE;
  pausedDays = 0;
  regressions = 0;
  exitOutcome = -1;
  exitDay = NONE;
  flagged = 0;
  /** The follow-ups after exit recorded, as bits of the programme's list, and what each found (an index into core's `exitStatuses`, −1 none). */
  exitRecorded = 0;
  readonly exitStatus: Int8Array;

  // Deadlines, in the order core lists them.
  count = 0;
  dTpl: Int16Array;
  dSeq: Uint16Array;
  dOpens: Int32Array;
  dDue: Int32Array;
  dStatus: Uint8Array;
  dMetDay: Int32Array;
  /** Follow-ups recorded when the deadline opened (core's `followUpsBefore`). */
  dSince: Int32Array;
  dHold: Int32Array;
  /** Indices of the deadlines not yet met or cancelled, in list order: what a refresh looks at. */
  openIdx: Int32Array;
  openCount = 0;
  readonly baseCount: Uint16Array;
  followUpKindCount = 0;
  openFollowUps = 0;
  /** The first day on which an open deadline changes status by the calendar alone. */
  nextChange = NEVER;
  nextDuty = NONE;

  constructor(readonly k: CompiledKernel) {
    const n = k.nSteps;
    this.facts = new Float64Array(k.programme.config.facts.length).fill(NaN);
    this.fuEvaluation = new Int16Array(INITIAL_FOLLOW_UPS);
    this.fuRoles = new Int32Array(INITIAL_FOLLOW_UPS);
    this.stepState = new Uint8Array(n);
    this.completedDay = new Int32Array(n).fill(NONE);
    this.marked = new Uint32Array(n);
    this.waivedMark = new Uint32Array(n);
    this.dTpl = new Int16Array(INITIAL_DEADLINES);
    this.dSeq = new Uint16Array(INITIAL_DEADLINES);
    this.dOpens = new Int32Array(INITIAL_DEADLINES);
    this.dDue = new Int32Array(INITIAL_DEADLINES);
    this.dStatus = new Uint8Array(INITIAL_DEADLINES);
    this.dMetDay = new Int32Array(INITIAL_DEADLINES);
    this.dSince = new Int32Array(INITIAL_DEADLINES);
    this.dHold = new Int32Array(INITIAL_DEADLINES);
    this.openIdx = new Int32Array(INITIAL_DEADLINES);
    this.baseCount = new Uint16Array(k.nBases);
    this.exitStatus = new Int8Array(k.exitFollowUpIds.length).fill(-1);
  }

  /** Back to a participant before referral, reusing the arrays; with facts, encoded, their profile and area. */
  reset(facts?: ArrayLike<number>, profile = 0, area = -1): this {
    this.phase = INTAKE;
    this.step = -1;
    this.today = NONE;
    this.referredDay = NONE;
    this.intakeDay = NONE;
    if (facts) this.facts.set(facts);
    else this.facts.fill(NaN);
    this.profile = profile;
    this.area = area;
    this.hasAssessment = false;
    this.hasPlan = false;
    this.tookPart = false;
    this.planWeeks = 0;
    this.followUps = 0;
    this.stepState.fill(0);
    this.completedDay.fill(NONE);
    this.marked.fill(0);
    this.waivedMark.fill(0);
    this.pausedDay = NONE;
    this.pausedDays = 0;
    this.regressions = 0;
    this.exitOutcome = -1;
    this.exitDay = NONE;
    this.flagged = 0;
    this.exitRecorded = 0;
    this.exitStatus.fill(-1);
    this.count = 0;
    this.openCount = 0;
    this.baseCount.fill(0);
    this.followUpKindCount = 0;
    this.openFollowUps = 0;
    this.nextChange = NEVER;
    this.nextDuty = NONE;
    return this;
  }

  private allows(command: number): boolean {
    return (allowedIn[this.phase]! & command) !== 0;
  }

  // ------------------------------------------------------------------------------------------------
  // The record, as core's rules read it (`RecordReader`).

  assessmentCompleted(): boolean {
    return this.hasAssessment;
  }
  planEstablished(): boolean {
    return this.hasPlan;
  }
  tookPartInPlan(): boolean {
    return this.tookPart;
  }
  stepStatus(s: number): StepStatusCode {
    return this.stepState[s] as StepStatusCode;
  }
  currentStep(): number {
    return this.step;
  }
  exited(): boolean {
    return this.phase === EXITED;
  }
  requirementMark(s: number, q: number) {
    const b = 1 << q;
    return (this.marked[s]! & b) !== 0 ? MARKED_MET : (this.waivedMark[s]! & b) !== 0 ? MARKED_WAIVED : UNMARKED;
  }
  requirementWaived(s: number, q: number): boolean {
    return ((this.k.table.get(this.profile, COL_WAIVERS + s) >>> q) & 1) === 1;
  }
  followUpSince(since: number, evaluationOf: number, roles: number): boolean {
    for (let i = since; i < this.followUps; i++)
      if ((evaluationOf < 0 || this.fuEvaluation[i] === evaluationOf) && (this.fuRoles[i]! & roles) === roles) return true;
    return false;
  }
  /** The kernel models no proposals (a behaviour model cannot make one), so it never has a proposal deadline to ask about. */
  proposalDecided(): boolean {
    return false;
  }

  exitFollowUpRecorded(followUpId: string): boolean {
    const i = this.k.exitFollowUpIds.indexOf(followUpId);
    return i >= 0 && ((this.exitRecorded >>> i) & 1) === 1;
  }

  // ------------------------------------------------------------------------------------------------
  // Commands. Each returns whether it was accepted.

  /** Sets the facts from a record (tests and hosts); the simulator passes encoded facts to `reset`. */
  setFacts(values: Readonly<Record<string, FactValue>>): void {
    encodeFacts(this.k.programme.config.facts, values, this.facts);
    this.profile = this.k.profiles.indexOf(this.facts);
  }

  /**
   * A referral: the programme's referral rules decide; an accepted referral gets a place when
   * `placeGranted` (the roster's answer), otherwise it waits.
   */
  refer(day: number, placeGranted: boolean): boolean {
    if (!this.allows(REFER)) return false;
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
    if (!this.allows(ADMIT)) return false;
    this.at(day);
    this.enter();
    return true;
  }

  completeAssessment(day: number): boolean {
    return this.record(ASSESSMENT, day, undefined);
  }

  /** Establishes the action plan, with the follow-up interval (the cadence's maximum by default). */
  establishPlan(day: number, followUpEveryWeeks?: number): boolean {
    return this.record(ACTION_PLAN, day, followUpEveryWeeks);
  }

  /** Records what the current step records (`type`, an index into core's `recordTypes`); it then moves on by itself when it may. */
  record(type: number, day: number, weeks: number | undefined): boolean {
    const rule = recordRules[type];
    if (!rule || !this.allows(rule.command) || this.k.stepRecord[this.step] !== type) return false;
    if (!rule.apply(this, weeks)) return false;
    this.at(day);
    if (type === ACTION_PLAN) this.scheduleFollowUp(true);
    const k = this.k;
    const s = this.step;
    if (k.stepAutoAdvance[s] === 1 && s + 1 < k.nSteps && k.stepCompletion[s]!(this, 0)) {
      this.refreshBeforeMove();
      this.moveOn();
    } else this.refresh();
    return true;
  }

  /** Marks one requirement of the current step met (with its evidence) or, with `waived`, waived. */
  markRequirement(day: number, requirement: number, waived = false): boolean {
    if (!this.allows(MARK) || requirement < 0 || requirement >= this.k.stepReqCount[this.step]!) return false;
    this.at(day);
    const b = (1 << requirement) >>> 0;
    const s = this.step;
    if (waived) {
      this.waivedMark[s] = (this.waivedMark[s]! | b) >>> 0;
      this.marked[s] = (this.marked[s]! & ~b) >>> 0;
    } else {
      this.marked[s] = (this.marked[s]! | b) >>> 0;
      this.waivedMark[s] = (this.waivedMark[s]! & ~b) >>> 0;
    }
    this.refresh();
    return true;
  }

  /** Moves on from the current step, if its completion condition holds. */
  advance(day: number): boolean {
    const k = this.k;
    const s = this.step;
    if (!this.allows(ADVANCE) || s + 1 >= k.nSteps || !k.stepCompletion[s]!(this, 0)) return false;
    this.at(day);
    this.moveOn();
    return true;
  }

  progress(day: number): boolean {
    const k = this.k;
    const s = this.step;
    if (s < 0) return false;
    const type = k.stepRecord[s]!;
    if (type >= 0) return this.record(type, day, undefined);
    // Every requirement marked met, then advance: as many commands, folded into one refresh (the marks fall
    // on one day and only add to what is met, so the refreshes between them change nothing the last does not).
    if (this.phase === ACTIVE && s + 1 < k.nSteps && k.stepReqCount[s]! > 0) {
      this.at(day);
      this.marked[s] = k.stepReqCount[s] === 32 ? 0xffffffff : ((1 << k.stepReqCount[s]!) - 1) >>> 0;
      this.waivedMark[s] = 0;
      if (!k.stepCompletion[s]!(this, 0)) {
        this.refresh();
        return false;
      }
      this.refreshBeforeMove();
      this.moveOn();
      return true;
    }
    return this.advance(day);
  }

  /** Back to an earlier step; it and the steps after it start over. */
  regress(day: number, to: number): boolean {
    if (!this.allows(REGRESS) || to < 0 || to >= this.step) return false;
    this.at(day);
    for (let s = to; s < this.k.nSteps; s++) {
      this.stepState[s] = 0;
      this.completedDay[s] = NONE;
      this.marked[s] = 0;
      this.waivedMark[s] = 0;
    }
    this.stepState[to] = 1;
    this.step = to;
    this.regressions++;
    this.openEntry(to);
    this.refresh();
    return true;
  }

  pause(day: number): boolean {
    if (!this.allows(PAUSE)) return false;
    this.at(day);
    this.phase = PAUSED;
    this.pausedDay = this.today;
    this.refresh();
    return true;
  }

  resume(day: number): boolean {
    if (!this.allows(RESUME)) return false;
    this.at(day);
    this.phase = ACTIVE;
    this.pausedDays += this.today - this.pausedDay;
    this.pausedDay = NONE;
    this.refresh();
    return true;
  }

  /** Leaves to an outcome (index into the programme's outcomes), if its condition holds for the participant. */
  exit(day: number, outcome: number): boolean {
    const k = this.k;
    if (!this.allows(EXIT) || outcome < 0 || outcome >= k.nOutcomes) return false;
    if ((k.table.get(this.profile, COL_OUTCOMES_DENIED) & k.outcomeBit[outcome]!) !== 0) return false;
    this.at(day);
    const reached = k.outcomeCompletes[outcome]!;
    for (let s = 0; s <= reached; s++)
      if (this.stepState[s] !== 2) {
        this.stepState[s] = 2;
        this.completedDay[s] = this.today;
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
    this.openExitFollowUps();
    return true;
  }

  /**
   * What the follow-up after exit `index` (in the programme's list) found: `status`, an index into core's
   * `exitStatuses`. Refused before it falls due and when already recorded. The work's dates are the
   * host's to check; the kernel keeps only the status.
   */
  exitFollowUp(day: number, index: number, status: number): boolean {
    const k = this.k;
    if (!this.allows(EXIT_FOLLOW_UP) || index < 0 || index >= k.exitFollowUpIds.length || ((this.exitRecorded >>> index) & 1) === 1) return false;
    if (Math.max(day, this.today) < this.exitOpens(index)) return false;
    this.at(day);
    this.exitRecorded |= 1 << index;
    this.exitStatus[index] = status;
    this.refresh();
    return true;
  }

  /** A follow-up meeting (or the evaluation of step `evaluationOf`), attended by the roles in `roles`. Needs a plan. */
  followUp(day: number, evaluationOf: number, roles: number): boolean {
    if (!this.allows(FOLLOW_UP) || !this.hasPlan || evaluationOf >= this.k.nSteps) return false;
    this.at(day);
    if (this.followUps === this.fuRoles.length) {
      this.fuRoles = grown(this.fuRoles, (n) => new Int32Array(n));
      this.fuEvaluation = grown(this.fuEvaluation, (n) => new Int16Array(n));
    }
    this.fuEvaluation[this.followUps] = evaluationOf;
    this.fuRoles[this.followUps] = roles;
    this.followUps++;
    this.refresh();
    // Scheduling only appends an upcoming follow-up: nothing else can change before core's second refresh.
    const before = this.count;
    this.scheduleFollowUp(false);
    if (this.count > before && this.dOpens[before]! < this.nextChange) this.nextChange = this.dOpens[before]!;
    return true;
  }

  /** The clock: deadlines that fall due or are missed by `day` change status. */
  tick(day: number): boolean {
    if (!this.allows(TICK)) return false;
    if (day > this.today) this.today = day;
    if (this.today >= this.nextChange) this.calendar();
    return true;
  }

  // ------------------------------------------------------------------------------------------------
  // Reading.

  get deadlineCount(): number {
    return this.count;
  }
  openAt(j: number): number {
    return this.openIdx[j]!;
  }
  deadlineTemplate(i: number): number {
    return this.dTpl[i]!;
  }
  deadlineStatus(i: number): number {
    return this.dStatus[i]!;
  }
  deadlineOpens(i: number): number {
    return this.dOpens[i]!;
  }
  deadlineDue(i: number): number {
    return this.dDue[i]!;
  }
  deadlineMetDay(i: number): number {
    return this.dMetDay[i]!;
  }
  hold(i: number): number {
    return this.dHold[i]!;
  }
  setHold(i: number, day: number): void {
    this.dHold[i] = day;
  }
  pausedDaysOn(day: number): number {
    return this.pausedDays + (this.phase === PAUSED ? day - this.pausedDay : 0);
  }
  stepCompletedDay(s: number): number {
    return this.stepState[s] === 2 ? this.completedDay[s]! : NONE;
  }

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
    this.stepState.fill(0);
    this.stepState[0] = 1;
    this.completedDay.fill(NONE);
    this.marked.fill(0);
    this.waivedMark.fill(0);
    const intake = k.intakeTemplates;
    for (let i = 0; i < intake.length; i++) this.open(intake[i]!, this.today);
    this.openEntry(0);
    this.refresh();
  }

  /** `step.advanced` from the current step to the next. */
  private moveOn(): void {
    const s = this.step;
    this.stepState[s] = 2;
    this.completedDay[s] = this.today;
    const next = s + 1;
    this.stepState[next] = 1;
    this.completedDay[next] = NONE;
    this.marked[next] = 0;
    this.waivedMark[next] = 0;
    this.step = next;
    this.openEntry(next);
    this.refresh();
  }

  private openEntry(s: number): void {
    const k = this.k;
    for (let i = k.entryStart[s]!; i < k.entryStart[s + 1]!; i++) this.open(k.entryTemplates[i]!, this.today);
  }

  private grow(): void {
    this.dTpl = grown(this.dTpl, (n) => new Int16Array(n));
    this.dSeq = grown(this.dSeq, (n) => new Uint16Array(n));
    this.dOpens = grown(this.dOpens, (n) => new Int32Array(n));
    this.dDue = grown(this.dDue, (n) => new Int32Array(n));
    this.dStatus = grown(this.dStatus, (n) => new Uint8Array(n));
    this.dMetDay = grown(this.dMetDay, (n) => new Int32Array(n));
    this.dSince = grown(this.dSince, (n) => new Int32Array(n));
    this.dHold = grown(this.dHold, (n) => new Int32Array(n));
    this.openIdx = grown(this.openIdx, (n) => new Int32Array(n));
  }

  private push(tpl: number, opens: number, due: number, status: number): void {
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
    this.dSince[i] = this.followUps;
    this.dHold[i] = NONE;
    if (status !== MET && status !== CANCELLED) this.openIdx[this.openCount++] = i;
    this.nextDuty = NONE;
  }

  /** core's `deadlineFor`: due after the rule's period; shown as due from the window's start. */
  private open(tpl: number, from: number): void {
    const k = this.k;
    const due = addMonths(from, k.tplAfterMonths[tpl]!) + k.tplAfterDays[tpl]!;
    let opens = from;
    if (k.tplHasWindow[tpl] === 1) {
      const w = addMonths(due, -k.tplWindowMonths[tpl]!) - k.tplWindowDays[tpl]!;
      if (w > from) opens = w;
    }
    this.push(tpl, opens, due, UPCOMING);
  }

  /** The day the follow-up after exit `index` falls due: `after` the exit day. */
  private exitOpens(index: number): number {
    return addMonths(this.exitDay, this.k.exitAfterMonths[index]!) + this.k.exitAfterDays[index]!;
  }

  /** core's `openExitFollowUps`: after the exit cancelled the rest, the follow-ups after exit, each due `within` after it falls due. */
  private openExitFollowUps(): void {
    const k = this.k;
    const n = k.exitTemplates.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const opens = this.exitOpens(i);
      this.push(k.exitTemplates[i]!, opens, addMonths(opens, k.exitWithinMonths[i]!) + k.exitWithinDays[i]!, UPCOMING);
    }
    this.calendar();
  }

  /** core's `scheduleFollowUp`: the next regular follow-up, unless one is open. */
  private scheduleFollowUp(first: boolean): void {
    const c = this.k.cadence;
    if (!c || !this.hasPlan || this.phase === EXITED || this.openFollowUps > 0) return;
    const opens = this.today + 7 * (first ? c.firstAfterWeeks : c.min);
    const due = this.today + 7 * (first ? c.firstAfterWeeks : this.planWeeks);
    this.push(this.k.followUpTemplate, opens, due, UPCOMING);
  }

  private isMet(i: number): boolean {
    return this.k.tplTest[this.dTpl[i]!]!(this, this.dSince[i]!);
  }

  private close(i: number, status: number): void {
    const k = this.k;
    const t = this.dTpl[i]!;
    if (k.tplIsFollowUpKind[t] === 1) this.openFollowUps--;
    if (k.tplFlag[t]! >= 0 && this.dStatus[i] === OVERDUE) this.flagged--;
    this.dStatus[i] = status;
    if (status === MET) this.dMetDay[i] = this.today;
  }

  /** A deadline turns overdue today: its flag is raised and the duty it carries opens (appended to the list). */
  private missed(i: number, due: number, today: number): number {
    const k = this.k;
    const t = this.dTpl[i]!;
    if (k.tplFlag[t]! >= 0) this.flagged++;
    const duty = k.tplOnMissed[t]!;
    if (duty < 0) return -1;
    const dOpens = due + 1;
    const dDue = addMonths(due, k.tplAfterMonths[duty]!) + k.tplAfterDays[duty]!;
    const status = today > dDue ? OVERDUE : today >= dOpens ? DUE : UPCOMING;
    this.push(duty, dOpens, dDue, status);
    return status;
  }

  /**
   * The refresh core makes after a record and before the step it completes moves on. It can be left to
   * the refresh after the move when that finds the same: no deadline changes status by the calendar today
   * (a deadline turning overdue here opens its duty even if the move then meets it), and the next step
   * opens no deadline on entry (which would come before any duty opened here). What is met only grows with
   * the move, so the later refresh meets what this one would.
   */
  private refreshBeforeMove(): void {
    const next = this.step + 1;
    if (this.today >= this.nextChange || next >= this.k.nSteps || this.k.entryStart[next + 1]! > this.k.entryStart[next]!) this.refresh();
  }

  /**
   * A refresh when only the clock moved: no condition can have changed since the last refresh (it ran after
   * the last command), so only statuses move with the calendar; missed deadlines open their duties.
   */
  private calendar(): void {
    const today = this.today;
    const n = this.openCount;
    let next = NEVER;
    for (let j = 0; j < n; j++) {
      const i = this.openIdx[j]!;
      const st = this.dStatus[i]!;
      const due = this.dDue[i]!;
      if (st === OVERDUE) continue;
      if (today > due) {
        this.dStatus[i] = OVERDUE;
        const status = this.missed(i, due, today);
        const d = this.count - 1;
        if (status === UPCOMING) {
          if (this.dOpens[d]! < next) next = this.dOpens[d]!;
        } else if (status === DUE && this.dDue[d]! + 1 < next) next = this.dDue[d]! + 1;
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
    const today = this.today;
    const n = this.openCount;
    let kept = 0;
    let next = NEVER;
    for (let j = 0; j < n; j++) {
      const i = this.openIdx[j]!;
      if (this.isMet(i)) {
        this.close(i, MET);
        continue;
      }
      const st = this.dStatus[i]!;
      const due = this.dDue[i]!;
      const opens = this.dOpens[i]!;
      const ns = today > due ? OVERDUE : today >= opens ? DUE : UPCOMING;
      // A duty opened here is appended to the list (and to the open list, after the ones this pass keeps).
      if (ns === OVERDUE && st !== OVERDUE) this.missed(i, due, today);
      this.dStatus[i] = ns;
      this.openIdx[kept++] = i;
      if (ns === UPCOMING) {
        if (opens < next) next = opens;
      } else if (ns === DUE && due + 1 < next) next = due + 1;
    }
    // Duties opened in this pass sit at openIdx[n …]; move them down behind the kept ones.
    const added = this.openCount - n;
    for (let j = 0; j < added; j++) {
      const i = this.openIdx[n + j]!;
      this.openIdx[kept + j] = i;
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
