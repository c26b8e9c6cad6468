import { describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import { ReportSchema } from '../src/report/schema.js';
import { buildReport } from '../src/report/build.js';
import { kaplanMeier, kmQuantile, shareEstimate, studentTQuantile, wilson } from '../src/report/stats.js';
import { trajectoriesFromRows } from '../src/report/from-rows.js';
import type { TrajectoryRow } from '../src/report/from-rows.js';

const ljusnarsberg = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const kungsbacka = loadProgramme(new URL('../../../examples/kungsbacka/programme.yaml', import.meta.url));

describe('statistics', () => {
  it('gives the Wilson interval of a binomial share', () => {
    const [lo, hi] = wilson(7, 10)!;
    expect(lo).toBeCloseTo(0.3968, 4);
    expect(hi).toBeCloseTo(0.8922, 4);
    expect(wilson(0, 0)).toBeNull();
    const [lo0, hi0] = wilson(0, 20)!;
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.1611, 4);
  });

  it("gives Student's t quantiles", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2622, 4);
  });

  it('uses Wilson with one replication and a t interval over several', () => {
    expect(shareEstimate([3], [10])!.method).toBe('wilson');
    const e = shareEstimate([3, 5, 4], [10, 10, 10])!;
    expect(e.method).toBe('replications');
    expect(e.share).toBeCloseTo(0.4, 12);
    // sd of 0.3, 0.5, 0.4 is 0.1; half-width t(0.975, 2) · 0.1 / √3
    expect(e.ci[1] - e.share).toBeCloseTo((4.302653 * 0.1) / Math.sqrt(3), 5);
    expect(e.spread![0]).toBeCloseTo(0.305, 6);
    expect(shareEstimate([0], [0])).toBeNull();
  });

  it('estimates Kaplan–Meier quantiles with right-censoring and ties', () => {
    // durations 2, 2, 3+, 5, 5+, 7 (+ censored). S(2) = 4/6; at 5 three are at risk: S(5) = 4/6 · 2/3 = 4/9; S(7) = 0.
    const km = kaplanMeier([2, 2, 3, 5, 5, 7], [true, true, false, true, false, true]);
    expect(km.map((s) => [s.t, s.atRisk, s.events])).toEqual([
      [2, 6, 2],
      [5, 3, 1],
      [7, 1, 1],
    ]);
    expect(km[0]!.survival).toBeCloseTo(2 / 3, 12);
    expect(km[1]!.survival).toBeCloseTo(4 / 9, 12);
    expect(kmQuantile(km, 0.25)).toBe(2);
    expect(kmQuantile(km, 0.5)).toBe(5);
    expect(kmQuantile(km, 0.75)).toBe(7);
    // Too much censoring: the median is not reached.
    expect(kmQuantile(kaplanMeier([1, 2, 3, 4], [true, false, false, false]), 0.5)).toBeNull();
  });
});

/** 2026-01-01 + 3 months = 2026-04-01 = day 90. */
const frame = { startDate: '2026-01-01', horizonDays: 400 };
const done = (...ids: [string, number][]) => Object.fromEntries(ids);

const handRows: TrajectoryRow[] = [
  // through step 1 on day 80 (by month 3), still in at the horizon
  {
    referredDay: 0,
    admittedDay: 0,
    completed: done(['assessment', 5], ['actionPlan', 10], ['step1', 80]),
    facts: { gender: 'woman', referrer: 'socialServices' },
    deadlines: { assessment: { metOnTime: 1 }, followUp: { metOnTime: 2, metLate: 1 } },
  },
  // through step 1 on day 95: after month 3 (day 90)
  {
    referredDay: 0,
    admittedDay: 0,
    completed: done(['assessment', 5], ['actionPlan', 10], ['step1', 95]),
    exitDay: 200,
    outcome: 'permanentPost',
    facts: { gender: 'man', referrer: 'arbetsformedlingen' },
    deadlines: { assessment: { metLate: 1 }, followUp: { missed: 1 } },
  },
  // exited on day 30 without step 1: counts as not through
  { referredDay: 5, admittedDay: 10, completed: done(['assessment', 12]), exitDay: 30, outcome: 'otherMeasure', facts: { gender: 'woman' }, deadlines: { assessment: { metOnTime: 1 } } },
  // admitted on day 350: not followed 3 months, so not in month 3's denominator
  { referredDay: 340, admittedDay: 350, facts: { gender: 'nonBinary', referrer: 'socialServices' } },
  // declined
  { referredDay: 20, declined: true, facts: { gender: 'man' } },
  // waiting from day 390 to the horizon
  { referredDay: 390, facts: { gender: 'woman' } },
];

