import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { type CommandInput, type DomainEvent, type ParticipantSnapshot, createEngine, effectiveEvents, explainVoids, formatExplanation, stockholmInstant, validateProgrammeYaml } from '@stegvis/core';
import { loadProgrammeYaml } from './arbitraries.js';

const programme = loadProgrammeYaml(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const engine = createEngine(programme);
const caseworker = { id: 'cw-ref', role: 'caseworker' };
const foreman = { id: 'foreman-2', role: 'workSupervisor' };
const PID = 'N-15';

/** A participant driven command by command, keeping the log as a store would. */
function participant() {
  let s: ParticipantSnapshot = engine.initial(PID);
  const log: DomainEvent[] = [];
  const send = (at: string, body: Record<string, unknown>, actor = caseworker) => {
    const instant = /[+-]\d\d:\d\d$|Z$/.test(at) ? at : stockholmInstant(at);
    const r = engine.execute(s, { ...body, participantId: PID, at: instant, actor } as CommandInput, { events: log });
    if (r.ok) {
      s = r.snapshot;
      log.push(...r.events);
    }
    return r;
  };
  return { send, log, get s() { return s; } };
}

/** Nacka's participant at work training, after the assessment and the plan. */
function atWorkTraining() {
  const p = participant();
  p.send('2002-03-04T09:00', { type: 'refer', facts: { referrer: 'mottagningOchUtredning', targetGroup: 'partTimeSfi', occupiedFullTimeElsewhere: false }, place: 'granted' });
  p.send('2002-03-05T09:00', { type: 'completeAssessment', contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } });
  p.send('2002-03-06T09:00', { type: 'establishPlan', contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true });
  expect(p.s.context.currentStepId).toBe('workTraining');
  return p;
}

