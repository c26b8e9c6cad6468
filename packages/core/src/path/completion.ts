import { type Explanation, explain } from '../conditions/explanation.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import type { Requirement } from '../rules/blueprint.js';
import { type Satisfaction, explainRecordCondition, requirementSatisfaction } from '../rules/record-conditions.js';
import type { ParticipantContext } from '../state/context.js';
import { contextReader } from './context-reader.js';

export interface RequirementState {
  readonly requirement: Requirement;
  readonly satisfiedBy: Satisfaction | null;
}

export interface StepCompletion {
  readonly ok: boolean;
  readonly explanation: Explanation;
  readonly requirements: readonly RequirementState[];
}

/**
 * Whether a step is complete under its completion condition, with the reasons, and how each of its
 * requirements is satisfied (what `step.advanced` records).
 */
export function stepCompletion(programme: Programme, ctx: ParticipantContext, step: CompiledStep): StepCompletion {
  const reader = contextReader(programme, ctx);
  const completion = explainRecordCondition(step.blueprint.completion, programme.env, reader);
  const requirements = step.blueprint.requirements.map((r, q) => ({ requirement: r, satisfiedBy: requirementSatisfaction(reader, step.index, q, r) }));
  return {
    ok: completion.ok,
    requirements,
    explanation: explain(completion.ok, { sv: `${step.label.sv} är klart`, en: `${step.label.en} is complete` }, [completion]),
  };
}
