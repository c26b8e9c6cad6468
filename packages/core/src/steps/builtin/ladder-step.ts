import { z } from 'zod';
import { issue } from '../../errors/issue.js';
import { CompletionRuleSchema, EvaluationDutySchema, RequirementSchema, TargetSchema, requirementsMet } from '../../rules/blueprint.js';
import { defineStepKind } from '../kind.js';

/**
 * A rung of the ladder (stegförflyttning): requirements, how they combine, the cohort target by month N,
 * and the evaluation owed to each participant who has not made the step by then.
 */
export const ladderStepKind = defineStepKind({
  kind: 'ladderStep',
  label: { sv: 'Steg', en: 'Ladder step' },
  params: z.strictObject({
    requirements: z.array(RequirementSchema).min(1),
    completion: CompletionRuleSchema.default('all'),
    target: TargetSchema.optional(),
    evaluation: EvaluationDutySchema.optional(),
  }),
  check: (p) => {
    const out = [];
    if (p.evaluation && !p.target)
      out.push(issue('config.invalid_value', ['evaluation'], 'an evaluation duty follows a missed target, but this step has no target', 'add a target, or remove the evaluation'));
    if (typeof p.completion === 'object' && p.completion.atLeast > p.requirements.length)
      out.push(issue('config.invalid_value', ['completion', 'atLeast'], `asks for ${p.completion.atLeast} requirements but the step has ${p.requirements.length}`, 'lower atLeast or add requirements'));
    return out;
  },
  build: (p, step) => ({
    requirements: p.requirements,
    completion: requirementsMet(step.id, p.requirements, p.completion),
    autoAdvance: false,
    ...(p.target ? { target: p.target } : {}),
    deadlines: p.target
      ? [
          {
            id: 'target',
            kind: 'stepTarget',
            kindLabel: { sv: 'Stegmål', en: 'Step targets' },
            label: { sv: `${step.label.sv} genomfört senast`, en: `${step.label.en} done by` },
            from: 'intake',
            after: { months: p.target.byMonth },
            window: { weeks: 2 },
            metWhen: { type: 'stepCompleted', stepId: step.id },
            path: ['target', 'byMonth'],
            forTarget: true,
            ...(p.evaluation
              ? {
                  onMissed: {
                    id: 'evaluation',
                    kind: 'evaluation',
                    kindLabel: { sv: 'Utvärderingar', en: 'Evaluations' },
                    label: p.evaluation.label ?? { sv: `Utvärdering: ${step.label.sv} ej nått`, en: `Evaluation: ${step.label.en} not reached` },
                    within: p.evaluation.within,
                    metWhen: { type: 'followUp', evaluationOf: step.id },
                  },
                }
              : {}),
          },
        ]
      : [],
  }),
});
