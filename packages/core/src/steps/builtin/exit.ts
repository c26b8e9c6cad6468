import { z } from 'zod';
import { OutcomeSchema, defineStepKind } from '../kind.js';

/** The end of the path: the outcomes a participant can leave to, each covering part, all or none of their income. */
export const exitKind = defineStepKind({
  kind: 'exit',
  label: { sv: 'Avslut', en: 'Exit' },
  params: z.strictObject({ outcomes: z.array(OutcomeSchema).min(1) }),
  build: (p) => ({
    requirements: [],
    completion: 'all',
    autoAdvance: false,
    deadlines: [],
    exit: { outcomes: p.outcomes },
    stepRefs: p.outcomes.flatMap((o, i) => (o.completesStep ? [[['outcomes', i, 'completesStep'], o.completesStep] as const] : [])),
  }),
});
