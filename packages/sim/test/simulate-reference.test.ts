import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Programme, exitStatuses } from '@stegvis/core';
import { loadProgramme, programmeArbitrary } from '@stegvis/testing';
import { checkIn } from './support/check-in.js';
import { type BehaviourInput, type SimulateOptions, type Trajectories, simulateSync, validateBehaviourYaml } from '../src/index.js';
import { simulateWithEngine } from './support/engine.js';

/**
 * End to end: the simulator (compiled kernel, fast roster, typed arrays) and the same simulation run on
 * core's engine (one XState snapshot per participant, every command through `engine.execute`, places
 * through core's `admit`/`leave`/`fill`) give identical trajectories, array by array, for every example
 * programme — with its own behaviour model in scenarios where places run out, the year's employment ends
 * and evaluations fall due, and with random behaviour models and options.
 */

const EXAMPLES = ['ljusnarsberg', 'timra', 'nacka', 'enkoping', 'kungsbacka'] as const;
const load = (name: string) => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  const b = validateBehaviourYaml(programme, readFileSync(new URL(`../../../examples/${name}/behaviour.yaml`, import.meta.url), 'utf8'));
  if (!b.ok) throw new Error(`${name}/behaviour.yaml: ${JSON.stringify(b.issues)}`);
  return { programme, behaviour: b.value };
};

