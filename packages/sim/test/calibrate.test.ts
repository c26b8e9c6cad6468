import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainEvent } from '@stegvis/core';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';
import { type ObservedRecordInput, ObservedLogSchema, logFromEvents, pathOf } from '../src/calibrate/log.js';
import { aalenJohansen } from '../src/calibrate/aalen-johansen.js';
import { calibrateFromLog } from '../src/calibrate/from-log.js';
import { ObservedOutcomesSchema, calibrateFromOutcomeCounts, parseObservedOutcomesYaml, steadyState } from '../src/calibrate/aggregate.js';
import { cumulativeAt, nelsonAalen, pooledIncrement, weeklyIncrements, weeklyProbabilities } from '../src/calibrate/nelson-aalen.js';
import { logArbitrary } from './observed-records.js';

const example = (name: string, file = 'programme.yaml') => new URL(`../../../examples/${name}/${file}`, import.meta.url);
const ljusnarsberg = loadProgramme(example('ljusnarsberg'));
const nacka = loadProgramme(example('nacka'));

describe('Nelson–Aalen', () => {
  // Stays (days): 2 advance, 2 exit, 3 censored, 5 advance, 5 censored, 7 advance.
  const duration = [2, 2, 3, 5, 5, 7];
  const cause = ['advance', 'exit', null, 'advance', null, 'advance'];

  it('gives cause-specific increments d/Y, ties sharing one risk set, censored-at-t still at risk', () => {
    const na = nelsonAalen(duration, cause);
    expect(na.times).toEqual([2, 5, 7]);
    expect(na.atRisk).toEqual([6, 3, 1]);
    expect(na.events.get('advance')).toEqual([1, 1, 1]);
    expect(na.events.get('exit')).toEqual([1, 0, 0]);
    // H_advance: 1/6, 1/6 + 1/3, 1/6 + 1/3 + 1
    expect(na.cumulative.get('advance')).toEqual([1 / 6, 1 / 6 + 1 / 3, 1 / 6 + 1 / 3 + 1]);
    expect(na.cumulative.get('exit')).toEqual([1 / 6, 1 / 6, 1 / 6]);
    expect(cumulativeAt(na, 'advance', 4)).toBeCloseTo(1 / 6, 12);
    expect(cumulativeAt(na, 'advance', 7)).toBeCloseTo(1.5, 12);
    expect(cumulativeAt(na, 'advance', 1)).toBe(0);
  });

  it('does not drop the censored: dropping them would raise the hazard', () => {
    const dropped = nelsonAalen([2, 2, 5, 7], ['advance', 'exit', 'advance', 'advance']);
    expect(dropped.atRisk).toEqual([4, 2, 1]);
    expect(dropped.cumulative.get('advance')![0]).toBeGreaterThan(nelsonAalen(duration, cause).cumulative.get('advance')![0]!);
  });

  it('sums increments week by week and turns them into competing weekly probabilities', () => {
    const weeks = weeklyIncrements([3, 3, 5, 10], ['advance', 'advance', null, 'exit:pension']);
    expect(weeks).toEqual([
      { week: 1, atRisk: 4, dH: { advance: 0.5, 'exit:pension': 0 } },
      { week: 2, atRisk: 1, dH: { advance: 0, 'exit:pension': 1 } },
    ]);
    const pooled = pooledIncrement(weeks);
    // weighted by those at risk at each week's start: advance 4·0.5/5, exit 1·1/5
    expect(pooled.advance).toBeCloseTo(0.4, 12);
    expect(pooled['exit:pension']).toBeCloseTo(0.2, 12);
    const p = weeklyProbabilities(pooled);
    const any = 1 - Math.exp(-0.6);
    expect(p.advance).toBeCloseTo((any * 0.4) / 0.6, 12);
    expect(p['exit:pension']).toBeCloseTo((any * 0.2) / 0.6, 12);
  });
});

