import { type FactValue, type Result, factType, holds } from '@stegvis/core';
import type { CompiledKernel } from '../kernel/compile.js';
import { ProfileSpace, ProfileTable } from '../kernel/profiles.js';
import { type Rng, threshold } from '../../prng.js';
import type { Behaviour, Weekly } from '../../behaviour/schema.js';

/** What a weekly draw can do. Exits are `A_EXIT + outcome index`. */
export const A_ADVANCE = 0;
export const A_PAUSE = 1;
export const A_REGRESS = 2;
export const A_RESUME = 3;
export const A_EXIT = 4;

/** How one fact is drawn: categorical (cumulative thresholds over codes) or a whole number in a range. */
export interface FactSampler {
  readonly fact: number;
  readonly kind: 'categorical' | 'uniform';
  readonly thresholds: Float64Array;
  readonly codes: Float64Array;
  readonly min: number;
  readonly max: number;
}

/**
 * A behaviour model compiled against a kernel: per behaviour class (the modifiers that apply to a
 * participant's facts), per step, and with or without the lock-in flag, the weekly competing risks as
 * cumulative thresholds on one 32-bit draw.
 */
export interface CompiledBehaviour {
  readonly kernel: CompiledKernel;
  readonly behaviour: Behaviour;
  readonly samplers: readonly FactSampler[];
  /** Cumulative area weights as thresholds, empty when no area is drawn. */
  readonly areaThresholds: Float64Array;
  readonly followUpsOnTime: number;
  readonly requirementsOnTime: number;
  /** Behaviour class of a participant: `classOf(profile)` after `space.indexOf(facts)`. */
  readonly space: ProfileSpace;
  classOf(profile: number): number;
  /** Cells: index `cell(cls, step, flagged)`; the paused cell of a class is `pausedCell(cls)`. */
  cell(cls: number, step: number, flagged: boolean): number;
  pausedCell(cls: number): number;
  /** The draw below which something happens in a cell (2^32 × the total probability). */
  cellTotal: Float64Array;
  cellStart: Int32Array;
  cellThresholds: Float64Array;
  cellActions: Int16Array;
}

function uniformSampler(fact: number, range: readonly [number, number]): FactSampler {
  const min = Math.ceil(Math.min(range[0], range[1]));
  const max = Math.floor(Math.max(range[0], range[1]));
  return { fact, kind: 'uniform', thresholds: new Float64Array(0), codes: new Float64Array(0), min, max: Math.max(min, max) };
}

/** The samplers for the facts a behaviour gives a distribution for, in the programme's declaration order. */
function samplers(kernel: CompiledKernel, behaviour: Behaviour): FactSampler[] {
  const out: FactSampler[] = [];
  kernel.programme.config.facts.forEach((f, i) => {
    const d = behaviour.facts[f.id];
    if (!d) return;
    if ('uniform' in d && Array.isArray(d.uniform)) {
      out.push(uniformSampler(i, d.uniform as [number, number]));
      return;
    }
    const entries = Object.entries(d as Record<string, number>)
      .map(([key, w]) => {
        const value = factType(f).parse(f, key);
        return [value === undefined ? NaN : factType(f).encode(f, value), w] as const;
      })
      .filter(([code, w]) => w > 0 && !Number.isNaN(code));
    const total = entries.reduce((n, [, w]) => n + w, 0);
    if (total <= 0) return;
    let acc = 0;
    const thresholds = new Float64Array(entries.length);
    const codes = new Float64Array(entries.length);
    entries.forEach(([code, w], j) => {
      acc += w;
      thresholds[j] = j === entries.length - 1 ? 0x100000000 : threshold(acc / total);
      codes[j] = code;
    });
    out.push({ fact: i, kind: 'categorical', thresholds, codes, min: 0, max: 0 });
  });
  return out;
}

/**
 * Draws a participant's facts (into `facts`, `NaN` where the behaviour gives no distribution) and area
 * (returned, −1 none) from their stream: one draw per fact that has a distribution, in declaration order,
 * then one for the area when areas are weighted.
 */
export function drawFacts(b: CompiledBehaviour, rng: Rng, facts: Float64Array): number {
  facts.fill(NaN);
  const samplers = b.samplers;
  for (let i = 0; i < samplers.length; i++) {
    const s = samplers[i]!;
    if (s.kind === 'uniform') facts[s.fact] = s.min + rng.below(s.max - s.min + 1);
    else {
      const u = rng.u32();
      let j = 0;
      while (u >= s.thresholds[j]!) j++;
      facts[s.fact] = s.codes[j]!;
    }
  }
  if (b.areaThresholds.length === 0) return -1;
  const u = rng.u32();
  let area = 0;
  while (u >= b.areaThresholds[area]!) area++;
  return area;
}

const zero: Weekly = { advance: 0, pause: 0, regress: 0, exit: {} };

/**
 * Compiles a validated behaviour model for a kernel. Probabilities are turned into thresholds once;
 * modifiers multiply a step's probabilities for participants whose facts match (several multiply
 * together), and if a step's probabilities then add up to more than 1 they are scaled down to 1.
 *
 * @example
 * const b = compileBehaviour(kernel, BehaviourSchema.parse(data));
 */
