import { z } from 'zod';
import { ContentSchema } from '../../rules/blueprint.js';
import { PeriodSchema } from '../../time/calendar.js';
import { defineStepKind } from '../kind.js';

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
    completion: { type: 'assessmentCompleted' },
    autoAdvance: true,
    records: { type: 'assessment', contents: p.contents },
    deadlines: p.within
      ? [
          {
            id: 'due',
            kind: 'assessment',
            kindLabel: { sv: 'Kartläggning', en: 'Assessment' },
            label: { sv: `${step.label.sv} klar`, en: `${step.label.en} done` },
            from: 'intake',
            after: p.within,
            metWhen: { type: 'assessmentCompleted' },
            path: ['within'],
          },
        ]
      : [],
  }),
});