describe('paths from observed records', () => {
  it('splits a record into stays ended by advance, pause, resume, regress, exit or censoring', () => {
    const record: ObservedRecordInput = {
      id: 'A',
      entries: [
        { step: 'assessment', day: 0 },
        { step: 'actionPlan', day: 4 },
        { step: 'step1', day: 10 },
        { step: 'step2', day: 60 },
        { step: 'step1', day: 80 },
      ],
      pauses: [{ from: 30, to: 44 }],
      exit: { day: 100, outcome: 'otherMeasure' },
    };
    const p = pathOf(ljusnarsberg, ObservedLogSchema.parse({ programme: 'ljusnarsberg', end: 365, records: [record] }).records[0]!, 365);
    expect(p.spells.map((s) => [s.step, s.paused, s.start, s.end, s.cause.type])).toEqual([
      [0, false, 0, 4, 'advance'],
      [1, false, 4, 10, 'advance'],
      [2, false, 10, 30, 'pause'],
      [2, true, 30, 44, 'resume'],
      [2, false, 44, 60, 'advance'],
      [3, false, 60, 80, 'regress'],
      [2, false, 80, 100, 'exit'],
    ]);
    expect(p.exited).toBe(true);
  });

  it('censors a record still in at the end of observation', () => {
    const log = ObservedLogSchema.parse({ programme: 'ljusnarsberg', end: 50, records: [{ id: 'B', entries: [{ step: 'assessment', day: 20 }] }] });
    const p = pathOf(ljusnarsberg, log.records[0]!, log.end);
    expect(p.spells).toEqual([{ step: 0, paused: false, start: 20, end: 50, entry: -1, cause: { type: 'censored' } }]);
    expect(p.lastDay).toBe(50);
  });

  it('converts core domain events into a log', () => {
    const events: DomainEvent[] = [];
    const drive = (id: string, exit: boolean) => {
      const p = ParticipantDriver.for(ljusnarsberg, id);
      const send = (at: string, body: Parameters<ParticipantDriver['send']>[1]) => {
        const r = p.send(at, body);
        if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
        events.push(...r.events);
      };
      send('2026-01-12T09:00', { type: 'refer', facts: { gender: 'woman', referrer: 'socialServices' } });
      send('2026-01-15T10:00', {
        type: 'completeAssessment',
        contents: { adjustmentNeeds: 'a', interestsAndExperience: 'b', ownView: 'c', motivation: 'd', healthHabits: 'e' },
      });
      send('2026-01-19T10:00', { type: 'establishPlan', contents: { mainPlacement: 'a', weeklySchedule: 'b', followUpTimes: 'c' }, subGoals: ['routine'], participantTookPart: true });
      send('2026-02-02T10:00', { type: 'pause', reason: 'sickLeave' });
      send('2026-02-09T10:00', { type: 'resume' });
      if (exit) send('2026-03-02T10:00', { type: 'exit', outcomeId: 'movedAway' });
    };
    drive('P-1', true);
    drive('P-2', false);
    const log = logFromEvents(ljusnarsberg, events, { origin: '2026-01-01', end: '2026-06-30' });
    expect(log.end).toBe(180);
    expect(log.records).toEqual([
      {
        id: 'P-1',
        entries: [
          { step: 'assessment', day: 11 },
          { step: 'actionPlan', day: 14 },
          { step: 'step1', day: 18 },
        ],
        pauses: [{ from: 32, to: 39 }],
        exit: { day: 60, outcome: 'movedAway' },
        facts: { gender: 'woman', referrer: 'socialServices' },
      },
      {
        id: 'P-2',
        entries: [
          { step: 'assessment', day: 11 },
          { step: 'actionPlan', day: 14 },
          { step: 'step1', day: 18 },
        ],
        pauses: [{ from: 32, to: 39 }],
        facts: { gender: 'woman', referrer: 'socialServices' },
      },
    ]);
  });
});

