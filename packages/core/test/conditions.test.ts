import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Condition, evaluate, formatExplanation, validateProgramme } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';
import { referenceHolds } from './fixtures/reference-condition.js';

const built = validateProgramme({
  ...minimal(),
  conditions: [{ id: 'young', label: { sv: 'Ung deltagare', en: 'Young participant' }, when: { fact: 'age', atMost: 24 } }],
});
if (!built.ok) throw new Error('fixture invalid');
const programme = built.value;
const scope = (facts: Record<string, boolean | number | string>) => ({ facts, factsById: programme.factsById, conditionsById: programme.conditionsById });

const reference = (c: Condition, facts: Record<string, boolean | number | string>) =>
  referenceHolds(c, facts, (id) => programme.conditionsById.get(id)!.when);

const factTest: fc.Arbitrary<Condition> = fc.oneof(
  fc.boolean().map((b) => ({ fact: 'fullTimeSickLeave', equals: b })),
  fc.integer({ min: 16, max: 70 }).map((n) => ({ fact: 'age', atLeast: n })),
  fc.integer({ min: 16, max: 70 }).map((n) => ({ fact: 'age', atMost: n })),
  fc.subarray(['woman', 'man', 'nonBinary'], { minLength: 1 }).map((xs) => ({ fact: 'gender', in: xs })),
  fc.constantFrom('woman', 'man', 'nonBinary').map((g) => ({ fact: 'gender', notEquals: g })),
  fc.boolean().map((k) => ({ fact: 'age', known: k })),
  fc.constant({ condition: 'young' }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    factTest,
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('c').map((not) => ({ not })),
  ),
})).c;
const facts = fc.record(
  { fullTimeSickLeave: fc.boolean(), age: fc.integer({ min: 16, max: 70 }), gender: fc.constantFrom('woman', 'man', 'nonBinary') },
  { requiredKeys: [] },
);

describe('conditions', () => {
  it('the explaining evaluator agrees with a direct reading of the semantics (differential)', () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        expect(evaluate(c, scope(f)).ok).toBe(reference(c, f));
      }),
    );
  });

  it('not(c) holds exactly when c does not, and its explanation keeps c as its child', () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        const e = evaluate({ not: c }, scope(f));
        expect(e.ok).toBe(!evaluate(c, scope(f)).ok);
        expect(e.children).toHaveLength(1);
      }),
    );
  });

  it('every node of an explanation agrees with its children under all / any', () => {
    fc.assert(
      fc.property(fc.array(condition, { minLength: 1, maxLength: 4 }), facts, (cs, f) => {
        const all = evaluate({ all: cs }, scope(f));
        const any = evaluate({ any: cs }, scope(f));
        expect(all.ok).toBe(all.children!.every((k) => k.ok));
        expect(any.ok).toBe(any.children!.some((k) => k.ok));
        expect(all.children).toHaveLength(cs.length); // no short-circuit: the whole reason is shown
      }),
    );
  });

  it('an unrecorded fact satisfies no test except known: false', () => {
    expect(evaluate({ fact: 'fullTimeSickLeave', equals: false }, scope({})).ok).toBe(false);
    expect(evaluate({ fact: 'fullTimeSickLeave', notEquals: true }, scope({})).ok).toBe(false);
    expect(evaluate({ fact: 'fullTimeSickLeave', known: false }, scope({})).ok).toBe(true);
  });

  it('explains in words a caseworker reads, in Swedish and English, with labels from the config', () => {
    const e = evaluate({ any: [{ fact: 'fullTimeSickLeave', equals: true }, { condition: 'young' }] }, scope({ fullTimeSickLeave: false, age: 30 }));
    expect(formatExplanation(e, 'sv')).toMatchInlineSnapshot(`
      "✗ Minst ett av detta gäller
        ✗ Heltidssjukskriven är ja (nu: nej)
        ✗ Ung deltagare
          ✗ Ålder är högst 24 (nu: 30)"
    `);
    expect(formatExplanation(e, 'en')).toMatchInlineSnapshot(`
      "✗ At least one of these holds
        ✗ On full-time sick leave is yes (now: no)
        ✗ Young participant
          ✗ Ålder is at most 24 (now: 30)"
    `);
  });
});
