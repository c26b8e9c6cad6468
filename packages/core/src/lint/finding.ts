import type { Condition } from '../conditions/schema.js';
import { type Path, formatIssue } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';

/** How much a finding matters: `error` means no participant can get through as configured. */
export const severities = ['error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

/** Every code the linter can report, grouped by the rule family that reports it. */
export const lintCodes = [
  // conditions (lint/conditions.ts)
  'lint.unsatisfiable_condition',
  'lint.always_true_condition',
  'lint.unused_fact',
  'lint.unused_condition',
  'lint.empty_fact_range',
  'lint.not_analysed',
  // the path through the steps (lint/steps.ts)
  'lint.step_cannot_complete',
  'lint.unreachable_step',
  'lint.requirement_never_recorded',
  'lint.no_exit',
  'lint.exit_not_for_everyone',
  // referral rules (lint/referral.ts)
  'lint.nobody_admitted',
  'lint.referral_rule_shadowed',
  'lint.referral_rules_overlap',
  'lint.referral_otherwise_unused',
  // places, priorities, areas and payments (lint/capacity.ts)
  'lint.group_never_admitted',
  'lint.priority_shadowed',
  'lint.area_places_without_capacity',
  'lint.area_exceeds_capacity',
  'lint.areas_exceed_capacity',
  // result targets (lint/targets.ts)
  'lint.target_not_monotone',
  // deadlines (lint/deadlines.ts)
  'lint.deadline_before_dependency',
  'lint.follow_ups_without_plan',
  'lint.follow_up_after_target',
  'lint.evaluation_after_next_target',
  'lint.requirement_due_too_late',
  'lint.employment_exceeds_funding',
  // compliance rules (lint/compliance.ts)
  'lint.compliance_never_holds',
  'lint.compliance_rule_duplicate',
] as const;
export type LintCode = (typeof lintCodes)[number];

/**
 * What the linter says about a programme that already passed validation: the same shape as an `Issue`
 * (code, path into the config, message, fix) plus how much it matters.
 */
export interface Finding {
  readonly code: LintCode;
  readonly severity: Severity;
  /** Where in the config, from its root: `['referral', 'rules', 2, 'when']`. */
  readonly path: Path;
  /** What is wrong and why, in words a programme designer understands. */
  readonly message: string;
  readonly fix?: string;
}

/**
 * Conditions written outside the programme over its facts and named conditions, such as a behaviour
 * model's modifiers: what they read counts as used. The caller reads them; the linter reads no file.
 */
export interface ConditionReader {
  /** What holds them, as a finding names it: "the behaviour model". */
  readonly name: string;
  readonly conditions: readonly Condition[];
}

/** What the linter is told besides the programme. */
export interface LintContext {
  readonly readers?: readonly ConditionReader[];
}

/** One rule family: a pure function from a validated programme (and what else it is told) to what it finds. */
export type LintRule = (programme: Programme, context: LintContext) => Finding[];

export const finding = (code: LintCode, severity: Severity, path: Path, message: string, fix?: string): Finding =>
  fix === undefined ? { code, severity, path, message } : { code, severity, path, message, fix };

/** `warning referral.rules.2.when: message Fix: … (lint.code)`: `formatIssue`'s line with the severity in front. */
/** `steps.2.params.target: warning: message Fix: … (lint.code)` — `formatIssue`'s line with the severity. */
export function formatFinding(f: Finding): string {
  return formatIssue({ ...f, message: `${f.severity}: ${f.message}` });
}

export function formatFindings(findings: readonly Finding[]): string {
  return findings.map(formatFinding).join('\n');
}
