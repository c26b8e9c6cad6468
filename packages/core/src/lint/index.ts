import type { Programme } from '../programme/compiled.js';
import { lintAreas, lintGroupsNeverAdmitted, lintPriorities } from './capacity.js';
import { lintConditionValues, lintFactRanges, lintUnused } from './conditions.js';
import { lintDeadlineOrder, lintEmploymentFunding, lintEvaluations, lintFollowUps, lintRequirementDeadlines } from './deadlines.js';
import { type Finding, type LintContext, type LintRule, severities } from './finding.js';
import { lintReferral } from './referral.js';
import { lintExit, lintReachability, lintRecordedRequirements } from './steps.js';
import { lintTargets } from './targets.js';
import { lintCompliance } from './compliance.js';

export { formatFinding, formatFindings, lintCodes, severities } from './finding.js';
export type { ConditionReader, Finding, LintCode, LintContext, LintRule, Severity } from './finding.js';

/** Every rule family, in the order their findings are listed within a severity. */
export const lintRules: readonly LintRule[] = [
  lintFactRanges,
  lintReferral,
  lintReachability,
  lintExit,
  lintConditionValues,
  lintGroupsNeverAdmitted,
  lintPriorities,
  lintRecordedRequirements,
  lintTargets,
  lintDeadlineOrder,
  lintFollowUps,
  lintEvaluations,
  lintRequirementDeadlines,
  lintEmploymentFunding,
  lintAreas,
  lintUnused,
  lintCompliance,
];

/**
 * Static analysis of a programme that passed `validateProgramme`: what is valid but cannot work as meant
 * (nobody admitted, a step nobody can reach, a condition that never holds, targets and deadlines that
 * contradict each other, places kept for a group that is always declined). Pure; errors first, then
 * warnings, then information. `context.readers` are conditions kept elsewhere that read the programme's facts
 * (a behaviour model's), so that a fact only they read is not reported unused.
 *
 * @example
 * const result = validateProgramme(config);
 * if (result.ok) console.log(formatFindings(lintProgramme(result.value)));
 * // with a behaviour model of @stegvis/sim:
 * lintProgramme(programme, { readers: [{ name: 'the behaviour model', conditions: behaviourConditions(behaviour) }] });
 */
export function lintProgramme(programme: Programme, context: LintContext = {}): Finding[] {
  const findings = lintRules.flatMap((rule) => rule(programme, context));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severities.indexOf(a.f.severity) - severities.indexOf(b.f.severity) || a.i - b.i)
    .map((x) => x.f);
}
