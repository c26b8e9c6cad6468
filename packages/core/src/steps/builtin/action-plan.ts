import { z } from 'zod';
import { ContentSchema } from '../../rules/blueprint.js';
import { PeriodSchema } from '../../time/calendar.js';
import { defineStepKind } from '../kind.js';

/** Individuell handlingsplan: the action plan, its contents, its sub-goals and its deadline. */
export const actionPlanKind = defineStepKind({
  kind: 'actionPlan',
  label: { sv: 'Handlingsplan', en: 'Action plan' },
  params: z.strictObject({
    /** The deadline from intake; without it the programme sets none. */
    within: PeriodSchema.optional(),
    contents: z.array(ContentSchema).default([]),
    minSubGoals: z.number().int().min(0).default(1),
  }),
  build: (p, step) => ({
    requirements: [],
    completion: { type: 'planEstablished' },
    autoAdvance: true,
    records: { type: 'actionPlan', contents: p.contents, minSubGoals: p.minSubGoals },
    deadlines: p.within
      ? [
          {
            id: 'due',
            kind: 'actionPlan',
            kindLabel: { sv: 'Handlingsplan', en: 'Action plan' },
            label: { sv: `${step.label.sv} upprättad`, en: `${step.label.en} established` },
            from: 'intake',
            after: p.within,
            metWhen: { type: 'planEstablished' },
            path: ['within'],
          },
        ]
      : [],
  }),
});
