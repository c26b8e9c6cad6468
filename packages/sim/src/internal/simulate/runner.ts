import {
  ACTIVE, CANCELLED, COL_REFERRAL, type CompiledKernel, DECLINE, DECLINED, EXITED, MET, NEVER, NONE, OVERDUE, PAUSED, WAITING, WAITLIST,
} from '../kernel/compile.js';
import type { RosterPort, SimParticipant } from '../kernel/port.js';
import { WORK_EVALUATION, WORK_FOLLOW_UP, WORK_REQUIREMENT } from '../kernel/work.js';
import { Rng } from '../../prng.js';
import type { Trajectories } from '../../trajectories.js';
import { type AfterExitDraws, compileAfterExit, holdAfterExit } from './after-exit.js';
import { A_ADVANCE, A_EXIT, A_PAUSE, A_REGRESS, A_RESUME, type CompiledBehaviour, drawFacts } from './behaviour.js';
import { type Plan, referralWeek } from './options.js';

type Counter = { metOnTime: Uint16Array; metLate: Uint16Array; missed: Uint16Array };

/** What a runner simulates on: participants and rosters of the kernel, or (in the tests) of core's engine. */
export interface Participants {
  participant(): SimParticipant;
  roster(rows: number): RosterPort;
}

/**
 * The simulation's weekly policy, written once against the participant port: the kernel runs it in typed
 * arrays; the tests run the same code over core's engine and must get the same trajectories. Each row draws
 * from its own stream `(seed, replication, index)`, so a row's trajectory does not depend on which rows are
 * simulated with it; rows of a programme with limited places interact through the roster, so they are
 * simulated a whole replication at a time, week by week.
 *
 * One week of a participant, in this order:
 * 1. the clock ticks (deadlines change status, missed targets open evaluations);
 * 2. the unit's work on deadlines (see `kernel/work.ts`): a follow-up or a requirement whose due date falls
 *    this week is planned — on time with probability `followUpsOnTime` / `requirementsOnTime`, else one to
 *    three weeks late (one draw, and one more for the delay) — and done when its day comes; an evaluation
 *    owed is held the week it is owed;
 * 3. one draw decides the week: advance (`progress`: record the step, or meet its requirements and move on),
 *    pause, regress one step, exit to an outcome, or, while paused, resume or exit.
 * After an exit, the follow-ups after exit the behaviour model holds are held on the days they fall due
 * (`after-exit.ts`), before the row's trajectory is written.
 */
export class Runner {
  private readonly rng = new Rng();
  private readonly p: SimParticipant;
  private readonly nFacts: number;
  private readonly factOut: Int32Array[];
  private readonly counters: Counter[];
  private readonly flagOut: Int32Array[];
  private readonly scratchFacts: Float64Array;
  private readonly cellsPerClass: number;
  private readonly roles: number;
  private readonly afterExit: AfterExitDraws | null;
  private candidates = new Int32Array(16);
  /** Weekly steps simulated (admitted participants, from the week after admission to exit or the horizon). */
  participantWeeks = 0;

  constructor(
    readonly kernel: CompiledKernel,
    readonly b: CompiledBehaviour,
    readonly plan: Plan,
    readonly out: Trajectories,
    readonly on: Participants,
  ) {
    this.p = on.participant();
    const facts = kernel.programme.config.facts;
    this.nFacts = facts.length;
    this.factOut = facts.map((f) => out.facts[f.id] as Int32Array);
    this.counters = kernel.kinds.map((kind) => out.deadlines[kind] as Counter);
    this.flagOut = kernel.flags.map((id) => out.flagDays[id] as Int32Array);
    this.scratchFacts = new Float64Array(facts.length);
    this.cellsPerClass = kernel.nSteps * 2 + 1;
    this.roles = kernel.cadence?.roles ?? 0;
    this.afterExit = compileAfterExit(kernel, b.behaviour);
  }

  // ----------------------------------------------------------------------------------------------
  // Rows that do not interact: one participant at a time, all its weeks.

