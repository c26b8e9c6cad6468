import {
  type Actor, type Engine, type FactValue, type ParticipantSnapshot, type Programme, type Roster, type Seat, admit, createEngine, emptyRoster, fill,
  leave, referralDecision, stockholmInstant,
} from '@stegvis/core';
import { A_ADVANCE, A_EXIT, A_PAUSE, A_REGRESS, A_RESUME, type CompiledBehaviour, drawFacts } from '../behaviour/compile.js';
import type { Behaviour, BehaviourInput } from '../behaviour/schema.js';
import { dayNumber, isoDate } from '../kernel/calendar.js';
import { decodeFacts } from '../kernel/profiles.js';
import { Rng } from '../prng.js';
import type { Trajectories } from '../trajectories.js';
import { allocateBuffers, trajectoriesOver } from './allocate.js';
import { type Plan, type SimulateOptions, coupled, referralWeek } from './options.js';
import { prepare } from './simulate.js';

const caseworker: Actor = { id: 'caseworker-sim', role: 'caseworker' };
const clock: Actor = { id: 'clock', role: 'system' };

interface Row {
  readonly row: number;
  readonly idx: number;
  readonly rng: Rng;
  readonly cls: number;
  readonly facts: Record<string, FactValue>;
  readonly area: number;
  readonly id: string;
  s: ParticipantSnapshot;
  referredDay: number;
  admittedWeek: number;
  /** Planned days for follow-ups and requirements, by deadline id. */
  readonly holds: Map<string, number>;
  regressions: number;
  pausedDays: number;
  pausedDay: number;
}

export interface EngineRunResult {
  readonly trajectories: Trajectories;
  /** Weekly steps taken (the same count the kernel's runner reports). */
  readonly participantWeeks: number;
  /** Commands sent to the engine. */
  readonly commands: number;
}

/**
 * The same simulation as `simulateSync`, but every participant is core's engine — `createEngine`, one
 * XState snapshot per participant, every command through `engine.execute` — and places through core's
 * `admit`/`leave`/`fill`. It draws the same random numbers at the same points, and derives the
 * trajectories from the engine's state, so for the same seed it must give the same arrays as the kernel:
 * `simulate-reference.test.ts` checks that, and the benchmark uses it as the baseline. Slow by design.
 *
 * @example
 * const { trajectories } = simulateWithEngine(programme, behaviour, { cohort: 50, months: 12, seed: 1 });
 */
export function simulateWithEngine(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): EngineRunResult {
  const prepared = prepare(programme, behaviour, options);
  const { plan, behaviour: b, kernel } = prepared;
  const out = trajectoriesOver(kernel, plan, prepared.fields, allocateBuffers(prepared.fields, false));
  const engine = createEngine(programme);
  const sim = new EngineSim(programme, engine, b, plan, out);
  if (coupled(programme)) for (let r = 0; r < plan.replications; r++) sim.replication(r);
  else for (let row = 0; row < plan.rows; row++) sim.alone(row);
  return { trajectories: out, participantWeeks: sim.weeks, commands: sim.commands };
}

class EngineSim {
  weeks = 0;
  commands = 0;
  private readonly instants = new Map<number, string>();
  private readonly outcomes: string[];
  private readonly scratch: Float64Array;

  constructor(
    readonly programme: Programme,
    readonly engine: Engine,
    readonly b: CompiledBehaviour,
    readonly plan: Plan,
    readonly out: Trajectories,
  ) {
    this.outcomes = programme.exitStep.blueprint.exit!.outcomes.map((o) => o.id);
    this.scratch = new Float64Array(programme.config.facts.length);
  }

  private at(day: number): string {
    let s = this.instants.get(day);
    if (!s) {
      s = stockholmInstant(`${isoDate(day)}T10:00`);
      this.instants.set(day, s);
    }
    return s;
  }

