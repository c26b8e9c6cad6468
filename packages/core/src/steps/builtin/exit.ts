import { z } from 'zod';
import { issue } from '../../errors/issue.js';
import { CategorySchema, OutcomeSchema } from '../../rules/blueprint.js';
import { defineStepKind } from '../kind.js';

/** The end of the path: the outcomes a participant can leave to, each covering part, all or none of their income. */
export const exitKind = defineStepKind({
  kind: 'exit',
  label: { sv: 'Avslut', en: 'Exit' },
  params: z.strictObject({
    /** The categories outcomes are reported in (Nacka's 2001 report: employment, internship, …). */
    categories: z.array(CategorySchema).default([]),
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
    completion: { type: 'all', of: [] },
    autoAdvance: false,
    deadlines: [],
    exit: { outcomes: p.outcomes, categories: p.categories },
    stepRefs: p.outcomes.flatMap((o, i) => (o.completesStep ? [[['outcomes', i, 'completesStep'], o.completesStep] as const] : [])),
  }),
});
