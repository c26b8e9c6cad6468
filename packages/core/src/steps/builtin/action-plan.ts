import { z } from 'zod';
import { explain } from '../../conditions/explanation.js';
import { PeriodSchema } from '../../time/calendar.js';
import { ContentSchema, defineStepKind } from '../kind.js';

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
    completion: 'all',
    autoAdvance: true,
    actionPlan: { contents: p.contents, minSubGoals: p.minSubGoals },
    gate: (ctx) => explain(ctx.plan.length > 0, { sv: 'Handlingsplanen är upprättad', en: 'The action plan is established' }),
    deadlines: p.within
      ? [{ id: 'due', kind: 'actionPlan', label: { sv: `${step.label.sv} upprättad`, en: `${step.label.en} established` }, from: 'intake', after: p.within, metWhen: { type: 'planEstablished' } }]
      : [],
  }),
});