  private send(r: Row, day: number, body: Record<string, unknown>, actor: Actor = caseworker): boolean {
    this.commands++;
    const result = this.engine.execute(r.s, { ...body, participantId: r.id, at: this.at(day), actor });
    if (!result.ok) return false;
    for (const e of result.events) {
      if (e.type === 'step.regressed') r.regressions++;
      if (e.type === 'participant.paused') r.pausedDay = day;
      if (e.type === 'participant.resumed' || (e.type === 'participant.exited' && this.engine.phase(r.s) === 'paused')) r.pausedDays += day - r.pausedDay;
    }
    r.s = result.snapshot;
    return true;
  }

  private newRow(row: number, rep: number, idx: number): Row {
    const rng = new Rng(this.plan.seed, rep, idx);
    const area = drawFacts(this.b, rng, this.scratch);
    const facts = decodeFacts(this.programme.config.facts, this.scratch);
    const cls = this.b.classOf(this.b.space.indexOf(this.scratch));
    this.programme.config.facts.forEach((f, i) => {
      const v = this.scratch[i]!;
      this.out.facts[f.id]![row] = Number.isNaN(v) ? -1 : Math.trunc(v);
    });
    this.out.area[row] = area;
    this.out.replication[row] = rep;
    const id = `P${String(idx).padStart(9, '0')}`;
    return { row, idx, rng, cls, facts, area, id, s: this.engine.initial(id), referredDay: -1, admittedWeek: -1, holds: new Map(), regressions: 0, pausedDays: 0, pausedDay: 0 };
  }

  private refer(r: Row, day: number, place: 'granted' | 'none'): void {
    r.referredDay = day;
    const areaId = r.area >= 0 ? this.programme.config.areas[r.area]!.id : undefined;
    this.send(r, day, { type: 'refer', facts: r.facts, place, ...(areaId ? { area: areaId } : {}) });
  }

  /** A row of a programme without places: referred, then all its weeks. */
  alone(row: number): void {
    const plan = this.plan;
    const rep = Math.floor(row / plan.cohort);
    const idx = row - rep * plan.cohort;
    const r = this.newRow(row, rep, idx);
    const rw = referralWeek(plan, idx);
    if (rw >= plan.weeks) return this.finish(r, false);
    const day0 = plan.startDay + 7 * rw;
    this.refer(r, day0, 'granted');
    if (this.engine.phase(r.s) === 'waiting') this.send(r, day0, { type: 'admit' });
    for (let w = rw + 1; w < plan.weeks; w++) {
      const phase = this.engine.phase(r.s);
      if (phase !== 'active' && phase !== 'paused') break;
      this.week(r, plan.startDay + 7 * w);
    }
    this.finish(r, this.engine.phase(r.s) !== 'exited');
  }

  /** One replication of a programme with places, week by week, with core's roster. */
  replication(rep: number): void {
    const { plan, programme } = this;
    const rows: Row[] = [];
    let roster: Roster = emptyRoster;
    const seat = (r: Row, day: number): Seat => ({
      participantId: r.id,
      facts: r.facts,
      since: isoDate(day),
      ...(r.area >= 0 ? { area: programme.config.areas[r.area]!.id } : {}),
    });
    const byId = new Map<string, Row>();
    const admitSeats = (seats: readonly Seat[], day: number, w: number) => {
      for (const s of seats) {
        const r = byId.get(s.participantId)!;
        this.send(r, day, { type: 'admit' });
        r.admittedWeek = w;
      }
    };
    for (let w = 0; w < plan.weeks; w++) {
      const day = plan.startDay + 7 * w;
      for (let idx = 0; idx < plan.cohort; idx++) {
        if (referralWeek(plan, idx) !== w) continue;
        const r = this.newRow(rep * plan.cohort + idx, rep, idx);
        rows.push(r);
        byId.set(r.id, r);
        const decision = referralDecision(programme, r.facts).decision;
        if (decision === 'decline') this.refer(r, day, 'none');
        else if (decision === 'waitlist') {
          this.refer(r, day, 'none');
          const f = fill(programme, { ...roster, waiting: [...roster.waiting, seat(r, day)] });
          roster = f.roster;
          admitSeats(f.admitted, day, w);
        } else {
          const a = admit(programme, roster, seat(r, day));
          roster = a.roster;
          this.refer(r, day, a.decision === 'admit' ? 'granted' : 'none');
          if (a.decision === 'admit') r.admittedWeek = w;
        }
      }
      const now = rows.filter((r) => r.admittedWeek >= 0 && r.admittedWeek < w && ['active', 'paused'].includes(this.engine.phase(r.s))).sort((a, b) => a.idx - b.idx);
      for (const r of now) {
        this.week(r, day);
        if (this.engine.phase(r.s) === 'exited') {
          this.finish(r, false);
          const l = leave(programme, roster, r.id);
          roster = l.roster;
          admitSeats(l.admitted, day, w);
        }
      }
    }
    for (let idx = 0; idx < plan.cohort; idx++) {
      const r = rows.find((x) => x.idx === idx);
      if (!r) this.finish(this.newRow(rep * plan.cohort + idx, rep, idx), false);
      else if (this.engine.phase(r.s) !== 'exited' && this.engine.phase(r.s) !== 'declined') this.finish(r, true);
      else if (this.engine.phase(r.s) === 'declined') this.finish(r, false);
    }
  }

