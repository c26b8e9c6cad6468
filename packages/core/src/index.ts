// Programme configuration
export { ProgrammeSchema, StepConfigSchema, FollowUpCadenceSchema } from './programme/schema.js';
export type { ProgrammeConfig, ProgrammeInput, StepConfig, FollowUpCadence } from './programme/schema.js';
export { FactSchema } from './programme/facts.js';
export type { Fact, FactValue, Facts } from './programme/facts.js';
export { validateProgramme } from './programme/validate.js';
export type { ValidateOptions } from './programme/validate.js';
export { parseYaml, validateProgrammeYaml } from './programme/yaml.js';
export type { LocatedIssue, ParsedYaml, SourceLocation } from './programme/yaml.js';
export { defineProgramme } from './programme/define.js';
export type { Programme, CompiledStep } from './programme/compiled.js';
export { programmeJsonSchema } from './programme/json-schema.js';
export { programmeDiagram, formatTarget, formatPeriod, type DiagramOptions } from './diagram/mermaid.js';

// Conditions and explanations
export { ConditionSchema, NamedConditionSchema } from './conditions/schema.js';
export type { Condition, ConditionInput, NamedCondition } from './conditions/schema.js';
export { evaluate, holds } from './conditions/evaluate.js';
export type { ConditionScope } from './conditions/evaluate.js';
export { formatExplanation, failedLeaves } from './conditions/explanation.js';
export type { Explanation } from './conditions/explanation.js';

// Step kinds
export { defineStepKind, RequirementSchema, CompletionRuleSchema, ContentSchema, TargetSchema, OutcomeSchema, EvaluationDutySchema } from './steps/kind.js';
export type { StepKind, StepBlueprint, StepInfo, Requirement, CompletionRule, Content, Target, Outcome, DeadlineRule } from './steps/kind.js';
export { createRegistry, defaultRegistry, builtinStepKinds } from './steps/registry.js';
export type { StepKindRegistry } from './steps/registry.js';

// Machine and engine
export { createParticipantMachine, phases } from './machine/build.js';
export type { ParticipantMachine, ParticipantInput, Phase } from './machine/build.js';
export { createEngine } from './engine/engine.js';
export type { Engine, ExecuteResult, ParticipantSnapshot, ParticipantView } from './engine/engine.js';
export { CommandSchema, commandTypes } from './engine/commands.js';
export type { Command, CommandInput, CommandType } from './engine/commands.js';
export { DomainEventSchema, eventTypes } from './engine/events.js';
export type { DomainEvent, EventType, EventOf, PayloadOf } from './engine/events.js';
export { ParticipantContextSchema, ActorSchema } from './engine/context.js';
export type { ParticipantContext, Actor, StepRecord, PlanRevision, SubGoalStatus } from './engine/context.js';
export { DeadlineSchema, statusOn, isOpen } from './engine/deadline.js';
export type { Deadline, DeadlineStatus, MetWhen } from './engine/deadline.js';
export { stepCompletion } from './engine/completion.js';
export { flagsOf } from './engine/flags.js';
export { deadlineFor } from './engine/evolve.js';
export type { Flag } from './engine/flags.js';
export { referralDecision } from './engine/decide.js';

// Places, waiting list and referral rules
export { CapacitySchema, ReservationSchema, AreaSchema } from './capacity/schema.js';
export type { Capacity, Reservation, Area } from './capacity/schema.js';
export { admit, leave, fill, placeFor, waitingOrder, emptyRoster } from './capacity/roster.js';
export type { Roster, Seat } from './capacity/roster.js';
export { ReferralPolicySchema, ReferralRuleSchema, referralDecisions } from './programme/referral.js';
export type { ReferralPolicy, ReferralRule, ReferralDecision } from './programme/referral.js';
export { ResponsibilitySchema } from './programme/responsibility.js';
export { RoleSchema, GrantSchema, PolicySchema } from './programme/policy.js';
export type { Role, Grant, Policy } from './programme/policy.js';
export type { Responsibility } from './programme/responsibility.js';
export { FundingSchema } from './programme/funding.js';
export type { Funding } from './programme/funding.js';
export type { Refusal } from './engine/refusal.js';
export { lintProgramme, lintRules, lintCodes, formatFinding, formatFindings, type ConditionReader, type Finding, type LintContext, type Severity, type LintCode } from './lint/index.js';

// Errors, time, labels
export { StegvisError, issueCodes, formatIssue, formatIssues, flattenIssues, toDotPath } from './errors/issue.js';
export type { Issue, IssueCode, Path, Result } from './errors/issue.js';
export { ZONE, addPeriod, localDate, stockholmInstant, PeriodSchema } from './time/calendar.js';
export type { IsoDate, IsoInstant, Period } from './time/calendar.js';
export { LabelSchema, languages } from './i18n/label.js';
export type { Label, LabelInput, Lang } from './i18n/label.js';