describe('Aalen–Johansen', () => {
  // Nacka: workAssessment (0) → actionPlan (1). All admitted on day 0 (or day 10 for D).
  const records: ObservedRecordInput[] = [
    { id: 'A', entries: [{ step: 'workAssessment', day: 0 }, { step: 'actionPlan', day: 2 }], censoredDay: 5 },
    { id: 'B', entries: [{ step: 'workAssessment', day: 0 }], exit: { day: 3, outcome: 'pension' } },
    { id: 'C', entries: [{ step: 'workAssessment', day: 0 }], censoredDay: 1 },
    { id: 'D', entries: [{ step: 'workAssessment', day: 10 }, { step: 'actionPlan', day: 12 }], exit: { day: 14, outcome: 'psychiatry' } },
  ];
  const log = ObservedLogSchema.parse({ programme: 'nacka', end: 30, records });
  const paths = log.records.map((r) => pathOf(nacka, r, log.end));

  it('matches the hand computation, with censoring and a participant admitted later', () => {
    // Day 2: C has left the risk set (censored after day 1); A and D move 0 → 1 of Y = 3 (A, B, D):
    //   P(0) = 1/3, P(1) = 2/3. Day 3: B exits from 0 (Y = 1): P(0) = 0, P(pension) = 1/3.
    //   Day 4: D exits from 1 (Y = 2: A, D): P(1) = 1/3, P(psychiatry) = 1/3.
    const occ = aalenJohansen(paths, [0, 1, 2, 3, 4, 10]);
    const at = (k: number) => Object.fromEntries(occ.states.map((s, j) => [s, Math.round(occ.shares[k]![j]! * 1e12) / 1e12]));
    expect(at(0)).toEqual({ 'step:0': 1, 'step:1': 0, 'exit:pension@0': 0, 'exit:psychiatry@1': 0 });
    expect(at(1)).toEqual(at(0));
    expect(at(2)).toMatchObject({ 'step:0': 0.333333333333, 'step:1': 0.666666666667 });
    expect(at(3)).toMatchObject({ 'step:0': 0, 'step:1': 0.666666666667, 'exit:pension@0': 0.333333333333 });
    expect(at(4)).toMatchObject({ 'step:1': 0.333333333333, 'exit:pension@0': 0.333333333333, 'exit:psychiatry@1': 0.333333333333 });
    expect(at(5)).toEqual(at(4));
  });

  it('gives state-occupation shares that sum to 1 at every time, with late entries too (property)', () => {
    const steps = ljusnarsberg.steps.map((s) => s.id);
    const outcomes = ljusnarsberg.outcomes.map((o) => o.id);
    fc.assert(
      fc.property(logArbitrary('ljusnarsberg', steps, outcomes, { minLength: 1, maxLength: 25 }), (log) => {
        const parsed = ObservedLogSchema.parse(log);
        const paths = parsed.records.map((r) => pathOf(ljusnarsberg, r, parsed.end));
        const days = Array.from({ length: 60 }, (_, k) => k * 10);
        const occ = aalenJohansen(paths, days);
        for (const row of occ.shares) {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          for (const v of row) expect(v).toBeGreaterThanOrEqual(-1e-12);
        }
      }),
    );
  });
});

describe('a behaviour from an observed log', () => {
  const records: ObservedRecordInput[] = [
    { id: 'A', entries: [{ step: 'workAssessment', day: 0 }, { step: 'actionPlan', day: 3 }], exit: { day: 40, outcome: 'regularEmployment' }, facts: { gender: 'woman', referrer: 'arbetsformedlingen' } },
    { id: 'B', entries: [{ step: 'workAssessment', day: 0 }, { step: 'actionPlan', day: 3 }], facts: { gender: 'man', referrer: 'arbetsformedlingen' } },
    { id: 'C', entries: [{ step: 'workAssessment', day: 0 }], censoredDay: 5, facts: { gender: 'man', referrer: 'mottagningOchUtredning' } },
    { id: 'D', entries: [{ step: 'workAssessment', day: 0 }], exit: { day: 10, outcome: 'pension' } },
  ];
  const calibration = calibrateFromLog(nacka, { programme: 'nacka', end: 100, records }, { months: 3 });

  it('gives weekly probabilities per step from pooled Nelson–Aalen increments', () => {
    // workAssessment stays: 3 advance, 3 advance, 5 censored, 10 exit:pension — the hand example above.
    const any = 1 - Math.exp(-0.6);
    const w = calibration.behaviour.steps.workAssessment!;
    expect(w.advance).toBeCloseTo((any * 0.4) / 0.6, 6);
    expect(w.exit.pension).toBeCloseTo((any * 0.2) / 0.6, 6);
    expect(calibration.steps[0]).toMatchObject({ stays: 4, events: 3, censored: 1 });
    // actionPlan stays: 37 exit (regularEmployment), 97 censored.
    expect(calibration.behaviour.steps.actionPlan!.exit.regularEmployment).toBeGreaterThan(0);
    expect(calibration.behaviour.steps.actionPlan!.advance).toBe(0);
    expect(calibration.notes).toContain('no stays observed at step "workTraining": the behaviour gives it nothing');
    expect(calibration.behaviour.facts.gender).toEqual({ woman: 1, man: 2 });
  });

  it('gives month-by-month state occupation, summing to 1, with "through" shares', () => {
    expect(calibration.occupation.map((o) => o.month)).toEqual([0, 1, 2, 3]);
    for (const o of calibration.occupation) {
      const total = Object.values(o.atStep).reduce((a, b) => a + b, 0) + o.paused + Object.values(o.exited).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 9);
    }
    // Day 3: A and B advance of four at risk → 1/2 at the plan. C is censored after day 5 (it leaves the
    // risk set, not the estimate). Day 10: D, the only one left at the assessment, exits → pension 1/2.
    const m1 = calibration.occupation[1]!;
    expect(m1.exited.pension).toBeCloseTo(1 / 2, 9);
    expect(m1.atStep.actionPlan).toBeCloseTo(1 / 2, 9);
    expect(m1.through.workAssessment).toBeCloseTo(1 / 2, 9);
    // Day 40: A exits from the plan, one of the two there → 1/4 regular employment, still through the assessment.
    const m2 = calibration.occupation[2]!;
    expect(m2.exited.regularEmployment).toBeCloseTo(1 / 4, 9);
    expect(m2.through.workAssessment).toBeCloseTo(1 / 2, 9);
  });
});