describe('corrections: voiding an event recorded by mistake', () => {
  it('an attendance recorded for the wrong participant is voided: the log keeps both, the state leaves it out', () => {
    const p = atWorkTraining();
    p.send('2002-03-07T09:00', { type: 'recordAttendance', date: '2002-03-07', hours: 6 }, foreman);
    p.send('2002-03-08T09:00', { type: 'recordAttendance', date: '2002-03-08', hours: 4 }, foreman);
    const wrong = p.log.at(-1)!;
    expect(p.s.context.attendance).toMatchObject({ days: 2, hours: 10 });
    const r = p.send('2002-03-08T10:00', { type: 'voidEvent', eventSeq: wrong.seq, reason: 'wrongParticipant' });
    expect(r.ok && r.events).toMatchObject([{ type: 'event.voided', payload: { eventSeq: wrong.seq, reason: 'wrongParticipant' }, actor: caseworker }]);
    expect(p.s.context.attendance).toMatchObject({ days: 1, hours: 6 });
    // Append-only: the voided event is still in the log, and the readers' helper leaves both out.
    expect(p.log.map((e) => e.type).slice(-2)).toEqual(['attendance.recorded', 'event.voided']);
    expect(effectiveEvents(p.log).map((e) => e.seq)).not.toContain(wrong.seq);
    expect(effectiveEvents(p.log).some((e) => e.type === 'event.voided')).toBe(false);
    // Replay gives the state execute gave.
    const replayed = engine.replay(PID, p.log);
    expect(replayed.ok && replayed.value.context).toEqual(p.s.context);
    // The explanation says which event was voided, why, by whom and when.
    expect(formatExplanation(explainVoids(p.log)!, 'sv')).toBe(
      `✓ Makulerade händelser: finns i loggen, ingår inte i läget\n  ✓ Händelse ${wrong.seq} (attendance.recorded) makulerades (wrongParticipant, av cw-ref ${stockholmInstant('2002-03-08T10:00')})`,
    );
    expect(explainVoids(p.log.slice(0, -1))).toBeUndefined();
  });

  it('the referral, a place, a migration, a void and proposals cannot be voided, and the refusal says why in both languages', () => {
    const p = atWorkTraining();
    const refusedFor = (seq: number) => {
      const r = p.send('2002-03-07T09:00', { type: 'voidEvent', eventSeq: seq, reason: 'enteredInError' });
      if (r.ok) throw new Error(`event ${seq} was voided`);
      return r.refusal;
    };
    const referral = refusedFor(1);
    expect(referral.issues[0]).toMatchObject({ code: 'command.not_voidable', path: ['eventSeq'] });
    expect(formatExplanation(referral.explanation!, 'sv')).toContain('Anvisningen inleder deltagarens logg');
    expect(formatExplanation(referral.explanation!, 'en')).toContain('The referral starts the participant\'s log');
    expect(refusedFor(2).issues[0]!.message).toContain('participant.admitted');
    p.send('2002-03-07T09:00', { type: 'recordDeviation', date: '2002-03-07', kind: 'late' }, foreman);
    const deviation = p.log.at(-1)!.seq;
    expect(p.send('2002-03-07T10:00', { type: 'voidEvent', eventSeq: deviation, reason: 'duplicate' }).ok).toBe(true);
    expect(refusedFor(deviation).issues[0]!.message).toContain('already voided');
    expect(refusedFor(deviation + 1).issues[0]!.message).toContain('event.voided');
    expect(refusedFor(99).issues[0]).toMatchObject({ code: 'command.unknown_reference', path: ['eventSeq'] });
  });

  it('a void is refused when a later event depends on the voided one, naming that event', () => {
    const p = atWorkTraining();
    p.send('2002-03-10T09:00', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'dailyActivity', status: 'met' });
    const mark = p.log.at(-1)!.seq;
    p.send('2002-03-11T09:00', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'moreAndMore', status: 'met' });
    p.send('2002-03-12T09:00', { type: 'advance' });
    const advanced = p.log.at(-1)!;
    expect(advanced.type).toBe('step.advanced');
    const r = p.send('2002-03-12T10:00', { type: 'voidEvent', eventSeq: mark, reason: 'enteredInError' });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.void_breaks_stream', path: ['eventSeq'] });
    expect(!r.ok && r.refusal.issues[0]!.message).toContain(`event ${advanced.seq} (step.advanced)`);
    // Newest first: void the advance, then the mark.
    expect(p.send('2002-03-12T10:00', { type: 'voidEvent', eventSeq: advanced.seq, reason: 'enteredInError' }).ok).toBe(true);
    expect(p.s.context.currentStepId).toBe('workTraining');
    expect(p.send('2002-03-12T10:01', { type: 'voidEvent', eventSeq: mark, reason: 'enteredInError' }).ok).toBe(true);
    expect(p.s.context.steps.workTraining!.requirements).not.toHaveProperty('dailyActivity');
  });

  // Beyond the machine's own rules: a mark on the step a voided advance entered no longer fits (`stillApplies`).
  it('a mark on a step the participant no longer reaches makes voiding the advance into it refused', () => {
    const p = atWorkTraining();
    p.send('2002-03-10T09:00', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'dailyActivity', status: 'met' });
    p.send('2002-03-11T09:00', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'moreAndMore', status: 'met' });
    p.send('2002-03-12T09:00', { type: 'advance' });
    const advanced = p.log.at(-1)!.seq;
    p.send('2002-03-13T09:00', { type: 'markRequirement', stepId: 'internship', requirementId: 'internshipAtWorkplace', status: 'met', evidence: { supervisor: 'sup-1' } });
    const r = p.send('2002-03-13T10:00', { type: 'voidEvent', eventSeq: advanced, reason: 'enteredInError' });
    expect(!r.ok && r.refusal.code).toBe('command.void_breaks_stream');
    expect(!r.ok && r.refusal.issues[0]!.message).toContain('(requirement.marked) no longer applies');
  });

  // Issue 11, point 2: a command dated 9999-12-31 locked the participant behind `command.time_backwards`.
  it('an event dated 9999-12-31 is voided, and the participant takes commands dated today again', () => {
    const p = atWorkTraining();
    const before = p.s.context;
    expect(p.send('9999-12-31T09:00', { type: 'recordAttendance', date: '2002-03-07', hours: 6 }, foreman).ok).toBe(true);
    const wrong = p.log.at(-1)!.seq;
    const locked = p.send('2002-03-08T09:00', { type: 'tick' }, { id: 'clock', role: 'system' });
    expect(!locked.ok && locked.refusal.code).toBe('command.time_backwards');
    const v = p.send('2002-03-08T09:00', { type: 'voidEvent', eventSeq: wrong, reason: 'wrongDate' });
    expect(v.ok).toBe(true);
    // The participant's time is the latest remaining event's again.
    expect(p.s.context.lastEventAt).toBe(before.lastEventAt);
    expect(p.s.context.today).toBe(before.today);
    expect(p.send('2002-03-08T09:05', { type: 'recordAttendance', date: '2002-03-08', hours: 6 }, foreman).ok).toBe(true);
    expect(p.s.context.attendance.days).toBe(1);
  });

  it('without the participant\'s events, a void says what to pass; a role the policy does not grant may not void', () => {
    const p = atWorkTraining();
    const noEvents = engine.execute(p.s, { type: 'voidEvent', participantId: PID, at: stockholmInstant('2002-03-07T09:00'), actor: caseworker, eventSeq: 3, reason: 'duplicate' });
    expect(!noEvents.ok && noEvents.refusal.issues[0]).toMatchObject({ code: 'option.invalid', fix: expect.stringContaining('{ events }') });
    const byForeman = p.send('2002-03-07T09:00', { type: 'voidEvent', eventSeq: 3, reason: 'duplicate' }, foreman);
    expect(!byForeman.ok && byForeman.refusal.code).toBe('command.forbidden');
  });

  it('replayFrom a snapshot that already holds the voided event says to rebuild from all events', () => {
    const p = atWorkTraining();
    p.send('2002-03-07T09:00', { type: 'recordAttendance', date: '2002-03-07', hours: 6 }, foreman);
    const at = engine.replay(PID, p.log);
    if (!at.ok) throw new Error('replay');
    p.send('2002-03-07T10:00', { type: 'voidEvent', eventSeq: p.log.at(-1)!.seq, reason: 'duplicate' });
    const r = engine.replayFrom(at.value, p.log.slice(-1));
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'event.not_applicable', path: [0, 'payload', 'eventSeq'] });
    expect(!r.ok && r.issues[0]!.fix).toContain('all their events');
  });
});

describe('the programme\'s proposals', () => {
  it('name declared roles: an undeclared one is an issue with its path', () => {
    const text = readFileSync(new URL('../../../examples/nacka/programme.yaml', import.meta.url), 'utf8').replace('    - roles: [workSupervisor]\n      commands: [markRequirement', '    - roles: [provider]\n      commands: [markRequirement');
    const r = validateProgrammeYaml(text);
    expect(!r.ok && r.issues.map((i) => [i.code, i.path])).toEqual([['config.unknown_reference', ['proposals', 'allow', 0, 'roles', 0]]]);
  });
});
