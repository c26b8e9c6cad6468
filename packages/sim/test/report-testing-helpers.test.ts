import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Programme, createEngine } from '@stegvis/core';
import {
  type StegvisMatchers,
  cohort,
  commandSequence,
  facts,
  loadProgramme,
  meetsTargets,
  missesTarget,
  occupancyWithinCapacity,
  participant,
  setupMatchers,
} from '@stegvis/testing';
import { buildReport } from '../src/report/build.js';
import { trajectoriesFromRows } from '../src/report/from-rows.js';
import type { TrajectoryRow } from '../src/report/from-rows.js';

declare module 'vitest' {
  interface Matchers<T = any> extends StegvisMatchers<T> {}
}
setupMatchers();

const example = (name: string) => new URL(`../../../examples/${name}/programme.yaml`, import.meta.url);
const names = ['ljusnarsberg', 'nacka', 'timra', 'enkoping', 'kungsbacka'] as const;
const programmes = Object.fromEntries(names.map((n) => [n, loadProgramme(example(n))])) as Record<(typeof names)[number], Programme>;

describe('report matchers', () => {
  const ljusnarsberg = programmes.ljusnarsberg;
  // Ten participants from day 0: eight through step 1 by day 60, nobody further.
  const rows: TrajectoryRow[] = Array.from({ length: 10 }, (_, k) => ({
    referredDay: 0,
    admittedDay: 0,
    completed: (k < 8 ? { assessment: 3, actionPlan: 7, step1: 60 } : { assessment: 3 }) as Record<string, number>,
  }));
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, { startDate: '2026-01-01', horizonDays: 400 }, rows));

  it('toMeetTargets passes only when every target is met, and lists each missed one', () => {
    const r = meetsTargets(report);
    expect(r.pass).toBe(false);
    const message = r.message();
    expect(message).toMatch(/4 of 5 missed/);
    expect(message).toContain('✗ Step 2 [step:step2] by month 6: 0.0 % (95 % CI 0.0 %–27.8 %, n = 10), target 60.0 %');
    expect(message).not.toContain('[step:step1]');
    expect(meetsTargets(report, { only: ['step1'] }).pass).toBe(true);
    expect(meetsTargets(report, { only: ['step1'], strict: true }).message()).toMatch(/the interval does not/);
    expect(meetsTargets(report, { only: ['nope'] }).message()).toMatch(/no target "nope"/);
  });

  it('registers with vitest', () => {
    expect(report).toMeetTargets({ only: ['step:step1'] });
    expect(report).not.toMeetTargets();
    expect(report).toMissTarget('step:step3');
    expect(report).toMissTarget('step2');
    expect(() => expect(report).toMissTarget('step1')).toThrow(/it is met/);
    expect(() => expect(report).toMeetTargets()).toThrow(/Step 3 \[step:step3\] by month 9: 0\.0 %/);
  });

  it('toHaveOccupancyWithinCapacity compares every week with the places', () => {
    expect(occupancyWithinCapacity(report).message()).toMatch(/states no places/);
    expect(report).toHaveOccupancyWithinCapacity({ places: 10 });
    const over = occupancyWithinCapacity(report, { places: 8 });
    expect(over.pass).toBe(false);
    expect(over.message()).toMatch(/week 0 \(from day 0\): up to 10 participants/);
    const nacka = programmes.nacka;
    const r = buildReport(nacka, trajectoriesFromRows(nacka, { startDate: '2026-01-01', horizonDays: 60 }, [{ referredDay: 0, admittedDay: 0 }]));
    expect(r).toHaveOccupancyWithinCapacity();
  });

  it('toMissTarget says when there is no such target', () => {
    expect(missesTarget(report, 'step:step9').message()).toMatch(/no such target/);
  });
});

describe('arbitraries for any programme', () => {
  for (const name of names) {
    const programme = programmes[name];

    it(`${name}: facts are drawn from the declarations, and a referral never refuses them`, () => {
      const engine = createEngine(programme);
      fc.assert(
        fc.property(participant(programme), (p) => {
          expect(Object.keys(p.facts).sort()).toEqual([...programme.factsById.keys()].sort());
          const r = engine.execute(engine.initial(p.id), {
            type: 'refer',
            participantId: p.id,
            facts: p.facts,
            at: '2026-01-05T09:00:00+01:00',
            actor: { id: 'c-1', role: programme.config.roles[0]?.id ?? 'caseworker' },
            ...(programme.config.capacity ? { place: 'granted' as const } : {}),
          });
          if (!r.ok) expect(r.refusal.code).not.toBe('command.invalid_fact_value');
        }),
        { numRuns: 30 },
      );
    });

    it(`${name}: command sequences run through the engine, at non-decreasing times`, () => {
      const engine = createEngine(programme);
      let acceptedAfterReferral = 0;
      fc.assert(
        fc.property(commandSequence(programme, 'P-1', { maxLength: 15 }), (commands) => {
          let snapshot = engine.initial('P-1');
          let accepted = 0;
          const times = commands.map((c) => Date.parse(c.at));
          for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
          for (const c of commands) {
            const r = engine.execute(snapshot, c);
            if (r.ok) {
              snapshot = r.snapshot;
              accepted++;
            }
          }
          acceptedAfterReferral += Math.max(0, accepted - 1);
        }),
        { numRuns: 20 },
      );
      // Plausible, not random noise: many commands after the referral are accepted.
      expect(acceptedAfterReferral).toBeGreaterThan(5);
    });
  }

  it('cohorts have distinct ids; partial facts may leave some out', () => {
    fc.assert(
      fc.property(cohort(programmes.nacka, { minLength: 2, maxLength: 10 }), (c) => {
        expect(new Set(c.map((p) => p.id)).size).toBe(c.length);
      }),
      { numRuns: 20 },
    );
    const sample = fc.sample(facts(programmes.nacka, { complete: false }), 50);
    expect(sample.some((f) => Object.keys(f).length < programmes.nacka.factsById.size)).toBe(true);
  });
});
