import type { FactValue, Lang, Outcome, Programme } from '@stegvis/core';
import type { Trajectories } from '../trajectories.js';
import { monthTable, monthsInHorizon } from './calendar.js';

export interface CategoryInfo {
  readonly id: string;
  readonly label: string;
  /** The programme declares the category (with its label); otherwise an outcome names it without declaring it. */
  readonly declared: boolean;
  /** Ids of its outcomes. */
  readonly outcomes: readonly string[];
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
  const declared = programme.categories;
  const categories: { id: string; label: string; declared: boolean; outcomes: string[] }[] = declared.map((c) => ({ id: c.id, label: c.label[lang], declared: true, outcomes: [] }));
  const outcomeCategory = new Int32Array(outcomes.length);
  outcomes.forEach((o, k) => {
    const id = o.category ?? o.id;
    let idx = categories.findIndex((c) => c.id === id);
    if (idx < 0) {
      idx = categories.length;
      categories.push({ id, label: '', declared: false, outcomes: [] });
    }
    categories[idx]!.outcomes.push(o.id);
    outcomeCategory[k] = idx;
  });
  // A category the programme does not declare is named by what it holds, in the programme's own words:
  // its outcomes' labels ("Moved away, Discontinued"), never a name made up here.
  for (const cat of categories)
    if (!cat.declared) cat.label = cat.outcomes.map((id) => outcomes.find((o) => o.id === id)!.label[lang]).join(', ');
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
