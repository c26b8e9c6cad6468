// Programme configuration
export { ProgrammeSchema, StepConfigSchema, FollowUpCadenceSchema } from './programme/schema.js';
export type { ProgrammeConfig, ProgrammeInput, StepConfig, FollowUpCadence } from './programme/schema.js';
export { FactSchema } from './facts/facts.js';
export type { Fact, FactValue, Facts } from './facts/facts.js';
export { factTypeRules, factType } from './facts/fact-types.js';
export { validateProgramme } from './programme/validate.js';
export type { ValidateOptions } from './programme/validate.js';
export { parseYaml, validateProgrammeYaml } from './programme/yaml.js';
export type { LocatedIssue, ParsedYaml, ParseYamlOptions, SourceLocation } from './programme/yaml.js';
export { decodeUtf8 } from './programme/encoding.js';
export { defineProgramme } from './programme/define.js';
export type { Programme, CompiledStep } from './programme/compiled.js';
export { assembleProgramme } from './programme/assemble.js';
export { programmeJsonSchema } from './programme/json-schema.js';
export { programmeDiagram, formatTarget, formatPeriod, type DiagramOptions } from './diagram/mermaid.js';

// Conditions over facts, and explanations
export { ConditionSchema, NamedConditionSchema } from './conditions/schema.js';
export type { Condition, ConditionInput, NamedCondition, FactTest, FactOperator } from './conditions/schema.js';
export { evaluate, holds } from './conditions/evaluate.js';
export type { ConditionScope } from './conditions/evaluate.js';
export { conditionNode, conditionChildren, forEachFactTest, factTestConstants, testFact } from './conditions/nodes.js';
export type { ConditionNode } from './conditions/nodes.js';
export { formatExplanation, failedLeaves } from './conditions/explanation.js';
export type { Explanation } from './conditions/explanation.js';

// The rule model: what a step kind builds from, and the one table per rule family
export {
  RequirementSchema, CompletionRuleSchema, ContentSchema, TargetSchema, OutcomeSchema, EvaluationDutySchema, CategorySchema, requirementsMet, regularFollowUp,
} from './rules/blueprint.js';
export type { StepBlueprint, Requirement, CompletionRule, Content, Target, Outcome, Category, DeadlineRule, MissedDuty, StepRecords } from './rules/blueprint.js';
export { RecordConditionSchema } from './rules/record-condition.js';
export type { RecordCondition, RecordConditionType } from './rules/record-condition.js';
export {
  recordConditionRules, compileRecordCondition, explainRecordCondition, recordConditionLabel, recordConditionRefs, mapRecordConditionSteps,
  recordConditionChildren, recordConditionQuorum, requirementSatisfaction,
} from './rules/record-conditions.js';
export type { RecordTest, RuleEnv, Satisfaction } from './rules/record-conditions.js';
export { NOT_STARTED, ACTIVE, COMPLETED, UNMARKED, MARKED_MET, MARKED_WAIVED, stepStatusNames } from './rules/record-reader.js';
export type { RecordReader, StepStatusCode, MarkCode } from './rules/record-reader.js';
export { recordKinds, recordTypes } from './rules/records.js';

// Step kinds
export { defineStepKind } from './steps/kind.js';
export type { StepKind, StepInfo } from './steps/kind.js';
export { createRegistry, defaultRegistry, builtinStepKinds } from './steps/registry.js';
export type { StepKindRegistry } from './steps/registry.js';

// Phases, machine and engine
export { phases, phaseRules, phaseAllows } from './path/phases.js';
export type { Phase } from './path/phases.js';
export { createParticipantMachine, phaseOf, stateValueOf } from './machine/build.js';
export { accepts, eventGuards } from './path/acceptance.js';
export type { ParticipantMachine, ParticipantInput } from './machine/build.js';
export { createEngine, inputIssues } from './engine/edge.js';
export type { EngineOptions } from './engine/edge.js';
export type { Engine, ExecuteResult, ParticipantSnapshot, ParticipantView, ReplayOptions } from './engine/engine.js';
export { CommandSchema, commandTypes } from './state/commands.js';
export type { Command, CommandInput, CommandType } from './state/commands.js';
export { DomainEventSchema, eventTypes } from './state/events.js';
export type { DomainEvent, EventType, EventOf, PayloadOf } from './state/events.js';
export { ParticipantContextSchema, ActorSchema } from './state/context.js';
export type { ParticipantContext, Actor, StepRecord, PlanRevision, SubGoalStatus } from './state/context.js';
export { DeadlineSchema, statusOn, isOpen } from './state/deadline.js';
export type { Deadline, DeadlineStatus } from './state/deadline.js';
export { stepCompletion } from './path/completion.js';
export { contextReader, recordHolds } from './path/context-reader.js';
export { flagsOf } from './path/flags.js';
export { deadlineFor } from './path/evolve.js';
export type { Flag } from './path/flags.js';
export { referralDecision } from './path/decide.js';
export { complianceOn, expectedDays, intensityOn } from './path/participation.js';
export type { ComplianceState } from './path/participation.js';
export { notCompliant } from './engine/compliance-view.js';
export type { NotCompliant } from './engine/compliance-view.js';
export { ComplianceConditionSchema, ComplianceRuleSchema, IntensityConfigSchema, complianceMeasures } from './programme/participation.js';
export type { ComplianceCondition, ComplianceMeasure, ComplianceRule, IntensityConfig } from './programme/participation.js';
export { IntensitySchema, ParticipationSchema } from './state/participation.js';
export type { Participation, ParticipationRecord } from './state/participation.js';
export type { Refusal } from './path/refusal.js';
export { checkClock, DEFAULT_MAX_FUTURE_SKEW_SECONDS } from './path/clock.js';
export type { ClockBound, EngineExecuteOptions } from './path/clock.js';
export { mayRead, readScope } from './path/read-access.js';
export type { ReadScope } from './path/read-access.js';

