import type { Programme } from '../programme/compiled.js';
import type { ComplianceMeasure } from '../programme/participation.js';
import type { CommandType } from '../state/commands.js';
import { type Finding, finding } from './finding.js';

/** The commands that record what each measure counts: with a policy that grants none of them, the rule never holds. */
const recordedBy = {
  absence: ['recordAbsence'],
  'absence.reported': ['recordAbsence'],
  'absence.unreported': ['recordAbsence'],
  deviation: ['recordDeviation'],
  'attendance.missing': ['setIntensity', 'establishPlan'],
} as const satisfies Record<ComplianceMeasure, readonly CommandType[]>;

/** The most days a window can hold: a month is at most 31. */
const longestDays = (w: { months?: number; weeks?: number; days?: number }) => 31 * (w.months ?? 0) + 7 * (w.weeks ?? 0) + (w.days ?? 0);

/**
 * Compliance rules that cannot work as meant: a threshold of missed days above what full time can expect in the
 * window, a measure nobody may record under the policy, and two rules with the same condition (two flags for one thing).
 */
export const lintCompliance = (programme: Programme): Finding[] => {
  const out: Finding[] = [];
  const { compliance, intensity, policy } = programme.config;
  const seen = new Map<string, string>();
  compliance.forEach((r, i) => {
    const path = ['compliance', i, 'when'];
    if (r.when.count === 'attendance.missing' && intensity) {
      const most = Math.floor((longestDays(r.when.within) * intensity.fullTimeDaysPerWeek) / 7);
      if (r.when.atLeast > most)
        out.push(finding('lint.compliance_never_holds', 'warning', [...path, 'atLeast'],
          `rule "${r.id}" needs ${r.when.atLeast} missed days, but even full time (${intensity.fullTimeDaysPerWeek} days a week) expects at most ${most} in its window`,
          `lower atLeast to at most ${most}, or lengthen "within"`));
    }
    const commands: readonly string[] = recordedBy[r.when.count];
    if (policy && !policy.some((g) => g.commands.some((c) => commands.includes(c))))
      out.push(finding('lint.compliance_never_holds', 'warning', [...path, 'count'],
        `rule "${r.id}" counts what ${commands.map((c) => `"${c}"`).join(' or ')} records, and the policy lets no role issue it`,
        `grant ${commands.map((c) => `"${c}"`).join(' or ')} to the roles who record it (for example the work supervisors)`));
    const key = JSON.stringify({ ...r.when, kinds: r.when.kinds ? [...r.when.kinds].sort() : undefined });
    const first = seen.get(key);
    if (first !== undefined)
      out.push(finding('lint.compliance_rule_duplicate', 'warning', path, `rule "${r.id}" has the same condition as rule "${first}": the participant would carry two flags for one thing`, 'remove one of them, or change its threshold or window'));
    else seen.set(key, r.id);
  });
  return out;
};
