import { z } from 'zod';
import { PeriodSchema, defineStepKind, issue, requirementsMet } from '@stegvis/core';

/**
 * Mentoring (mentorskap): a number of sessions with a mentor, as the step's requirements; the step is
 * complete once the participant has attended at least `completeAfter` of them (all, by default), and it
 * has a deadline counted from the day the participant enters it.
 *
 * It is written outside stegvis's packages, as a municipality's developer would write a kind of their own,
 * and builds its step from core's data vocabulary only — requirements, a record condition, a deadline rule —
 * so every tool works with it: validation and lint, the diagram, the JSON Schema, the simulation on worker
 * threads, the report and replay. `stegvis.config.json` beside the programme loads it.
 */
export const mentoringKind = defineStepKind({
  kind: 'mentoring',
  label: { sv: 'Mentorskap', en: 'Mentoring' },
  params: z.strictObject({
    sessions: z.number().int().min(1).max(20).describe('How many sessions with the mentor the step offers.'),
    completeAfter: z.number().int().min(1).optional().describe('The step is complete after this many sessions (all of them by default).'),
    within: PeriodSchema.describe('The deadline for completing the step, counted from the day the participant enters it.'),
  }),
  check: (p) =>
    p.completeAfter !== undefined && p.completeAfter > p.sessions
      ? [issue('config.invalid_value', ['completeAfter'], `asks for ${p.completeAfter} sessions but the step offers ${p.sessions}`, 'lower completeAfter, or offer more sessions')]
      : [],
  build: (p, step) => {
    const requirements = Array.from({ length: p.sessions }, (_, i) => ({
      id: `session${i + 1}`,
      label: { sv: `Mentorssamtal ${i + 1}`, en: `Mentoring session ${i + 1}` },
    }));
    return {
      requirements,
      completion: requirementsMet(step.id, requirements, p.completeAfter === undefined ? 'all' : { atLeast: p.completeAfter }),
      autoAdvance: false,
      deadlines: [
        {
          id: 'done',
          kind: 'mentoring',
          kindLabel: { sv: 'Mentorskap', en: 'Mentoring' },
          label: { sv: `${step.label.sv} klart`, en: `${step.label.en} done` },
          from: 'entry',
          after: p.within,
          metWhen: { type: 'stepCompleted', stepId: step.id },
          path: ['within'],
        },
      ],
    };
  },
});

export default mentoringKind;
