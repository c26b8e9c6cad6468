import { describe, expect, it } from 'vitest';
import { type DomainEvent, type ParticipantSnapshot, createEngine, programmeDiagram, validateProgramme } from '@stegvis/core';

/**
 * Follow-up after exit (issue 14): "a programme declares follow-ups after exit (e.g. at 1 and 6 months); they
 * are deadlines like any other, recorded as events on the exited participant (status found: in work —
 * regular, subsidised, municipal labour-market job —, in studies with or without student finance,
 * job-seeking, other, not reached)".
 */

const config = {
  id: 'afterExit',
  version: 1,
  name: { sv: 'Efter avslut', en: 'After exit' },
  steps: [
    { id: 'training', kind: 'ladderStep', label: { sv: 'Träning', en: 'Training' }, params: { requirements: [{ id: 'attended', label: { sv: 'Deltog', en: 'Attended' } }], completion: 'all' } },
    { id: 'exit', kind: 'exit', label: { sv: 'Avslut', en: 'Exit' }, params: { outcomes: [{ id: 'work', label: { sv: 'Arbete', en: 'Work' }, income: 'full' }] } },
  ],
  followUpAfterExit: [
    { id: 'oneMonth', label: { sv: 'En månad efter avslut', en: 'One month after exit' }, after: { months: 1 } },
    { id: 'sixMonths', after: { months: 6 }, within: { weeks: 4 } },
  ],
};
const built = validateProgramme(config);
if (!built.ok) throw new Error(JSON.stringify(built.issues));
const programme = built.value;
const engine = createEngine(programme);
const caseworker = { id: 'cw-1', role: 'caseworker' };
const clock = { id: 'clock', role: 'system' };

const log: DomainEvent[] = [];
function exited(): ParticipantSnapshot {
  log.length = 0;
  let s = engine.initial('P-1');
  for (const c of [
    { type: 'refer', at: '2026-01-12T09:00:00+01:00' },
    { type: 'exit', outcomeId: 'work', at: '2026-01-31T09:00:00+01:00' },
  ]) {
    const r = engine.execute(s, { ...c, participantId: 'P-1', actor: caseworker });
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    log.push(...r.events);
    s = r.snapshot;
  }
  return s;
}

const send = (s: ParticipantSnapshot, body: Record<string, unknown>, at: string, actor = caseworker) => engine.execute(s, { ...body, participantId: 'P-1', at, actor });
const deadline = (s: ParticipantSnapshot, id: string) => s.context.deadlines.find((d) => d.id === id);

