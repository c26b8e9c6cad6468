import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import type { Programme } from '@stegvis/core';
import { calibrateFromOutcomeCounts, parseObservedOutcomesYaml } from '../src/calibrate/aggregate.js';
import { asObservedSimulation, compareAsObserved } from '../src/calibrate/as-observed.js';
import type { ObservedComparison } from '../src/report/schema.js';
import { calibrateFromLog } from '../src/calibrate/from-log.js';
import type { ObservedRecordInput } from '../src/calibrate/log.js';
import type { Trajectories } from '../src/trajectories.js';

/**
 * Calibration against the simulator. (1) Does simulating the model calibrated from Nacka's 2001 figures
 * give back those figures — observed the way the 2001 table was? The table counts those who took part in
 * 2001 (181: enrolled on any day of it), the outcomes recorded in 2001 (21 employment, 10 internship, 22
 * another measure, 19 pension or sickness) and puts everyone else, those still enrolled on 31 December
 * included, under "no recorded outcome" (109). So the unit is simulated running — a steady inflow from
 * 1999 — and 2001 is read off the simulation the same way, in 20 runs; each simulated share must lie
 * within the observed share's uncertainty (Wilson, n = 181), and the chi-square of the observed counts
 * against the simulated shares must not reject the model.
 */

type Simulate = (programme: unknown, behaviour: unknown, options: Record<string, unknown>) => Promise<Trajectories>;
const sim = (await import('../src/index.js').catch((e: unknown) => ({ loadError: String(e) }))) as { simulate?: Simulate; loadError?: string };
const simulate = sim.simulate;
if (!simulate) console.warn(`calibrate-nacka: the simulator is not available yet (${sim.loadError ?? '`simulate` is not exported'}); the reproduction test is skipped`);

