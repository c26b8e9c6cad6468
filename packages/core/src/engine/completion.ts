import { match } from 'ts-pattern';
import { evaluate } from '../conditions/evaluate.js';
import { type Explanation, explain } from '../conditions/explanation.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import type { Requirement } from '../steps/kind.js';
import type { ParticipantContext } from './context.js';
import type { PayloadOf } from './events.js';
import { scopeOf } from './scope.js';

type Satisfaction = PayloadOf<'step.advanced'>['satisfied'][number]['by'];

export interface RequirementState {
  readonly requirement: Requirement;
  readonly satisfiedBy: Satisfaction | null;
  readonly explanation: Explanation;
}

/** Whether one requirement is satisfied, and how: a caseworker's mark, a waiver in the config, or the record itself. */
export function requirementState(programme: Programme, ctx: ParticipantContext, stepId: string, r: Requirement): RequirementState {
  const mark = ctx.steps[stepId]?.requirements[r.id];
  if (mark?.status === 'met') return { requirement: r, satisfiedBy: 'met', explanation: explain(true, r.label, undefined, { sv: 'markerat uppfyllt', en: 'marked as met' }) };
  if (mark?.status === 'waived')
    return { requirement: r, satisfiedBy: 'waived', explanation: explain(true, r.label, undefined, { sv: `undantaget: ${mark.reason ?? ''}`, en: `waived: ${mark.reason ?? ''}` }) };
  if (r.waivedWhen) {
    const waiver = evaluate(r.waivedWhen, scopeOf(programme, ctx.facts));
    if (waiver.ok)
      return { requirement: r, satisfiedBy: 'waivedByCondition', explanation: explain(true, r.label, [waiver], { sv: 'krävs inte', en: 'not required' }) };
  }
  if (r.satisfiedBy === 'participantTookPartInPlan') {
    const tookPart = ctx.plan.some((rev) => rev.participantTookPart);
    return {
      requirement: r,
      satisfiedBy: tookPart ? 'record' : null,
      explanation: explain(tookPart, r.label, undefined, tookPart
        ? { sv: 'deltog när planen skrevs', en: 'took part in writing the plan' }
        : { sv: 'ingen planversion där deltagaren medverkade', en: 'no plan revision the participant took part in' }),
    };
  }
  const notYet = r.waivedWhen
    ? { sv: 'inte markerat uppfyllt, och undantaget gäller inte', en: 'not marked as met, and the waiver does not apply' }
    : { sv: 'inte markerat uppfyllt', en: 'not marked as met' };
  const children = r.waivedWhen ? [evaluate(r.waivedWhen, scopeOf(programme, ctx.facts))] : undefined;
  return { requirement: r, satisfiedBy: null, explanation: explain(false, r.label, children, notYet) };
}

export interface StepCompletion {
  readonly ok: boolean;
  readonly explanation: Explanation;
  readonly requirements: readonly RequirementState[];
}

/** Whether a step is complete under its completion rule and its kind's gate, with the reasons. */
export function stepCompletion(programme: Programme, ctx: ParticipantContext, step: CompiledStep): StepCompletion {
  const { blueprint } = step;
  const states = blueprint.requirements.map((r) => requirementState(programme, ctx, step.id, r));
  const met = states.filter((s) => s.satisfiedBy !== null).length;
  const [ruleOk, ruleText] = match(blueprint.completion)
    .with('all', () => [met === states.length, { sv: 'Alla krav är uppfyllda', en: 'All requirements are met' }] as const)
    .with('any', () => [met >= 1, { sv: 'Minst ett av kraven är uppfyllt', en: 'At least one requirement is met' }] as const)
    .otherwise(({ atLeast }) => [met >= atLeast, { sv: `Minst ${atLeast} av kraven är uppfyllda`, en: `At least ${atLeast} requirements are met` }] as const);
  const parts: Explanation[] = [];
  if (states.length > 0) parts.push(explain(ruleOk, ruleText, states.map((s) => s.explanation)));
  const gate = blueprint.gate?.(ctx);
  if (gate) parts.push(gate);
  const ok = parts.every((p) => p.ok);
  return {
    ok,
    requirements: states,
    explanation: explain(ok, { sv: `${step.label.sv} är klart`, en: `${step.label.en} is complete` }, parts),
  };
}
