import { type Issue, type Programme, type Result, StegvisError } from '@stegvis/core';
import { type Behaviour, type BehaviourInput, BehaviourSchema } from '../../behaviour/schema.js';
import type { Trajectories } from '../../trajectories.js';
import { type CompiledKernel, compileKernel } from '../kernel/compile.js';
import { KernelParticipant } from '../kernel/participant.js';
import { FastRoster } from '../kernel/roster.js';
import { type Field, allocateBuffers, layout, trajectoriesOver } from './allocate.js';
import { type CompiledBehaviour, compileBehaviour } from './behaviour.js';
import { type Plan, type SimulateOptions, coupled, planOf } from './options.js';
import { type Participants, Runner } from './runner.js';

/** A contiguous share of the work: rows, or (for programmes with places) whole replications. */
export interface Part {
  readonly unit: 'rows' | 'replications';
  readonly start: number;
  readonly end: number;
}

export interface Prepared {
  readonly kernel: CompiledKernel;
  readonly behaviour: CompiledBehaviour;
  readonly plan: Plan;
  readonly fields: Field[];
}

const kernels = new WeakMap<Programme, Result<CompiledKernel>>();
/** The programme compiled for the kernel, once per programme object. */
export function kernelFor(programme: Programme): Result<CompiledKernel> {
  let k = kernels.get(programme);
  if (!k) kernels.set(programme, (k = compileKernel(programme)));
  return k;
}

/**
 * Everything a run needs, or every reason it cannot run — a programme beyond the kernel's limits, a behaviour
 * model or options that do not fit — as issues with paths and fixes, before anything is simulated.
 *
 * @example
 * const p = prepareSimulation(programme, behaviour, { cohort: 200, months: 24, seed: 1 });
 * if (!p.ok) console.error(formatIssues(p.issues));
 */
export function prepareSimulation(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): Result<Prepared> {
  const kernel = kernelFor(programme);
  const plan = planOf(options);
  const parsed = BehaviourSchema.safeParse(behaviour);
  if (!kernel.ok || !plan.ok || !parsed.success) {
    const issues: Issue[] = [
      ...(kernel.ok ? [] : kernel.issues),
      ...(plan.ok ? [] : plan.issues),
      ...(parsed.success ? [] : parsed.error.issues.map((i): Issue => ({ code: 'config.invalid_value', path: ['behaviour', ...(i.path as (string | number)[])], message: i.message }))),
    ];
    return { ok: false, issues };
  }
  const b = compileBehaviour(kernel.value, parsed.data);
  if (!b.ok) return b;
  return { ok: true, value: { kernel: kernel.value, behaviour: b.value, plan: plan.value, fields: layout(kernel.value, plan.value) } };
}

/** `prepareSimulation` for the entry points that return trajectories: its issues thrown as one `StegvisError`. */
export function prepare(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): Prepared {
  const p = prepareSimulation(programme, behaviour, options);
  if (!p.ok) throw new StegvisError(p.issues[0]!.code, p.issues);
  return p.value;
}

/** Splits the work in `k` parts of about equal size, whole replications when rows interact. */
export function partition(programme: Programme, plan: Plan, k: number): Part[] {
  const unit = coupled(programme) ? 'replications' : 'rows';
  const total = unit === 'rows' ? plan.rows : plan.replications;
  const n = Math.max(1, Math.min(k, total));
  return Array.from({ length: n }, (_, i) => ({ unit, start: Math.floor((total * i) / n), end: Math.floor((total * (i + 1)) / n) }));
}

/** The kernel's participants and rosters. */
export const kernelParticipants = (kernel: CompiledKernel): Participants => ({
  participant: () => new KernelParticipant(kernel),
  roster: (rows) => new FastRoster(kernel, rows),
});

/** Simulates one part into trajectories (over shared or plain buffers); returns the weekly steps taken. */
export function runPart(p: Prepared, out: Trajectories, part: Part, on: Participants = kernelParticipants(p.kernel)): number {
  const runner = new Runner(p.kernel, p.behaviour, p.plan, out, on);
  if (part.unit === 'rows') runner.runRows(part.start, part.end);
  else for (let r = part.start; r < part.end; r++) runner.runReplication(r);
  return runner.participantWeeks;
}

/**
 * Simulates a cohort through a programme on this thread, with the compiled kernel (never an XState actor per
 * participant). Same seed, same result, bit for bit; `simulate` gives the same arrays using every core. A
 * programme the kernel cannot model, or a bad behaviour model or option, throws a `StegvisError` with the
 * issues (`prepareSimulation` returns them instead).
 *
 * @example
 * const t = simulateSync(programme, behaviour, { cohort: 1000, months: 24, seed: 1 });
 * t.stepCompletedDay[i * t.steps + 2]; // the day row i completed step 3, or -1
 */
export function simulateSync(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): Trajectories {
  return simulateSyncWithStats(programme, behaviour, options).trajectories;
}

export function simulateSyncWithStats(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): { trajectories: Trajectories; participantWeeks: number } {
  const p = prepare(programme, behaviour, options);
  const out = trajectoriesOver(p.kernel, p.plan, p.fields, allocateBuffers(p.fields, false));
  const [part] = partition(programme, p.plan, 1);
  const participantWeeks = part ? runPart(p, out, part) : 0;
  return { trajectories: out, participantWeeks };
}
