import { type CompiledStep, type DeadlineRule, type Period, type Target, formatPeriod } from '@stegvis/core';
import { type Cohort, completedDay, isAdmitted, lastObservedMonth, perReplication, plusMonths } from './cohort.js';
import { perRunOf } from './per-run.js';
import type { Estimate, IncomeLevel, MonthPoint, OccupancySection, OutcomesSection, StepSection, TargetResult, TimeInProgramme } from './schema.js';
import { kaplanMeier, kmQuantile, shareEstimate } from './stats.js';

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** An estimate rounded for JSON (six decimals). */
export function roundEstimate(e: ReturnType<typeof shareEstimate>): Estimate | null {
  if (!e) return null;
  return {
    share: r6(e.share),
    ci: [r6(e.ci[0]), r6(e.ci[1])],
    method: e.method,
    k: e.k,
    n: e.n,
    ...(e.spread ? { spread: [r6(e.spread[0]), r6(e.spread[1])] as [number, number] } : {}),
  };
}

export function targetResult(id: string, stepId: string | null, label: string, byMonth: number | null, target: number, estimate: Estimate | null): TargetResult {
  const eps = 1e-12;
  return {
    id,
    stepId,
    label,
    byMonth,
    target,
    estimate,
    met: estimate ? estimate.share >= target - eps : null,
    ciRelation: estimate ? (estimate.ci[0] > target + eps ? 'above' : estimate.ci[1] < target - eps ? 'below' : 'contains') : null,
  };
}

/**
 * For each of `series` kinds of event, the share of the admitted rows whose event (`dayOf(i, s)`, −1 for
 * none) happened by month m after intake, m = 1…M: among rows followed at least m months (intake + m
 * months inside the horizon), those whose event fell on or before that day. Rows admitted too late for
 * month m are right-censored and left out of it, not counted as failures.
 */
export function sharesByMonth(c: Cohort, rows: Int32Array, series: number, dayOf: (i: number, s: number) => number): MonthPoint[][] {
  const { M, R, t } = c;
  const W = M + 2;
  const den = new Float64Array(R * W);
  const num = new Float64Array(series * R * W);
  for (const i of rows) {
    if (!isAdmitted(c, i)) continue;
    const a = t.admittedDay[i]!;
    const r = t.replication[i]!;
    const mMax = lastObservedMonth(c, a);
    if (mMax < 1) continue;
    den[r * W + 1]!++;
    den[r * W + mMax + 1]!--;
    for (let s = 0; s < series; s++) {
      const day = dayOf(i, s);
      if (day < 0) continue;
      let m0 = 1;
      while (m0 <= mMax && plusMonths(c, a, m0) < day) m0++;
      if (m0 > mMax) continue;
      const base = (s * R + r) * W;
      num[base + m0]!++;
      num[base + mMax + 1]!--;
    }
  }
  for (let r = 0; r < R; r++) for (let m = 1; m < W; m++) den[r * W + m]! += den[r * W + m - 1]!;
  for (let s = 0; s < series; s++) for (let r = 0; r < R; r++) for (let m = 1; m < W; m++) num[(s * R + r) * W + m]! += num[(s * R + r) * W + m - 1]!;
  return Array.from({ length: series }, (_, s) =>
    Array.from({ length: M }, (_, k) => {
      const m = k + 1;
      const ks = Array.from({ length: R }, (_, r) => num[(s * R + r) * W + m]!);
      const ns = Array.from({ length: R }, (_, r) => den[r * W + m]!);
      return { month: m, estimate: roundEstimate(shareEstimate(ks, ns)) };
    }),
  );
}

/** Day `a` plus a period (months first, then weeks and days, as core's `addPeriod`); `null` past the table's months. */
function plusPeriod(c: Cohort, a: number, p: Period): number | null {
  const months = p.months ?? 0;
  if (months > c.M) return null;
  return plusMonths(c, a, months) + 7 * (p.weeks ?? 0) + (p.days ?? 0);
}

/**
 * The deadline from intake that binds a step's own completion (an assessment within two weeks): one met
 * by what completes the step, other than its target's — that one is judged as the target, by its month.
 */
function completionDeadline(step: CompiledStep): DeadlineRule | undefined {
  const completion = JSON.stringify(step.blueprint.completion);
  return step.blueprint.deadlines.find(
    (d) => d.from === 'intake' && !d.forTarget && (JSON.stringify(d.metWhen) === completion || (d.metWhen.type === 'stepCompleted' && d.metWhen.stepId === step.id)),
  );
}

