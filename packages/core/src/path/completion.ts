import { type Explanation, explain } from '../conditions/explanation.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import type { Requirement } from '../rules/blueprint.js';
import { type Satisfaction, explainRecordCondition, requirementSatisfaction } from '../rules/record-conditions.js';
import type { ParticipantContext } from '../state/context.js';
import { contextReader, recordHolds } from './context-reader.js';

export interface RequirementState {
  readonly requirement: Requirement;
  readonly satisfiedBy: Satisfaction | null;
}

export interface StepCompletion {
  readonly ok: boolean;
  readonly explanation: Explanation;
  readonly requirements: readonly RequirementState[];
}

/** Whether a step is complete: its completion condition, compiled (no explanation built). */
export const stepComplete = (programme: Programme, ctx: ParticipantContext, step: CompiledStep): boolean => recordHolds(programme, ctx, step.blueprint.completion);

/** How each requirement of a step is satisfied (what `step.advanced` records), or null. */
export function requirementStates(programme: Programme, ctx: ParticipantContext, step: CompiledStep): RequirementState[] {
  const reader = contextReader(programme, ctx);
  return step.blueprint.requirements.map((r, q) => ({ requirement: r, satisfiedBy: requirementSatisfaction(reader, step.index, q, r) }));
}

/**
 * Whether a step is complete under its completion condition, with the reasons, and how each of its
 * requirements is satisfied.
 */
export function stepCompletion(programme: Programme, ctx: ParticipantContext, step: CompiledStep): StepCompletion {
  const completion = explainRecordCondition(step.blueprint.completion, programme.env, contextReader(programme, ctx));
  const requirements = requirementStates(programme, ctx, step);
  return {
    ok: completion.ok,
    requirements,
    explanation: explain(completion.ok, { sv: `${step.label.sv} är klart`, en: `${step.label.en} is complete` }, [completion]),
  };
}
