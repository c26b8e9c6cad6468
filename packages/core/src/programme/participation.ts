import { z } from 'zod';
import { IdSchema } from '../facts/ids.js';
import { LabelSchema } from '../i18n/label.js';
import { PeriodSchema } from '../time/calendar.js';
import { type Issue, issue } from '../errors/issue.js';

/**
 * What a compliance rule counts in its window. `attendance.missing` is the days the participant was expected
 * (by their participation intensity) and did not attend; the others count recorded absences and deviations.
 */
export const complianceMeasures = ['absence', 'absence.reported', 'absence.unreported', 'deviation', 'attendance.missing'] as const;
export type ComplianceMeasure = (typeof complianceMeasures)[number];

/** `{ count, atLeast, within }`: at least N of the measure among the records dated in the last `within` (today included). */
export const ComplianceConditionSchema = z.strictObject({
  count: z.enum(complianceMeasures),
  /** Only absences with these reason codes, or deviations of these kinds. */
  kinds: z.array(IdSchema).min(1).optional(),
  atLeast: z.number().int().min(1).max(1000),
  within: PeriodSchema,
});
export type ComplianceCondition = z.output<typeof ComplianceConditionSchema>;

/**
 * A compliance rule: while its condition holds the participant carries its flag, and the one to notify
 * (the referring caseworker, who acts on deviations) is named in the `compliance.flagged` event.
 */
export const ComplianceRuleSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  when: ComplianceConditionSchema,
  notify: z.enum(['referringCaseworker']).default('referringCaseworker'),
});
export type ComplianceRule = z.output<typeof ComplianceRuleSchema>;

/**
 * That the programme records participation intensity (percent of full time and days a week, valid from a
 * date): `setIntensity` and a plan's `intensity` are refused without it.
 */
export const IntensityConfigSchema = z.strictObject({
  /** The days a week full time is; a participant's `daysPerWeek` may not exceed it. */
  fullTimeDaysPerWeek: z.number().int().min(1).max(7).default(5),
});
export type IntensityConfig = z.output<typeof IntensityConfigSchema>;

/** What the schema cannot say of the rules: the measures that need intensity, and where `kinds` means something. */
export function checkParticipation(config: { readonly intensity?: IntensityConfig | undefined; readonly compliance: readonly ComplianceRule[] }): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  config.compliance.forEach((r, i) => {
    const path = ['compliance', i];
    if (seen.has(r.id)) out.push(issue('config.duplicate_id', [...path, 'id'], `compliance rule id "${r.id}" is used twice`, 'give each rule its own id'));
    seen.add(r.id);
    if (r.when.count === 'attendance.missing' && !config.intensity)
      out.push(issue('config.invalid_value', [...path, 'when', 'count'], 'missing attendance is counted against the participation intensity, and the programme records none', 'add "intensity: {}" to the programme, or count absences instead'));
    if (r.when.count === 'attendance.missing' && r.when.kinds)
      out.push(issue('config.invalid_value', [...path, 'when', 'kinds'], '"kinds" picks absence reasons or deviation kinds; missing attendance has none', 'remove "kinds"'));
  });
  return out;
}