describe('follow-up after exit', () => {
  it('opens one deadline per declared follow-up at the exit, due `after` the exit day and overdue `within` after that (two weeks by default)', () => {
    const s = exited();
    expect(engine.phase(s)).toBe('exited');
    // 31 January + 1 month is 28 February (month arithmetic clamps to the month's end).
    expect(deadline(s, 'exit.oneMonth')).toMatchObject({ kind: 'exitFollowUp', opensOn: '2026-02-28', dueOn: '2026-03-14', status: 'upcoming', label: { en: 'One month after exit' } });
    expect(deadline(s, 'exit.sixMonths')).toMatchObject({ opensOn: '2026-07-31', dueOn: '2026-08-28', status: 'upcoming' });
    // The path's own deadlines were cancelled at the exit, as before.
    expect(s.context.deadlines.filter((d) => d.kind !== 'exitFollowUp').every((d) => d.status === 'cancelled')).toBe(true);
  });

  it('the clock moves them (a tick on the exited participant), and recording what was found meets them, late if after the due date', () => {
    let s = exited();
    const due = send(s, { type: 'tick' }, '2026-03-01T07:00:00+01:00', clock);
    expect(due.ok && due.events.map((e) => e.type)).toEqual(['clock.ticked']);
    if (!due.ok) return;
    s = due.snapshot;
    log.push(...due.events);
    expect(deadline(s, 'exit.oneMonth')?.status).toBe('due');
    const overdue = send(s, { type: 'tick' }, '2026-03-20T07:00:00+01:00', clock);
    if (!overdue.ok) throw new Error('tick refused');
    s = overdue.snapshot;
    log.push(...overdue.events);
    expect(deadline(s, 'exit.oneMonth')?.status).toBe('overdue');
    const found = send(s, { type: 'recordExitFollowUp', followUpId: 'oneMonth', status: 'regularWork', work: { since: '2026-02-10' } }, '2026-03-20T10:00:00+01:00');
    if (!found.ok) throw new Error(JSON.stringify(found.refusal));
    expect(found.events.map((e) => e.type)).toEqual(['exitFollowUp.recorded']);
    expect(deadline(found.snapshot, 'exit.oneMonth')).toMatchObject({ status: 'met', metOn: '2026-03-20', late: true });
    expect(deadline(found.snapshot, 'exit.sixMonths')?.status).toBe('upcoming');
    expect(found.snapshot.context.exitFollowUps).toEqual([{ followUpId: 'oneMonth', on: '2026-03-20', status: 'regularWork', work: { since: '2026-02-10' } }]);
    // Replaying the log gives the same state.
    const replayed = engine.replay('P-1', [...log, ...found.events]);
    expect(replayed.ok && replayed.value.context).toEqual(found.snapshot.context);
  });

  it('refuses what cannot be: before it falls due, twice, an unknown id, work without its start, dates on what is not work, dates after the follow-up', () => {
    const s = exited();
    const code = (body: Record<string, unknown>, at: string) => {
      const r = send(s, { type: 'recordExitFollowUp', ...body }, at);
      return r.ok ? 'accepted' : `${r.refusal.code} ${r.refusal.issues[0]!.path.join('.')}`;
    };
    expect(code({ followUpId: 'oneMonth', status: 'jobSeeking' }, '2026-02-27T10:00:00+01:00')).toBe('command.invalid at');
    expect(code({ followUpId: 'threeMonths', status: 'jobSeeking' }, '2026-03-02T10:00:00+01:00')).toBe('command.unknown_reference followUpId');
    expect(code({ followUpId: 'oneMonth', status: 'subsidisedWork' }, '2026-03-02T10:00:00+01:00')).toBe('command.missing_contents work');
    expect(code({ followUpId: 'oneMonth', status: 'studiesWithStudentFinance', work: { since: '2026-02-01' } }, '2026-03-02T10:00:00+01:00')).toBe('command.invalid work');
    expect(code({ followUpId: 'oneMonth', status: 'regularWork', work: { since: '2026-03-05' } }, '2026-03-02T10:00:00+01:00')).toBe('command.invalid work.since');
    expect(code({ followUpId: 'oneMonth', status: 'regularWork', work: { since: '2026-02-05', until: '2026-02-01' } }, '2026-03-02T10:00:00+01:00')).toBe('command.invalid work.until');
    expect(code({ followUpId: 'oneMonth', status: 'regularWork', work: { since: '2026-02-05', until: '2026-03-03' } }, '2026-03-02T10:00:00+01:00')).toBe('command.invalid work.until');
    expect(code({ followUpId: 'oneMonth', status: 'notReached' }, '2026-03-02T10:00:00+01:00')).toBe('accepted');
    const once = send(s, { type: 'recordExitFollowUp', followUpId: 'oneMonth', status: 'notReached' }, '2026-03-02T10:00:00+01:00');
    if (!once.ok) throw new Error('refused');
    const twice = engine.execute(once.snapshot, { type: 'recordExitFollowUp', followUpId: 'oneMonth', status: 'jobSeeking', participantId: 'P-1', at: '2026-03-03T10:00:00+01:00', actor: caseworker });
    expect(!twice.ok && twice.refusal.code).toBe('command.invalid');
  });

  it('is refused before the exit, with a message that says so', () => {
    let s = engine.initial('P-1');
    const r = send(s, { type: 'refer' }, '2026-01-12T09:00:00+01:00');
    if (!r.ok) throw new Error('refused');
    s = r.snapshot;
    const early = send(s, { type: 'recordExitFollowUp', followUpId: 'oneMonth', status: 'jobSeeking' }, '2026-01-13T09:00:00+01:00');
    expect(!early.ok && early.refusal.issues[0]!.message).toMatch(/has not exited/);
  });

  it('other commands stay refused after the exit', () => {
    const r = send(exited(), { type: 'advance' }, '2026-02-02T09:00:00+01:00');
    expect(!r.ok && r.refusal.code).toBe('command.exited');
  });

  it('the diagram names the follow-ups beside the exit, and the exit is still final', () => {
    const text = programmeDiagram(programme, { lang: 'en' });
    expect(text).toContain('note right of exited : Follow-up after exit#58; One month after exit after 1 month, sixMonths after 6 months');
    expect(text).toContain('exited --> [*]');
  });
});