describe('buildReport on a hand-made cohort', () => {
  const t = trajectoriesFromRows(ljusnarsberg, frame, handRows);
  const report = buildReport(ljusnarsberg, t);

  it('is plain JSON that its schema accepts', () => {
    const copy = JSON.parse(JSON.stringify(report));
    expect(copy).toEqual(report);
    expect(() => ReportSchema.parse(copy)).not.toThrow();
  });

  it('counts the cohort', () => {
    expect(report.simulation).toMatchObject({ rows: 6, referred: 6, declined: 1, admitted: 4, waitingAtHorizon: 1, replications: 1, months: 13 });
  });

  it('gives the share through each step by month, with censoring by follow-up time', () => {
    const step1 = report.steps.find((s) => s.id === 'step1')!;
    const m3 = step1.byMonth[2]!.estimate!;
    expect(m3).toMatchObject({ k: 1, n: 3, method: 'wilson' });
    expect(m3.share).toBeCloseTo(1 / 3, 6);
    expect(m3.ci[0]).toBeCloseTo(wilson(1, 3)![0], 6);
    // month 4 (2026-05-01 = day 120): both A and B are through; D still not followed
    expect(step1.byMonth[3]!.estimate).toMatchObject({ k: 2, n: 3 });
    // month 12: day 0 + 12 months = day 365, day 10 + 12 months = day 375, both inside 400 days
    expect(step1.byMonth[11]!.estimate).toMatchObject({ k: 2, n: 3 });
    // month 13: C (admitted day 10) would need day 406, beyond the horizon, so only A and B
    expect(step1.byMonth[12]!.estimate).toMatchObject({ k: 2, n: 2 });
    const assessment = report.steps[0]!;
    // month 1: D (admitted day 350) is followed to day 380, without an assessment
    expect(assessment.byMonth[0]!.estimate).toMatchObject({ k: 3, n: 4 });
  });

  it('judges each step target: pass/fail, interval and where the interval lies', () => {
    const t1 = report.targets.find((x) => x.id === 'step:step1')!;
    expect(t1).toMatchObject({ stepId: 'step1', byMonth: 3, target: 0.75, met: false, ciRelation: 'contains' });
    // Month 12 is inside a 400-day horizon for rows admitted on day 0 or 10.
    expect(report.targets.find((x) => x.id === 'step:step5')).toMatchObject({ met: false, byMonth: 12 });
    expect(report.targets.map((x) => x.id)).toEqual(['step:step1', 'step:step2', 'step:step3', 'step:step4', 'step:step5']);
  });

  it('counts exit outcomes by category and by outcome, as shares of exits', () => {
    expect(report.outcomes).toMatchObject({ admitted: 4, exited: 2, stillIn: 2 });
    const employment = report.outcomes.byCategory.find((c) => c.id === 'employment')!;
    expect(employment.count).toBe(1);
    expect(employment.ofExits!.share).toBeCloseTo(0.5, 6);
    expect(report.outcomes.byOutcome.find((o) => o.id === 'otherMeasure')).toMatchObject({ count: 1, category: 'otherMeasure', income: 'none' });
  });

  it('gives weekly occupancy and the waiting list', () => {
    const w0 = report.occupancy.weekly[0]!;
    // days 0–6: A and B in; C not yet admitted (day 10) but waiting from day 5
    expect(w0).toMatchObject({ week: 0, startDay: 0, max: 2, waitingMax: 1 });
    expect(w0.mean).toBeCloseTo(2, 6);
    expect(w0.waitingMean).toBeCloseTo(2 / 7, 6);
    // week 4 (days 28–34): C leaves on day 30 → 3, 3, 2, 2, 2, 2, 2
    expect(report.occupancy.weekly[4]!.mean).toBeCloseTo(16 / 7, 6);
    expect(report.occupancy.summary.maxOccupancy).toBe(3);
    expect(report.occupancy.places).toBeNull();
  });

  it('gives time in programme by Kaplan–Meier with those still in censored', () => {
    // stays: A 399+, B 200, C 20, D 49+ (still in after the last day, 399)
    expect(report.timeInProgramme).toMatchObject({ n: 4, exited: 2, censored: 2, q1Days: 20, medianDays: 200, q3Days: null });
  });

  it('censors those still in at the last simulated day (H − 1), not a day later', () => {
    // Horizon 10 days (last day 9). A: day 0–5, C: day 0–8, B: admitted day 5, still in: its stay is
    // longer than 4 days. Censored at 4, B is not at risk at 5: S(5) = 1/2 and the median is 5. Censored
    // at 5 (a day too late), B would still be at risk at 5: S(5) = 2/3 and the median 8.
    const r = buildReport(
      nacka,
      trajectoriesFromRows(nacka, { startDate: '2026-01-01', horizonDays: 10 }, [
        { referredDay: 0, admittedDay: 0, exitDay: 5, outcome: 'pension' },
        { referredDay: 0, admittedDay: 0, exitDay: 8, outcome: 'pension' },
        { referredDay: 5, admittedDay: 5 },
      ]),
    );
    expect(r.timeInProgramme).toMatchObject({ n: 3, exited: 2, censored: 1, q1Days: 5, medianDays: 5, q3Days: 8 });
  });

  it('counts deadline compliance per kind', () => {
    expect(report.deadlines.find((d) => d.kind === 'assessment')).toMatchObject({ metOnTime: 2, metLate: 1, missed: 0, total: 3 });
    expect(report.deadlines.find((d) => d.kind === 'followUp')).toMatchObject({ metOnTime: 2, metLate: 1, missed: 1, total: 4, shareMissed: 0.25 });
  });

  it('breaks every section down by each fact the programme marks breakdown: true, with unknown values as their own group', () => {
    // Ljusnarsberg marks referrer and gender (in that order); not fullTimeSickLeave or age.
    expect(report.breakdowns.map((b) => b.fact)).toEqual(['referrer', 'gender']);
    const gender = report.breakdowns.find((b) => b.fact === 'gender')!;
    expect(gender.groups.map((g) => [g.value, g.admitted])).toEqual([
      ['woman', 2],
      ['man', 1],
      ['nonBinary', 1],
    ]);
    const women = gender.groups[0]!;
    expect(women.steps.find((s) => s.id === 'step1')!.byMonth[2]!.estimate).toMatchObject({ k: 1, n: 2 });
    expect(women.outcomes.exited).toBe(1);
    const referrer = report.breakdowns.find((b) => b.fact === 'referrer')!;
    expect(referrer.groups.map((g) => g.value)).toEqual(['socialServices', 'arbetsformedlingen', 'forsakringskassan', 'unknown']);
    expect(referrer.groups.find((g) => g.value === 'unknown')!.admitted).toBe(1);
  });

  it('writes labels in the language asked for', () => {
    const sv = buildReport(ljusnarsberg, t, { lang: 'sv' });
    expect(sv.programme.name).toBe('Samverkan Ljusnarsberg – stegförflyttning');
    expect(sv.breakdowns.find((b) => b.fact === 'gender')!.groups[0]!.label).toBe('Kvinna');
  });

  it('pools replications and gives an interval over them', () => {
    const rows = [0, 1, 2].flatMap((replication) =>
      handRows.map((r, k) => ({ ...r, replication, ...(k === 1 && replication === 2 ? { completed: done(['assessment', 5], ['step1', 60]) } : {}) })),
    );
    const r = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows));
    expect(r.simulation.replications).toBe(3);
    const m3 = r.steps.find((s) => s.id === 'step1')!.byMonth[2]!.estimate!;
    expect(m3.method).toBe('replications');
    expect(m3.share).toBeCloseTo((1 / 3 + 1 / 3 + 2 / 3) / 3, 6);
    expect(m3.spread).toBeDefined();
  });

  it('refuses trajectories of another programme', () => {
    expect(() => buildReport(nacka, t)).toThrow(/steps/);
  });
});

