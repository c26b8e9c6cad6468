import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import { BehaviourSchema, checkBehaviour, validateBehaviour, validateBehaviourYaml } from '../src/index.js';
import { compileBehaviour } from '../src/internal/simulate/behaviour.js';
import { bothOf } from './support/equivalence.js';

const EXAMPLES = ['ljusnarsberg', 'timra', 'nacka', 'enkoping', 'kungsbacka'] as const;
const file = (name: string, f: string) => new URL(`../../../examples/${name}/${f}`, import.meta.url);
const ljus = loadProgramme(file('ljusnarsberg', 'programme.yaml'));

describe('the example behaviour models', () => {
  it.each(EXAMPLES)('%s/behaviour.yaml is valid for its programme', (name) => {
    const programme = loadProgramme(file(name, 'programme.yaml'));
    const r = validateBehaviourYaml(programme, readFileSync(file(name, 'behaviour.yaml'), 'utf8'));
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it.each(EXAMPLES)('%s/behaviour.yaml says of every number whether it is an assumption or from the seed', (name) => {
    const lines = readFileSync(file(name, 'behaviour.yaml'), 'utf8').split('\n');
    const unexplained = lines.filter((l) => {
      if (l.trim().startsWith('#')) return false;
      const value = l.split('#')[0]!;
      return /(?<![A-Za-z_\d])\d/.test(value) && !/assumption|seed/i.test(l);
    });
    expect(unexplained).toEqual([]);
  });
});

describe('checking a behaviour model against its programme', () => {
  const yaml = `programme: ljusnarsberg
steps:
  stepSix:
    advance: 0.1
  step5:
    advance: 0.2
    exit: { promoted: 0.1 }
afterEnd:
  step1: { advance: 0.5 }
modifiers:
  - when: { fact: shoeSize, atLeast: 44 }
    multiply: { advance: 2 }
facts:
  referrer: { socialServices: 1, police: 1 }
  fullTimeSickLeave: { uniform: [0, 1] }
areas: { garden: 1 }
`;

  it('reports every problem at once, each with its path and line', () => {
    const r = validateBehaviourYaml(ljus, yaml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const found = r.issues.map((i) => [i.code, i.path.join('.'), i.location?.line]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['config.unknown_reference', 'steps.stepSix', 4],
        ['config.invalid_value', 'steps.step5.advance', 6],
        ['config.unknown_reference', 'steps.step5.exit.promoted', 7],
        ['config.invalid_value', 'afterEnd.step1', 9],
        ['config.undeclared_fact', 'modifiers.0.when', 11],
        ['config.fact_type_mismatch', 'facts.referrer.police', 14],
        ['config.fact_type_mismatch', 'facts.fullTimeSickLeave', 15],
        ['config.unknown_reference', 'areas.garden', 16],
      ]),
    );
    expect(r.issues).toHaveLength(8);
  });

  it('rejects a behaviour for another programme, and weekly probabilities adding up to more than 1', () => {
    expect(checkBehaviour(ljus, BehaviourSchema.parse({ programme: 'timra' }))[0]).toMatchObject({ code: 'config.invalid_value', path: ['programme'] });
    const r = validateBehaviour(ljus, { programme: 'ljusnarsberg', steps: { step1: { advance: 0.7, pause: 0.4 } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.path).toEqual(['steps', 'step1']);
  });
});

describe('compiling a behaviour model', () => {
  const { kernel } = bothOf(ljus);
  const compiled = (b: Parameters<typeof compileBehaviour>[1]) => {
    const r = compileBehaviour(kernel, b);
    if (!r.ok) throw new Error(r.issues[0]!.message);
    return r.value;
  };
  const s1 = ljus.steps.findIndex((s) => s.id === 'step1');

  it('turns probabilities into cumulative thresholds on one 32-bit draw', () => {
    const b = compiled(BehaviourSchema.parse({ programme: 'ljusnarsberg', steps: { step1: { advance: 0.25, pause: 0.25, exit: { movedAway: 0.25 } } } }));
    const cell = b.cell(b.classOf(0), s1, false);
    const start = b.cellStart[cell]!;
    expect(Array.from(b.cellThresholds.subarray(start, start + 3))).toEqual([2 ** 30, 2 ** 31, 3 * 2 ** 30]);
    expect(b.cellTotal[cell]).toBe(3 * 2 ** 30);
  });

  it('applies modifiers to the participants and steps they name, and scales a step down to 1 if they push it over', () => {
    const b = compiled(
      BehaviourSchema.parse({
        programme: 'ljusnarsberg',
        default: { advance: 0.3, pause: 0.1 },
        modifiers: [{ when: { fact: 'fullTimeSickLeave', equals: true }, steps: ['step1'], multiply: { advance: 0.5 } }, { when: { fact: 'age', atMost: 24 }, multiply: { advance: 10 } }],
      }),
    );
    const facts = new Float64Array(ljus.config.facts.length).fill(NaN);
    const sick = ljus.config.facts.findIndex((f) => f.id === 'fullTimeSickLeave');
    const age = ljus.config.facts.findIndex((f) => f.id === 'age');
    const classOf = (isSick: boolean, years: number) => {
      facts[sick] = isSick ? 1 : 0;
      facts[age] = years;
      return b.classOf(b.space.indexOf(facts));
    };
    const first = (cls: number, s: number) => b.cellThresholds[b.cellStart[b.cell(cls, s, false)]!]! / 2 ** 32;
    expect(first(classOf(false, 40), s1)).toBeCloseTo(0.3, 6);
    expect(first(classOf(true, 40), s1)).toBeCloseTo(0.15, 6);
    expect(first(classOf(true, 40), s1 + 1)).toBeCloseTo(0.3, 6); // step2: the sick-leave modifier names step1 only
    // advance 0.3 × 10 = 3 and pause 0.1: scaled to 3/3.1 and 0.1/3.1, something happens every week.
    const young = classOf(false, 20);
    expect(first(young, s1)).toBeCloseTo(3 / 3.1, 6);
    expect(b.cellTotal[b.cell(young, s1, false)]).toBe(2 ** 32);
  });
});