const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const parsed = parseObservedOutcomesYaml(readFileSync(new URL('../../../examples/nacka/observed-2001.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const observed = parsed.value;

// Who is referred decides who is admitted: steered groups, referred by the municipality or AF, not
// occupied full-time elsewhere (the seed's groups; the mix of referrers is this test's assumption).
const facts = {
  referrer: { mottagningOchUtredning: 4, flyktingmottagningen: 2, psykiatriteamet: 1, arbetsformedlingen: 2, forsakringskassan: 1 },
  targetGroup: { waitingOrJobSeeking: 3, partTimeSfi: 2, partTimeMeasure: 1, sickLeaveWithoutFk: 1 },
  occupiedFullTimeElsewhere: { false: 1 },
  gender: { woman: 1, man: 1 },
};
const calibration = calibrateFromOutcomeCounts(nacka, observed, { facts });

const print = (title: string, c: ObservedComparison) =>
  console.log(
    `${title}:\n` +
      c.categories
        .map(
          (r) =>
            `  ${r.id.padEnd(18)} observed ${(100 * r.observed.share).toFixed(1)} % (${(100 * r.observed.ci[0]).toFixed(1)}–${(100 * r.observed.ci[1]).toFixed(1)})` +
            `  simulated ${(100 * r.simulated!.share).toFixed(1)} % (${(100 * r.simulated!.ci[0]).toFixed(1)}–${(100 * r.simulated!.ci[1]).toFixed(1)})  z = ${r.z!.toFixed(2)}`,
        )
        .join('\n') +
      `\n  still enrolled on 31 December: assumed ${(100 * c.stillEnrolledAtEnd.observed.share).toFixed(1)} %, simulated ${(100 * c.stillEnrolledAtEnd.simulated!.share).toFixed(1)} %` +
      (c.fit ? `\n  chi-square ${c.fit.chiSquare.toFixed(2)} on ${c.fit.df} df, p = ${c.fit.pValue.toFixed(3)}` : ''),
  );

describe('the Nacka 2001 calibration, simulated and observed as the table was', { timeout: 60_000 }, () => {
  it.skipIf(!simulate)('reproduces the table: every share within its observed interval, and the chi-square does not reject', async () => {
    const plan = asObservedSimulation(observed);
    expect(plan).toMatchObject({ startDate: '1999-01-01', months: 36, intake: { type: 'spread', perWeek: 3 } });
    const t = await simulate!(nacka, calibration.behaviour, { ...plan, replications: 20, seed: 2001 });
    const c = compareAsObserved(nacka, t, observed);
    print(`Nacka 2001 as observed, calibrated (${calibration.meanStayWeeks.toFixed(1)}-week stay)`, c);
    expect(c.categories.map((r) => r.id)).toEqual(['employment', 'internship', 'otherMeasure', 'pensionOrSickness', 'noOutcome']);
    for (const r of c.categories) {
      expect(r.withinObservedInterval, r.id).toBe(true);
      expect(Math.abs(r.z!), r.id).toBeLessThan(2);
    }
    expect(c.fit!.consistent).toBe(true);
    // The file's premise: about 50 of the 181 still enrolled at the year's end (27.6 %).
    expect(Math.abs(c.stillEnrolledAtEnd.simulated!.share - 50 / 181)).toBeLessThan(0.03);
  });

  it.skipIf(!simulate)('the old reading (everyone left, a 14-week stay) does not: employment too low, no recorded outcome outside its interval', async () => {
    const { meanEnrolled: _, ...rest } = observed;
    const old = { ...rest, stillEnrolledAtEnd: 0, meanStay: { weeks: 14, basis: 'the 181 read as the year’s arrivals' } };
    const t = await simulate!(nacka, calibrateFromOutcomeCounts(nacka, old, { facts }).behaviour, { ...asObservedSimulation(observed), replications: 20, seed: 2001 });
    const c = compareAsObserved(nacka, t, observed);
    print('Nacka 2001 as observed, the old calibration', c);
    const share = (id: string) => c.categories.find((r) => r.id === id)!;
    expect(share('employment').simulated!.share).toBeLessThan(share('employment').observed.share);
    expect(share('noOutcome').withinObservedInterval).toBe(false);
    expect(share('noOutcome').z!).toBeGreaterThan(2);
    // Honestly: 181 participants are too few for the chi-square over all five categories to reject it
    // (p ≈ 0.2); its "no recorded outcome" lies outside the observed interval all the same.
    expect(c.fit!.pValue).toBeLessThan(0.5);
  });
});

/** Simulated rows as an observed log: entries from completion days (no pauses or regressions in the model). */
function logOf(programme: Programme, t: Trajectories): ObservedRecordInput[] {
  const outcomes = programme.outcomes;
  const records: ObservedRecordInput[] = [];
  for (let i = 0; i < t.n; i++) {
    const a = t.admittedDay[i]!;
    if (a < 0) continue;
    const entries = [{ step: programme.steps[0]!.id, day: a }];
    for (let k = 0; k < t.lastStep[i]!; k++) entries.push({ step: programme.steps[k + 1]!.id, day: t.stepCompletedDay[i * t.steps + k]! });
    const e = t.exitDay[i]!;
    records.push({ id: `R${i}`, entries, ...(e >= 0 ? { exit: { day: e, outcome: outcomes[t.outcome[i]!]!.id } } : {}) });
  }
  return records;
}

describe('Nelson–Aalen calibration recovers the behaviour a cohort was simulated with', () => {
  it.skipIf(!simulate)('weekly probabilities per step within sampling error, with right-censoring at the horizon', async () => {
    const truth = {
      programme: 'nacka',
      steps: {
        workAssessment: { advance: 0.5, exit: { longTermSickLeave: 0.05 } },
        actionPlan: { advance: 0.3, exit: { psychiatry: 0.02 } },
        workTraining: { advance: 0.08, exit: { regularEmployment: 0.03, noRecordedOutcome: 0.04 } },
        internship: { exit: { regularEmployment: 0.1, noRecordedOutcome: 0.05 } },
      },
      facts: calibration.behaviour.facts,
    };
    // 12 months for cohorts referred over 30 weeks: many are still in at the horizon (censored).
    const t = await simulate!(nacka, truth, { cohort: 600, replications: 5, months: 12, seed: 7, intake: { type: 'spread', perWeek: 20 }, startDate: '2026-01-05' });
    const records = logOf(nacka, t);
    const stillIn = records.filter((r) => !r.exit).length;
    expect(stillIn).toBeGreaterThan(200);
    const fitted = calibrateFromLog(nacka, { programme: 'nacka', end: t.horizonDays - 1, records }, { timing: 'weekly' });
    const lines: string[] = [];
    for (const [step, w] of Object.entries(truth.steps)) {
      const got = fitted.behaviour.steps[step]!;
      const stays = fitted.steps.find((s) => s.step === step)!;
      // Person-weeks at risk ≈ Σ at-risk over weeks; a weekly probability p has standard error √(p(1 − p) / person-weeks).
      const personWeeks = stays.weeks.reduce((a, x) => a + x.atRisk, 0);
      const check = (name: string, want: number, have: number) => {
        const se = Math.sqrt((want * (1 - want)) / personWeeks);
        lines.push(`  ${step}.${name}: simulated with ${want}, estimated ${have.toFixed(4)} (±${(3 * se).toFixed(4)})`);
        expect(Math.abs(have - want), `${step}.${name}`).toBeLessThan(3 * se + 1e-3);
      };
      check('advance', 'advance' in w ? w.advance : 0, got.advance);
      for (const [o, p] of Object.entries(w.exit)) check(`exit.${o}`, p, got.exit[o] ?? 0);
    }
    console.log(`Nelson–Aalen recovery (${records.length} participants, ${stillIn} censored):\n${lines.join('\n')}`);
  });
});
