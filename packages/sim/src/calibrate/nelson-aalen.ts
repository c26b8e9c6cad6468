/**
 * The Nelson–Aalen estimator of cause-specific cumulative hazards from durations with competing
 * causes and right-censoring. At each distinct event time t, ΔH_c(t) = d_c(t) / Y(t), where d_c(t) is
 * the number of stays ending at t from cause c and Y(t) the number at risk just before t: every stay
 * with duration ≥ t. Ties: all events at t share one risk set; stays censored at t are still at risk
 * at t (the usual convention: censoring happens just after the events).
 */

export interface NelsonAalen {
  /** Distinct event times, increasing. */
  readonly times: readonly number[];
  readonly atRisk: readonly number[];
  /** Per cause: events at each time, and the cumulative hazard just after it. */
  readonly events: ReadonlyMap<string, readonly number[]>;
  readonly cumulative: ReadonlyMap<string, readonly number[]>;
}

/** `cause[i]` is the cause of stay i, or `null` when it was censored at `duration[i]`. */
export function nelsonAalen(duration: readonly number[], cause: readonly (string | null)[]): NelsonAalen {
  const n = duration.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => duration[a]! - duration[b]!);
  const causes = [...new Set(cause.filter((c): c is string => c !== null))].sort();
  const times: number[] = [];
  const atRisk: number[] = [];
  const events = new Map(causes.map((c) => [c, [] as number[]]));
  const cumulative = new Map(causes.map((c) => [c, [] as number[]]));
  const running = new Map(causes.map((c) => [c, 0]));
  let y = n;
  let i = 0;
  while (i < n) {
    const t = duration[order[i]!]!;
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
    y -= leaving;
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
  /** Stays at risk in the week: all for week 1, those longer than 7(k − 1) days for week k. */
  readonly atRisk: number;
  /** Per cause: the increment of the cumulative hazard over the week. */
  readonly dH: Readonly<Record<string, number>>;
}

/** The week a duration (days) falls in: 0…7 → 1, 8…14 → 2, … */
export const weekOf = (days: number): number => Math.max(1, Math.ceil(days / 7));

/** The Nelson–Aalen increments week by week (durations in days). */
export function weeklyIncrements(duration: readonly number[], cause: readonly (string | null)[]): WeekHazard[] {
  const na = nelsonAalen(duration, cause);
  const maxDuration = duration.reduce((a, b) => Math.max(a, b), -1);
  if (maxDuration < 0) return [];
  const weeks = weekOf(maxDuration);
  const out: WeekHazard[] = [];
  const sorted = [...duration].sort((a, b) => a - b);
  let k0 = 0;
  let idx = 0;
  for (let w = 1; w <= weeks; w++) {
    const after = 7 * (w - 1);
    if (w > 1) while (k0 < sorted.length && sorted[k0]! <= after) k0++;
    const dH: Record<string, number> = {};
    for (const c of na.cumulative.keys()) dH[c] = 0;
    while (idx < na.times.length && weekOf(na.times[idx]!) === w) {
      for (const [c, ev] of na.events) dH[c]! += ev[idx]! / na.atRisk[idx]!;
      idx++;
    }
    out.push({ week: w, atRisk: sorted.length - k0, dH });
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