// Migration between programme versions
export { planMigration, checkParticipant, migrateContext, migrateParticipant } from './migration/migrate.js';
export type { StepMapping, MigrationPlan, MigrationRefusal, MigrateOptions, Migration } from './migration/migrate.js';

// Places, waiting list and referral rules
export { CapacitySchema, ReservationSchema, AreaSchema } from './programme/capacity.js';
export type { Capacity, Reservation, Area } from './programme/capacity.js';
export { admit, leave, fill, placeFor, waitingOrder, emptyRoster } from './places/roster.js';
export type { Roster, Seat } from './places/roster.js';
export { ReferralPolicySchema, ReferralRuleSchema, referralDecisions } from './programme/referral.js';
export type { ReferralPolicy, ReferralRule, ReferralDecision } from './programme/referral.js';
export { ResponsibilitySchema } from './programme/responsibility.js';
export { RoleSchema, GrantSchema, PolicySchema } from './programme/policy.js';
export type { Role, Grant, Policy } from './programme/policy.js';
export type { Responsibility } from './programme/responsibility.js';
export { FundingSchema } from './programme/funding.js';
export type { Funding } from './programme/funding.js';
export { lintProgramme, lintRules, lintCodes, formatFinding, formatFindings, type ConditionReader, type Finding, type LintContext, type Severity, type LintCode } from './lint/index.js';

// Input limits and personal data
export { checkLimits, checkTextLength, limitCodes, programmeLimits, recordLimits } from './limits/limits.js';
export type { InputLimits } from './limits/limits.js';
export { personalNumberIn } from './privacy/personal-number.js';
export type { PersonalNumberKind } from './privacy/personal-number.js';
export type { FreeTextPolicy } from './privacy/scan.js';
export { createPseudonymiser, pseudonymiseEvents, TEXT_REMOVED } from './privacy/pseudonymise.js';
export type { ContentsPolicy, Pseudonymiser, PseudonymiseOptions } from './privacy/pseudonymise.js';

// Errors, time, labels
export { StegvisError, issue, issueCodes, badInputCodes, isBadInput, formatIssue, formatIssues, flattenIssues, toDotPath } from './errors/issue.js';
export type { Issue, IssueCode, Path, Result } from './errors/issue.js';
export { ZONE, addPeriod, localDate, localDay, stockholmInstant, instantMillis, PeriodSchema, IsoDateSchema } from './time/calendar.js';
export { addMonths, addDayPeriod, subtractDayPeriod, dayFromCivil, dayNumber, isoDate, toDayPeriod, daysInMonth } from './time/days.js';
export type { DayPeriod } from './time/days.js';
export type { IsoDate, IsoInstant, Period } from './time/calendar.js';
export { LabelSchema, languages } from './i18n/label.js';
export type { Label, LabelInput, Lang } from './i18n/label.js';

// Corrections and proposals (docs/engine.md, "Corrections and proposals").
export { voidReasons, proposableTypes, type VoidReason, type ProposableType } from './state/command-types.js';
export { effectiveEvents, explainVoids, voidedSeqs, voidRules } from './path/voids.js';
export { ProposalsSchema, proposalDeadlineKind, type Proposals } from './programme/proposals.js';
export type { Proposal, ProposedChange } from './state/context.js';
export { exitStatuses, exitStatusRules } from './state/exit-status.js';
export type { ExitStatus } from './state/exit-status.js';
export { ExitFollowUpSchema, MunicipalitySchema, exitFollowUpKind, exitFollowUpKindLabel, exitFollowUpDeadlineId } from './programme/after-exit.js';
export type { ExitFollowUp, Municipality } from './programme/after-exit.js';
export { exitFollowUpDeadline } from './path/exit-follow-up.js';
