import type { FactValue, Lang, Outcome, Programme } from '@stegvis/core';
import type { Trajectories } from '../trajectories.js';
import { monthTable, monthsInHorizon } from './calendar.js';

export interface CategoryInfo {
  readonly id: string;
  readonly label: string;
}

/**
 * What every section of the report needs, computed once: the replications, the exit step's outcomes
 * and categories, and the "day plus m months" table. `rows` (an index list) selects a subgroup.
 */
export interface Cohort {
  readonly programme: Programme;
  readonly t: Trajectories;
  readonly lang: Lang;
  /** Replications: 1 + the largest replication index. */
  readonly R: number;
  readonly H: number;
  readonly S: number;
  /** Calendar months in the horizon. */
  readonly M: number;
  readonly monthTab: Int32Array;
  readonly outcomes: readonly Outcome[];
  /** Per outcome index: its category's index in `categories`. */
  readonly outcomeCategory: Int32Array;
  readonly categories: readonly CategoryInfo[];
  readonly allRows: Int32Array;
}

export function makeCohort(programme: Programme, t: Trajectories, lang: Lang, months?: number): Cohort {
  let R = 1;
  for (let i = 0; i < t.n; i++) if (t.replication[i]! + 1 > R) R = t.replication[i]! + 1;
  const M = Math.max(0, months ?? monthsInHorizon(t.startDate, t.horizonDays));
  const outcomes = programme.outcomes;
  const declared = ((programme.exitStep.params as { categories?: { id: string; label: { sv: string; en: string } }[] } | undefined)?.categories ?? []).map((c) => ({
    id: c.id,
    label: c.label[lang],
  }));
  const categories: CategoryInfo[] = [...declared];
  const outcomeCategory = new Int32Array(outcomes.length);
  outcomes.forEach((o, k) => {
    const id = o.category ?? o.id;
    let idx = categories.findIndex((c) => c.id === id);
    if (idx < 0) {
      idx = categories.length;
      categories.push({ id, label: o.category ? o.category : o.label[lang] });
    }
    outcomeCategory[k] = idx;
  });
  return {
    programme,
    t,
    lang,
    R,
    H: t.horizonDays,
    S: t.steps,
    M,
    monthTab: monthTable(t.startDate, t.horizonDays, M),
    outcomes,
    outcomeCategory,
    categories,
    allRows: Int32Array.from({ length: t.n }, (_, i) => i),
  };
}

/** Day `a` + `m` months, as a day number (a within the horizon). */
export const plusMonths = (c: Cohort, a: number, m: number): number => c.monthTab[a * (c.M + 1) + m]!;

/** The last month m (0…M) whose day `a + m months` is still inside the horizon. */
export function lastObservedMonth(c: Cohort, a: number): number {
  let m = c.M;
  while (m > 0 && plusMonths(c, a, m) > c.H - 1) m--;
  return m;
}

export const isAdmitted = (c: Cohort, i: number): boolean => c.t.admittedDay[i]! >= 0 && c.t.admittedDay[i]! < c.H;

/** Day of completing step `s` for row `i`, or -1. */
export const completedDay = (c: Cohort, i: number, s: number): number => c.t.stepCompletedDay[i * c.S + s]!;

/** A row's facts as the values conditions see (boolean, enum id, number); unknown facts are absent. */
export function factsOf(c: Cohort, i: number): Record<string, FactValue> {
  const out: Record<string, FactValue> = {};
  for (const [id, values] of Object.entries(c.t.facts)) {
    const v = values[i]!;
    const fact = c.programme.factsById.get(id);
    if (!fact) continue;
    if (fact.type === 'boolean') {
      if (v === 0 || v === 1) out[id] = v === 1;
    } else if (fact.type === 'enum') {
      const value = fact.values[v];
      if (v >= 0 && value) out[id] = value.id;
    } else if (v !== -1) out[id] = v;
  }
  return out;
}

/** Per-replication counters. */
export const perReplication = (c: Cohort): number[] => new Array<number>(c.R).fill(0);