  private week(r: Row, day: number): void {
    this.weeks++;
    const { engine, programme, b } = this;
    this.send(r, day, { type: 'tick' }, clock);
    this.duties(r, day);
    const u = r.rng.u32();
    const phase = engine.phase(r.s);
    const ctx = r.s.context;
    const step = ctx.currentStepId ? programme.stepsById.get(ctx.currentStepId)! : undefined;
    let cell: number;
    if (phase === 'active' && step) {
      const lockedIn = ctx.deadlines.some((d) => d.flag?.id === 'lockIn' && d.status === 'overdue');
      cell = b.cell(r.cls, step.index, lockedIn);
    } else if (phase === 'paused') cell = b.pausedCell(r.cls);
    else return;
    if (u >= b.cellTotal[cell]!) return;
    let j = b.cellStart[cell]!;
    while (u >= b.cellThresholds[j]!) j++;
    const a = b.cellActions[j]!;
    const contents = (defs: readonly { id: string; type: string; required: boolean }[]) =>
      Object.fromEntries(defs.filter((c) => c.required).map((c) => [c.id, c.type === 'number' ? 1 : c.type === 'boolean' ? true : 'noted']));
    switch (a) {
      case A_ADVANCE:
        if (step!.blueprint.assessment) this.send(r, day, { type: 'completeAssessment', contents: contents(step!.blueprint.assessment.contents) });
        else if (step!.blueprint.actionPlan) {
          const spec = step!.blueprint.actionPlan;
          const subGoals = Array.from({ length: Math.max(1, spec.minSubGoals) }, (_, i) => `goal${i + 1}`);
          this.send(r, day, { type: 'establishPlan', contents: contents(spec.contents), subGoals, participantTookPart: true });
        } else {
          if (step!.index + 1 < programme.steps.length)
            for (const req of step!.blueprint.requirements) this.send(r, day, { type: 'markRequirement', stepId: step!.id, requirementId: req.id, status: 'met', ...evidence(req) });
          this.send(r, day, { type: 'advance' });
        }
        return;
      case A_PAUSE:
        this.send(r, day, { type: 'pause', reason: 'simulated' });
        return;
      case A_REGRESS:
        if (step!.index > 0) this.send(r, day, { type: 'regress', toStepId: programme.steps[step!.index - 1]!.id, reason: 'simulated' });
        return;
      case A_RESUME:
        this.send(r, day, { type: 'resume' });
        return;
      default:
        this.send(r, day, { type: 'exit', outcomeId: this.outcomes[a - A_EXIT]! });
    }
  }