describe('a behaviour from aggregate counts: Nacka 2001, read as the table was made', () => {
  const observed = parseObservedOutcomesYaml(readFileSync(example('nacka', 'observed-2001.yaml'), 'utf8'));
  if (!observed.ok) throw new Error(JSON.stringify(observed.issues));
  const calibration = calibrateFromOutcomeCounts(nacka, observed.value);

  // "Under 2001 deltog sammanlagt 181 personer" … "21 personer gick vidare till någon form av anställning …"
  it('quotes the seed: 181 participants, 21 + 10 + 22 + 19 with an outcome; of the other 109, 50 still enrolled on 31 December', () => {
    expect(observed.value.participants).toBe(181);
    expect(observed.value.stillEnrolledAtEnd).toBe(50);
    expect(calibration.exits).toBe(131);
    expect(calibration.shares.map((s) => [s.id, s.count])).toEqual([
      ['employment', 21],
      ['internship', 10],
      ['otherMeasure', 22],
      ['pensionOrSickness', 19],
      ['noOutcome', 59],
    ]);
  });

  // "Under 2001 var det i snitt 50 deltagare inskrivna per vecka."
  it("gives the stay by Little's law from 50 enrolled on average: 50 × 52.1 weeks / 131 arrivals ≈ 19.9 weeks", () => {
    const W = (50 * 365) / 7 / 131;
    expect(calibration.meanStayWeeks).toBeCloseTo(W, 12);
    expect(steadyState(observed.value).arrivalsPerWeek).toBeCloseTo(131 / (365 / 7), 12);
    expect(calibration.meanStayBasis).toContain("Little's law");
  });

  it('gives weekly exit probabilities q · share of the exits, q = 1 / W, shared among a category’s outcomes', () => {
    const q = 131 / ((50 * 365) / 7);
    expect(calibration.weeklyExit).toBeCloseTo(q, 12);
    const exit = calibration.behaviour.default!.exit;
    expect(Object.values(exit).reduce((a, b) => a + b, 0)).toBeCloseTo(q, 12);
    expect(exit.regularEmployment! + exit.wageSubsidy! + exit.osa!).toBeCloseTo((q * 21) / 131, 12);
    expect(exit.regularEmployment).toBeCloseTo((q * 7) / 131, 12);
    expect(exit.internshipAtWorkplace).toBeCloseTo((q * 10) / 131, 12);
    expect(exit.noRecordedOutcome).toBeCloseTo((q * 59) / 131, 12);
    // every step leaves to the same outcomes at the same rate, and nobody moves between steps
    for (const step of nacka.steps) expect(calibration.behaviour.steps[step.id]).toEqual({ ...calibration.behaviour.default, advance: 0 });
  });

  it('refuses counts that add up to more than the participants, and a table with no way to the stay', () => {
    expect(() => calibrateFromOutcomeCounts(nacka, { ...observed.value, participants: 50 })).toThrow();
    const { meanEnrolled: _, ...noStay } = observed.value;
    const r = ObservedOutcomesSchema.safeParse(noStay);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['meanStay'], message: 'the stay is unknown: give meanStay, or meanEnrolled with the period' });
  });
});
