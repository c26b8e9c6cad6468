import { describe, expectTypeOf, it } from 'vitest';
import { type Command, type CommandInput, type DomainEvent, type Programme, defineProgramme, validateProgramme } from '@stegvis/core';

// Checked by `tsc` in `pnpm test`: a `@ts-expect-error` that no longer finds an error fails the typecheck.
describe('types', () => {
  it('defineProgramme keeps the literal ids a TypeScript author wrote', () => {
    const p = defineProgramme({
      id: 'demo',
      version: 1,
      name: 'Demo',
      steps: [
        { id: 'step1', kind: 'ladderStep', label: 'Steg 1', params: { requirements: [{ id: 'a', label: 'A' }] } },
        { id: 'exit', kind: 'exit', label: 'Avslut', params: { outcomes: [{ id: 'job', label: 'Arbete', income: 'full' }] } },
      ],
    });
    expectTypeOf(p.id).toEqualTypeOf<'demo'>();
    expectTypeOf(p.steps[0].id).toEqualTypeOf<'step1'>();
  });

  it('defineProgramme rejects a wrong shape as you type', () => {
    // @ts-expect-error version is a number
    defineProgramme({ id: 'x', version: '1', name: 'X', steps: [] });
    // @ts-expect-error a label is text or { sv, en }
    defineProgramme({ id: 'x', version: 1, name: { sv: 'X' }, steps: [] });
    // @ts-expect-error unknown fact type
    defineProgramme({ id: 'x', version: 1, name: 'X', facts: [{ id: 'f', type: 'date', label: 'F' }], steps: [] });
  });

  it('validation gives a Programme, and commands and events are discriminated by type', () => {
    const r = validateProgramme({});
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<Programme>();
    expectTypeOf<Extract<Command, { type: 'exit' }>['outcomeId']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<DomainEvent, { type: 'participant.exited' }>['payload']['income']>().toEqualTypeOf<'full' | 'partial' | 'none'>();
    // @ts-expect-error an exit names its outcome
    const bad: Extract<CommandInput, { type: 'exit' }> = { type: 'exit', participantId: 'p', at: '2026-01-01T09:00:00+01:00', actor: { id: 'a', role: 'r' } };
    void bad;
  });
});
