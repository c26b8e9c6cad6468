import { RiskSet, byDuration } from '../report/stats.js';

/**
 * The Nelson–Aalen estimator of cause-specific cumulative hazards from durations with competing
 * causes, right-censoring and, optionally, left truncation (delayed entry). At each distinct event time
 * t, ΔH_c(t) = d_c(t) / Y(t), where d_c(t) is the number of stays ending at t from cause c and Y(t) the
 * number at risk just before t: every stay with duration ≥ t that had entered by then (entry < t; a
 * stay observed from its start enters at −∞). Ties: all events at t share one risk set; stays censored
 * at t are still at risk at t (the usual convention: censoring happens just after the events). The same
 * as `survival::survfit(Surv(entry, duration, cause == c) ~ 1)$cumhaz` for each cause.
 */

export interface NelsonAalen {
  /** Distinct event times, increasing. */
  readonly times: readonly number[];
  readonly atRisk: readonly number[];
  /** Per cause: events at each time, and the cumulative hazard just after it. */
  readonly events: ReadonlyMap<string, readonly number[]>;
  readonly cumulative: ReadonlyMap<string, readonly number[]>;
}

/**
 * `cause[i]` is the cause of stay i, or `null` when it was censored at `duration[i]`; `entry[i]`, when
 * given, the time from which stay i was observed (it is at risk only after it). Stays with entry ≥
 * duration are never at risk and are left out.
 */
export function nelsonAalen(duration: readonly number[], cause: readonly (string | null)[], entry?: readonly number[]): NelsonAalen {
  const order = byDuration(duration, entry);
  const n = order.length;
  const risk = new RiskSet(n, entry ? order.map((i) => entry[i]!) : undefined);
  const causes = [...new Set(order.map((i) => cause[i]).filter((c): c is string => c !== null && c !== undefined))].sort();
  const times: number[] = [];
  const atRisk: number[] = [];
  const events = new Map(causes.map((c) => [c, [] as number[]]));
  const cumulative = new Map(causes.map((c) => [c, [] as number[]]));
  const running = new Map(causes.map((c) => [c, 0]));
  let i = 0;
  while (i < n) {
    const t = duration[order[i]!]!;
    const y = risk.at(t);
    const d = new Map<string, number>();
    let leaving = 0;
    while (i < n && duration[order[i]!] === t) {
      const c = cause[order[i]!];
      if (c !== null && c !== undefined) d.set(c, (d.get(c) ?? 0) + 1);
      leaving++;
      i++;
    }
    if (d.size > 0) {
      times.push(t);
      atRisk.push(y);
      for (const c of causes) {
        const dc = d.get(c) ?? 0;
        running.set(c, running.get(c)! + dc / y);
        events.get(c)!.push(dc);
        cumulative.get(c)!.push(running.get(c)!);
      }
    }
    risk.leave(leaving);
  }
  return { times, atRisk, events, cumulative };
}

/** H_c(t): the cumulative hazard of cause c at time t (a right-continuous step function). */
export function cumulativeAt(na: NelsonAalen, c: string, t: number): number {
  const h = na.cumulative.get(c);
  if (!h) return 0;
  let v = 0;
  for (let k = 0; k < na.times.length && na.times[k]! <= t; k++) v = h[k]!;
  return v;
}

export interface WeekHazard {
  /** Week 1 covers durations [0, 7] days, week k > 1 covers (7(k − 1), 7k]: a stay that ends on its seventh day ended in its first week. */
  readonly week: number;
  /**
   * Stays at risk at the week's start: all (that had entered) for week 1, those longer than 7(k − 1)
   * days for week k. A stay entering late counts from the first week that starts after its entry.
   */
  readonly atRisk: number;
  /** Per cause: the increment of the cumulative hazard over the week. */
  readonly dH: Readonly<Record<string, number>>;
}

/** The week a duration (days) falls in: 0…7 → 1, 8…14 → 2, … */
export const weekOf = (days: number): number => Math.max(1, Math.ceil(days / 7));

/** The Nelson–Aalen increments week by week (durations in days; `entry` as in `nelsonAalen`). */
export function weeklyIncrements(duration: readonly number[], cause: readonly (string | null)[], entry?: readonly number[]): WeekHazard[] {
  const na = nelsonAalen(duration, cause, entry);
  const rows = byDuration(duration, entry);
  const maxDuration = rows.reduce((a, i) => Math.max(a, duration[i]!), -1);
  if (maxDuration < 0) return [];
  const weeks = weekOf(maxDuration);
  const out: WeekHazard[] = [];
  const risk = new RiskSet(rows.length, entry ? rows.map((i) => entry[i]!) : undefined);
  let k0 = 0;
  let idx = 0;
  for (let w = 1; w <= weeks; w++) {
    // At risk at the week's first moment: duration 0 for week 1, just after 7(k − 1) days for week k.
    const start = w === 1 ? 0 : 7 * (w - 1) + 1;
    let leaving = 0;
    while (k0 < rows.length && duration[rows[k0]!]! < start) {
      k0++;
      leaving++;
    }
    risk.leave(leaving);
    const atRisk = risk.at(start);
    const dH: Record<string, number> = {};
    for (const c of na.cumulative.keys()) dH[c] = 0;
    while (idx < na.times.length && weekOf(na.times[idx]!) === w) {
      for (const [c, ev] of na.events) dH[c]! += ev[idx]! / na.atRisk[idx]!;
      idx++;
    }
    out.push({ week: w, atRisk, dH });
  }
  return out;
}

/**
 * Weekly probabilities from cumulative-hazard increments with competing causes:
 * P(any event in the week) = 1 − exp(−Σ_c ΔH_c), split between causes in proportion to their
 * cause-specific hazards: p_c = (1 − exp(−Σ ΔH)) · ΔH_c / Σ ΔH. This treats time as continuous
 * (events on any day of the week). For data recorded in whole weeks (every event of a week on the same
 * day, as a weekly simulation writes it), the Nelson–Aalen increment at a tie is already the weekly
 * probability: `timing: 'weekly'` uses p_c = ΔH_c (scaled down if they sum above 1).
 */
export function weeklyProbabilities(dH: Readonly<Record<string, number>>, timing: 'continuous' | 'weekly' = 'continuous'): Record<string, number> {
  const total = Object.values(dH).reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  const any = timing === 'weekly' ? Math.min(1, total) : 1 - Math.exp(-total);
  for (const [c, h] of Object.entries(dH)) out[c] = total > 0 ? (any * h) / total : 0;
  return out;
}

/**
 * One time-homogeneous weekly increment per cause from the weekly ones: their average weighted by the
 * number at risk at each week's start, Σ_k Y_k ΔH_c,k / Σ_k Y_k (close to events per person-week).
 */
export function pooledIncrement(weeks: readonly WeekHazard[]): Record<string, number> {
  const weight = weeks.reduce((a, w) => a + w.atRisk, 0);
  const out: Record<string, number> = {};
  for (const w of weeks) for (const [c, h] of Object.entries(w.dH)) out[c] = (out[c] ?? 0) + (weight > 0 ? (w.atRisk * h) / weight : 0);
  return out;
}
