import { z } from 'zod';
import { CompletionRuleSchema, RequirementSchema, defineStepKind } from '../kind.js';

/**
 * A time-limited subsidised employment (Timrå's development year): the employment ends after a fixed
 * number of months, held as a deadline from the day the participant enters the step.
 */
export const subsidisedEmploymentKind = defineStepKind({
  kind: 'subsidisedEmployment',
  label: { sv: 'Tidsbegränsad subventionerad anställning', en: 'Time-limited subsidised employment' },
  params: z.strictObject({
    months: z.number().int().min(1),
    requirements: z.array(RequirementSchema).default([]),
    completion: CompletionRuleSchema.default('all'),
  }),
  build: (p, step) => ({
    requirements: p.requirements,
    completion: p.completion,
    autoAdvance: false,
    deadlines: [
      {
        id: 'end',
        kind: 'employmentEnd',
        label: { sv: `${step.label.sv} slutar`, en: `${step.label.en} ends` },
        from: 'entry',
        after: { months: p.months },
        window: { months: 1 },
        metWhen: { type: 'stepLeft', stepId: step.id },
      },
    ],
  }),
});
