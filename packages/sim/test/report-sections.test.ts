/**
 * The report's sections for a manager (issue 12, points 1–9): per-cohort counts, steps against their
 * deadlines, exits by income against the targets, cost, every breakdown fact, the programme's own
 * categories, what applies, the assumptions, and results by intake month. Hand-made cohorts, so each
 * number can be checked by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateProgrammeYaml } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { buildReport } from '../src/report/build.js';
import { type TrajectoryRow, trajectoriesFromRows } from '../src/report/from-rows.js';
import { ReportSchema } from '../src/report/schema.js';
import { studentTQuantile } from '../src/report/stats.js';

const example = (name: string, file = 'programme.yaml') => new URL(`../../../examples/${name}/${file}`, import.meta.url);
const ljusnarsberg = loadProgramme(example('ljusnarsberg'));
const nacka = loadProgramme(example('nacka'));
const kungsbacka = loadProgramme(example('kungsbacka'));
const enkoping = loadProgramme(example('enkoping'));
const frame = { startDate: '2026-01-01', horizonDays: 400 };
const done = (...ids: [string, number][]) => Object.fromEntries(ids);

describe('per-cohort figures: the mean over runs with a 95 % interval', () => {
  // Three runs admitting 3, 4 and 5 participants (one declined in each), exits 1, 2, 3.
  const rows: TrajectoryRow[] = [0, 1, 2].flatMap((replication) => [
    { replication, referredDay: 0, declined: true },
    ...Array.from({ length: 3 + replication }, (_, k) => ({
      replication,
      referredDay: 0,
      admittedDay: 0,
      ...(k <= replication ? { exitDay: 50, outcome: 'permanentPost' } : {}),
    })),
  ]);
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows));

  it('counts a cohort as one run has it, not summed over runs', () => {
    const half = studentTQuantile(0.975, 2) * (1 / Math.sqrt(3));
    expect(report.simulation.admitted).toBe(12);
    expect(report.simulation.perRun.admitted).toMatchObject({ mean: 4, min: 3, max: 5 });
    expect(report.simulation.perRun.admitted.ci![0]).toBeCloseTo(4 - half, 6);
    expect(report.simulation.perRun.admitted.ci![1]).toBeCloseTo(4 + half, 6);
    expect(report.simulation.perRun.declined).toMatchObject({ mean: 1, ci: [1, 1] });
    expect(report.outcomes.perRun.exited).toMatchObject({ mean: 2, min: 1, max: 3 });
    expect(report.outcomes.byCategory.find((c) => c.id === 'employment')!.perRun).toMatchObject({ mean: 2 });
    expect(report.outcomes.byOutcome.find((o) => o.id === 'permanentPost')!.perRun.mean).toBe(2);
  });

  it('has no interval with one run: one run has no spread to measure', () => {
    const one = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows.filter((r) => r.replication === 0)));
    expect(one.simulation.perRun.admitted).toEqual({ mean: 3, ci: null, min: 3, max: 3 });
  });

  it('says how referrals arrived', () => {
    expect(report.simulation.inflow).toEqual({ firstDay: 0, lastDay: 0, perWeek: 5 });
  });
});

describe('steps bound by a deadline are shown against the deadline', () => {
  // "... skall ha genomgått en kartläggning och ha fått en första individuell handlingsplan inom 1-2 veckor."
  // The programme: assessment and action plan within 2 weeks of intake. Due on day a + 14 (inclusive).
  const rows: TrajectoryRow[] = [
    { referredDay: 0, admittedDay: 0, completed: done(['assessment', 10], ['actionPlan', 14]) },
    { referredDay: 0, admittedDay: 0, completed: done(['assessment', 15], ['actionPlan', 30]) },
    { referredDay: 0, admittedDay: 0, exitDay: 30, outcome: 'movedAway' },
    // admitted on day 390: due on day 404, after the last day (399): not followed past its deadline
    { referredDay: 390, admittedDay: 390 },
  ];
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows), { lang: 'sv' });

  it('the share done within the deadline, not "through by month 13"', () => {
    const [assessment, plan] = report.steps;
    expect(assessment!.deadline).toMatchObject({ kind: 'assessment', within: { weeks: 2 }, withinText: '2 veckor', estimate: { k: 1, n: 3 } });
    expect(plan!.deadline).toMatchObject({ kind: 'actionPlan', estimate: { k: 1, n: 3 } });
    // By month 13 the assessment looks done by two in three: a different question.
    expect(assessment!.byMonth.at(-1)!.estimate).toMatchObject({ k: 2, n: 3 });
  });

  it('a ladder step with a target has no deadline of its own: its target is how it is judged', () => {
    expect(report.steps.find((s) => s.id === 'step1')!.deadline).toBeNull();
    expect(report.steps.find((s) => s.id === 'step1')!.target).toMatchObject({ byMonth: 3, target: 0.75 });
  });
});

describe('exits by income against the programme’s targets', () => {
  // "Målet är att 10% av deltagarna efter 12 månader har gått vidare till arbete/studier som täcker DELAR
  // av försörjningen" (step 4) and "... HELA försörjningen" (step 5): 10 % each by month 12.
  const rows: TrajectoryRow[] = [
    { referredDay: 0, admittedDay: 0, exitDay: 200, outcome: 'permanentPost', completed: done(['step5', 200]) },
    { referredDay: 0, admittedDay: 0, exitDay: 100, outcome: 'hourlyEmploymentPartial', completed: done(['step4', 100]) },
    { referredDay: 0, admittedDay: 0, exitDay: 380, outcome: 'studiesCsn' },
    { referredDay: 0, admittedDay: 0, exitDay: 40, outcome: 'movedAway' },
    { referredDay: 0, admittedDay: 0 },
  ];
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows));

  it('full, partial and none by month, each against the target of the step its outcomes complete', () => {
    expect(report.outcomes.byIncome.map((l) => l.income)).toEqual(['full', 'partial', 'none']);
    const [full, partial, none] = report.outcomes.byIncome;
    // month 12 (day 365): the permanent post (day 200) is in, studies (day 380) not yet
    expect(full!.byMonth[11]!.estimate).toMatchObject({ k: 1, n: 5 });
    expect(full!.byMonth[12]!.estimate).toMatchObject({ k: 2, n: 5 });
    expect(full!.target).toMatchObject({ id: 'income:full', stepId: 'step5', byMonth: 12, target: 0.1, met: true });
    expect(partial!.target).toMatchObject({ id: 'income:partial', stepId: 'step4', target: 0.1 });
    expect(partial!.byMonth[11]!.estimate).toMatchObject({ k: 1, n: 5 });
    expect(none!.target).toBeNull();
    expect(none!.outcomes).toEqual(['otherMeasure', 'sickness', 'movedAway', 'discontinued']);
  });

  it('a programme without outcomes of a level has no row for it (Nacka has no partial income)', () => {
    const r = buildReport(nacka, trajectoriesFromRows(nacka, frame, [{ referredDay: 0, admittedDay: 0 }]));
    expect(r.outcomes.byIncome.map((l) => l.income)).toEqual(['full', 'none']);
  });
});

describe('cost per participant, per outcome and per place-day, with who pays', () => {
  // Nacka: 4,200,000 SEK for 2002; AF pays 150 SEK a weekday for those it referred.
  const rows: TrajectoryRow[] = [
    { referredDay: 0, admittedDay: 0, exitDay: 14, outcome: 'regularEmployment', facts: { referrer: 'arbetsformedlingen' } },
    { referredDay: 0, admittedDay: 0, exitDay: 28, outcome: 'pension', facts: { referrer: 'mottagningOchUtredning' } },
    { referredDay: 0, admittedDay: 7, pausedDays: 7, facts: { referrer: 'arbetsformedlingen' } },
  ];
  const cost = buildReport(nacka, trajectoriesFromRows(nacka, { startDate: '2026-01-01', horizonDays: 365 }, rows)).cost!;

  it('per participant and per place-day from the net cost', () => {
    // Days in the programme: 14 + 28 + (365 − 7 − 7 paused) = 393.
    expect(cost.participants).toBe(3);
    expect(cost.placeDays).toBe(393);
    expect(cost.costPerParticipant).toBeCloseTo(cost.netCost / 3, 2);
    expect(cost.costPerPlaceDay).toBeCloseTo(cost.netCost / 393, 2);
  });

  it('the budget lines and who pays: AF per day, the municipality the rest, adding up to the gross cost', () => {
    expect(cost.budgetLines.map((l) => [l.id, l.amount])).toEqual([
      ['wages', 2_500_000],
      ['rent', 1_200_000],
      ['other', 500_000],
    ]);
    expect(cost.funding.map((f) => f.kind)).toEqual(['perParticipantDay', 'municipality']);
    expect(cost.funding.reduce((a, f) => a + f.amount, 0)).toBeCloseTo(cost.grossCost, 2);
    expect(cost.otherIncomeLines.map((l) => l.id)).toEqual(['ecdlTests', 'conferences', 'outdoorAndWorkshopJobs', 'transport']);
  });

  it('Kungsbacka: the ESF grant and the municipality', () => {
    const k = buildReport(kungsbacka, trajectoriesFromRows(kungsbacka, { startDate: '2009-05-04', horizonDays: 92 }, [{ referredDay: 0, admittedDay: 0, exitDay: 50, outcome: 'openLabourMarket' }])).cost!;
    expect(k.funding).toEqual([
      { id: 'esf', label: 'ESF grant', kind: 'grant', amount: 122_862.5 },
      { id: 'municipality', label: 'The municipality', kind: 'municipality', amount: 56_787.5 },
    ]);
  });
});

describe('every fact marked breakdown: true gets its section, yes/no facts too', () => {
  it('Enköping: referrer, supported housing (yes/no) and gender', () => {
    const r = buildReport(
      enkoping,
      trajectoriesFromRows(enkoping, frame, [
        { referredDay: 0, admittedDay: 0, facts: { livesInSupportedHousing: true, gender: 'man', referrer: 'adultTeam' } },
        { referredDay: 0, admittedDay: 0, facts: { livesInSupportedHousing: false, gender: 'woman', referrer: 'adultTeam' } },
        { referredDay: 0, admittedDay: 0, facts: { livesInSupportedHousing: true, gender: 'woman', referrer: 'socialAssistanceTeam' } },
      ]),
      { lang: 'sv' },
    );
    expect(r.breakdowns.map((b) => b.fact)).toEqual(['referrer', 'livesInSupportedHousing', 'gender']);
    expect(r.breakdowns[1]!.groups.map((g) => [g.value, g.label, g.admitted])).toEqual([
      ['true', 'Ja', 2],
      ['false', 'Nej', 1],
    ]);
  });
});

describe('outcome categories as the programme names them, and only what applies', () => {
  it('declared categories keep their names and list their outcomes (Ljusnarsberg: moved away and discontinued)', () => {
    const r = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, [{ referredDay: 0, admittedDay: 0, exitDay: 5, outcome: 'movedAway' }]), { lang: 'sv' });
    expect(r.outcomes.byCategory.find((c) => c.id === 'other')).toMatchObject({ label: 'Flyttat eller avbrutit', declared: true, outcomes: ['movedAway', 'discontinued'], count: 1 });
  });

  it('an undeclared category is named by its outcomes’ own labels, never a made-up word', () => {
    const parsed = validateProgrammeYaml(`
id: plain
version: 1
name: { sv: Enkel, en: Plain }
steps:
  - { id: assessment, kind: assessment, label: { sv: Kartläggning, en: Assessment } }
  - id: exit
    kind: exit
    label: { sv: Avslut, en: Exit }
    params:
      outcomes:
        - { id: moved, income: none, category: other, label: { sv: Flyttat, en: Moved away } }
        - { id: quit, income: none, category: other, label: { sv: Avbrutit, en: Discontinued } }
        - { id: job, income: full, label: { sv: Arbete, en: Work } }
`);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const r = buildReport(parsed.value, trajectoriesFromRows(parsed.value, frame, [{ referredDay: 0, admittedDay: 0 }]));
    expect(r.outcomes.byCategory.map((c) => [c.id, c.label, c.declared])).toEqual([
      ['other', 'Moved away, Discontinued', false],
      ['job', 'Work', false],
    ]);
    // No referral rules, no places: nothing is declined and nobody waits for a place.
    expect(r.simulation.applies).toEqual({ declines: false, waitingList: false, places: false });
  });

  it('Nacka declines, keeps a waiting list and has places', () => {
    const r = buildReport(nacka, trajectoriesFromRows(nacka, frame, [{ referredDay: 0, admittedDay: 0 }]));
    expect(r.simulation.applies).toEqual({ declines: true, waitingList: true, places: true });
  });
});

describe('what the figures rest on: the behaviour model’s numbers with their notes', () => {
  const text = readFileSync(example('ljusnarsberg', 'behaviour.yaml'), 'utf8');
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, [{ referredDay: 0, admittedDay: 0 }]), {
    lang: 'sv',
    behaviour: { text, source: 'examples/ljusnarsberg/behaviour.yaml' },
  });
  const a = report.assumptions!;
  const item = (path: string) => a.items.find((i) => i.path === path);

  it('every number, named from the programme, with the comment beside it', () => {
    expect(a.source).toBe('examples/ljusnarsberg/behaviour.yaml');
    expect(a.statement).toMatch(/^Siffrorna i rapporten kommer från en modell, inte från observationer/);
    expect(item('steps.assessment.advance')).toEqual({
      path: 'steps.assessment.advance',
      label: 'Kartläggning: går vidare till nästa steg (andel per vecka)',
      value: 0.6,
      note: 'assumption: most assessments are done in the first one or two weeks',
    });
    expect(item('steps.step5.exit.permanentPost')).toMatchObject({ value: 0.01, note: 'assumption', label: 'Steg 5: avslutas till Tillsvidareanställning (andel per vecka)' });
    expect(item('paused.resume')).toMatchObject({ value: 0.2, note: 'assumption: a pause lasts about five weeks' });
    expect(item('facts.gender.woman')).toMatchObject({ value: 0.48, label: 'Kön: Kvinna (vikt)' });
    expect(item('modifiers.0.multiply.advance')).toMatchObject({ value: 0.5, label: 'Justering 1: går vidare till nästa steg gånger' });
    // The modifier's condition (age at most 24) is not a rate.
    expect(a.items.some((i) => i.path.startsWith('modifiers.1.when'))).toBe(false);
    expect(a.items.length).toBeGreaterThan(50);
    expect(a.items.filter((i) => i.note === null)).toEqual([]);
  });

  it('Nacka: the numbers from the seed say so', () => {
    const nackaText = readFileSync(example('nacka', 'behaviour.yaml'), 'utf8');
    const r = buildReport(nacka, trajectoriesFromRows(nacka, frame, [{ referredDay: 0, admittedDay: 0 }]), { behaviour: { text: nackaText } });
    expect(r.assumptions!.items.find((i) => i.path === 'default.exit.noRecordedOutcome')!.note).toMatch(/^seed/);
    expect(r.assumptions!.source).toBeNull();
  });
});

describe('results by intake month', () => {
  // Admitted in January (days 0, 10) and in December (day 340): month 3's target is judged for January's
  // intake only; December's was not followed three months within 400 days.
  const rows: TrajectoryRow[] = [
    { referredDay: 0, admittedDay: 0, completed: done(['assessment', 5], ['actionPlan', 9], ['step1', 60]) },
    { referredDay: 0, admittedDay: 10 },
    { referredDay: 330, admittedDay: 340, completed: done(['assessment', 345], ['actionPlan', 350], ['step1', 360]) },
  ];
  const report = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows));

  it('each month’s intake, with every target judged for it alone', () => {
    expect(report.intakeMonths.map((m) => [m.month, m.admitted.mean])).toEqual([
      ['2026-01', 2],
      ['2026-12', 1],
    ]);
    const [jan, dec] = report.intakeMonths;
    expect(jan!.targets.map((t) => t.id)).toEqual(['step:step1', 'step:step2', 'step:step3', 'step:step4', 'step:step5', 'income:full', 'income:partial']);
    expect(jan!.targets[0]!.estimate).toMatchObject({ k: 1, n: 2 });
    expect(dec!.targets[0]!.estimate).toBeNull();
  });

  it('is plain JSON its schema accepts', () => {
    expect(() => ReportSchema.parse(JSON.parse(JSON.stringify(report)))).not.toThrow();
  });
});
