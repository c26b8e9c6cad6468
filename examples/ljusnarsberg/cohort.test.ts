/**
 * A cohort test a municipality can copy: simulate a cohort through the programme with a behaviour model,
 * build the report, and assert the programme's own targets with the matchers of @stegvis/testing.
 *
 * Honest by design: the assertions say what THIS behaviour model predicts, not what the programme hopes.
 * Where the model misses a target, the test asserts that it misses it (and says by how much), so a change
 * to the programme or the model that moves a result shows up as a failing test to look at, not as a
 * silently retuned number. The behaviour model's rates are assumptions (see behaviour.yaml), so these
 * results are the consequences of those assumptions, not a forecast.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type StegvisMatchers, loadProgramme, setupMatchers } from '@stegvis/testing';
// In your own repository: `from '@stegvis/sim'`. (This example package does not list @stegvis/sim as a
// dependency yet, so it reaches the workspace's source directly.)
import { type Report, buildReport, shippedIndicators, simulate, validateBehaviourYaml } from '@stegvis/sim';

declare module 'vitest' {
  interface Matchers<T = any> extends StegvisMatchers<T> {}
}
setupMatchers();

const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));
const behaviour = validateBehaviourYaml(programme, readFileSync(new URL('./behaviour.yaml', import.meta.url), 'utf8'));
if (!behaviour.ok) throw new Error(`behaviour.yaml: ${behaviour.issues.map((i) => i.message).join('; ')}`);

let report: Report;

beforeAll(async () => {
  // 20 cohorts of 200, all referred on the first day, followed 13 months so month 12 is inside the horizon.
  // The same seed gives the same numbers on every machine.
  const trajectories = await simulate(programme, behaviour.value, { cohort: 200, replications: 20, months: 13, seed: 2026 });
  report = buildReport(programme, trajectories, { indicators: shippedIndicators(), lang: 'sv' });
});

describe('Samverkan Ljusnarsberg: a simulated cohort against the seed’s targets', () => {
  it('every admitted participant is followed long enough to judge every target', () => {
    expect(report.simulation.admitted).toBe(4000);
    for (const t of report.targets.filter((x) => x.id.startsWith('step:'))) expect(t.estimate, t.id).not.toBeNull();
  });

  // "Resultatmålet är att 75% av deltagarna efter 3 månader har tagit sig igenom steg 1."
  it('MISSES step 1 (75 % by month 3): the model gets about 56 %, its whole interval below the target', () => {
    // With ~12 % a week moving on from step 1 after one or two weeks each for assessment and plan, about
    // a quarter of participants are still at step 1 or earlier after three months.
    expect(report).toMissTarget('step1');
    expect(report.targets.find((t) => t.id === 'step:step1')!.ciRelation).toBe('below');
  });

  // "Resultatmålet är att 60% av deltagarna efter 6 månader har tagit sig igenom steg 2."
  it('MISSES step 2 (60 % by month 6): the model gets about 45 %', () => {
    expect(report).toMissTarget('step2');
    expect(report.targets.find((t) => t.id === 'step:step2')!.ciRelation).toBe('below');
  });

  // "Resultatmålet är att 35% av deltagarna efter 9 månader har tagit sig igenom steg 3."
  it('MISSES step 3 (35 % by month 9), narrowly: about 33 %, though one real cohort could make it', () => {
    const step3 = report.targets.find((t) => t.id === 'step:step3')!;
    expect(report).toMissTarget('step3');
    expect(step3.target - step3.estimate!.share).toBeLessThan(0.05);
    // The replications' spread spans the target: a single cohort of 200 can land on either side.
    expect(step3.estimate!.spread![1]).toBeGreaterThan(0.35);
  });

  // "Resultatmålet är att 10% av deltagarna efter 12 månader har gått vidare mot arbete eller studier som
  //  bidrar till hela den egna försörjningen."
  it('step 5 (10 % by month 12) is on the edge: the model cannot say', () => {
    // The estimate is within a point or two of 10 % and its interval contains it. Asserting "met" or
    // "missed" here would assert the seed, not the model.
    const step5 = report.targets.find((t) => t.id === 'step:step5')!;
    expect(Math.abs(step5.estimate!.share - 0.1)).toBeLessThan(0.02);
    expect(step5.estimate!.spread![0]).toBeLessThan(0.1);
    expect(step5.estimate!.spread![1]).toBeGreaterThan(0.1);
  });

  // "Resultatmålet är att 10% av deltagarna efter 12 månader har gått vidare mot arbete eller studier
  //  som bidrar till delar av den egna försörjningen."
  it('meets step 4 (10 % by month 12) with room to spare: the model gets about 29 %', () => {
    // "Through step 4" counts everyone who has gone on to step 5 as well, so it is well above 10 %.
    expect(report).toMeetTargets({ only: ['step4'], strict: true });
  });

  it('does not meet every target, and the failure message lists the missed ones', () => {
    expect(report).not.toMeetTargets();
    expect(() => expect(report).toMeetTargets()).toThrow(/Steg 1 \[step:step1\] by month 3/);
  });

  it('reports the national and EU indicators alongside, with what they cannot see', () => {
    const kolada = report.indicators.find((i) => i.id === 'koladaWorkOrStudiesAtExit')!;
    expect(kolada.estimate!.share).toBeGreaterThan(0);
    // Six months after leaving needs follow-up data: no value, only a labelled proxy.
    const esf6 = report.indicators.find((i) => i.id === 'esfEmployedSixMonthsAfterLeaving')!;
    expect(esf6.estimate).toBeNull();
    expect(esf6.proxy!.estimate).not.toBeNull();
  });

  it('breaks the results down by gender, as ESF+ and Kungsbacka ask', () => {
    const gender = report.breakdowns.find((b) => b.fact === 'gender')!;
    expect(gender.groups.map((g) => g.value)).toEqual(['woman', 'man', 'nonBinary']);
    expect(gender.groups.reduce((n, g) => n + g.admitted, 0)).toBe(report.simulation.admitted);
  });
});
