import { type Engine, type ParticipantSnapshot, createEngine } from '@stegvis/core';
import { commandSequence, loadProgramme } from '@stegvis/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { persisted } from '../src/persisted.js';

const examples = ['ljusnarsberg', 'nacka', 'enkoping', 'kungsbacka', 'timra'];

describe('the state as the store writes it', () => {
  for (const name of examples) {
    const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
    const engine = createEngine(programme);
    test(`is engine.persist's JSON text, key for key, after every command of generated histories of ${name} (property)`, () => {
      let exited = 0;
      fc.assert(
        fc.property(commandSequence(programme, 'p-1', { maxLength: 25 }), (commands) => {
          let s = engine.initial('p-1');
          const same = (state: ParticipantSnapshot) => expect(JSON.stringify(persisted(engine, state))).toBe(JSON.stringify(engine.persist(state)));
          same(s);
          for (const c of commands) {
            const r = engine.execute(s, c);
            if (!r.ok) continue;
            s = r.snapshot;
            same(s);
          }
          if (s.context.exit !== null) exited++;
        }),
        { numRuns: 150 },
      );
      // the histories reach the end of the path too (an exit)
      expect(exited).toBeGreaterThan(0);
    });
  }

  test('a state with child actors or a history value is written by engine.persist, which knows how', () => {
    const programme = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
    const s = createEngine(programme).initial('p-1');
    const walked = { persist: () => 'walked by XState' } as unknown as Engine;
    expect(persisted(walked, { ...s, children: { timer: {} } } as unknown as ParticipantSnapshot)).toBe('walked by XState');
    expect(persisted(walked, { ...s, historyValue: { 'participant.h': [] } } as unknown as ParticipantSnapshot)).toBe('walked by XState');
    expect(persisted(walked, s)).not.toBe('walked by XState');
  });
});
