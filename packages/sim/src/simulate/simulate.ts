import type { Programme } from '@stegvis/core';
import { type CompiledBehaviour, compileBehaviour } from '../behaviour/compile.js';
import { type Behaviour, type BehaviourInput, BehaviourSchema } from '../behaviour/schema.js';
import { type CompiledKernel, compileKernel } from '../kernel/compile.js';
import type { Trajectories } from '../trajectories.js';
import { type Field, allocateBuffers, layout, trajectoriesOver } from './allocate.js';
import { type Plan, type SimulateOptions, coupled, makePlan } from './options.js';
import { Runner } from './runner.js';

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

/** Compiles the programme and behaviour for a run. Kernels are cached per programme object. */
export function prepare(programme: Programme, behaviour: Behaviour | BehaviourInput, options: SimulateOptions): Prepared {
  const kernel = kernelFor(programme);
  const b = compileBehaviour(kernel, BehaviourSchema.parse(behaviour));
  const plan = makePlan(options);
  return { kernel, behaviour: b, plan, fields: layout(kernel, plan) };
}

const kernels = new WeakMap<Programme, CompiledKernel>();
export function kernelFor(programme: Programme): CompiledKernel {
  let k = kernels.get(programme);
  if (!k) {
    k = compileKernel(programme);
    kernels.set(programme, k);
  }
  return k;
}

/** Splits the work in `k` parts of about equal size, whole replications when rows interact. */
export function partition(programme: Programme, plan: Plan, k: number): Part[] {
  const unit = coupled(programme) ? 'replications' : 'rows';
  const total = unit === 'rows' ? plan.rows : plan.replications;
  const n = Math.max(1, Math.min(k, total));
  return Array.from({ length: n }, (_, i) => ({ unit, start: Math.floor((total * i) / n), end: Math.floor((total * (i + 1)) / n) }));
}

/** Simulates one part into trajectories (over shared or plain buffers); returns the weekly steps taken. */
export function runPart(p: Prepared, out: Trajectories, part: Part): number {
  const runner = new Runner(p.kernel, p.behaviour, p.plan, out);
  if (part.unit === 'rows') runner.runRows(part.start, part.end);
  else for (let r = part.start; r < part.end; r++) runner.runReplication(r);
  return runner.participantWeeks;
}

/**
 * Simulates a cohort through a programme on this thread, with the compiled kernel (never an XState actor per
 * participant). Same seed, same result, bit for bit; `simulate` gives the same arrays using every core.
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
