import fc from 'fast-check';
import { z } from 'zod';
import { type RecordCondition, defineStepKind } from '@stegvis/core';
import type { PluginKindArbitrary } from '@stegvis/testing';

/**
 * A step kind defined outside core, as a municipality's developer would, for the properties over generated
 * programmes: it builds its completion and its deadline from the whole condition vocabulary (`all`, at
 * least N, follow-ups with joint roles, an earlier step's completion, `any` of leaving the step or a
 * requirement), and may raise a flag of its own.
 */
/** A check-in: some sessions, at least N of them, maybe a (joint) follow-up and an earlier step first. */
const checkInKind = defineStepKind({
  kind: 'checkIn',
  label: { sv: 'Avstämning', en: 'Check-in' },
  params: z.strictObject({
    sessions: z.number().int().min(1).max(3),
    needs: z.number().int().min(0),
    followUp: z.enum(['none', 'any', 'joint']),
    after: z.string().optional(),
    within: z.strictObject({ weeks: z.number().int().min(1) }),
    flag: z.boolean(),
  }),
  build: (p, step) => {
    const requirements = Array.from({ length: p.sessions }, (_, i) => ({ id: `session${i}`, label: { sv: `Samtal ${i}`, en: `Session ${i}` } }));
    const sessions: RecordCondition = { type: 'atLeast', n: Math.min(p.needs, p.sessions), of: requirements.map((r) => ({ type: 'requirementMet', stepId: step.id, requirementId: r.id })) };
    const parts: RecordCondition[] = [
      sessions,
      ...(p.followUp === 'none' ? [] : [{ type: 'followUp' as const, ...(p.followUp === 'joint' ? { jointWith: ['supervisor'] } : {}) }]),
      ...(p.after ? [{ type: 'stepCompleted' as const, stepId: p.after }] : []),
    ];
    return {
      requirements,
      completion: { type: 'all', of: parts },
      autoAdvance: false,
      deadlines: [
        {
          id: 'done',
          kind: 'checkIn',
          kindLabel: { sv: 'Avstämningar', en: 'Check-ins' },
          label: { sv: `${step.label.sv} klar`, en: `${step.label.en} done` },
          from: 'entry',
          after: p.within,
          metWhen: { type: 'any', of: [{ type: 'stepLeft', stepId: step.id }, { type: 'requirementMet', stepId: step.id, requirementId: 'session0' }] },
          ...(p.flag ? { flag: { id: 'lateCheckIn', label: { sv: 'Sen avstämning', en: 'Late check-in' } } } : {}),
        },
      ],
    };
  },
});

export const checkIn: PluginKindArbitrary = {
  kind: checkInKind,
  params: ({ earlier }) =>
    fc.record({
      sessions: fc.integer({ min: 1, max: 3 }),
      needs: fc.integer({ min: 0, max: 3 }),
      followUp: fc.constantFrom('none', 'any', 'joint'),
      after: earlier.length > 0 ? fc.option(fc.constantFrom(...earlier), { nil: undefined }) : fc.constant(undefined),
      within: fc.record({ weeks: fc.integer({ min: 1, max: 10 }) }),
      flag: fc.boolean(),
    }).map(({ after, ...rest }) => ({ ...rest, ...(after ? { after } : {}) })),
};

