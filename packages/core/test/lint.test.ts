import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Condition,
  type Finding,
  type Programme,
  formatFinding,
  formatIssues,
  lintCodes,
  lintProgramme,
  validateProgramme,
  validateProgrammeYaml,
} from '@stegvis/core';
import { z } from 'zod';
import { defaultRegistry, defineStepKind } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';
import { referenceHolds } from './fixtures/reference-condition.js';

/** The minimal programme, changed by `fn`, validated (it must be valid: lint only sees valid programmes). */
const build = (fn: (p: any) => void = () => {}): Programme => {
  const p = structuredClone(minimal()) as any;
  fn(p);
  const r = validateProgramme(p);
  if (!r.ok) throw new Error(`fixture invalid:\n${formatIssues(r.issues)}`);
  return r.value;
};
const lint = (fn?: (p: any) => void): Finding[] => lintProgramme(build(fn));
/** The findings of one code, as code, severity and dotted path. */
const found = (findings: Finding[], code: Finding['code']) => findings.filter((f) => f.code === code).map((f) => [f.severity, f.path.join('.')]);
const serious = (findings: Finding[]) => findings.filter((f) => f.severity !== 'info');
const invalid = (fn: (p: any) => void): string => {
  const p = structuredClone(minimal()) as any;
  fn(p);
  const r = validateProgramme(p);
  if (r.ok) throw new Error('expected validation to reject the programme');
  return formatIssues(r.issues);
};

const sick = (equals: boolean) => ({ fact: 'fullTimeSickLeave', equals });
const WAIVER = 'steps.1.params.requirements.1.waivedWhen';
const withWaiver = (when: unknown) => (p: any) => (p.steps[1].params.requirements[1].waivedWhen = when);
const reason = { sv: 'Nej', en: 'No' };
const withReferral = (rules: unknown[], otherwise: unknown = { decision: 'decline', reason }) => (p: any) => (p.referral = { rules, otherwise });
const planStep = (within: unknown) => ({ id: 'actionPlan', kind: 'actionPlan', label: 'Plan', params: { ...(within ? { within } : {}), minSubGoals: 1 } });
const ladder = (id: string, target?: { share: number; byMonth: number }, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'ladderStep',
  label: id,
  params: { requirements: [{ id: 'r', label: 'r' }], ...(target ? { target } : {}), ...extra },
});

describe('lintProgramme: the examples', () => {
  it('Ljusnarsberg lints clean: no errors or warnings; only age is kept without a breakdown or a rule', () => {
    const text = readFileSync(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url), 'utf8');
    const r = validateProgrammeYaml(text);
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const findings = lintProgramme(r.value);
    expect(serious(findings)).toEqual([]);
    expect(found(findings, 'lint.unused_fact')).toEqual([['info', 'facts.2']]);
    expect(findings).toHaveLength(1);
  });

  it('the minimal fixture lints clean', () => {
    expect(serious(lint())).toEqual([]);
  });

  it('findings share the issue line format, with the severity after the path, and use only declared codes', () => {
    const findings = lint(withWaiver({ fact: 'age', atLeast: 80 }));
    expect(formatFinding(findings.find((f) => f.code === 'lint.unsatisfiable_condition')!)).toMatchInlineSnapshot(
      `"steps.1.params.requirements.1.waivedWhen: warning: the waiver of requirement "cv" in step "step1" can never hold ("age" is declared at most 70, so "at least 80" cannot hold), so the requirement is never waived automatically (a caseworker can still waive it by hand, with a reason). Fix: compare the values with the fact declarations under "facts", and check that no two parts of an "all" exclude each other (lint.unsatisfiable_condition)"`,
    );
    for (const f of findings) expect(lintCodes).toContain(f.code);
  });

  it('lists errors first, then warnings, then information', () => {
    const findings = lint((p) => {
      p.steps[2].params.outcomes[0].when = { fact: 'age', atMost: 10 };
    });
    const order = findings.map((f) => f.severity);
    expect(order).toEqual([...order].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
    expect(order[0]).toBe('error');
  });
});

