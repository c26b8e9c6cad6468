import { type Cohort, isAdmitted, perReplication } from './cohort.js';
import { dateOfDay } from './calendar.js';
import { perRunOf } from './per-run.js';
import type { IntakeMonth, TargetResult } from './schema.js';
import { incomeSections, stepSections } from './sections.js';

/**
 * Results by calendar month of intake: for those admitted in each month, how many (per run) and each
 * target judged for them alone — a steady inflow shows whether the programme keeps its targets for every
 * intake, and where the horizon stops following them (`null`).
 */
export function intakeMonths(c: Cohort, targets: readonly Pick<TargetResult, 'id'>[]): IntakeMonth[] {
  const byMonth = new Map<string, number[]>();
  // Date arithmetic once per day of the horizon, not once per row.
  const monthOfDay = Array.from({ length: c.H }, (_, d) => dateOfDay(c.t.startDate, d).slice(0, 7));
  for (let i = 0; i < c.t.n; i++) {
    if (!isAdmitted(c, i)) continue;
    const month = monthOfDay[c.t.admittedDay[i]!]!;
    (byMonth.get(month) ?? byMonth.set(month, []).get(month)!).push(i);
  }
  return [...byMonth.keys()].sort().map((month) => {
    const rows = Int32Array.from(byMonth.get(month)!);
    const admitted = perReplication(c);
    for (const i of rows) admitted[c.t.replication[i]!]!++;
    const judged = new Map<string, TargetResult['estimate']>();
    for (const s of stepSections(c, rows)) if (s.target) judged.set(s.target.id, s.target.estimate);
    for (const l of incomeSections(c, rows)) if (l.target) judged.set(l.target.id, l.target.estimate);
    return { month, admitted: perRunOf(admitted), targets: targets.map((t) => ({ id: t.id, estimate: judged.get(t.id) ?? null })) };
  });
}
