import { holds } from '@stegvis/core';
import { type Cohort, factsOf, isAdmitted } from './cohort.js';
import { daysBetween, weekdayOfStart, weekdaysBetween } from './calendar.js';
import type { CostSection, OutcomesSection } from './schema.js';

export interface CostOptions {
  /** How per-participant-day payments are counted: weekdays in the programme (default) or every calendar day. */
  readonly perParticipantDayCounts?: 'weekdays' | 'calendarDays';
  /**
   * Which exits count as outcomes for `costPerQualifyingOutcome` (any listed id, category or income
   * level). Default: outcomes whose income is "full" or "partial" — note that a programme may mark
   * pension or sickness compensation as "full" (Nacka does); use `perIndicator` for cost per job or studies.
   */
  readonly costOutcomes?: { readonly outcomes?: readonly string[]; readonly categories?: readonly string[]; readonly income?: readonly ('full' | 'partial' | 'none')[] };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Cost per outcome, when the programme states a budget (`funding`). Per replication (one simulated
 * period of `horizonDays`):
 *
 *   scale        = horizonDays / fundingPeriodDays            (365 when the funding has no period)
 *   grossCost    = budget × scale                             (budget = totalBudget, or the lines' sum)
 *   dayIncome_j  = amount_j × paid days of rows for whom `when_j` holds
 *                  (paid days: weekdays from admission to exit or horizon, less paused days × 5/7)
 *   netCost      = grossCost − Σ_j dayIncome_j
 *   municipal    = netCost − Σ grants × scale
 *   costPerQualifyingOutcome = netCost / qualifying exits (default: outcomes with income "full" or "partial")
 *   perIndicator[i]          = netCost / participants in indicator i's numerator
 *   costPerParticipant       = netCost / participants admitted in the period
 *   costPerPlaceDay          = netCost / days in the programme (admission to exit or horizon, less paused days)
 *   funding                  = grants, per-participant-day payments and the municipality (the rest): Σ = grossCost
 *
 * Other income (Nacka's ECDL tests, conferences…) is reported, scaled, and not subtracted: it is last
 * year's and not tied to participants.
 */
export function costSection(c: Cohort, outcomes: OutcomesSection, perIndicator: readonly { id: string; qualifying: number }[], options: CostOptions = {}): CostSection | null {
  const funding = c.programme.config.funding;
  if (!funding) return null;
  const budget = funding.totalBudget ?? funding.budget.reduce((a, l) => a + l.amount, 0);
  if (budget <= 0) return null;
  const { t, H, R, lang } = c;
  const periodDays = funding.period ? daysBetween(funding.period.from, funding.period.to) + 1 : 365;
  const scale = H / periodDays;
  const grossCost = budget * scale;
  const w0 = weekdayOfStart(t.startDate);
  const calendar = options.perParticipantDayCounts === 'calendarDays';

  let participants = 0;
  let placeDays = 0;
  for (let i = 0; i < t.n; i++) {
    if (!isAdmitted(c, i)) continue;
    participants++;
    const e = t.exitDay[i]! >= 0 ? Math.min(t.exitDay[i]!, H) : H;
    placeDays += Math.max(0, e - t.admittedDay[i]! - t.pausedDays[i]!);
  }
  participants /= R;
  placeDays /= R;

  const perDay = funding.perParticipantDay.map((p) => {
    // The condition depends only on a row's facts: evaluate it once per distinct combination.
    const cache = new Map<string, boolean>();
    const columns = Object.values(t.facts);
    let days = 0;
    for (let i = 0; i < t.n; i++) {
      if (!isAdmitted(c, i)) continue;
      let key = '';
      for (const col of columns) key += `${col[i]},`;
      let ok = cache.get(key);
      if (ok === undefined) {
        ok = holds(p.when, { facts: factsOf(c, i), factsById: c.programme.factsById, conditionsById: c.programme.conditionsById });
        cache.set(key, ok);
      }
      if (!ok) continue;
      const a = t.admittedDay[i]!;
      const e = t.exitDay[i]! >= 0 ? Math.min(t.exitDay[i]!, H) : H;
      const paused = t.pausedDays[i]!;
      days += calendar ? Math.max(0, e - a - paused) : Math.max(0, weekdaysBetween(a, e, w0) - (paused * 5) / 7);
    }
    const perRep = days / R;
    return { id: p.id, label: p.label[lang], amountPerDay: p.amount, days: r2(perRep), income: r2(perRep * p.amount) };
  });
  const netCost = grossCost - perDay.reduce((a, p) => a + p.income, 0);
  const grants = funding.grants.reduce((a, g) => a + g.amount, 0) * scale;
  const otherIncome = funding.otherIncome.reduce((a, g) => a + g.amount, 0) * scale;
  const q = options.costOutcomes;
  const counts = (o: OutcomesSection['byOutcome'][number]) =>
    q ? (q.outcomes?.includes(o.id) ?? false) || (q.categories?.includes(o.category) ?? false) || (q.income?.includes(o.income) ?? false) : o.income !== 'none';
  const qualifying = outcomes.byOutcome.filter(counts).reduce((a, o) => a + o.count, 0) / R;
  const per = (x: number) => (x > 0 ? r2(netCost / x) : null);
  const dayIncome = perDay.reduce((a, p) => a + p.income, 0);
  return {
    currency: funding.currency,
    fundingPeriodDays: periodDays,
    simulatedDays: H,
    scale: Math.round(scale * 1e6) / 1e6,
    budget,
    grossCost: r2(grossCost),
    perParticipantDay: perDay,
    netCost: r2(netCost),
    grants: r2(grants),
    municipalCost: r2(netCost - grants),
    otherIncome: r2(otherIncome),
    qualifyingOutcomes: r2(qualifying),
    costPerQualifyingOutcome: per(qualifying),
    perCategory: outcomes.byCategory.map((cat) => ({ id: cat.id, label: cat.label, exits: r2(cat.count / R), costPerExit: per(cat.count / R) })),
    perIndicator: perIndicator.map((p) => ({ id: p.id, qualifying: r2(p.qualifying), costPerQualifying: per(p.qualifying) })),
    participants: r2(participants),
    costPerParticipant: per(participants),
    placeDays: r2(placeDays),
    costPerPlaceDay: per(placeDays),
    budgetLines: funding.budget.map((l) => ({ id: l.id, label: l.label[lang], amount: r2(l.amount * scale) })),
    funding: [
      ...funding.grants.map((g) => ({ id: g.id, label: g.label[lang], kind: 'grant' as const, amount: r2(g.amount * scale) })),
      ...perDay.map((p) => ({ id: p.id, label: p.label, kind: 'perParticipantDay' as const, amount: p.income })),
      { id: 'municipality', label: lang === 'sv' ? 'Kommunen' : 'The municipality', kind: 'municipality' as const, amount: r2(grossCost - grants - dayIncome) },
    ],
    otherIncomeLines: funding.otherIncome.map((l) => ({ id: l.id, label: l.label[lang], amount: r2(l.amount * scale) })),
  };
}