/** The first difference between two trajectories, or null. */
export function firstDifference(a: Trajectories, b: Trajectories): string | null {
  const walk = (path: string, x: unknown, y: unknown): string | null => {
    if (ArrayBuffer.isView(x)) {
      const xa = x as unknown as ArrayLike<number>;
      const ya = y as unknown as ArrayLike<number>;
      if (!ArrayBuffer.isView(y) || xa.length !== ya.length || x.constructor !== y.constructor) return `${path}: different arrays`;
      for (let i = 0; i < xa.length; i++) if (xa[i] !== ya[i]) return `${path}[${i}]: ${xa[i]} vs ${ya[i]}`;
      return null;
    }
    if (x && typeof x === 'object') {
      const keys = new Set([...Object.keys(x), ...Object.keys(y as object)]);
      for (const k of keys) {
        const d = walk(`${path}.${k}`, (x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
        if (d) return d;
      }
      return null;
    }
    return x === y ? null : `${path}: ${String(x)} vs ${String(y)}`;
  };
  return walk('t', a, b);
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((n, x) => n + x, 0);

describe('the simulator gives the same trajectories as core’s engine', () => {
  const scenarios: [string, string, SimulateOptions, (t: Trajectories, p: Programme) => void][] = [
    ['ljusnarsberg', 'spread intake over 18 months: targets, evaluations, follow-ups', { cohort: 36, months: 18, seed: 11, intake: { type: 'spread', perWeek: 2 } }, (t) => {
      expect(sum(t.deadlines.evaluation!.metOnTime) + sum(t.deadlines.evaluation!.metLate)).toBeGreaterThan(0);
      expect(sum(t.deadlines.stepTarget!.missed)).toBeGreaterThan(0);
      expect(sum(t.deadlines.followUp!.metLate)).toBeGreaterThan(0);
    }],
    ['timra', 'two years: the development year ends, some stay on (lock-in)', { cohort: 60, months: 24, seed: 5, intake: { type: 'spread', perWeek: 3 } }, (t) => {
      expect(t.flagDays.lockIn!.some((d) => d > 0)).toBe(true);
      expect(t.declined.some((d) => d === 1)).toBe(true);
    }],
    ['nacka', 'everyone referred at once: 80 places, Försäkringskassan’s five, steered groups first', { cohort: 130, months: 5, seed: 3 }, (t) => {
      expect(Array.from(t.admittedDay).filter((d, i) => d > t.referredDay[i]!).length).toBeGreaterThan(0);
    }],
    ['nacka', 'two replications, steady intake; the follow-ups after exit its behaviour model holds', { cohort: 150, months: 12, seed: 8, replications: 2, intake: { type: 'spread', perWeek: 12 } }, (t) => {
      expect(Array.from(t.admittedDay).filter((d, i) => d > t.referredDay[i]!).length).toBeGreaterThan(0);
      // oneMonth and sixMonths, each held (a status ≥ 0) for some exits, never for a row that did not exit.
      for (const f of [0, 1]) expect(Array.from({ length: t.n }, (_, i) => t.afterExitStatus[2 * i + f]!).filter((s) => s >= 0).length, `follow-up ${f}`).toBeGreaterThan(0);
      for (let i = 0; i < t.n; i++) if (t.exitDay[i]! < 0) expect([t.afterExitStatus[2 * i], t.afterExitStatus[2 * i + 1]]).toEqual([-1, -1]);
      expect(sum(t.deadlines.exitFollowUp!.metOnTime)).toBeGreaterThan(0);
    }],
    ['enkoping', '40 places, joint follow-ups, Jobbcentrum contact; some still waiting at the horizon', { cohort: 80, months: 4, seed: 21 }, (t) => {
      expect(sum(t.deadlines.requirement!.metLate) + sum(t.deadlines.requirement!.missed)).toBeGreaterThan(0);
      expect(Array.from(t.admittedDay).filter((d, i) => d > t.referredDay[i]!).length).toBeGreaterThan(0);
      expect(Array.from(t.admittedDay).filter((d, i) => d < 0 && t.referredDay[i]! >= 0 && !t.declined[i]).length).toBeGreaterThan(0);
    }],
    ['kungsbacka', 'no deadlines, three steps', { cohort: 30, months: 12, seed: 2, intake: { type: 'spread', perWeek: 3 } }, (t) => {
      expect(t.outcome.some((o) => o >= 0)).toBe(true);
    }],
  ];

  it.each(scenarios)('%s: %s', (name, _, options, check) => {
    const { programme, behaviour } = load(name);
    const kernel = simulateSync(programme, behaviour, options);
    const engine = simulateWithEngine(programme, behaviour, options);
    expect(firstDifference(kernel, engine.trajectories)).toBeNull();
    check(kernel, programme);
  }, 120_000);
});

/** A random behaviour model for a programme: any probabilities, pauses, regressions, exits, modifiers. */
function behaviourArb(p: Programme): fc.Arbitrary<BehaviourInput> {
  const outcomes = p.outcomes.map((o) => o.id);
  const prob = (max: number) => fc.double({ min: 0, max, noNaN: true });
  const exits = fc.dictionary(fc.constantFrom(...outcomes), prob(0.06), { maxKeys: 4 });
  const weekly = fc.record({ advance: prob(0.7), pause: prob(0.12), regress: prob(0.15), exit: exits }).map((w) => {
    const total = w.advance + w.pause + w.regress + Object.values(w.exit).reduce((a, b) => a + b, 0);
    if (total <= 1) return w;
    const k = 0.999 / total;
    return { advance: w.advance * k, pause: w.pause * k, regress: w.regress * k, exit: Object.fromEntries(Object.entries(w.exit).map(([id, x]) => [id, x * k])) };
  });
  const enumOrBool = p.config.facts.filter((f) => f.type !== 'number');
  const factDist = Object.fromEntries(
    p.config.facts.map((f) => [
      f.id,
      f.type === 'number'
        ? fc.constant({ uniform: [18, 64] as [number, number] })
        : fc.tuple(...(f.type === 'boolean' ? ['true', 'false'] : f.values.map((v) => v.id)).map((k) => fc.tuple(fc.constant(k), fc.double({ min: 0, max: 1, noNaN: true })))).map((pairs) => Object.fromEntries(pairs)),
    ]),
  );
  const lockInSteps = p.steps.filter((s) => s.blueprint.deadlines.some((d) => d.flag)).map((s) => s.id);
  // What each follow-up after exit finds: any weights over any statuses, some outcomes with their own.
  const found = fc.dictionary(fc.constantFrom(...exitStatuses), fc.double({ min: 0.01, max: 1, noNaN: true }), { minKeys: 1, maxKeys: 4 });
  const afterExit = fc.tuple(...p.config.followUpAfterExit.map(() => fc.option(fc.record({ found, byOutcome: fc.dictionary(fc.constantFrom(...outcomes), found, { maxKeys: 3 }) }), { nil: undefined })));
  const modifier =
    enumOrBool.length === 0
      ? fc.constant([])
      : fc.array(
          fc.record({
            fact: fc.constantFrom(...enumOrBool),
            pick: fc.nat(),
            multiply: fc.record({ advance: fc.double({ min: 0, max: 3, noNaN: true }), exit: fc.double({ min: 0, max: 3, noNaN: true }) }),
          }).map(({ fact, pick, multiply }) => {
            const values = fact.type === 'boolean' ? [true, false] : fact.type === 'enum' ? fact.values.map((v) => v.id) : [0];
            return { when: { fact: fact.id, equals: values[pick % values.length]! }, multiply };
          }),
          { maxLength: 2 },
        );
  return fc.record({
    steps: fc.tuple(...p.steps.map(() => weekly)),
    afterEnd: fc.tuple(...lockInSteps.map(() => weekly)),
    paused: fc.record({ resume: prob(0.6), exit: exits }),
    modifiers: modifier,
    facts: fc.record(factDist),
    followUpsOnTime: prob(1),
    requirementsOnTime: prob(1),
    areas: fc.tuple(...p.config.areas.map(() => fc.double({ min: 0, max: 1, noNaN: true }))),
    afterExit,
  }).map((r) => ({
    programme: p.id,
    steps: Object.fromEntries(p.steps.map((s, i) => [s.id, i === p.steps.length - 1 ? { ...r.steps[i]!, advance: 0 } : r.steps[i]!])),
    afterEnd: Object.fromEntries(lockInSteps.map((id, i) => [id, r.afterEnd[i]!])),
    paused: { resume: r.paused.resume, exit: Object.fromEntries(Object.entries(r.paused.exit).map(([k, v]) => [k, Math.min(v, (1 - r.paused.resume) / 4)])) },
    modifiers: r.modifiers,
    facts: r.facts,
    followUpsOnTime: r.followUpsOnTime,
    requirementsOnTime: r.requirementsOnTime,
    areas: Object.fromEntries(p.config.areas.map((a, i) => [a.id, r.areas[i]!])),
    followUpAfterExit: Object.fromEntries(p.config.followUpAfterExit.flatMap((f, i) => (r.afterExit[i] ? [[f.id, r.afterExit[i]]] : []))),
  })) as fc.Arbitrary<BehaviourInput>;
}

const optionsArb: fc.Arbitrary<SimulateOptions> = fc.record({
  cohort: fc.integer({ min: 1, max: 12 }),
  months: fc.integer({ min: 4, max: 20 }),
  seed: fc.integer(),
  replications: fc.integer({ min: 1, max: 2 }),
  intake: fc.oneof(fc.constant({ type: 'all' as const }), fc.integer({ min: 1, max: 3 }).map((perWeek) => ({ type: 'spread' as const, perWeek }))),
  // Any weekday; some at a month's end or just before a daylight-saving change.
  startDate: fc.oneof(fc.constantFrom('2026-01-31', '2026-10-22', '2026-03-26', '2025-12-29'), fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10))),
});

describe.each(EXAMPLES)('random behaviour models and options give the same trajectories on both: %s', (name) => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  // Few places, so that the waiting list matters even in small cohorts.
  it('kernel = engine', () => {
    const runs = Number(process.env.FC_RUNS ?? 15);
    let weeks = 0;
    fc.assert(
      fc.property(behaviourArb(programme), optionsArb, (behaviour, options) => {
        const kernel = simulateSync(programme, behaviour, options);
        const engine = simulateWithEngine(programme, behaviour, options);
        weeks += engine.participantWeeks;
        const d = firstDifference(kernel, engine.trajectories);
        if (d) throw new Error(`${d}\nbehaviour ${JSON.stringify(behaviour)}\noptions ${JSON.stringify(options)}`);
      }),
      { numRuns: runs },
    );
    // Not a string of empty runs: participants spend weeks in the programme.
    expect(weeks).toBeGreaterThan(30 * runs);
  }, 60_000 + 2_000 * Number(process.env.FC_RUNS ?? 15));
});

describe('generated programmes (every built-in kind, and a plugin kind) give the same trajectories on both', () => {
  it('kernel = engine', () => {
    const runs = Number(process.env.FC_RUNS ?? 40);
    let weeks = 0;
    fc.assert(
      fc.property(
        programmeArbitrary({ plugins: [checkIn] }).chain((generated) => behaviourArb(generated.programme).map((behaviour) => ({ generated, behaviour }))),
        optionsArb,
        ({ generated: { programme }, behaviour }, options) => {
          const kernel = simulateSync(programme, behaviour, options);
          const engine = simulateWithEngine(programme, behaviour, options);
          weeks += engine.participantWeeks;
          const d = firstDifference(kernel, engine.trajectories);
          if (d) throw new Error(`${d}\nbehaviour ${JSON.stringify(behaviour)}\noptions ${JSON.stringify(options)}`);
        },
      ),
      { numRuns: runs },
    );
    expect(weeks).toBeGreaterThan(10 * runs);
  }, 120_000 + 2_000 * Number(process.env.FC_RUNS ?? 40));
});
