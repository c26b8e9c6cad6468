import { z } from 'zod';
import { issue } from '../../errors/issue.js';
import { CompletionRuleSchema, RequirementSchema, requirementsMet } from '../../rules/blueprint.js';
import { defineStepKind } from '../kind.js';

/**
 * A time-limited subsidised employment (Timrå's development year): the employment ends after a fixed
 * number of months, held as a deadline from the day the participant enters the step. It ends: only an
 * explicit `extendDeadline` decision with a reason moves it, within `extension.maxMonths`; a participant
 * still in the step after the end carries the lock-in flag until they exit or move on.
 */
export const subsidisedEmploymentKind = defineStepKind({
  kind: 'subsidisedEmployment',
  label: { sv: 'Tidsbegränsad subventionerad anställning', en: 'Time-limited subsidised employment' },
  params: z.strictObject({
    months: z.number().int().min(1),
    requirements: z.array(RequirementSchema).default([]),
    completion: CompletionRuleSchema.default('all'),
    /** Extensions are allowed, each an explicit decision with a reason; `maxMonths` caps them in all. */
    extension: z.strictObject({ maxMonths: z.number().int().min(1).optional() }).optional(),
  }),
  check: (p) =>
    typeof p.completion === 'object' && p.completion.atLeast > p.requirements.length
      ? [issue('config.invalid_value', ['completion', 'atLeast'], `asks for ${p.completion.atLeast} requirements but the step has ${p.requirements.length}`, 'lower atLeast or add requirements')]
      : [],
  build: (p, step) => ({
    requirements: p.requirements,
    completion: requirementsMet(step.id, p.requirements, p.completion),
    autoAdvance: false,
    deadlines: [
      {
        id: 'end',
        kind: 'employmentEnd',
        kindLabel: { sv: 'Anställningens slut', en: 'End of employment' },
        label: { sv: `${step.label.sv} slutar`, en: `${step.label.en} ends` },
        from: 'entry',
        after: { months: p.months },
        window: { months: 1 },
        metWhen: { type: 'stepLeft', stepId: step.id },
        path: ['months'],
        flag: { id: 'lockIn', label: { sv: 'Inlåsning: kvar i anställningen efter slutdatum', en: 'Lock-in: kept in the employment after its end' } },
        ...(p.extension ? { extendable: p.extension.maxMonths ? { maxTotal: { months: p.extension.maxMonths } } : {} } : {}),
      },
    ],
  }),
});
