import {
  type Actor, type Engine, type FactValue, type ParticipantSnapshot, type Programme, type Roster, type Seat, admit, createEngine, emptyRoster, fill,
  exitStatusRules, exitStatuses, leave, recordTypes, stockholmInstant,
} from '@stegvis/core';
import type { Behaviour, BehaviourInput, SimulateOptions, Trajectories } from '../../src/index.js';
import { dayNumber, isoDate } from '@stegvis/core';
import { type CompiledKernel, NONE, phaseNames, statusNames } from '../../src/internal/kernel/compile.js';
import type { RosterPort, SimParticipant } from '../../src/internal/kernel/port.js';
import { decodeFacts } from '../../src/internal/kernel/profiles.js';
import { allocateBuffers, trajectoriesOver } from '../../src/internal/simulate/allocate.js';
import type { Participants } from '../../src/internal/simulate/runner.js';
import { partition, prepare, runPart } from '../../src/internal/simulate/simulate.js';

const caseworker: Actor = { id: 'caseworker-sim', role: 'caseworker' };
const clock: Actor = { id: 'clock', role: 'system' };
type RecordType = (typeof recordTypes)[number];

const instants = new Map<number, string>();
const instantOf = (day: number) => {
  let s = instants.get(day);
  if (!s) instants.set(day, (s = stockholmInstant(`${isoDate(day)}T10:00`)));
  return s;
};
const contentsOf = (defs: readonly { id: string; type: string; required: boolean }[]) =>
  Object.fromEntries(defs.filter((c) => c.required).map((c) => [c.id, c.type === 'number' ? 1 : c.type === 'boolean' ? true : 'noted']));
const evidenceOf = (req: { evidence?: readonly { id: string }[] }) =>
  req.evidence && req.evidence.length > 0 ? { evidence: Object.fromEntries(req.evidence.map((e) => [e.id, `${e.id}-sim`])) } : {};

/**
 * The simulation's participant port over core's engine: one XState snapshot, every command a case system
 * would send through `engine.execute`. The runner drives it exactly as it drives the kernel, so for the same
 * seed the trajectories must be equal. Slow by design: it is the oracle.
 */
export class EngineParticipant implements SimParticipant {
  s: ParticipantSnapshot;
  nextDuty = NONE;
  regressions = 0;
  commands = 0;
  private facts: Record<string, FactValue> = {};
  private area: string | undefined;
  private pausedSum = 0;
  private readonly holds = new Map<number, number>();
  private openCache: { of: unknown; open: number[] } = { of: null, open: [] };
  private readonly templateOf = new Map<string, number>();

  constructor(
    readonly kernel: CompiledKernel,
    readonly engine: Engine,
    readonly id = 'P-sim',
  ) {
    this.s = engine.initial(id);
    kernel.tplBase.forEach((b, t) => {
      if (!this.templateOf.has(b)) this.templateOf.set(b, t);
    });
  }

  private get programme(): Programme {
    return this.engine.programme;
  }
  private get ctx() {
    return this.s.context;
  }

  private send(day: number, body: Record<string, unknown>, actor: Actor = caseworker): boolean {
    this.commands++;
    const wasPaused = this.engine.phase(this.s) === 'paused';
    const r = this.engine.execute(this.s, { ...body, participantId: this.id, at: instantOf(day), actor });
    if (!r.ok) return false;
    // As the kernel does: a deadline that opens sends the runner back to its duties.
    if (r.snapshot.context.deadlines.length > this.ctx.deadlines.length) this.nextDuty = NONE;
    for (const e of r.events) {
      if (e.type === 'step.regressed') this.regressions++;
      if (e.type === 'participant.resumed' || (e.type === 'participant.exited' && wasPaused)) this.pausedSum += day - dayNumber(this.ctx.pausedOn!);
    }
    this.s = r.snapshot;
    return true;
  }

  reset(facts: ArrayLike<number>, _profile: number, area: number): void {
    this.s = this.engine.initial(this.id);
    this.facts = decodeFacts(this.programme.config.facts, facts);
    this.area = area >= 0 ? this.programme.config.areas[area]!.id : undefined;
    this.regressions = 0;
    this.pausedSum = 0;
    this.holds.clear();
    this.nextDuty = NONE;
  }

  get phase(): number {
    return phaseNames.indexOf(this.engine.phase(this.s));
  }
  get step(): number {
    return this.ctx.currentStepId === null ? -1 : this.programme.stepsById.get(this.ctx.currentStepId)!.index;
  }
  get flagged(): number {
    return this.ctx.deadlines.filter((d) => d.flag && d.status === 'overdue').length;
  }
  get hasPlan(): boolean {
    return this.ctx.plan.length > 0;
  }