/** Of the admitted rows followed past the deadline, the share that completed the step on or before it. */
function withinDeadline(c: Cohort, rows: Int32Array, s: number, rule: DeadlineRule): Estimate | null {
  const ks = perReplication(c);
  const ns = perReplication(c);
  for (const i of rows) {
    if (!isAdmitted(c, i)) continue;
    const due = plusPeriod(c, c.t.admittedDay[i]!, rule.after);
    if (due === null || due > c.H - 1) continue;
    const r = c.t.replication[i]!;
    ns[r]!++;
    const done = completedDay(c, i, s);
    if (done >= 0 && done <= due) ks[r]!++;
  }
  return roundEstimate(shareEstimate(ks, ns));
}

/**
 * Per step, the share of the admitted cohort through the step by month m after intake (m = 1…M): among
 * rows followed at least m months, those who completed the step on or before that day. Rows that exited
 * earlier without completing it count as not through. A step bound by a deadline from intake also gets
 * the share completed within that deadline.
 */
export function stepSections(c: Cohort, rows: Int32Array): StepSection[] {
  const series = sharesByMonth(c, rows, c.S, (i, s) => completedDay(c, i, s));
  return c.programme.steps.map((step, s) => {
    const byMonth = series[s]!;
    const target: Target | undefined = step.blueprint.target;
    const label = step.label[c.lang];
    const rule = completionDeadline(step);
    return {
      id: step.id,
      label,
      index: s,
      kind: step.kind,
      byMonth,
      target: target
        ? targetResult(`step:${step.id}`, step.id, label, target.byMonth, target.share, target.byMonth <= c.M ? (byMonth[target.byMonth - 1]?.estimate ?? null) : null)
        : null,
      deadline: rule
        ? { kind: rule.kind, label: rule.label[c.lang], within: { ...rule.after }, withinText: formatPeriod(rule.after, c.lang), estimate: withinDeadline(c, rows, s, rule) }
        : null,
    };
  });
}

export const incomeLevels = ['full', 'partial', 'none'] as const;
const incomeLabels = {
  full: { sv: 'Hela försörjningen', en: 'The whole income' },
  partial: { sv: 'En del av försörjningen', en: 'Part of the income' },
  none: { sv: 'Ingen försörjning', en: 'No income' },
} satisfies Record<(typeof incomeLevels)[number], { sv: string; en: string }>;

/**
 * The step whose target measures leaving with an income level: a step with a target that exactly the
 * outcomes of that level complete (Ljusnarsberg: step 5 for "full", step 4 for "partial").
 */
function incomeTargetStep(c: Cohort, level: (typeof incomeLevels)[number]): CompiledStep | undefined {
  return c.programme.steps.find((step) => {
    if (!step.blueprint.target) return false;
    const completing = c.outcomes.filter((o) => o.completesStep === step.id);
    return completing.length > 0 && completing.every((o) => o.income === level);
  });
}

/**
 * Exits by income level (work or studies covering the whole income, part of it, none), as shares of
 * the admitted followed m months, by month m; each level the programme has an outcome for, with the
 * target of the step that measures it (see `incomeTargetStep`).
 */
export function incomeSections(c: Cohort, rows: Int32Array): IncomeLevel[] {
  const levels = incomeLevels.filter((l) => c.outcomes.some((o) => o.income === l));
  const levelOf = c.outcomes.map((o) => levels.indexOf(o.income as (typeof incomeLevels)[number]));
  const series = sharesByMonth(c, rows, levels.length, (i, s) => {
    const o = c.t.outcome[i]!;
    return c.t.exitDay[i]! >= 0 && o >= 0 && levelOf[o] === s ? c.t.exitDay[i]! : -1;
  });
  return levels.map((income, s) => {
    const byMonth = series[s]!;
    const step = incomeTargetStep(c, income);
    const target = step?.blueprint.target;
    const label = incomeLabels[income][c.lang];
    return {
      income,
      label,
      outcomes: c.outcomes.filter((o) => o.income === income).map((o) => o.id),
      byMonth,
      target:
        step && target
          ? targetResult(`income:${income}`, step.id, `${label} (${step.label[c.lang]})`, target.byMonth, target.share, target.byMonth <= c.M ? (byMonth[target.byMonth - 1]?.estimate ?? null) : null)
          : null,
    };
  });
}

