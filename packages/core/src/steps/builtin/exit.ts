import { z } from 'zod';
import { OutcomeSchema, defineStepKind } from '../kind.js';
import { issue } from '../../errors/issue.js';
import { LabelSchema } from '../../i18n/label.js';
import { IdSchema } from '../../programme/ids.js';

/** The end of the path: the outcomes a participant can leave to, each covering part, all or none of their income. */
export const exitKind = defineStepKind({
  kind: 'exit',
  label: { sv: 'Avslut', en: 'Exit' },
  params: z.strictObject({
    /** The categories outcomes are reported in (Nacka's 2001 report: employment, internship, …). */
    categories: z.array(z.strictObject({ id: IdSchema, label: LabelSchema })).default([]),
    outcomes: z.array(OutcomeSchema).min(1),
  }),
  check: (p) =>
    p.categories.length === 0
      ? []
      : p.outcomes.flatMap((o, i) =>
          o.category === undefined || p.categories.some((c) => c.id === o.category)
            ? []
            : [issue('config.unknown_reference', ['outcomes', i, 'category'], `no category "${o.category}" under categories`, `use one of: ${p.categories.map((c) => c.id).join(', ')}`)],
        ),
  build: (p) => ({
    requirements: [],
    completion: 'all',
    autoAdvance: false,
    deadlines: [],
    exit: { outcomes: p.outcomes },
    stepRefs: p.outcomes.flatMap((o, i) => (o.completesStep ? [[['outcomes', i, 'completesStep'], o.completesStep] as const] : [])),
  }),
});