  refer(day: number, placeGranted: boolean): boolean {
    return this.send(day, { type: 'refer', facts: this.facts, place: placeGranted ? 'granted' : 'none', ...(this.area ? { area: this.area } : {}) });
  }
  admit(day: number): boolean {
    return this.send(day, { type: 'admit' });
  }

  /** What recording each kind of record means as a command. */
  private readonly records: Record<RecordType, (day: number) => boolean> = {
    assessment: (day) => {
      const r = this.currentStep()!.blueprint.records!;
      return this.send(day, { type: 'completeAssessment', contents: contentsOf(r.contents) });
    },
    actionPlan: (day) => {
      const r = this.currentStep()!.blueprint.records!;
      const min = r.type === 'actionPlan' ? r.minSubGoals : 1;
      return this.send(day, { type: 'establishPlan', contents: contentsOf(r.contents), subGoals: Array.from({ length: Math.max(1, min) }, (_, i) => `goal${i + 1}`), participantTookPart: true });
    },
  };

  private currentStep() {
    return this.ctx.currentStepId === null ? undefined : this.programme.stepsById.get(this.ctx.currentStepId);
  }

  progress(day: number): boolean {
    const step = this.currentStep();
    if (!step) return false;
    if (step.blueprint.records) return this.records[step.blueprint.records.type](day);
    if (this.engine.phase(this.s) === 'active' && step.index + 1 < this.programme.steps.length)
      for (const req of step.blueprint.requirements) this.send(day, { type: 'markRequirement', stepId: step.id, requirementId: req.id, status: 'met', ...evidenceOf(req) });
    return this.send(day, { type: 'advance' });
  }

  markRequirement(day: number, requirement: number): boolean {
    const step = this.currentStep();
    const req = step?.blueprint.requirements[requirement];
    if (!step || !req) return false;
    return this.send(day, { type: 'markRequirement', stepId: step.id, requirementId: req.id, status: 'met', ...evidenceOf(req) });
  }
  regress(day: number, to: number): boolean {
    return this.send(day, { type: 'regress', toStepId: this.programme.steps[to]!.id, reason: 'simulated' });
  }
  pause(day: number): boolean {
    return this.send(day, { type: 'pause', reason: 'simulated' });
  }
  resume(day: number): boolean {
    return this.send(day, { type: 'resume' });
  }
  exit(day: number, outcome: number): boolean {
    return this.send(day, { type: 'exit', outcomeId: this.programme.outcomes[outcome]!.id });
  }
  followUp(day: number, evaluationOf: number, roles: number): boolean {
    const attendedBy = this.programme.attendanceRoles.filter((_, i) => (roles & (1 << i)) !== 0);
    return this.send(day, {
      type: 'recordFollowUp',
      kind: evaluationOf >= 0 ? 'evaluation' : 'followUp',
      ...(evaluationOf >= 0 ? { stepId: this.programme.steps[evaluationOf]!.id } : {}),
      participantTookPart: true,
      attendedBy,
    });
  }
  tick(day: number): boolean {
    return this.send(day, { type: 'tick' }, clock);
  }
  exitFollowUp(day: number, index: number, status: number): boolean {
    const s = exitStatuses[status]!;
    const work = exitStatusRules[s].work ? { work: { since: isoDate(this.exitDay) } } : {};
    return this.send(day, { type: 'recordExitFollowUp', followUpId: this.programme.config.followUpAfterExit[index]?.id ?? 'noSuchFollowUp', status: s, ...work });
  }

  private open(): number[] {
    if (this.openCache.of !== this.ctx.deadlines) {
      const open: number[] = [];
      this.ctx.deadlines.forEach((d, i) => {
        if (d.status !== 'met' && d.status !== 'cancelled') open.push(i);
      });
      this.openCache = { of: this.ctx.deadlines, open };
    }
    return this.openCache.open;
  }
  get deadlineCount(): number {
    return this.ctx.deadlines.length;
  }
  get openCount(): number {
    return this.open().length;
  }
  openAt(j: number): number {
    return this.open()[j]!;
  }
  deadlineTemplate(i: number): number {
    const id = this.ctx.deadlines[i]!.id;
    const base = id.startsWith('followUp.') ? 'followUp' : id.replace(/\.\d+$/, '');
    return this.templateOf.get(base)!;
  }
  deadlineStatus(i: number): number {
    return statusNames.indexOf(this.ctx.deadlines[i]!.status);
  }
  deadlineOpens(i: number): number {
    return dayNumber(this.ctx.deadlines[i]!.opensOn);
  }
  deadlineDue(i: number): number {
    return dayNumber(this.ctx.deadlines[i]!.dueOn);
  }
  deadlineMetDay(i: number): number {
    const d = this.ctx.deadlines[i]!;
    return d.metOn ? dayNumber(d.metOn) : NONE;
  }
  hold(i: number): number {
    return this.holds.get(i) ?? NONE;
  }
  setHold(i: number, day: number): void {
    this.holds.set(i, day);
  }