/** Exits by outcome and by category, each as a share of all exits (per replication, then over replications), and by income level. */
export function outcomesSection(c: Cohort, rows: Int32Array): OutcomesSection {
  const { t, outcomes, categories, outcomeCategory } = c;
  const admittedPerRun = perReplication(c);
  const exited = perReplication(c);
  const byOutcome = outcomes.map(() => perReplication(c));
  const byCategory = categories.map(() => perReplication(c));
  let admitted = 0;
  let exits = 0;
  for (const i of rows) {
    if (!isAdmitted(c, i)) continue;
    admitted++;
    const r = t.replication[i]!;
    admittedPerRun[r]!++;
    const o = t.outcome[i]!;
    if (t.exitDay[i]! < 0 || o < 0 || o >= outcomes.length) continue;
    exits++;
    exited[r]!++;
    byOutcome[o]![r]!++;
    byCategory[outcomeCategory[o]!]![r]!++;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    admitted,
    exited: exits,
    stillIn: admitted - exits,
    perRun: { admitted: perRunOf(admittedPerRun), exited: perRunOf(exited), stillIn: perRunOf(admittedPerRun.map((a, r) => a - exited[r]!)) },
    byCategory: categories.map((cat, k) => ({
      id: cat.id,
      label: cat.label,
      count: sum(byCategory[k]!),
      perRun: perRunOf(byCategory[k]!),
      ofExits: roundEstimate(shareEstimate(byCategory[k]!, exited)),
      outcomes: [...cat.outcomes],
      declared: cat.declared,
    })),
    byOutcome: outcomes.map((o, k) => ({
      id: o.id,
      label: o.label[c.lang],
      category: categories[outcomeCategory[k]!]!.id,
      income: o.income,
      count: sum(byOutcome[k]!),
      perRun: perRunOf(byOutcome[k]!),
      ofExits: roundEstimate(shareEstimate(byOutcome[k]!, exited)),
    })),
    byIncome: incomeSections(c, rows),
  };
}

/** Daily occupancy and waiting-list length per replication: `[r * (H + 1) + day]`. */
export function dailyCounts(c: Cohort, rows: Int32Array): { occ: Int32Array; wait: Int32Array } {
  const { R, H, t } = c;
  const W = H + 1;
  const occ = new Int32Array(R * W);
  const wait = new Int32Array(R * W);
  for (const i of rows) {
    const r = t.replication[i]!;
    const a = t.admittedDay[i]!;
    const ref = t.referredDay[i]!;
    if (a >= 0 && a < H) {
      const e = t.exitDay[i]! >= 0 ? Math.min(t.exitDay[i]!, H) : H;
      occ[r * W + a]!++;
      occ[r * W + e]!--;
    }
    if (!t.declined[i] && ref >= 0 && ref < H) {
      const until = a >= 0 ? Math.min(a, H) : H;
      if (until > ref) {
        wait[r * W + ref]!++;
        wait[r * W + until]!--;
      }
    }
  }
  for (let r = 0; r < R; r++)
    for (let d = 1; d < W; d++) {
      occ[r * W + d]! += occ[r * W + d - 1]!;
      wait[r * W + d]! += wait[r * W + d - 1]!;
    }
  return { occ, wait };
}

/**
 * Weekly occupancy (days in the programme: from admission up to, not including, the exit day) and
 * waiting list (from referral to admission), averaged over the week's days and the replications, with
 * the maximum of any day, against the programme's places and planned minimum.
 */
