import { type Condition, type Fact, type FactValue, type Programme, factTestConstants, factType, forEachFactTest } from '@stegvis/core';

/**
 * Facts as the kernel holds them: one number per declared fact, in declaration order. Booleans are 0/1,
 * enums the index of the value, numbers their value; `NaN` is "not recorded". The trajectories store the
 * same codes (as integers, −1 for unknown).
 */
export type EncodedFacts = Float64Array;

export function encodeFacts(facts: readonly Fact[], values: Readonly<Record<string, FactValue>>, out: EncodedFacts = new Float64Array(facts.length)): EncodedFacts {
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    const v = values[f.id];
    out[i] = v === undefined ? NaN : factType(f).encode(f, v);
  }
  return out;
}

export function decodeFacts(facts: readonly Fact[], encoded: ArrayLike<number>): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    const v = factType(f).decode(f, encoded[i]!);
    if (v !== undefined) out[f.id] = v;
  }
  return out;
}

interface Dim {
  /** Position of the fact in the programme's declarations. */
  readonly fact: number;
  readonly size: number;
  /** A fact with finitely many values (boolean, enum): its values, at the index of their code; null for numbers. */
  readonly values: readonly FactValue[] | null;
  /** Number facts: the constants conditions compare it with, sorted. */
  readonly cuts: readonly number[];
}

/** Every fact a condition refers to (through named conditions too), with the numbers it is compared with. */
function collect(programme: Programme, c: Condition, out: Map<string, Set<number>>, seen: Set<string>): void {
  forEachFactTest(
    c,
    (t) => {
      const set = out.get(t.fact) ?? new Set<number>();
      out.set(t.fact, set);
      for (const v of factTestConstants(t)) if (typeof v === 'number') set.add(v);
    },
    (id) => programme.conditionsById.get(id)?.when,
    seen,
  );
}

/**
 * The finite set of fact combinations that a list of conditions can tell apart. Conditions only test
 * equality, membership and comparison with constants, so a number fact splits into the constants and the
 * open intervals between them; a boolean or enum fact into its values; each plus "not recorded". Every
 * participant falls in exactly one profile, and every condition of the list has one value per profile:
 * decisions are computed once per profile with core's evaluator and read from a table afterwards.
 */
export class ProfileSpace {
  readonly dims: readonly Dim[];
  readonly size: number;

  constructor(
    readonly programme: Programme,
    conditions: readonly Condition[],
  ) {
    const refs = new Map<string, Set<number>>();
    for (const c of conditions) collect(programme, c, refs, new Set());
    const facts = programme.config.facts;
    const dims: Dim[] = [];
    for (const [id, consts] of refs) {
      const i = facts.findIndex((f) => f.id === id);
      if (i === -1) continue; // validation rejects this; such a test is simply false
      const f = facts[i]!;
      const values = factType(f).values(f);
      const cuts = values ? [] : [...consts].sort((a, b) => a - b);
      // Each value, or each constant and each interval around them; and "not recorded".
      dims.push({ fact: i, size: values ? values.length + 1 : 2 * cuts.length + 2, values, cuts });
    }
    dims.sort((a, b) => a.fact - b.fact);
    this.dims = dims;
    this.size = dims.reduce((n, d) => n * d.size, 1);
  }

  /** The profile of encoded facts. */
  indexOf(encoded: ArrayLike<number>): number {
    let index = 0;
    for (const d of this.dims) {
      const v = encoded[d.fact]!;
      let k: number;
      if (Number.isNaN(v)) k = 0;
      else if (d.values) k = v < 0 || v >= d.size - 1 ? 0 : v + 1;
      else {
        k = 2 * d.cuts.length + 1;
        for (let j = 0; j < d.cuts.length; j++) {
          const c = d.cuts[j]!;
          if (v < c) {
            k = 2 * j + 1;
            break;
          }
          if (v === c) {
            k = 2 * j + 2;
            break;
          }
        }
      }
      index = index * d.size + k;
    }
    return index;
  }

  /** Facts that fall in a profile (a representative of each class): what core evaluates conditions on. */
  factsOf(index: number): Record<string, FactValue> {
    const facts = this.programme.config.facts;
    const out: Record<string, FactValue> = {};
    for (let di = this.dims.length - 1; di >= 0; di--) {
      const d = this.dims[di]!;
      const k = index % d.size;
      index = (index - k) / d.size;
      if (k === 0) continue;
      const f = facts[d.fact]!;
      if (d.values) out[f.id] = d.values[k - 1]!;
      else {
        const cuts = d.cuts;
        if (cuts.length === 0) out[f.id] = 0;
        else if (k % 2 === 0) out[f.id] = cuts[k / 2 - 1]!;
        else {
          const j = (k - 1) / 2; // interval before cuts[j]
          out[f.id] = j === 0 ? cuts[0]! - 1 : j === cuts.length ? cuts[j - 1]! + 1 : (cuts[j - 1]! + cuts[j]!) / 2;
        }
      }
    }
    return out;
  }
}

const UNSET = -0x80000000;

/**
 * Values computed once per profile (`columns` integers each) with core's own functions, then read by
 * index. Small spaces are filled at once; large ones fill lazily, one profile the first time it is seen.
 */
export class ProfileTable {
  private readonly dense: Int32Array | null;
  private readonly sparse = new Map<number, Int32Array>();
  private readonly tmp: Int32Array;

  constructor(
    readonly space: ProfileSpace,
    readonly columns: number,
    private readonly compute: (facts: Record<string, FactValue>, out: Int32Array) => void,
    eagerLimit = 1 << 16,
  ) {
    this.tmp = new Int32Array(columns);
    if (space.size <= eagerLimit) {
      this.dense = new Int32Array(space.size * columns).fill(UNSET);
      for (let p = 0; p < space.size; p++) this.fill(p);
    } else this.dense = null;
  }

  private fill(p: number): void {
    this.compute(this.space.factsOf(p), this.tmp);
    if (this.dense) this.dense.set(this.tmp, p * this.columns);
    else this.sparse.set(p, Int32Array.from(this.tmp));
  }

  get(profile: number, column: number): number {
    if (this.dense) return this.dense[profile * this.columns + column]!;
    let row = this.sparse.get(profile);
    if (!row) {
      this.fill(profile);
      row = this.sparse.get(profile)!;
    }
    return row[column]!;
  }
}