  get referredDay(): number {
    return this.ctx.referredOn ? dayNumber(this.ctx.referredOn) : NONE;
  }
  get intakeDay(): number {
    return this.ctx.intakeOn ? dayNumber(this.ctx.intakeOn) : NONE;
  }
  get exitDay(): number {
    return this.ctx.exit ? dayNumber(this.ctx.exit.on) : NONE;
  }
  get exitOutcome(): number {
    return this.ctx.exit ? this.programme.outcomes.findIndex((o) => o.id === this.ctx.exit!.outcomeId) : -1;
  }
  pausedDaysOn(day: number): number {
    return this.pausedSum + (this.ctx.pausedOn !== null && this.engine.phase(this.s) === 'paused' ? day - dayNumber(this.ctx.pausedOn) : 0);
  }
  stepCompletedDay(s: number): number {
    const rec = this.ctx.steps[this.programme.steps[s]!.id];
    return rec?.status === 'completed' && rec.completedOn ? dayNumber(rec.completedOn) : NONE;
  }
}

/** The roster port over core's own `admit`, `leave` and `fill`, for one replication. */
export class EngineRoster implements RosterPort {
  private roster: Roster = emptyRoster;
  admitted = new Int32Array(0);

  constructor(readonly kernel: CompiledKernel) {}

  private readonly id = (row: number) => `P${String(row).padStart(9, '0')}`;
  private seat(row: number, profile: number, area: number, since: number): Seat {
    const p = this.kernel.programme;
    return { participantId: this.id(row), facts: this.kernel.profiles.factsOf(profile), since: isoDate(since), ...(area >= 0 ? { area: p.config.areas[area]!.id } : {}) };
  }
  private took(seats: readonly Seat[]): number {
    this.admitted = Int32Array.from(seats, (s) => Number(s.participantId.slice(1)));
    return seats.length;
  }
  admit(row: number, profile: number, area: number, since: number): boolean {
    const a = admit(this.kernel.programme, this.roster, this.seat(row, profile, area, since));
    this.roster = a.roster;
    return a.decision === 'admit';
  }
  wait(row: number, profile: number, area: number, since: number): void {
    this.roster = { ...this.roster, waiting: [...this.roster.waiting, this.seat(row, profile, area, since)] };
  }
  fill(): number {
    const f = fill(this.kernel.programme, this.roster);
    this.roster = f.roster;
    return this.took(f.admitted);
  }
  leave(row: number): number {
    const l = leave(this.kernel.programme, this.roster, this.id(row));
    this.roster = l.roster;
    return this.took(l.admitted);
  }
  isWaiting(row: number): boolean {
    return this.roster.waiting.some((s) => s.participantId === this.id(row));
  }
}

export interface EngineRunResult {
  readonly trajectories: Trajectories;
  readonly participantWeeks: number;
  /** Commands sent to the engine. */
  readonly commands: number;
}

/**
 * The same simulation as `simulateSync`, with the same runner, on core's engine: every participant one
 * XState snapshot, every command through `engine.execute`, places through core's roster.
 *
 * @example
 * const { trajectories } = simulateWithEngine(programme, behaviour, { cohort: 50, months: 12, seed: 1 });
 */
export function simulateWithEngine(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): EngineRunResult {
  const p = prepare(programme, behaviour, options);
  const out = trajectoriesOver(p.kernel, p.plan, p.fields, allocateBuffers(p.fields, false));
  const engine = createEngine(programme);
  const made: EngineParticipant[] = [];
  const on: Participants = {
    participant: () => made[made.push(new EngineParticipant(p.kernel, engine)) - 1]!,
    roster: () => new EngineRoster(p.kernel),
  };
  const [part] = partition(programme, p.plan, 1);
  const participantWeeks = part ? runPart(p, out, part, on) : 0;
  return { trajectories: out, participantWeeks, commands: made.reduce((n, m) => n + m.commands, 0) };
}
