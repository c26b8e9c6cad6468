import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComplianceRule,
  type DomainEvent,
  type Explanation,
  type ProgrammeInput,
  createEngine,
  expectedDays,
  formatExplanation,
  intensityOn,
  lintProgramme,
  programmeDiagram,
  notCompliant,
  stockholmInstant,
  validateProgramme,
} from '@stegvis/core';
import { ParticipantDriver } from '@stegvis/testing';
import { minimal } from './fixtures/minimal.js';

const caseworker = { id: 'referring-caseworker', role: 'caseworker' };
const staff = { id: 'staff-1', role: 'staff' };

const threeUnreported = {
  id: 'unreportedAbsences',
  label: { sv: 'Tre oanmälda frånvarotillfällen på fyra veckor', en: 'Three unreported absences within four weeks' },
  when: { count: 'absence.unreported', atLeast: 3, within: { weeks: 4 } },
} as const;

const config = (extra: Partial<ProgrammeInput> = {}): ProgrammeInput => ({
  ...minimal(),
  referral: {
    rules: [{ id: 'sickLeave', when: { fact: 'fullTimeSickLeave', equals: true }, decision: 'decline', reason: { sv: 'Heltidssjukskriven', en: 'On full-time sick leave' } }],
    otherwise: { decision: 'accept' },
  },
  intensity: {},
  compliance: [threeUnreported],
  ...extra,
});