  private duties(r: Row, day: number): void {
    const { b, engine, programme } = this;
    const joint = programme.config.followUps?.jointWith ?? [];
    for (let i = 0; i < r.s.context.deadlines.length; i++) {
      const d = r.s.context.deadlines[i]!;
      if (d.status === 'met' || d.status === 'cancelled') continue;
      const m = d.metWhen;
      const regular = d.kind === 'followUp' && m.type === 'followUp' && m.evaluationOf === undefined && d.id.startsWith('followUp.');
      if (regular || m.type === 'requirementMet') {
        let hold = r.holds.get(d.id);
        if (hold === undefined) {
          if (day + 7 <= dayNumber(d.dueOn)) continue;
          hold = r.rng.u32() < (regular ? b.followUpsOnTime : b.requirementsOnTime) ? day : day + 7 * (1 + r.rng.below(3));
          r.holds.set(d.id, hold);
        }
        if (day < hold) continue;
        if (regular) this.send(r, day, { type: 'recordFollowUp', kind: 'followUp', participantTookPart: true, attendedBy: joint });
        else if (m.type === 'requirementMet' && engine.phase(r.s) === 'active' && r.s.context.currentStepId === m.stepId) {
          const req = programme.stepsById.get(m.stepId)!.blueprint.requirements.find((x) => x.id === m.requirementId)!;
          this.send(r, day, { type: 'markRequirement', stepId: m.stepId, requirementId: m.requirementId, status: 'met', ...evidence(req) });
        }
      } else if (m.type === 'followUp' && m.evaluationOf !== undefined) {
        if (day >= dayNumber(d.opensOn) && r.s.context.plan.length > 0)
          this.send(r, day, { type: 'recordFollowUp', kind: 'evaluation', stepId: m.evaluationOf, participantTookPart: true, attendedBy: joint });
      }
    }
  }

  /** The row's trajectory, read from the engine's state (after a last tick at the horizon). */
  private finish(r: Row, horizon: boolean): void {
    const { plan, out, programme, engine } = this;
    const start = plan.startDay;
    const last = start + plan.lastDay;
    if (horizon) this.send(r, last, { type: 'tick' }, clock);
    const ctx = r.s.context;
    const phase = engine.phase(r.s);
    const rel = (d: string | null | undefined) => (d ? dayNumber(d) - start : -1);
    const row = r.row;
    out.referredDay[row] = rel(ctx.referredOn);
    out.admittedDay[row] = rel(ctx.intakeOn);
    out.declined[row] = phase === 'declined' ? 1 : 0;
    out.exitDay[row] = rel(ctx.exit?.on);
    out.outcome[row] = ctx.exit ? this.outcomes.indexOf(ctx.exit.outcomeId) : -1;
    const n = programme.steps.length;
    programme.steps.forEach((s, i) => {
      const rec = ctx.steps[s.id];
      out.stepCompletedDay[row * n + i] = rec?.status === 'completed' ? rel(rec.completedOn) : -1;
    });
    out.lastStep[row] = ctx.currentStepId ? programme.stepsById.get(ctx.currentStepId)!.index : -1;
    out.regressions[row] = r.regressions;
    out.pausedDays[row] = r.pausedDays + (phase === 'paused' ? last - dayNumber(ctx.pausedOn!) : 0);
    for (const c of Object.values(out.deadlines)) {
      c.metOnTime[row] = 0;
      c.metLate[row] = 0;
      c.missed[row] = 0;
    }
    let lockIn = 0;
    const exitDay = ctx.exit ? dayNumber(ctx.exit.on) : Number.POSITIVE_INFINITY;
    for (const d of ctx.deadlines) {
      const c = out.deadlines[d.kind]!;
      const due = dayNumber(d.dueOn);
      if (d.status === 'met') {
        if (d.late) {
          c.metLate[row] = c.metLate[row]! + 1;
          if (d.flag?.id === 'lockIn') lockIn += dayNumber(d.metOn!) - due;
        } else c.metOnTime[row] = c.metOnTime[row]! + 1;
      } else if (d.status === 'overdue') {
        c.missed[row] = c.missed[row]! + 1;
        if (d.flag?.id === 'lockIn') lockIn += last - due;
      } else if (d.status === 'cancelled' && due < exitDay) c.missed[row] = c.missed[row]! + 1;
    }
    out.lockInDays[row] = lockIn;
  }
}

const evidence = (req: { evidence?: readonly { id: string }[] }) =>
  req.evidence && req.evidence.length > 0 ? { evidence: Object.fromEntries(req.evidence.map((e) => [e.id, `${e.id}-sim`])) } : {};