describe('occupancy against capacity, and cost per outcome', () => {
  // Nacka: 80 places, planned at least 60, budget 4,200,000 SEK for 2002, AF pays 150 SEK a day.
  // 2026-01-01 is a Thursday. Horizon 365 days = the funding period's length, so the scale is 1.
  const rows: TrajectoryRow[] = [
    { referredDay: 0, admittedDay: 0, exitDay: 14, outcome: 'regularEmployment', facts: { referrer: 'arbetsformedlingen', gender: 'woman' } },
    { referredDay: 0, admittedDay: 0, exitDay: 28, outcome: 'pension', facts: { referrer: 'mottagningOchUtredning', gender: 'man' } },
    { referredDay: 0, admittedDay: 7, pausedDays: 7, facts: { referrer: 'arbetsformedlingen', gender: 'man' } },
  ];
  const report = buildReport(nacka, trajectoriesFromRows(nacka, { startDate: '2026-01-01', horizonDays: 365 }, rows));

  it('reports places and the planned minimum, and weeks below it', () => {
    expect(report.occupancy).toMatchObject({ places: 80, plannedMin: 60 });
    expect(report.occupancy.summary.weeksOverPlaces).toBe(0);
    expect(report.occupancy.summary.weeksBelowPlannedMin).toBe(53);
    expect(report.occupancy.summary.meanShareOfPlaces).toBeLessThan(0.05);
  });

  it('scales the budget to the simulated period and subtracts per-participant-day income', () => {
    const cost = report.cost!;
    expect(cost).toMatchObject({ currency: 'SEK', fundingPeriodDays: 365, simulatedDays: 365, scale: 1, budget: 4_200_000, grossCost: 4_200_000 });
    // AF rows: days 0–13 → 10 weekdays; days 7–364 → 256 weekdays less 7 paused days × 5/7 = 5.
    const af = cost.perParticipantDay[0]!;
    expect(af.days).toBeCloseTo(10 + 256 - 5, 6);
    expect(af.income).toBeCloseTo(261 * 150, 6);
    expect(cost.netCost).toBeCloseTo(4_200_000 - 261 * 150, 2);
    // Income "full": regular employment AND pension (Nacka's config marks pension full).
    expect(cost.qualifyingOutcomes).toBe(2);
    expect(cost.costPerQualifyingOutcome).toBeCloseTo(cost.netCost / 2, 2);
    expect(cost.perCategory.find((c) => c.id === 'employment')).toMatchObject({ exits: 1 });
  });

  it('counts only the outcomes asked for', () => {
    const r = buildReport(nacka, trajectoriesFromRows(nacka, { startDate: '2026-01-01', horizonDays: 365 }, rows), { costOutcomes: { categories: ['employment'] } });
    expect(r.cost!.qualifyingOutcomes).toBe(1);
  });

  it('subtracts grants for the municipal cost (Kungsbacka: ESF 245,725 of 359,300 SEK)', () => {
    // The project ran 2009-05-04 to 2009-11-03: 184 days. Simulating 92 days is half of it.
    const r = buildReport(kungsbacka, trajectoriesFromRows(kungsbacka, { startDate: '2009-05-04', horizonDays: 92 }, [{ referredDay: 0, admittedDay: 0, exitDay: 50, outcome: 'openLabourMarket' }]));
    expect(r.cost).toMatchObject({ fundingPeriodDays: 184, scale: 0.5, grossCost: 179_650, grants: 122_862.5, municipalCost: 56_787.5, qualifyingOutcomes: 1, costPerQualifyingOutcome: 179_650 });
  });

  it('has no cost section without a budget', () => {
    expect(buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, handRows)).cost).toBeNull();
  });
});

