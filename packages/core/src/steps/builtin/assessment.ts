import { z } from 'zod';
import { explain } from '../../conditions/explanation.js';
import { PeriodSchema } from '../../time/calendar.js';
import { ContentSchema, defineStepKind } from '../kind.js';

/** Kartläggning: the assessment, with the contents it must record and the time it must be done within. */
export const assessmentKind = defineStepKind({
  kind: 'assessment',
  label: { sv: 'Kartläggning', en: 'Assessment' },
  params: z.strictObject({
    /** The deadline from intake; without it the programme sets none. */
    within: PeriodSchema.optional(),
    contents: z.array(ContentSchema).default([]),
  }),
  build: (p, step) => ({
    requirements: [],
    completion: 'all',
    autoAdvance: true,
    assessment: { contents: p.contents },
    gate: (ctx) =>
      explain(ctx.assessment !== null, { sv: 'Kartläggningen är gjord', en: 'The assessment is done' }),
    deadlines: p.within
      ? [{ id: 'due', kind: 'assessment', label: { sv: `${step.label.sv} klar`, en: `${step.label.en} done` }, from: 'intake', after: p.within, metWhen: { type: 'assessmentCompleted' } }]
      : [],
  }),
});