export function occupancySection(c: Cohort, rows: Int32Array): OccupancySection {
  const { R, H } = c;
  const W = H + 1;
  const { occ, wait } = dailyCounts(c, rows);
  const capacity = c.programme.config.capacity;
  const places = capacity?.places ?? null;
  const plannedMin = capacity?.plannedMin ?? null;
  const weeks = Math.ceil(H / 7);
  const weekly = Array.from({ length: weeks }, (_, w) => {
    const from = w * 7;
    const to = Math.min(H, from + 7);
    let sum = 0;
    let max = 0;
    let wsum = 0;
    let wmax = 0;
    for (let r = 0; r < R; r++)
      for (let d = from; d < to; d++) {
        const o = occ[r * W + d]!;
        const q = wait[r * W + d]!;
        sum += o;
        wsum += q;
        if (o > max) max = o;
        if (q > wmax) wmax = q;
      }
    const days = (to - from) * R;
    return { week: w, startDay: from, mean: r6(sum / days), max, waitingMean: r6(wsum / days), waitingMax: wmax };
  });
  const total = weekly.reduce((a, w) => a + w.mean * Math.min(7, H - w.startDay), 0);
  const meanOccupancy = H > 0 ? total / H : 0;
  const meanWaiting = H > 0 ? weekly.reduce((a, w) => a + w.waitingMean * Math.min(7, H - w.startDay), 0) / H : 0;
  return {
    places,
    plannedMin,
    occupancyGoal: capacity?.occupancyGoal?.share ?? null,
    weekly,
    summary: {
      meanOccupancy: r6(meanOccupancy),
      maxOccupancy: weekly.reduce((a, w) => Math.max(a, w.max), 0),
      meanShareOfPlaces: places ? r6(meanOccupancy / places) : null,
      weeksOverPlaces: places === null ? 0 : weekly.filter((w) => w.max > places).length,
      weeksBelowPlannedMin: plannedMin === null ? 0 : weekly.filter((w) => w.mean < plannedMin).length,
      meanWaiting: r6(meanWaiting),
      maxWaiting: weekly.reduce((a, w) => Math.max(a, w.waitingMax), 0),
    },
  };
}

/** Weekly mean occupancy only (for breakdowns). */
export function weeklyMeanOccupancy(c: Cohort, rows: Int32Array): number[] {
  const { R, H } = c;
  const W = H + 1;
  const { occ } = dailyCounts(c, rows);
  return Array.from({ length: Math.ceil(H / 7) }, (_, w) => {
    const from = w * 7;
    const to = Math.min(H, from + 7);
    let sum = 0;
    for (let r = 0; r < R; r++) for (let d = from; d < to; d++) sum += occ[r * W + d]!;
    return r6(sum / ((to - from) * R));
  });
}

/**
 * Time in the programme, admission to exit, with rows still in at the horizon right-censored at the
 * last simulated day (their stay so far is a lower bound, not dropped and not counted as an exit):
 * Kaplan–Meier median and quartiles. For each flag the programme can raise (lock-in): who carried it on any day, and how long.
 */
export function timeInProgrammeSection(c: Cohort, rows: Int32Array): TimeInProgramme {
  const { t, H } = c;
  const durations: number[] = [];
  const events: boolean[] = [];
  const flags = [...c.programme.flags].map(([id, label]) => ({ id, label: label[c.lang], days: t.flagDays[id], participants: 0, total: 0 }));
  for (const i of rows) {
    if (!isAdmitted(c, i)) continue;
    const a = t.admittedDay[i]!;
    const e = t.exitDay[i]!;
    if (e >= 0) {
      durations.push(e - a);
      events.push(true);
    } else {
      // Still in after the last simulated day, H − 1: the stay is longer than H − 1 − a days, and
      // nothing is known about day H. Censoring at H − a would keep them at risk a day too long.
      durations.push(H - 1 - a);
      events.push(false);
    }
    for (const f of flags)
      if (f.days && f.days[i]! > 0) {
        f.participants++;
        f.total += f.days[i]!;
      }
  }
  const km = kaplanMeier(durations, events);
  const exited = events.filter(Boolean).length;
  return {
    n: durations.length,
    exited,
    censored: durations.length - exited,
    medianDays: kmQuantile(km, 0.5),
    q1Days: kmQuantile(km, 0.25),
    q3Days: kmQuantile(km, 0.75),
    flags: flags.map((f) => ({ id: f.id, label: f.label, participants: f.participants, share: durations.length > 0 ? r6(f.participants / durations.length) : null, days: f.total })),
  };
}

/** Deadline compliance per kind: met on time, met late, missed, summed over rows and replications. */
export function deadlinesSection(c: Cohort, rows: Int32Array) {
  return Object.entries(c.t.deadlines).map(([kind, d]) => {
    let metOnTime = 0;
    let metLate = 0;
    let missed = 0;
    for (const i of rows) {
      metOnTime += d.metOnTime[i]!;
      metLate += d.metLate[i]!;
      missed += d.missed[i]!;
    }
    const total = metOnTime + metLate + missed;
    const share = (x: number) => (total > 0 ? r6(x / total) : null);
    return { kind, label: c.programme.deadlineKinds.get(kind)?.[c.lang] ?? kind, metOnTime, metLate, missed, total, shareOnTime: share(metOnTime), shareLate: share(metLate), shareMissed: share(missed) };
  });
}