  runRows(start: number, end: number): void {
    const { plan, p, rng } = this;
    for (let row = start; row < end; row++) {
      const rep = Math.floor(row / plan.cohort);
      const idx = row - rep * plan.cohort;
      rng.seed(plan.seed, rep, idx);
      const cls = this.draw(row, this.scratchFacts);
      p.reset(this.scratchFacts, this.kernel.profiles.indexOf(this.scratchFacts), this.out.area[row]!);
      this.out.replication[row] = rep;
      const rw = referralWeek(plan, idx);
      if (rw >= plan.weeks) {
        this.finish(row, p, false);
        continue;
      }
      const day0 = plan.startDay + 7 * rw;
      p.refer(day0, true);
      if (p.phase === WAITING) p.admit(day0);
      for (let w = rw + 1; w < plan.weeks && (p.phase === ACTIVE || p.phase === PAUSED); w++) this.week(p, plan.startDay + 7 * w, cls);
      this.finish(row, p, p.phase !== EXITED);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // One replication of a programme with places: week by week, through the roster.

  runReplication(rep: number): void {
    const { plan, kernel, rng, out } = this;
    const cohort = plan.cohort;
    const base = rep * cohort;
    const roster = this.on.roster(cohort);
    const streams = new Uint32Array(4 * cohort);
    const cls = new Int32Array(cohort);
    const profile = new Int32Array(cohort);
    const referred = new Int32Array(cohort).fill(NONE);
    const slot = new Int32Array(cohort).fill(-1);
    const admittedWeek = new Int32Array(cohort).fill(-1);
    const facts = new Float64Array(this.nFacts);
    const pool: SimParticipant[] = [];
    const free: number[] = [];
    let active: number[] = [];

    const save = (idx: number) => {
      streams[4 * idx] = rng.s0;
      streams[4 * idx + 1] = rng.s1;
      streams[4 * idx + 2] = rng.s2;
      streams[4 * idx + 3] = rng.s3;
    };
    const restore = (idx: number) => {
      rng.s0 = streams[4 * idx]!;
      rng.s1 = streams[4 * idx + 1]!;
      rng.s2 = streams[4 * idx + 2]!;
      rng.s3 = streams[4 * idx + 3]!;
    };
    /** A participant with the row's facts, referred on its referral day. */
    const load = (p: SimParticipant, idx: number, granted: boolean) => {
      const row = base + idx;
      for (let f = 0; f < this.nFacts; f++) {
        const v = this.factOut[f]![row]!;
        facts[f] = v === -1 ? NaN : v;
      }
      p.reset(facts, profile[idx]!, out.area[row]!);
      p.refer(referred[idx]!, granted);
    };
    const admitRow = (idx: number, day: number, week: number, granted: boolean) => {
      const s = free.length > 0 ? free.pop()! : pool.push(this.on.participant()) - 1;
      const p = pool[s]!;
      load(p, idx, granted);
      if (p.phase === WAITING) p.admit(day);
      slot[idx] = s;
      admittedWeek[idx] = week;
      active.push(idx);
    };
    const admitted = (day: number, week: number, n: number) => {
      for (let j = 0; j < n; j++) admitRow(roster.admitted[j]!, day, week, false);
    };

    for (let w = 0; w < plan.weeks; w++) {
      const day = plan.startDay + 7 * w;
      // Referrals of the week, in row order.
      const lo = plan.intake.type === 'all' ? (w === 0 ? 0 : cohort) : Math.min(cohort, w * plan.intake.perWeek);
      const hi = plan.intake.type === 'all' ? (w === 0 ? cohort : 0) : Math.min(cohort, (w + 1) * plan.intake.perWeek);
      for (let idx = lo; idx < hi; idx++) {
        const row = base + idx;
        rng.seed(plan.seed, rep, idx);
        cls[idx] = this.draw(row, this.scratchFacts);
        profile[idx] = kernel.profiles.indexOf(this.scratchFacts);
        out.replication[row] = rep;
        referred[idx] = day;
        save(idx);
        const decision = kernel.table.get(profile[idx]!, COL_REFERRAL);
        if (decision === DECLINE) {
          load(this.p, idx, false);
          this.finish(row, this.p, false);
        } else if (decision === WAITLIST) {
          roster.wait(idx, profile[idx]!, out.area[row]!, day);
          admitted(day, w, roster.fill());
        } else if (roster.admit(idx, profile[idx]!, out.area[row]!, day)) admitRow(idx, day, w, true);
      }
      // The week of everyone admitted before it, in row order.
      const now = active.filter((idx) => admittedWeek[idx]! < w).sort((a, b) => a - b);
      for (const idx of now) {
        const p = pool[slot[idx]!]!;
        restore(idx);
        this.week(p, day, cls[idx]!);
        save(idx);
        if (p.phase === EXITED) {
          this.finish(base + idx, p, false);
          free.push(slot[idx]!);
          slot[idx] = -1;
          active = active.filter((x) => x !== idx);
          admitted(day, w, roster.leave(idx));
        }
      }
    }
    // The horizon: those still in, those still waiting, and those never referred.
    for (const idx of active) this.finish(base + idx, pool[slot[idx]!]!, true);
    for (let idx = 0; idx < cohort; idx++) {
      const row = base + idx;
      if (slot[idx] !== -1 || admittedWeek[idx] !== -1) continue;
      if (referred[idx] !== NONE) {
        if (!roster.isWaiting(idx)) continue; // declined: already finished
        load(this.p, idx, false);
        this.finish(row, this.p, true);
      } else {
        rng.seed(plan.seed, rep, idx);
        this.draw(row, this.scratchFacts);
        out.replication[row] = rep;
        this.p.reset(this.scratchFacts, kernel.profiles.indexOf(this.scratchFacts), out.area[row]!);
        this.finish(row, this.p, false);
      }
    }
  }

  // ----------------------------------------------------------------------------------------------

  /** Draws a row's facts (into `facts` and the trajectories) and area; returns its behaviour class. */
  private draw(row: number, facts: Float64Array): number {
    const b = this.b;
    this.out.area[row] = drawFacts(b, this.rng, facts);
    for (let f = 0; f < this.nFacts; f++) {
      const v = facts[f]!;
      this.factOut[f]![row] = Number.isNaN(v) ? -1 : Math.trunc(v);
    }
    return b.classOf(b.space.indexOf(facts));
  }

  /** One week of an admitted participant. */
  private week(p: SimParticipant, day: number, cls: number): void {
    this.participantWeeks++;
    p.tick(day);
    if (day >= p.nextDuty) this.duties(p, day);
    const b = this.b;
    const u = this.rng.u32();
    let cell: number;
    if (p.phase === ACTIVE) cell = cls * this.cellsPerClass + p.step * 2 + (p.flagged > 0 ? 1 : 0);
    else if (p.phase === PAUSED) cell = cls * this.cellsPerClass + this.kernel.nSteps * 2;
    else return;
    if (u >= b.cellTotal[cell]!) return;
    let j = b.cellStart[cell]!;
    const thresholds = b.cellThresholds;
    while (u >= thresholds[j]!) j++;
    const a = b.cellActions[j]!;
    if (a >= A_EXIT) p.exit(day, a - A_EXIT);
    else if (a === A_ADVANCE) p.progress(day);
    else if (a === A_PAUSE) p.pause(day);
    else if (a === A_RESUME) p.resume(day);
    else if (a === A_REGRESS && p.step > 0) p.regress(day, p.step - 1);
  }

  /** Follow-ups, evaluations and requirements the unit must see to; sets when to look again. */
  private duties(p: SimParticipant, day: number): void {
    // The open deadlines in list order, then any a duty appends while this runs (in the order core lists them).
    const n = p.openCount;
    if (this.candidates.length < n) this.candidates = new Int32Array(n * 2);
    const candidates = this.candidates;
    for (let j = 0; j < n; j++) candidates[j] = p.openAt(j);
    const count0 = p.deadlineCount;
    let next = NEVER;
    for (let j = 0; j < n; j++) next = this.duty(p, day, candidates[j]!, next);
    for (let i = count0; i < p.deadlineCount; i++) next = this.duty(p, day, i, next);
    p.nextDuty = next;
  }

  private duty(p: SimParticipant, day: number, i: number, next: number): number {
    const st = p.deadlineStatus(i);
    if (st === MET || st === CANCELLED) return next;
    const k = this.kernel;
    const t = p.deadlineTemplate(i);
    const work = k.tplWork[t]!;
    if (work === WORK_FOLLOW_UP || work === WORK_REQUIREMENT) {
      let hold = p.hold(i);
      if (hold === NONE) {
        const due = p.deadlineDue(i);
        if (day + 7 <= due) return due - 6 < next ? due - 6 : next;
        hold = this.rng.u32() < (work === WORK_REQUIREMENT ? this.b.requirementsOnTime : this.b.followUpsOnTime) ? day : day + 7 * (1 + this.rng.below(3));
        p.setHold(i, hold);
      }
      if (day < hold) return hold < next ? hold : next;
      if (work === WORK_FOLLOW_UP) p.followUp(day, -1, this.roles);
      else if (p.phase === ACTIVE && p.step === k.tplWorkStep[t]) p.markRequirement(day, k.tplWorkRequirement[t]!);
      else if (day + 7 < next) return day + 7;
      return next;
    }
    if (work === WORK_EVALUATION) {
      const opens = p.deadlineOpens(i);
      if (day >= opens && p.hasPlan) p.followUp(day, k.tplWorkStep[t]!, this.roles);
      else {
        const when = day >= opens ? day + 7 : opens;
        if (when < next) return when;
      }
    }
    return next;
  }

  /** Writes a row's trajectory: at its exit or decline, or at the horizon (after a last tick). */
  private finish(row: number, p: SimParticipant, horizon: boolean): void {
    const { plan, out, kernel: k } = this;
    const start = plan.startDay;
    const last = start + plan.lastDay;
    if (horizon) p.tick(last);
    holdAfterExit(this.afterExit, k, p, this.rng, last, out.afterExitStatus, row);
    out.referredDay[row] = p.referredDay === NONE ? -1 : p.referredDay - start;
    out.admittedDay[row] = p.intakeDay === NONE ? -1 : p.intakeDay - start;
    out.declined[row] = p.phase === DECLINED ? 1 : 0;
    out.exitDay[row] = p.exitDay === NONE ? -1 : p.exitDay - start;
    out.outcome[row] = p.exitOutcome;
    const n = k.nSteps;
    for (let s = 0; s < n; s++) {
      const done = p.stepCompletedDay(s);
      out.stepCompletedDay[row * n + s] = done === NONE ? -1 : done - start;
    }
    out.lastStep[row] = p.step;
    out.regressions[row] = p.regressions;
    out.pausedDays[row] = p.pausedDaysOn(last);
    for (const counter of this.counters) {
      counter.metOnTime[row] = 0;
      counter.metLate[row] = 0;
      counter.missed[row] = 0;
    }
    for (const days of this.flagOut) days[row] = 0;
    const exitDay = p.exitDay === NONE ? NEVER : p.exitDay;
    for (let i = 0; i < p.deadlineCount; i++) {
      const t = p.deadlineTemplate(i);
      const counter = this.counters[k.tplKind[t]!]!;
      const flag = k.tplFlag[t]!;
      const st = p.deadlineStatus(i);
      const due = p.deadlineDue(i);
      if (st === MET) {
        const met = p.deadlineMetDay(i);
        if (met > due) {
          counter.metLate[row] = counter.metLate[row]! + 1;
          if (flag >= 0) this.flagOut[flag]![row] = this.flagOut[flag]![row]! + met - due;
        } else counter.metOnTime[row] = counter.metOnTime[row]! + 1;
      } else if (st === OVERDUE) {
        counter.missed[row] = counter.missed[row]! + 1;
        if (flag >= 0) this.flagOut[flag]![row] = this.flagOut[flag]![row]! + last - due;
      } else if (st === CANCELLED && due < exitDay) counter.missed[row] = counter.missed[row]! + 1;
    }
  }
}