describe('conditions that can never hold, or always hold', () => {
  it('a number test outside the fact\'s declared range never holds', () => {
    const findings = lint(withWaiver({ fact: 'age', atLeast: 80 }));
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', WAIVER]]);
  });

  it('an "all" with a test and its negation never holds, and the message names the two parts', () => {
    const findings = lint(withWaiver({ all: [sick(true), { not: sick(true) }] }));
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', WAIVER]]);
    expect(findings.find((f) => f.code === 'lint.unsatisfiable_condition')!.message).toContain(`${WAIVER}.all.0 and ${WAIVER}.all.1 contradict each other`);
  });

  it('interval reasoning: at least 30 and at most 29 never holds; at least 30 and at most 30 holds for 30', () => {
    expect(found(lint(withWaiver({ all: [{ fact: 'age', atLeast: 30 }, { fact: 'age', atMost: 29 }] })), 'lint.unsatisfiable_condition')).toEqual([['warning', WAIVER]]);
    expect(found(lint(withWaiver({ all: [{ fact: 'age', atLeast: 30 }, { fact: 'age', atMost: 30 }] })), 'lint.unsatisfiable_condition')).toEqual([]);
    expect(
      found(lint(withWaiver({ all: [{ fact: 'age', atLeast: 30 }, { fact: 'age', atMost: 31 }, { fact: 'age', notIn: [30, 31] }] })), 'lint.unsatisfiable_condition'),
    ).toEqual([]); // 30.5: a number fact is not declared whole
  });

  it('"in" with a value outside an enum is validation\'s to reject, so lint never sees it', () => {
    expect(invalid(withWaiver({ fact: 'gender', in: ['woman', 'female'] }))).toContain('config.fact_type_mismatch');
  });

  it('excluding every value of an enum never holds', () => {
    const findings = lint(withWaiver({ fact: 'gender', notIn: ['woman', 'man', 'nonBinary'] }));
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', WAIVER]]);
    expect(findings[0]!.message).toContain('excludes every value of "gender"');
  });

  it('a condition that holds only while a fact is unrecorded is reported, unless it asks with "known"', () => {
    const findings = lint(withWaiver({ all: [{ not: sick(true) }, { not: sick(false) }] }));
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', WAIVER]]);
    expect(findings[0]!.message).toContain('holds only while some of "fullTimeSickLeave" is not recorded');
    expect(serious(lint(withWaiver({ fact: 'fullTimeSickLeave', known: false })))).toEqual([]);
  });

  it('a waiver that holds for everyone means nobody is asked to meet the requirement (warning)', () => {
    const findings = lint(withWaiver({ fact: 'age', atLeast: 16 }));
    expect(found(findings, 'lint.always_true_condition')).toEqual([['warning', WAIVER]]);
    expect(findings[0]!.message).toContain('every recorded "age" is at least 16');
    expect(found(lint(withWaiver({ any: [sick(true), sick(false)] })), 'lint.always_true_condition')).toEqual([['warning', WAIVER]]);
    expect(found(lint(withWaiver({ fact: 'gender', in: ['woman', 'man', 'nonBinary'] })), 'lint.always_true_condition')).toEqual([['warning', WAIVER]]);
  });

  it('"known" tests are never called always true: asking whether a fact is recorded is their point', () => {
    expect(found(lint(withWaiver({ fact: 'age', known: true })), 'lint.always_true_condition')).toEqual([]);
  });

  it('a dead branch of an "any" and a redundant part of an "all" are reported where they are', () => {
    expect(found(lint(withWaiver({ any: [sick(true), { fact: 'age', atMost: 10 }] })), 'lint.unsatisfiable_condition')).toEqual([['warning', `${WAIVER}.any.1`]]);
    expect(found(lint(withWaiver({ all: [sick(true), { fact: 'age', atMost: 70 }] })), 'lint.always_true_condition')).toEqual([['info', `${WAIVER}.all.1`]]);
  });

  it('a named condition that never holds is reported where it is declared and where it is used; an unused one is information', () => {
    const findings = lint((p) => {
      p.conditions = [
        { id: 'old', label: 'Old', when: { fact: 'age', atLeast: 90 } },
        { id: 'spare', label: 'Spare', when: sick(true) },
      ];
      p.steps[1].params.requirements[1].waivedWhen = { condition: 'old' };
    });
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([
      ['warning', 'conditions.0.when'],
      ['warning', WAIVER],
    ]);
    expect(found(findings, 'lint.unused_condition')).toEqual([['info', 'conditions.1']]);
  });

  it('facts no condition reads are information; a number range with min above max is an error', () => {
    expect(found(lint(), 'lint.unused_fact')).toEqual([
      ['info', 'facts.1'],
      ['info', 'facts.2'],
    ]);
    const findings = lint((p) => (p.facts[1].min = 80));
    expect(found(findings, 'lint.empty_fact_range')).toEqual([['error', 'facts.1']]);
  });

  describe('conditions kept outside the programme, such as a behaviour model\'s', () => {
    const readers = (...conditions: Condition[]) => ({ readers: [{ name: 'the behaviour model', conditions }] });
    const unused = (p: Programme, context = {}) => lintProgramme(p, context).filter((f) => f.code === 'lint.unused_fact');

    it('a fact only they test is used; the note for a fact nobody reads says they do not read it either', () => {
      const p = build();
      const findings = unused(p, readers({ fact: 'age', atMost: 24 }));
      expect(findings.map((f) => f.path.join('.'))).toEqual(['facts.2']);
      expect(findings[0]!.message).toBe('fact "gender" is declared but no condition, referral rule, reservation, priority, payment, waiver or outcome reads it, nor does the behaviour model.');
      expect(unused(p)[0]!.message).not.toContain('behaviour model');
    });

    it('a named condition only they refer to is used', () => {
      const p = build((x) => (x.conditions = [{ id: 'young', label: 'Young', when: { fact: 'age', atMost: 24 } }]));
      expect(found(lintProgramme(p), 'lint.unused_condition')).toEqual([['info', 'conditions.0']]);
      expect(found(lintProgramme(p, readers({ not: { condition: 'young' } })), 'lint.unused_condition')).toEqual([]);
    });

    it('the facts reported unused are exactly those neither the programme nor any reader tests (property)', () => {
      const facts = ['fullTimeSickLeave', 'age', 'gender'] as const;
      const test = fc.constantFrom<Condition>(sick(true), { fact: 'age', atLeast: 30 }, { fact: 'gender', in: ['woman', 'man'] });
      const condition = fc.letrec<{ c: Condition }>((tie) => ({
        c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, test, fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })), fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })), tie('c').map((not) => ({ not }))),
      })).c;
      const p = build();
      fc.assert(
        fc.property(fc.array(fc.array(condition, { maxLength: 3 }), { maxLength: 3 }), (groups) => {
          const context = { readers: groups.map((conditions, i) => ({ name: `reader ${i}`, conditions })) };
          const read = new Set(['fullTimeSickLeave', ...groups.flat().flatMap((c) => JSON.stringify(c).match(/"fact":"\w+"/g) ?? []).map((m) => m.slice(8, -1))]);
          expect(unused(p, context).map((f) => facts[Number(f.path[1])])).toEqual(facts.filter((f) => !read.has(f)));
        }),
      );
    });
  });

  it('conditions in funding, capacity and referral on undeclared facts are rejected by validation, not left to lint', () => {
    const when = { fact: 'referrer', equals: 'x' };
    expect(invalid((p) => (p.funding = { perParticipantDay: [{ id: 'af', label: 'AF', amount: 150, when }] }))).toContain(
      'funding.perParticipantDay.0.when.fact: the condition tests fact "referrer"',
    );
    expect(invalid((p) => (p.capacity = { places: 5, reserved: [{ id: 'fk', label: 'FK', places: 1, for: when }] }))).toContain('capacity.reserved.0.for.fact');
    expect(invalid((p) => (p.capacity = { places: 5, priority: [{ id: 'fk', label: 'FK', when }] }))).toContain('capacity.priority.0.when.fact');
    expect(invalid(withReferral([{ id: 'r', when, decision: 'accept' }]))).toContain('referral.rules.0.when.fact');
    expect(invalid((p) => (p.steps[2].params.outcomes[0].when = when))).toContain('steps.2.params.outcomes.0.when.fact');
  });

  it('the decision procedure agrees with brute force over a dense grid of values (property)', () => {
    // Thresholds are whole numbers, so a grid of halves over the declared range 16–70 meets every region.
    const ages = [...Array.from({ length: 109 }, (_, i) => 16 + i / 2), undefined];
    const everyone: Record<string, boolean | number | string>[] = [true, false, undefined].flatMap((s) =>
      ['woman', 'man', 'nonBinary', undefined].flatMap((g) =>
        ages.map((a) => {
          const f: Record<string, boolean | number | string> = {};
          if (s !== undefined) f.fullTimeSickLeave = s;
          if (g !== undefined) f.gender = g;
          if (a !== undefined) f.age = a;
          return f;
        }),
      ),
    );
    const reference = (c: Condition, facts: Record<string, boolean | number | string>): boolean => referenceHolds(c, facts);
    const leaf: fc.Arbitrary<Condition> = fc.oneof(
      fc.boolean().map((b) => sick(b)),
      fc.boolean().map((b) => ({ fact: 'fullTimeSickLeave', notEquals: b })),
      fc.integer({ min: 10, max: 80 }).map((n) => ({ fact: 'age', atLeast: n })),
      fc.integer({ min: 10, max: 80 }).map((n) => ({ fact: 'age', atMost: n })),
      fc.integer({ min: 10, max: 80 }).map((n) => ({ fact: 'age', equals: n })),
      fc.integer({ min: 10, max: 80 }).map((n) => ({ fact: 'age', notEquals: n })),
      fc.subarray(['woman', 'man', 'nonBinary'], { minLength: 1 }).map((xs) => ({ fact: 'gender', in: xs })),
      fc.subarray(['woman', 'man', 'nonBinary'], { minLength: 1 }).map((xs) => ({ fact: 'gender', notIn: xs })),
      fc.boolean().map((k) => ({ fact: 'age', known: k })),
    );
    const condition = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
        fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
        tie('c').map((not) => ({ not })),
      ),
    })).c;
    const asksKnown = (c: Condition): boolean =>
      'fact' in c ? c.known !== undefined : 'all' in c ? c.all.some(asksKnown) : 'any' in c ? c.any.some(asksKnown) : 'not' in c ? asksKnown(c.not) : false;
    fc.assert(
      fc.property(condition, (c) => {
        const truths = everyone.map((f) => ({ recorded: Object.keys(f).length === 3, ok: reference(c, f) }));
        const expected = !truths.some((t) => t.ok)
          ? 'never'
          : asksKnown(c)
            ? 'neither'
            : !truths.some((t) => t.recorded && t.ok)
              ? 'onlyUnrecorded'
              : truths.every((t) => !t.recorded || t.ok)
                ? 'always'
                : 'neither';
        const top = lint(withWaiver(c)).filter((f) => f.path.join('.') === WAIVER);
        const actual = top.some((f) => f.code === 'lint.unsatisfiable_condition' && f.message.includes('can never hold'))
          ? 'never'
          : top.some((f) => f.code === 'lint.unsatisfiable_condition')
            ? 'onlyUnrecorded'
            : top.some((f) => f.code === 'lint.always_true_condition')
              ? 'always'
              : 'neither';
        expect(actual).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('referral rules', () => {
  it('a policy that declines everyone admits nobody, so no step can be reached (error)', () => {
    const findings = lint(withReferral([{ id: 'sick', when: sick(true), decision: 'decline', reason }]));
    expect(found(findings, 'lint.nobody_admitted')).toEqual([['error', 'referral']]);
    expect(findings[0]!.message).toContain('no step of the programme can be reached');
  });

  it('a policy whose only accepting rule can never hold admits nobody either', () => {
    const findings = lint(withReferral([{ id: 'old', when: { fact: 'age', atLeast: 99 }, decision: 'accept' }]));
    expect(found(findings, 'lint.nobody_admitted')).toEqual([['error', 'referral']]);
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', 'referral.rules.0.when']]);
  });

  it('a waitlisting rule admits (from the waiting list)', () => {
    expect(found(lint(withReferral([{ id: 'all', when: { fact: 'age', known: true }, decision: 'waitlist' }])), 'lint.nobody_admitted')).toEqual([]);
  });

  it('a rule whose every case an earlier rule decides never decides (warning naming the earlier rule)', () => {
    const findings = lint(
      withReferral([
        { id: 'adult', when: { fact: 'age', atLeast: 18 }, decision: 'accept' },
        { id: 'over30', when: { fact: 'age', atLeast: 30 }, decision: 'decline', reason },
      ]),
    );
    expect(found(findings, 'lint.referral_rule_shadowed')).toEqual([['warning', 'referral.rules.1']]);
    expect(findings.find((f) => f.code === 'lint.referral_rule_shadowed')!.message).toContain('"adult" (referral.rules.0)');
    expect(found(findings, 'lint.referral_rules_overlap')).toEqual([]);
  });

  it('two rules that overlap and decide differently: the later is partly shadowed (warning naming both paths)', () => {
    const findings = lint(
      withReferral([
        { id: 'sick', when: sick(true), decision: 'decline', reason },
        { id: 'over25', when: { fact: 'age', atLeast: 25 }, decision: 'accept' },
      ]),
    );
    expect(found(findings, 'lint.referral_rules_overlap')).toEqual([['warning', 'referral.rules.1.when']]);
    const message = findings.find((f) => f.code === 'lint.referral_rules_overlap')!.message;
    expect(message).toContain('referral.rules.0');
    expect(message).toContain('referral.rules.1');
    expect(message).toMatch(/for example fullTimeSickLeave = true, age = \d+/);
  });

  it('an exception carved out of a later, wider rule is only information', () => {
    const findings = lint(
      withReferral([
        { id: 'sickOver25', when: { all: [sick(true), { fact: 'age', atLeast: 25 }] }, decision: 'decline', reason },
        { id: 'over25', when: { fact: 'age', atLeast: 25 }, decision: 'accept' },
      ]),
    );
    expect(found(findings, 'lint.referral_rules_overlap')).toEqual([['info', 'referral.rules.1.when']]);
  });

  it('rules that overlap but decide the same say nothing', () => {
    const findings = lint(
      withReferral([
        { id: 'sick', when: sick(true), decision: 'accept' },
        { id: 'over25', when: { fact: 'age', atLeast: 25 }, decision: 'accept' },
      ]),
    );
    expect(serious(findings)).toEqual([]);
  });

  it('"otherwise" that no referral reaches, counting unrecorded facts, is information', () => {
    const findings = lint(withReferral([{ id: 'sick', when: sick(true), decision: 'accept' }, { id: 'rest', when: { not: sick(true) }, decision: 'waitlist' }]));
    expect(found(findings, 'lint.referral_otherwise_unused')).toEqual([['info', 'referral.otherwise']]);
    // Without the second rule, a referral with the fact unrecorded reaches "otherwise".
    expect(found(lint(withReferral([{ id: 'sick', when: sick(true), decision: 'accept' }, { id: 'well', when: sick(false), decision: 'waitlist' }])), 'lint.referral_otherwise_unused')).toEqual([]);
  });
});

describe('places, priorities, areas and payments', () => {
  const declineSick = withReferral([{ id: 'sick', when: sick(true), decision: 'decline', reason }], { decision: 'accept' });

  it('places reserved for a group the referral rules always decline (warning)', () => {
    const findings = lint((p) => {
      declineSick(p);
      p.capacity = { places: 10, reserved: [{ id: 'sickPlaces', label: 'Sick', places: 2, for: sick(true) }] };
    });
    expect(found(findings, 'lint.group_never_admitted')).toEqual([['warning', 'capacity.reserved.0.for']]);
  });

  it('a priority and a payment for a declined group are reported too; an admitted group is not', () => {
    const findings = lint((p) => {
      declineSick(p);
      p.capacity = { places: 10, priority: [{ id: 'sickFirst', label: 'Sick first', when: sick(true) }, { id: 'wellFirst', label: 'Well', when: sick(false) }] };
      p.funding = { perParticipantDay: [{ id: 'sickPay', label: 'Pay', amount: 100, when: sick(true) }] };
    });
    expect(found(findings, 'lint.group_never_admitted')).toEqual([
      ['warning', 'capacity.priority.0.when'],
      ['warning', 'funding.perParticipantDay.0.when'],
    ]);
  });

  it('reservations and payments whose condition never holds are reported where the condition is written', () => {
    const findings = lint((p) => {
      p.capacity = { places: 10, reserved: [{ id: 'old', label: 'Old', places: 2, for: { fact: 'age', atLeast: 75 } }] };
      p.funding = { perParticipantDay: [{ id: 'young', label: 'Young', amount: 100, when: { fact: 'age', atMost: 15 } }] };
    });
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([
      ['warning', 'capacity.reserved.0.for'],
      ['warning', 'funding.perParticipantDay.0.when'],
    ]);
    expect(findings.find((f) => f.path[0] === 'capacity')!.message).toContain('2 place(s) are kept for nobody');
  });

  it('a priority everyone it matches already matched earlier never ranks anyone (warning)', () => {
    const findings = lint((p) => {
      p.capacity = {
        places: 10,
        priority: [
          { id: 'adult', label: 'Adult', when: { fact: 'age', atLeast: 18 } },
          { id: 'over30', label: 'Over 30', when: { fact: 'age', atLeast: 30 } },
        ],
      };
    });
    expect(found(findings, 'lint.priority_shadowed')).toEqual([['warning', 'capacity.priority.1']]);
  });

  it('area limits with no capacity are never applied; limits above the capacity never bind', () => {
    const area = (id: string, places?: number, supervisor = `boss${id}`) => ({ id, label: id, supervisor, ...(places ? { places } : {}) });
    expect(found(lint((p) => (p.areas = [area('a', 5), area('b')])), 'lint.area_places_without_capacity')).toEqual([['warning', 'areas.0.places']]);
    const findings = lint((p) => {
      p.capacity = { places: 10 };
      p.areas = [area('a', 12), area('b', 4)];
    });
    expect(found(findings, 'lint.area_exceeds_capacity')).toEqual([['warning', 'areas.0.places']]);
    expect(found(findings, 'lint.areas_exceed_capacity')).toEqual([['warning', 'areas']]);
  });

  it('two areas with the same supervisor, within the capacity, are fine', () => {
    const findings = lint((p) => {
      p.capacity = { places: 10 };
      p.areas = [
        { id: 'a', label: 'A', supervisor: 'same', places: 4 },
        { id: 'b', label: 'B', supervisor: 'same', places: 6 },
      ];
    });
    expect(serious(findings)).toEqual([]);
  });
});

describe('the path: steps nobody can reach, and the exit', () => {
  it('a completion rule asking for more requirements than the step has blocks every step after it (error)', () => {
    // Built-in kinds reject this in validation; a plugin kind without such a check is lint's to catch.
    const loose = defineStepKind({
      kind: 'loose',
      label: { sv: 'Lös', en: 'Loose' },
      params: z.strictObject({ needs: z.number().int() }),
      build: (params, step) => ({
        requirements: [{ id: 'a', label: { sv: 'A', en: 'A' } }, { id: 'b', label: { sv: 'B', en: 'B' } }],
        completion: { type: 'atLeast', n: params.needs, of: ['a', 'b'].map((id) => ({ type: 'requirementMet' as const, stepId: step.id, requirementId: id })) },
        autoAdvance: false,
        deadlines: [],
      }),
    });
    const p = structuredClone(minimal()) as any;
    p.steps.splice(1, 0, { id: 'job', kind: 'loose', label: 'Job', params: { needs: 3 } });
    const r = validateProgramme(p, { registry: defaultRegistry.with(loose) });
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const findings = lintProgramme(r.value);
    expect(found(findings, 'lint.step_cannot_complete')).toEqual([['error', 'steps.1.params.completion']]);
    expect(found(findings, 'lint.unreachable_step')).toEqual([['error', 'steps.2']]);
  });

  it('for subsidisedEmployment the same mistake is validation\'s to reject', () => {
    expect(
      invalid((p) =>
        p.steps.splice(1, 0, { id: 'job', kind: 'subsidisedEmployment', label: 'Job', params: { months: 6, requirements: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], completion: { atLeast: 3 } } }),
      ),
    ).toContain('steps.1.params.completion.atLeast: asks for 3 requirements but the step has 2');
  });

  it('for a ladderStep the same mistake is validation\'s to reject', () => {
    expect(invalid((p) => (p.steps[1].params.completion = { atLeast: 3 }))).toContain('steps.1.params.completion.atLeast: asks for 3 requirements but the step has 2');
  });

  it('waivers that can never hold do not block a step: a caseworker can mark every requirement', () => {
    const findings = lint(withWaiver({ fact: 'age', atLeast: 80 }));
    expect(found(findings, 'lint.unreachable_step')).toEqual([]);
    expect(found(findings, 'lint.step_cannot_complete')).toEqual([]);
  });

  it('a requirement met by taking part in the plan, with no action plan before it (warning)', () => {
    const findings = lint((p) => (p.steps[1].params.requirements[0].satisfiedBy = 'participantTookPartInPlan'));
    expect(found(findings, 'lint.requirement_never_recorded')).toEqual([['warning', 'steps.1.params.requirements.0.satisfiedBy']]);
    expect(
      found(
        lint((p) => {
          p.steps.splice(1, 0, planStep(undefined));
          p.steps[2].params.requirements[0].satisfiedBy = 'participantTookPartInPlan';
        }),
        'lint.requirement_never_recorded',
      ),
    ).toEqual([]);
  });

  it('when no outcome can ever apply, nobody can exit (error)', () => {
    const findings = lint((p) => (p.steps[2].params.outcomes[0].when = { fact: 'age', atMost: 10 }));
    expect(found(findings, 'lint.no_exit')).toEqual([['error', 'steps.2.params.outcomes']]);
    expect(found(findings, 'lint.unsatisfiable_condition')).toEqual([['warning', 'steps.2.params.outcomes.0.when']]);
  });

  it('outcomes that all have conditions and leave some participants out (warning with an example)', () => {
    const findings = lint((p) => {
      p.steps[2].params.outcomes = [
        { id: 'job', label: 'Job', income: 'full', when: sick(false) },
        { id: 'sickness', label: 'Sickness', income: 'none', when: { all: [sick(true), { fact: 'age', atLeast: 30 }] } },
      ];
    });
    expect(found(findings, 'lint.exit_not_for_everyone')).toEqual([['warning', 'steps.2.params.outcomes']]);
    expect(findings.find((f) => f.code === 'lint.exit_not_for_everyone')!.message).toMatch(/for example fullTimeSickLeave = true, age = (1[6-9]|2\d)\b/);
    expect(found(lint((p) => (p.steps[2].params.outcomes[0].when = sick(false))), 'lint.exit_not_for_everyone')).toEqual([['warning', 'steps.2.params.outcomes']]);
  });
});

describe('targets along the ladder', () => {
  const ladderWith = (...targets: { share: number; byMonth: number }[]) => (p: any) => {
    p.steps.splice(1, 1, ...targets.map((t, i) => ladder(`step${i + 1}`, t)));
    p.steps[p.steps.length - 1].params.outcomes[0].completesStep = 'step1';
  };

  it('Ljusnarsberg\'s 75% by 3, 60% by 6, 35% by 9, 10% by 12 and 10% by 12 is monotone', () => {
    const targets = [
      { share: 0.75, byMonth: 3 },
      { share: 0.6, byMonth: 6 },
      { share: 0.35, byMonth: 9 },
      { share: 0.1, byMonth: 12 },
      { share: 0.1, byMonth: 12 },
    ];
    expect(found(lint(ladderWith(...targets)), 'lint.target_not_monotone')).toEqual([]);
  });

  it('a later step due at an earlier month (warning at its byMonth)', () => {
    const findings = lint(ladderWith({ share: 0.5, byMonth: 6 }, { share: 0.3, byMonth: 4 }));
    expect(found(findings, 'lint.target_not_monotone')).toEqual([['warning', 'steps.2.params.target.byMonth']]);
  });

  it('a later step promising a larger share at an equal or earlier month (warning at its share)', () => {
    const findings = lint(ladderWith({ share: 0.5, byMonth: 6 }, { share: 0.6, byMonth: 6 }));
    expect(found(findings, 'lint.target_not_monotone')).toEqual([['warning', 'steps.2.params.target.share']]);
    // A larger share later on is not a contradiction with an earlier, smaller promise.
    expect(found(lint(ladderWith({ share: 0.5, byMonth: 6 }, { share: 0.6, byMonth: 9 })), 'lint.target_not_monotone')).toEqual([]);
  });
});

describe('deadlines that cannot be met as configured', () => {
  it('the plan due before the assessment it builds on (warning); both due on the same day is fine', () => {
    const findings = lint((p) => p.steps.splice(1, 0, planStep({ weeks: 1 })));
    expect(found(findings, 'lint.deadline_before_dependency')).toEqual([['warning', 'steps.1.params.within']]);
    expect(found(lint((p) => p.steps.splice(1, 0, planStep({ weeks: 2 }))), 'lint.deadline_before_dependency')).toEqual([]);
    // 14 days and 2 weeks are the same length; 1 month is never shorter than 4 weeks.
    expect(found(lint((p) => p.steps.splice(1, 0, planStep({ months: 1 }))), 'lint.deadline_before_dependency')).toEqual([]);
  });

  it('a step target that falls before the plan is due (warning at the target)', () => {
    const findings = lint((p) => {
      p.steps.splice(1, 0, planStep({ months: 2 }));
      p.steps[2].params.target = { share: 0.5, byMonth: 1 };
    });
    expect(found(findings, 'lint.deadline_before_dependency')).toEqual([['warning', 'steps.2.params.target.byMonth']]);
  });

  it('follow-ups configured without an action plan never start (warning)', () => {
    const findings = lint((p) => (p.followUps = { firstAfterWeeks: 2, everyWeeks: { min: 4, max: 6 } }));
    expect(found(findings, 'lint.follow_ups_without_plan')).toEqual([['warning', 'followUps']]);
  });

  it('a first follow-up after the first step target (warning)', () => {
    const withFollowUps = (first: number) => (p: any) => {
      p.steps.splice(1, 0, planStep({ weeks: 2 }));
      p.followUps = { firstAfterWeeks: first, everyWeeks: { min: 4, max: 6 } };
    };
    expect(found(lint(withFollowUps(12)), 'lint.follow_up_after_target')).toEqual([['warning', 'followUps.firstAfterWeeks']]);
    expect(found(lint(withFollowUps(2)), 'lint.follow_up_after_target')).toEqual([]);
  });

  it('an evaluation duty due after the next target (warning)', () => {
    const evaluationOf = (within: unknown) => (p: any) => {
      p.steps[1].params.evaluation = { within };
      p.steps.splice(2, 0, ladder('step2', { share: 0.5, byMonth: 6 }));
    };
    expect(found(lint(evaluationOf({ months: 4 })), 'lint.evaluation_after_next_target')).toEqual([['warning', 'steps.1.params.evaluation.within']]);
    expect(found(lint(evaluationOf({ weeks: 2 })), 'lint.evaluation_after_next_target')).toEqual([]);
  });

  it('an evaluation is not compared with a target in the same month (Ljusnarsberg\'s steps 4 and 5)', () => {
    const findings = lint((p) => {
      p.steps[1].params.target = { share: 0.1, byMonth: 12 };
      p.steps[1].params.evaluation = { within: { weeks: 2 } };
      p.steps.splice(2, 0, ladder('step2', { share: 0.1, byMonth: 12 }));
    });
    expect(serious(findings)).toEqual([]);
  });

  it('a requirement due after its step\'s target (warning)', () => {
    const findings = lint((p) => (p.steps[1].params.requirements[0].dueWithin = { months: 4 }));
    expect(found(findings, 'lint.requirement_due_too_late')).toEqual([['warning', 'steps.1.params.requirements.0.dueWithin']]);
    expect(found(lint((p) => (p.steps[1].params.requirements[0].dueWithin = { weeks: 2 })), 'lint.requirement_due_too_late')).toEqual([]);
  });

  const employment = (params: Record<string, unknown>) => (p: any) => {
    p.steps.splice(2, 0, { id: 'job', kind: 'subsidisedEmployment', label: 'Job', params: { months: 12, ...params } });
    p.funding = { period: { from: '2026-01-01', to: '2026-12-31' } };
  };

  it('a requirement due after a time-limited employment ends (warning)', () => {
    const findings = lint(employment({ requirements: [{ id: 'done', label: 'Done', dueWithin: { months: 13 } }] }));
    expect(found(findings, 'lint.requirement_due_too_late')).toEqual([['warning', 'steps.2.params.requirements.0.dueWithin']]);
  });

  it('an employment that, with its extensions, outlasts the funding period', () => {
    expect(found(lint(employment({})), 'lint.employment_exceeds_funding')).toEqual([]);
    expect(found(lint(employment({ months: 14 })), 'lint.employment_exceeds_funding')).toEqual([['warning', 'steps.2.params.months']]);
    expect(found(lint(employment({ extension: { maxMonths: 6 } })), 'lint.employment_exceeds_funding')).toEqual([['warning', 'steps.2.params.extension.maxMonths']]);
    expect(found(lint(employment({ extension: {} })), 'lint.employment_exceeds_funding')).toEqual([['info', 'steps.2.params.extension']]);
  });
});
