import { describe, expect, it } from 'vitest';
import { type DomainEvent, StegvisError } from '@stegvis/core';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';
import { aalenJohansen } from '../src/calibrate/aalen-johansen.js';
import { calibrateFromLog } from '../src/calibrate/from-log.js';
import { type ObservedLogInput, ObservedLogSchema, logFromEvents, pathOf, validateObservedLog } from '../src/calibrate/log.js';
import { nelsonAalen } from '../src/calibrate/nelson-aalen.js';
import { kaplanMeier } from '../src/report/stats.js';

const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const ljusnarsberg = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));

const paths = (log: ObservedLogInput) => {
  const parsed = ObservedLogSchema.parse(log);
  return parsed.records.map((r) => pathOf(nacka, r, parsed.end));
};

describe('the observed-log schema refuses what cannot be a participant’s history, with paths', () => {
  const bad: ObservedLogInput = {
    programme: 'nacka',
    end: 100,
    records: [
      { id: 'A', entries: [{ step: 'workAssessment', day: 10 }], exit: { day: 120, outcome: 'pension' } },
      { id: 'B', entries: [{ step: 'workAssessment', day: 10 }, { step: 'actionPlan', day: 4 }] },
      { id: 'C', entries: [{ step: 'workAssessment', day: 10 }], pauses: [{ from: 3, to: 20 }, { from: 30, to: 25 }] },
      { id: 'D', entries: [{ step: 'workAssessment', day: 10 }], observedFrom: 5, exit: { day: 60, outcome: 'pension' }, censoredDay: 60 },
    ],
  };

  it('an exit after `end`, an entry before the admission, pauses out of order, a late entry before its admission', () => {
    const r = validateObservedLog(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.path.join('.')}: ${i.message}. Fix: ${i.fix} (${i.code})`)).toMatchInlineSnapshot(`
      [
        "records.1.entries.1.day: this entry is dated before the admission (the first entry). Fix: list the admission first: the first entry is the day the participant was admitted (config.invalid_value)",
        "records.2.pauses.0.from: the pause starts before the admission. Fix: correct the date: a participant is paused only after being admitted (config.invalid_value)",
        "records.2.pauses.1.to: the pause ends before it starts. Fix: swap the two dates, or correct them (config.invalid_value)",
        "records.3.censoredDay: a record with an exit is not censored. Fix: remove censoredDay, or the exit (config.invalid_value)",
        "records.3.observedFrom: observedFrom is before the admission. Fix: leave observedFrom out for a participant observed from their admission (config.invalid_value)",
        "records.0.exit.day: the exit is dated after the log's end. Fix: correct the date, or set "end" to the last day observed (config.invalid_value)",
      ]
    `);
    // No value from the input is repeated in a message.
    for (const i of r.issues) expect(`${i.message} ${i.fix}`).not.toMatch(/\b(120|100|60|4|3|25|20)\b/);
  });

  it('calibrateFromLog refuses it with the same issues, as a StegvisError (no ZodError, no stack for the user)', () => {
    const thrown = (() => {
      try {
        calibrateFromLog(nacka, bad);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(StegvisError);
    expect((thrown as StegvisError).issues.map((i) => i.path.join('.'))).toContain('records.0.exit.day');
  });
});

describe('a pause that starts and ends on the same day', () => {
  it('is a pause and a resume, not an open pause', () => {
    const [p] = paths({ programme: 'nacka', end: 100, records: [{ id: 'A', entries: [{ step: 'workAssessment', day: 0 }], pauses: [{ from: 30, to: 30 }] }] });
    expect(p!.spells.map((s) => [s.paused, s.start, s.end, s.cause.type])).toEqual([
      [false, 0, 30, 'pause'],
      [true, 30, 30, 'resume'],
      [false, 30, 100, 'censored'],
    ]);
    // Aalen–Johansen: one move on day 30, from the step to the step (several moves on a day are one), so nobody is paused.
    const occ = aalenJohansen([p!], [40, 90]);
    expect(occ.shares.map((row) => row[occ.states.indexOf('step:0')])).toEqual([1, 1]);
    expect(occ.states).not.toContain('paused:0');
  });

  it('logFromEvents writes it as { from, to } on one date, and it reads back as resumed', () => {
    const events: DomainEvent[] = [];
    const p = ParticipantDriver.for(ljusnarsberg, 'P-1');
    const send = (at: string, body: Parameters<ParticipantDriver['send']>[1]) => {
      const r = p.send(at, body);
      if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
      events.push(...r.events);
    };
    send('2026-01-12T09:00', { type: 'refer', facts: { gender: 'woman', referrer: 'socialServices' } });
    send('2026-02-02T09:00', { type: 'pause', reason: 'sickLeave' });
    send('2026-02-02T15:00', { type: 'resume' });
    const log = logFromEvents(ljusnarsberg, events, { origin: '2026-01-01', end: '2026-06-30' });
    expect(log.records[0]!.pauses).toEqual([{ from: 32, to: 32 }]);
    const path = pathOf(ljusnarsberg, ObservedLogSchema.parse(log).records[0]!, log.end);
    expect(path.changes.at(-1)).toEqual([32, { type: 'step', step: 0 }]);
    expect(path.spells.at(-1)).toMatchObject({ paused: false, start: 32, cause: { type: 'censored' } });
  });
});

describe('late entry (left truncation)', () => {
  // A and B observed from their admission on day 0; C was admitted on day 0 too but is observed only
  // from day 8 (the observation began then): it is in the log because it had not left by day 7.
  const log: ObservedLogInput = {
    programme: 'nacka',
    end: 20,
    records: [
      { id: 'A', entries: [{ step: 'workAssessment', day: 0 }], exit: { day: 5, outcome: 'pension' } },
      { id: 'B', entries: [{ step: 'workAssessment', day: 0 }] },
      { id: 'C', entries: [{ step: 'workAssessment', day: 0 }], observedFrom: 8, exit: { day: 12, outcome: 'psychiatry' } },
    ],
  };
  const late = paths(log);
  const naive = paths({ ...log, records: log.records.map(({ observedFrom: _, ...r }) => r) });

  it('Aalen–Johansen: a late entry joins the risk set only after its entry', () => {
    // Day 5: A exits of Y = 2 (A, B; C not yet observed) → pension 1/2. Day 12: C exits of Y = 2 (B, C) → psychiatry 1/4.
    const occ = aalenJohansen(late, [6, 13]);
    const at = (k: number, s: string) => occ.shares[k]![occ.states.indexOf(s)];
    expect(at(0, 'exit:pension@0')).toBeCloseTo(1 / 2, 12);
    expect(at(1, 'exit:psychiatry@0')).toBeCloseTo(1 / 4, 12);
    expect(at(1, 'step:0')).toBeCloseTo(1 / 4, 12);
    // Counting C at risk from day 0 (ignoring that it was selected for staying) dilutes the early exit: 1/3.
    const biased = aalenJohansen(naive, [6]);
    expect(biased.shares[0]![biased.states.indexOf('exit:pension@0')]).toBeCloseTo(1 / 3, 12);
  });

  it('Kaplan–Meier and Nelson–Aalen: at risk only when entry < t ≤ duration', () => {
    const km = kaplanMeier([5, 20, 12], [true, false, true], [-1, -1, 7]);
    expect(km.map((s) => [s.t, s.atRisk, s.survival])).toEqual([
      [5, 2, 0.5],
      [12, 2, 0.25],
    ]);
    const na = nelsonAalen([5, 20, 12], ['exit', null, 'exit'], [-1, -1, 7]);
    expect(na.atRisk).toEqual([2, 2]);
    expect(na.cumulative.get('exit')).toEqual([0.5, 1]);
    // A row that entered at or after its duration was never at risk and is left out.
    expect(kaplanMeier([5, 3], [true, true], [-1, 3])).toEqual([{ t: 5, atRisk: 1, events: 1, survival: 0 }]);
  });

  it('the stays of a late entry carry their entry time; stays that ended before it are history, not at risk', () => {
    const [p] = paths({
      programme: 'nacka',
      end: 60,
      records: [{ id: 'L', entries: [{ step: 'workAssessment', day: 0 }, { step: 'actionPlan', day: 5 }, { step: 'workTraining', day: 20 }], observedFrom: 10 }],
    });
    // The assessment (days 0–5) ended before day 10: not observed. The plan (from day 5) was under way:
    // observed from duration 10 − 1 − 5 = 4 on. Work training started after day 10: observed from its start.
    expect(p!.spells.map((s) => [s.step, s.start, s.end, s.entry, s.cause.type])).toEqual([
      [1, 5, 20, 4, 'advance'],
      [2, 20, 60, -1, 'censored'],
    ]);
    expect(p!.observedFrom).toBe(10);
  });

  it('logFromEvents with a start date: whoever left before it is out, whoever was in is a late entry', () => {
    const events: DomainEvent[] = [];
    for (const [id, exitOn] of [['P-1', '2026-01-20T10:00'], ['P-2', '2026-03-02T10:00'], ['P-3', undefined]] as const) {
      const p = ParticipantDriver.for(ljusnarsberg, id);
      const send = (at: string, body: Parameters<ParticipantDriver['send']>[1]) => {
        const r = p.send(at, body);
        if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
        events.push(...r.events);
      };
      send('2026-01-12T09:00', { type: 'refer', facts: { gender: 'woman', referrer: 'socialServices' } });
      if (exitOn) send(exitOn, { type: 'exit', outcomeId: 'movedAway' });
      if (id === 'P-3') send('2026-07-06T10:00', { type: 'exit', outcomeId: 'movedAway' });
    }
    const log = logFromEvents(ljusnarsberg, events, { origin: '2026-01-01', start: '2026-02-01', end: '2026-06-30' });
    // P-1 left before the start: not in the log. P-2 and P-3 were in: observed from day 31. P-3's exit
    // (after the end) is not seen: censored at the end.
    expect(log.records.map((r) => [r.id, r.observedFrom, r.exit?.day])).toEqual([
      ['P-2', 31, 60],
      ['P-3', 31, undefined],
    ]);
    expect(validateObservedLog(log).ok).toBe(true);
  });
});