export function compileBehaviour(kernel: CompiledKernel, behaviour: Behaviour): Result<CompiledBehaviour> {
  const programme = kernel.programme;
  const nSteps = kernel.nSteps;
  const outcomeIndex = new Map(kernel.outcomeIds.map((id, i) => [id, i]));
  const modifiers = behaviour.modifiers;
  if (modifiers.length > 30)
    return { ok: false, issues: [{ code: 'config.invalid_value', path: ['behaviour', 'modifiers'], message: `the behaviour has ${modifiers.length} modifiers; the simulation supports at most 30`, fix: 'merge modifiers' }] };
  const space = new ProfileSpace(programme, modifiers.map((m) => m.when));
  const scope = (facts: Record<string, FactValue>) => ({ facts, factsById: programme.factsById, conditionsById: programme.conditionsById });
  const table = new ProfileTable(space, 1, (facts, out) => {
    let mask = 0;
    modifiers.forEach((m, i) => {
      if (holds(m.when, scope(facts))) mask |= 1 << i;
    });
    out[0] = mask;
  });

  const weekly = (s: number, flagged: boolean): Weekly => {
    const id = kernel.stepIds[s]!;
    if (flagged && behaviour.afterEnd[id]) return behaviour.afterEnd[id]!;
    return behaviour.steps[id] ?? behaviour.default ?? zero;
  };

  // Cells are built per class as classes are met; a class is a set of modifiers that apply.
  const cellsPerClass = nSteps * 2 + 1;
  let cellTotal = new Float64Array(0);
  let cellStart = new Int32Array(0);
  const thresholds: number[] = [];
  const actions: number[] = [];
  const classes = new Map<number, number>();
  const masks: number[] = [];

  const addCell = (pairs: [number, number][], cellIndex: number) => {
    const sum = pairs.reduce((n, [, p]) => n + p, 0);
    const scale = sum > 1 ? 1 / sum : 1;
    cellStart[cellIndex] = thresholds.length;
    let acc = 0;
    for (const [action, p] of pairs) {
      if (!(p > 0)) continue;
      acc += p * scale;
      thresholds.push(threshold(acc));
      actions.push(action);
    }
    cellTotal[cellIndex] = thresholds.length > cellStart[cellIndex]! ? thresholds[thresholds.length - 1]! : 0;
  };

  const classOf = (profile: number): number => {
    const mask = table.get(profile, 0);
    let c = classes.get(mask);
    if (c !== undefined) return c;
    c = masks.push(mask) - 1;
    classes.set(mask, c);
    const grownTotal = new Float64Array((c + 1) * cellsPerClass);
    grownTotal.set(cellTotal);
    cellTotal = grownTotal;
    const grownStart = new Int32Array((c + 1) * cellsPerClass + 1);
    grownStart.set(cellStart.subarray(0, c * cellsPerClass));
    cellStart = grownStart;
    for (let s = 0; s < nSteps; s++)
      for (const flagged of [false, true]) {
        const w = weekly(s, flagged);
        const mult = { advance: 1, pause: 1, regress: 1, exit: 1 };
        modifiers.forEach((m, i) => {
          if ((mask & (1 << i)) === 0 || (m.steps && !m.steps.includes(kernel.stepIds[s]!))) return;
          mult.advance *= m.multiply.advance ?? 1;
          mult.pause *= m.multiply.pause ?? 1;
          mult.regress *= m.multiply.regress ?? 1;
          mult.exit *= m.multiply.exit ?? 1;
        });
        const pairs: [number, number][] = [
          [A_ADVANCE, w.advance * mult.advance],
          [A_PAUSE, w.pause * mult.pause],
          [A_REGRESS, w.regress * mult.regress],
          ...Object.entries(w.exit)
            .filter(([id]) => outcomeIndex.has(id))
            .map(([id, p]) => [A_EXIT + outcomeIndex.get(id)!, p * mult.exit] as [number, number])
            .sort((a, b) => a[0] - b[0]),
        ];
        addCell(pairs, c * cellsPerClass + s * 2 + (flagged ? 1 : 0));
      }
    const paused: [number, number][] = [
      [A_RESUME, behaviour.paused.resume],
      ...Object.entries(behaviour.paused.exit)
        .filter(([id]) => outcomeIndex.has(id))
        .map(([id, p]) => [A_EXIT + outcomeIndex.get(id)!, p] as [number, number])
        .sort((a, b) => a[0] - b[0]),
    ];
    addCell(paused, c * cellsPerClass + nSteps * 2);
    cellStart[(c + 1) * cellsPerClass] = thresholds.length;
    compiled.cellTotal = cellTotal;
    compiled.cellStart = cellStart;
    compiled.cellThresholds = Float64Array.from(thresholds);
    compiled.cellActions = Int16Array.from(actions);
    return c;
  };

  const areaWeights = programme.config.areas.map((a) => behaviour.areas[a.id] ?? 0);
  const areaTotal = areaWeights.reduce((n, w) => n + w, 0);
  let acc = 0;
  const areaThresholds =
    areaTotal > 0
      ? Float64Array.from(areaWeights, (w, i) => {
          acc += w;
          return i === areaWeights.length - 1 ? 0x100000000 : threshold(acc / areaTotal);
        })
      : new Float64Array(0);

  const compiled: CompiledBehaviour = {
    kernel,
    behaviour,
    samplers: samplers(kernel, behaviour),
    areaThresholds,
    followUpsOnTime: threshold(behaviour.followUpsOnTime),
    requirementsOnTime: threshold(behaviour.requirementsOnTime),
    space,
    classOf,
    cell: (cls, step, flagged) => cls * cellsPerClass + step * 2 + (flagged ? 1 : 0),
    pausedCell: (cls) => cls * cellsPerClass + nSteps * 2,
    cellTotal,
    cellStart,
    cellThresholds: new Float64Array(0),
    cellActions: new Int16Array(0),
  };
  // Classes of small profile spaces are built now, so the simulation loop finds them ready.
  if (space.size <= 1 << 16) for (let p = 0; p < space.size; p++) classOf(p);
  return { ok: true, value: compiled };
}