const build = (c: ProgrammeInput) => {
  const r = validateProgramme(c);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

const admitted = (programme = build(config()), id = 'P-1', on = '2026-03-02') => {
  const p = ParticipantDriver.for(programme, id).as(caseworker);
  expect(p.send(`${on}T09:00`, { type: 'refer', facts: { fullTimeSickLeave: false } }).ok).toBe(true);
  return p;
};
const types = (r: { ok: boolean; events?: readonly DomainEvent[] }) => (r.ok ? r.events!.map((e) => e.type) : 'refused');

describe('compliance rules', () => {
  // Issue 15: "three unreported absences within four weeks", raising a flag and a notice to the referring caseworker.
  it('three unreported absences within four weeks raise the flag, with the referring caseworker to notify', () => {
    const p = admitted();
    p.as(staff);
    expect(types(p.send('2026-03-03T09:00', { type: 'recordAbsence', date: '2026-03-03', reported: false }))).toEqual(['absence.recorded']);
    expect(types(p.send('2026-03-10T09:00', { type: 'recordAbsence', date: '2026-03-10', reported: true }))).toEqual(['absence.recorded']);
    expect(types(p.send('2026-03-17T09:00', { type: 'recordAbsence', date: '2026-03-17', reported: false }))).toEqual(['absence.recorded']);
    const third = p.send('2026-03-24T09:00', { type: 'recordAbsence', date: '2026-03-24', reported: false });
    expect(third.ok && third.events[1]).toMatchObject({
      type: 'compliance.flagged',
      payload: { ruleId: 'unreportedAbsences', count: 3, from: '2026-02-25', notify: 'referring-caseworker' },
    });
    expect(p.engine.view(p.snapshot).flags).toContainEqual({ id: 'compliance.unreportedAbsences', label: threeUnreported.label, since: '2026-03-24' });
    expect(notCompliant(p.engine.programme, [p.context])).toEqual([
      { participantId: 'P-1', phase: 'active', notify: 'referring-caseworker', flags: [{ ruleId: 'unreportedAbsences', label: threeUnreported.label, since: '2026-03-24', count: 3 }] },
    ]);
    // Nothing changes on the same window: no second flag.
    expect(types(p.send('2026-03-30T09:00', { type: 'tick' }))).toEqual([]);
    // On 31 March the window is 4–31 March: the absence of 3 March has left it.
    const cleared = p.send('2026-03-31T09:00', { type: 'tick' });
    expect(cleared.ok && cleared.events.map((e) => [e.type, e.payload])).toEqual([['compliance.cleared', { ruleId: 'unreportedAbsences', since: '2026-03-24', notify: 'referring-caseworker' }]]);
    expect(p.engine.view(p.snapshot).flags).toEqual([]);
    expect(notCompliant(p.engine.programme, [p.context])).toEqual([]);
  });

  it('a backdated record counts by the day it is about, and one older than every window is not kept', () => {
    const p = admitted();
    for (const date of ['2026-03-20', '2026-03-21']) p.send('2026-03-22T09:00', { type: 'recordAbsence', date, reported: false });
    expect(types(p.send('2026-03-22T10:00', { type: 'recordAbsence', date: '2026-01-02', reported: false }))).toEqual(['absence.recorded']);
    expect(p.context.participation?.records.map((r) => r.date)).toEqual(['2026-03-20', '2026-03-21']);
    const r = p.send('2026-03-22T11:00', { type: 'recordAbsence', date: '2026-02-23', reported: false });
    expect(types(r)).toEqual(['absence.recorded', 'compliance.flagged']);
  });

  it('deviations of named kinds only, when the rule names kinds', () => {
    const rule = { id: 'late', label: 'Sen två gånger', when: { count: 'deviation' as const, kinds: ['late'], atLeast: 2, within: { days: 7 } } };
    const p = admitted(build(config({ compliance: [rule] })));
    expect(types(p.send('2026-03-03T09:00', { type: 'recordDeviation', date: '2026-03-03', kind: 'late' }))).toEqual(['deviation.recorded']);
    expect(types(p.send('2026-03-04T09:00', { type: 'recordDeviation', date: '2026-03-04', kind: 'refusedTask' }))).toEqual(['deviation.recorded']);
    expect(types(p.send('2026-03-05T09:00', { type: 'recordDeviation', date: '2026-03-05', kind: 'late' }))).toEqual(['deviation.recorded', 'compliance.flagged']);
  });

  it('a flag whose rule the programme no longer has (a migrated state) is cleared at the next command', () => {
    const p = admitted();
    for (const d of ['2026-03-03', '2026-03-04', '2026-03-05']) p.send(`${d}T09:00`, { type: 'recordAbsence', date: d, reported: false });
    const next = createEngine(build(config({ compliance: [] })));
    let s = next.resolve(p.context);
    const r = next.execute(s, { type: 'tick', participantId: 'P-1', actor: caseworker, at: stockholmInstant('2026-03-06T09:00') });
    expect(r.ok && r.events.map((e) => [e.type, e.payload])).toEqual([['compliance.cleared', { ruleId: 'unreportedAbsences', since: '2026-03-05', notify: 'referring-caseworker' }]]);
    if (r.ok) s = r.snapshot;
    expect(s.context.participation?.flags).toEqual({});
  });

  it('no flag events after the exit: the participant is out of the programme', () => {
    const p = admitted();
    for (const d of ['2026-03-03', '2026-03-04', '2026-03-05']) p.send(`${d}T09:00`, { type: 'recordAbsence', date: d, reported: false });
    expect(types(p.send('2026-03-06T09:00', { type: 'exit', outcomeId: 'job' }))).toEqual(['participant.exited']);
    expect(notCompliant(p.engine.programme, [p.context])).toEqual([]);
  });
});

describe('participation intensity', () => {
  it('is a history valid from dates; the plan may set the first one; a later one applies from its date on', () => {
    const withPlan: ProgrammeInput = {
      ...config(),
      steps: [
        { id: 'plan', kind: 'actionPlan', label: 'Plan', params: { contents: [{ id: 'schedule', label: 'Schema', required: true }] } },
        ...minimal().steps.slice(1),
      ],
    };
    const p = admitted(build(withPlan));
    const r = p.send('2026-03-03T09:00', { type: 'establishPlan', contents: { schedule: 'mån–ons' }, subGoals: ['g1'], participantTookPart: true, intensity: { percent: 50, daysPerWeek: 3 } });
    expect(r.ok && r.events.map((e) => [e.type, e.type === 'intensity.set' ? e.payload : null])).toEqual([
      ['plan.established', null],
      ['step.advanced', null],
      ['intensity.set', { percent: 50, daysPerWeek: 3, validFrom: '2026-03-03' }],
    ]);
    expect(p.send('2026-03-20T09:00', { type: 'setIntensity', percent: 100, daysPerWeek: 5, validFrom: '2026-04-01' }).ok).toBe(true);
    expect(intensityOn(p.context, '2026-03-02')).toBeUndefined();
    expect(intensityOn(p.context, '2026-03-31')).toEqual({ percent: 50, daysPerWeek: 3 });
    expect(intensityOn(p.context, '2026-04-01')).toEqual({ percent: 100, daysPerWeek: 5 });
    // Three days a week for the 7 days 3–9 March, five for 1–7 April.
    expect(expectedDays(p.context, '2026-03-03', '2026-03-09')).toBe(3);
    expect(expectedDays(p.context, '2026-04-01', '2026-04-07')).toBe(5);
    expect(p.context.participation?.intensity.map((i) => i.by)).toEqual(['referring-caseworker', 'referring-caseworker']);
  });

  it('is refused, changing nothing, where the programme records none, beyond full time, or before the intake', () => {
    const without = admitted(build(config({ intensity: undefined, compliance: [] })));
    const before = without.snapshot;
    const r = without.send('2026-03-03T09:00', { type: 'setIntensity', percent: 50, daysPerWeek: 3, validFrom: '2026-03-03' });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.invalid', path: ['type'], message: 'this programme does not record participation intensity' });
    expect(without.snapshot).toBe(before);
    const p = admitted(build(config({ intensity: { fullTimeDaysPerWeek: 4 } })));
    const five = p.send('2026-03-03T09:00', { type: 'setIntensity', percent: 100, daysPerWeek: 5, validFrom: '2026-03-03' });
    expect(!five.ok && five.refusal.issues[0]).toMatchObject({ path: ['daysPerWeek'] });
    const early = p.send('2026-03-03T09:00', { type: 'setIntensity', percent: 50, daysPerWeek: 2, validFrom: '2026-03-01' });
    expect(!early.ok && early.refusal.issues[0]).toMatchObject({ path: ['validFrom'] });
  });

  it('missing attendance is the expected days (by intensity) not attended, and pauses are not expected', () => {
    const rule = { id: 'missed', label: 'Missade dagar', when: { count: 'attendance.missing', atLeast: 2, within: { weeks: 1 } } } as const;
    const p = admitted(build(config({ compliance: [rule] })));
    p.send('2026-03-02T10:00', { type: 'setIntensity', percent: 60, daysPerWeek: 3, validFrom: '2026-03-02' });
    p.send('2026-03-03T10:00', { type: 'recordAttendance', date: '2026-03-03', hours: 6 });
    p.send('2026-03-05T10:00', { type: 'recordAttendance', date: '2026-03-05', hours: 6 });
    // 2–8 March: three expected, two attended.
    expect(types(p.send('2026-03-08T10:00', { type: 'tick' }))).toEqual([]);
    // 4–10 March: three expected, one attended (5 March).
    const r = p.send('2026-03-10T10:00', { type: 'tick' });
    expect(r.ok && r.events[0]).toMatchObject({ type: 'compliance.flagged', payload: { ruleId: 'missed', count: 2, from: '2026-03-04' } });
    // Paused from 10 March: that day is not expected any more (4–9 March: two expected, one attended), so the flag clears.
    expect(types(p.send('2026-03-10T11:00', { type: 'pause', reason: 'sickLeave' }))).toEqual(['participant.paused', 'compliance.cleared']);
    expect(expectedDays(p.context, '2026-03-11', '2026-03-17')).toBe(0);
  });
});

describe('updateFacts re-runs the referral rules', () => {
  // Issue 15: "updateFacts re-runs the referral rules and produces a notice when a participant no longer qualifies — never a silent unenrolment".
  it('a notice with the failing rule and its explanation, the participant stays; and a notice when they qualify again', () => {
    const p = admitted();
    const lost = p.send('2026-03-10T09:00', { type: 'updateFacts', facts: { fullTimeSickLeave: true } });
    expect(types(lost)).toEqual(['facts.updated', 'eligibility.lost']);
    const notice = lost.ok ? lost.events[1]! : undefined;
    expect(notice).toMatchObject({ payload: { ruleId: 'sickLeave', reason: { en: 'On full-time sick leave' }, notify: 'referring-caseworker', explanation: { ok: false } } });
    // Why: the rule that declines (✗), and under it its condition, which holds (✓).
    expect(formatExplanation((notice?.payload as { explanation: Explanation }).explanation, 'en')).toBe(
      ['✗ Meets the programme\'s referral rules', '  ✗ Rule "sickLeave" declines (On full-time sick leave)', '    ✓ On full-time sick leave is yes (now: yes)'].join('\n'),
    );
    expect(p.engine.phase(p.snapshot)).toBe('active');
    expect(p.engine.view(p.snapshot).flags.map((f) => f.id)).toContain('eligibilityLost');
    // Still not qualifying: no second notice.
    expect(types(p.send('2026-03-11T09:00', { type: 'updateFacts', facts: { age: 30 } }))).toEqual(['facts.updated']);
    const again = p.send('2026-03-12T09:00', { type: 'updateFacts', facts: { fullTimeSickLeave: false } });
    expect(types(again)).toEqual(['facts.updated', 'eligibility.regained']);
    expect(p.engine.view(p.snapshot).flags.map((f) => f.id)).not.toContain('eligibilityLost');
  });

  it('the not-compliant view leaves out who no longer meets the referral rules', () => {
    const programme = build(config());
    const a = admitted(programme, 'A');
    const b = admitted(programme, 'B');
    for (const p of [a, b]) for (const d of ['2026-03-03', '2026-03-04', '2026-03-05']) p.send(`${d}T09:00`, { type: 'recordAbsence', date: d, reported: false });
    b.send('2026-03-06T09:00', { type: 'updateFacts', facts: { fullTimeSickLeave: true } });
    expect(notCompliant(programme, [a.context, b.context]).map((x) => x.participantId)).toEqual(['A']);
  });
});

describe('lint of compliance rules', () => {
  it('finds a threshold full time cannot reach, a measure nobody may record, and a rule said twice', () => {
    const missed = { id: 'missed', label: 'M', when: { count: 'attendance.missing' as const, atLeast: 6, within: { weeks: 1 } } };
    const policy = [{ commands: ['refer', 'setIntensity'], roles: ['caseworker'] }] as ProgrammeInput['policy'];
    const findings = lintProgramme(build(config({ roles: [{ id: 'caseworker', label: 'Handläggare' }], policy, compliance: [missed, threeUnreported, { ...threeUnreported, id: 'again' }] })));
    const ours = findings.filter((f) => f.code.startsWith('lint.compliance')).map((f) => [f.code, f.path.join('.')]);
    expect(ours).toEqual([
      ['lint.compliance_never_holds', 'compliance.0.when.atLeast'],
      ['lint.compliance_never_holds', 'compliance.1.when.count'],
      ['lint.compliance_never_holds', 'compliance.2.when.count'],
      ['lint.compliance_rule_duplicate', 'compliance.2.when'],
    ]);
    expect(lintProgramme(build(config())).filter((f) => f.code.startsWith('lint.compliance'))).toEqual([]);
  });
});

describe('the diagram', () => {
  it('notes the compliance rules, with their windows, and that intensity is recorded; nothing for a programme without them', () => {
    const notes = programmeDiagram(build(config()), { lang: 'en' }).split('\n').filter((l) => l.includes('note right of active'));
    expect(notes).toEqual([
      '  note right of active : Compliance, flagged to the referring caseworker#58; Three unreported absences within four weeks (3+ within 4 weeks)',
      '  note right of active : Intensity is recorded#58; percent of full time and days a week',
    ]);
    expect(programmeDiagram(build(minimal()), { lang: 'en' })).not.toContain('note right of active');
  });
});

describe('validation of compliance rules', () => {
  it('says what is wrong, where, and how to fix it', () => {
    const noIntensity = validateProgramme(config({ intensity: undefined, compliance: [{ id: 'm', label: 'M', when: { count: 'attendance.missing', atLeast: 1, within: { weeks: 1 } } }] }));
    expect(!noIntensity.ok && noIntensity.issues).toEqual([expect.objectContaining({ code: 'config.invalid_value', path: ['compliance', 0, 'when', 'count'], fix: expect.stringContaining('intensity') })]);
    const badMeasure = validateProgramme(config({ compliance: [{ id: 'm', label: 'M', when: { count: 'absences' as never, atLeast: 1, within: { weeks: 1 } } }] }));
    expect(!badMeasure.ok && badMeasure.issues[0]).toMatchObject({ path: ['compliance', 0, 'when', 'count'] });
    expect(!badMeasure.ok && badMeasure.issues[0]!.message).not.toContain('absences');
    const twice = validateProgramme(config({ compliance: [threeUnreported, threeUnreported] }));
    expect(!twice.ok && twice.issues[0]).toMatchObject({ code: 'config.duplicate_id', path: ['compliance', 1, 'id'] });
    const zero = validateProgramme(config({ compliance: [{ ...threeUnreported, when: { ...threeUnreported.when, atLeast: 0 } }] }));
    expect(!zero.ok && zero.issues[0]).toMatchObject({ path: ['compliance', 0, 'when', 'atLeast'] });
  });
});

// ---- The property: an oracle written from the rule's words, independently of the engine. ----

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

type Rec = { date: string; type: 'absent' | 'deviation' | 'attended'; reported?: boolean; code?: string };

/** Whether each rule holds on `today`, counted from everything accepted so far, kept in full. */
function oracle(
  rules: readonly ComplianceRule[],
  s: { records: Rec[]; intensity: { validFrom: string; days: number }[]; pauses: { from: string; to: string | null }[]; intake: string },
  today: string,
): Set<string> {
  const out = new Set<string>();
  for (const rule of rules) {
    const w = rule.when.within;
    // "within 4 weeks": the days after the same day 4 weeks earlier, up to today.
    const back = new Date(`${today}T00:00:00Z`);
    back.setUTCMonth(back.getUTCMonth() - (w.months ?? 0));
    // JavaScript rolls 31 March − 1 month over to 3 March; calendar months clamp to the month's end.
    if (w.months && back.getUTCDate() !== new Date(`${today}T00:00:00Z`).getUTCDate()) back.setUTCDate(0);
    const first = Math.round(back.getTime() / DAY) - 7 * (w.weeks ?? 0) - (w.days ?? 0) + 1;
    const last = dayOf(today);
    const inside = (r: Rec) => dayOf(r.date) >= first && dayOf(r.date) <= last;
    const kinds = (r: Rec) => !rule.when.kinds || (r.code !== undefined && rule.when.kinds.includes(r.code));
    let count = 0;
    if (rule.when.count === 'attendance.missing') {
      let sevenths = 0;
      for (let d = Math.max(first, dayOf(s.intake)); d <= last; d++) {
        const paused = s.pauses.some((p) => dayOf(p.from) <= d && (p.to === null || d < dayOf(p.to)));
        const valid = s.intensity.filter((i) => dayOf(i.validFrom) <= d);
        const current = valid.reduce<(typeof valid)[number] | undefined>((best, i) => (!best || i.validFrom >= best.validFrom ? i : best), undefined);
        if (!paused && current) sevenths += current.days;
      }
      const attended = new Set(s.records.filter((r) => r.type === 'attended' && inside(r)).map((r) => r.date)).size;
      count = Math.max(0, Math.floor(sevenths / 7) - attended);
    } else {
      const want = { absence: (r: Rec) => r.type === 'absent', 'absence.reported': (r: Rec) => r.type === 'absent' && r.reported === true, 'absence.unreported': (r: Rec) => r.type === 'absent' && r.reported === false, deviation: (r: Rec) => r.type === 'deviation' }[rule.when.count];
      count = s.records.filter((r) => inside(r) && want(r) && kinds(r)).length;
    }
    if (count >= rule.when.atLeast) out.add(rule.id);
  }
  return out;
}

const ruleArb = (i: number): fc.Arbitrary<ComplianceRule> =>
  fc
    .record({
      count: fc.constantFrom('absence', 'absence.reported', 'absence.unreported', 'deviation', 'attendance.missing'),
      kinds: fc.option(fc.subarray(['late', 'sick'], { minLength: 1 }), { nil: undefined }),
      atLeast: fc.integer({ min: 1, max: 4 }),
      within: fc.oneof(fc.integer({ min: 1, max: 20 }).map((days) => ({ days })), fc.integer({ min: 1, max: 4 }).map((weeks) => ({ weeks })), fc.constant({ months: 1 })),
    })
    .map(({ count, kinds, ...w }) => ({ id: `rule${i}`, label: { sv: `Regel ${i}`, en: `Rule ${i}` }, notify: 'referringCaseworker' as const, when: { count, ...w, ...(kinds && count !== 'attendance.missing' ? { kinds } : {}) } }));

const step = fc.record({
  wait: fc.integer({ min: 0, max: 6 }),
  back: fc.integer({ min: -3, max: 40 }),
  what: fc.constantFrom('absence', 'deviation', 'attendance', 'tick', 'tick', 'intensity', 'pause', 'resume', 'badIntensity'),
  reported: fc.boolean(),
  code: fc.constantFrom('late', 'sick', 'other'),
  days: fc.integer({ min: 1, max: 5 }),
});

describe('property: compliance flags', () => {
  it('are set exactly when the rule holds over its window on the day of each command, cleared exactly when it stops; refusals change nothing; replay = live', () => {
    fc.assert(
      fc.property(fc.tuple(ruleArb(0), ruleArb(1), ruleArb(2)), fc.array(step, { minLength: 1, maxLength: 40 }), (rules, steps) => {
        const programme = build(config({ compliance: rules }));
        const engine = createEngine(programme);
        const intake = '2026-01-05';
        let s = engine.initial('P');
        const send = (day: number, body: object) => engine.execute(s, { ...body, participantId: 'P', actor: caseworker, at: stockholmInstant(`${isoOf(day)}T10:00`) });
        const referred = send(dayOf(intake), { type: 'refer', facts: {} });
        if (!referred.ok) throw new Error('not referred');
        s = referred.snapshot;
        const log: DomainEvent[] = [...referred.events];
        const seen = { records: [] as Rec[], intensity: [] as { validFrom: string; days: number }[], pauses: [] as { from: string; to: string | null }[], intake };
        let flagged = new Set<string>();
        let day = dayOf(intake);
        for (const st of steps) {
          day += st.wait;
          const date = isoOf(day - st.back);
          const body = {
            absence: { type: 'recordAbsence', date, reported: st.reported, reason: st.code },
            deviation: { type: 'recordDeviation', date, kind: st.code },
            attendance: { type: 'recordAttendance', date, hours: 4 },
            tick: { type: 'tick' },
            intensity: { type: 'setIntensity', percent: 20 * st.days, daysPerWeek: st.days, validFrom: isoOf(Math.max(day - st.back, dayOf(intake))) },
            badIntensity: { type: 'setIntensity', percent: 100, daysPerWeek: 6, validFrom: isoOf(day) },
            pause: { type: 'pause', reason: 'x' },
            resume: { type: 'resume' },
          }[st.what];
          const before = s;
          const r = send(day, body);
          if (!r.ok) {
            expect(s).toBe(before);
            continue;
          }
          s = r.snapshot;
          log.push(...r.events);
          // What the command recorded, in the oracle's own terms.
          if (st.what === 'absence') seen.records.push({ date, type: 'absent', reported: st.reported, code: st.code });
          if (st.what === 'deviation') seen.records.push({ date, type: 'deviation', code: st.code });
          if (st.what === 'attendance') seen.records.push({ date, type: 'attended' });
          if (st.what === 'intensity') seen.intensity.push({ validFrom: (body as { validFrom: string }).validFrom, days: st.days });
          if (st.what === 'pause') seen.pauses.push({ from: isoOf(day), to: null });
          if (st.what === 'resume') seen.pauses[seen.pauses.length - 1]!.to = isoOf(day);
          const want = oracle(rules, seen, isoOf(day));
          const now = new Set(Object.keys(s.context.participation?.flags ?? {}));
          expect([...now].sort()).toEqual([...want].sort());
          const raised = r.events.filter((e) => e.type === 'compliance.flagged').map((e) => (e.payload as { ruleId: string }).ruleId);
          const cleared = r.events.filter((e) => e.type === 'compliance.cleared').map((e) => (e.payload as { ruleId: string }).ruleId);
          expect(raised.sort()).toEqual([...want].filter((id) => !flagged.has(id)).sort());
          expect(cleared.sort()).toEqual([...flagged].filter((id) => !want.has(id)).sort());
          flagged = want;
        }
        const replayed = engine.replay('P', log);
        expect(replayed.ok && replayed.value.context).toEqual(s.context);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