describe('time in the programme, simulated: Nacka’s geometric stay', () => {
  it('gives the true quartiles, 28/70/133 days, at a 273-day horizon (20 runs)', { timeout: 60_000 }, async () => {
    // One weekly probability of leaving, 1/14, at every step: P(stay > 7k days) = (13/14)^k, so the
    // quartiles are 4, 10 and 19 weeks. With those still in censored a day late the report gave 35/70/133.
    const { simulate } = await import('../src/index.js');
    const leave = { exit: { noRecordedOutcome: 1 / 14 } };
    const behaviour = {
      programme: 'nacka',
      steps: Object.fromEntries(nacka.steps.map((s) => [s.id, leave])),
      facts: { occupiedFullTimeElsewhere: { false: 1 }, referrer: { arbetsformedlingen: 1 }, targetGroup: { waitingOrJobSeeking: 1 }, gender: { woman: 1 } },
    };
    const t = await simulate(nacka, behaviour, { cohort: 181, replications: 20, months: 9, seed: 2001, intake: { type: 'spread', perWeek: 4 }, startDate: '2001-01-01' });
    expect(t.horizonDays).toBe(273);
    const r = buildReport(nacka, t);
    expect(r.timeInProgramme.censored).toBeGreaterThan(500);
    expect([r.timeInProgramme.q1Days, r.timeInProgramme.medianDays, r.timeInProgramme.q3Days]).toEqual([28, 70, 133]);
  });
});
