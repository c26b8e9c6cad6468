import { describe, expect, it } from 'vitest';
import { type CommandInput, type DomainEvent, type ParticipantSnapshot, createEngine, formatExplanation, stockholmInstant } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';

/**
 * Nacka (seed 004): "Personalen i Produktionhuset rapporterar närvaro och eventuella avvikelser från
 * överenskommelsen. Det är den remitterande handläggaren som sedan ska agera utifrån detta." The work
 * supervisors propose; the referring caseworker decides within five days (programme.yaml, `proposals`).
 */
const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));
const engine = createEngine(programme);
const referring = { id: 'mou-caseworker-3', role: 'caseworker' };
const otherCaseworker = { id: 'mou-caseworker-9', role: 'caseworker' };
const foreman = { id: 'foreman-2', role: 'workSupervisor' };
const leader = { id: 'leader-1', role: 'projectLeader' };

function atWorkTraining(id: string) {
  let s: ParticipantSnapshot = engine.initial(id);
  const log: DomainEvent[] = [];
  const send = (at: string, body: Record<string, unknown>, actor = referring) => {
    const r = engine.execute(s, { ...body, participantId: id, at: stockholmInstant(at), actor } as CommandInput, { events: log });
    if (r.ok) {
      s = r.snapshot;
      log.push(...r.events);
    }
    return r;
  };
  send('2002-03-04T09:00', { type: 'refer', facts: { referrer: 'mottagningOchUtredning', targetGroup: 'partTimeSfi', occupiedFullTimeElsewhere: false }, place: 'granted' });
  send('2002-03-05T09:00', { type: 'completeAssessment', contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } });
  send('2002-03-06T09:00', { type: 'establishPlan', contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true });
  return { send, log, get s() { return s; } };
}

const markDaily = { type: 'markRequirement', stepId: 'workTraining', requirementId: 'dailyActivity', status: 'met' };

describe('Nacka: work supervisors propose, the referring caseworker decides', () => {
  it('a proposal waits with its own five-day deadline; approved, it is decided as the caseworker\'s own command', () => {
    const p = atWorkTraining('N-P1');
    const made = p.send('2002-03-11T09:00', { type: 'proposeChange', change: markDaily }, foreman);
    expect(made.ok && made.events.map((e) => e.type)).toEqual(['proposal.made']);
    const seq = p.log.at(-1)!.seq;
    // Nothing is marked yet; the decision is due within five days and shows among the open deadlines.
    expect(p.s.context.steps.workTraining!.requirements).toEqual({});
    const due = engine.view(p.s).openDeadlines.find((d) => d.id === `proposal.${seq}`);
    expect(due).toMatchObject({ kind: 'proposalDecision', opensOn: '2002-03-11', dueOn: '2002-03-16', status: 'due' });
    const approved = p.send('2002-03-12T09:00', { type: 'approveProposal', proposalSeq: seq });
    expect(approved.ok && approved.events.map((e) => [e.type, e.actor.id])).toEqual([
      ['proposal.approved', referring.id],
      ['requirement.marked', referring.id],
    ]);
    expect(p.s.context.steps.workTraining!.requirements.dailyActivity).toMatchObject({ status: 'met', by: referring.id });
    expect(p.s.context.deadlines.find((d) => d.id === `proposal.${seq}`)).toMatchObject({ status: 'met', metOn: '2002-03-12' });
    expect(p.s.context.proposals[0]).toMatchObject({ seq, status: 'approved', by: foreman, decidedBy: referring.id });
  });

  it('only the referring caseworker decides; a rejection keeps the reason and closes the deadline', () => {
    const p = atWorkTraining('N-P2');
    p.send('2002-03-11T09:00', { type: 'proposeChange', change: { type: 'advance' } }, foreman);
    // An advance on an incomplete step is refused when proposed, by the same rules as the command.
    expect(p.log.at(-1)!.type).not.toBe('proposal.made');
    p.send('2002-03-11T09:00', { type: 'proposeChange', change: markDaily }, foreman);
    const seq = p.log.at(-1)!.seq;
    const byOther = p.send('2002-03-12T09:00', { type: 'approveProposal', proposalSeq: seq }, otherCaseworker);
    expect(!byOther.ok && byOther.refusal.code).toBe('command.forbidden');
    const rejected = p.send('2002-03-12T09:00', { type: 'rejectProposal', proposalSeq: seq, reason: 'notYet' });
    expect(rejected.ok).toBe(true);
    expect(p.s.context.proposals[0]).toMatchObject({ status: 'rejected', reason: 'notYet' });
    expect(p.s.context.deadlines.find((d) => d.id === `proposal.${seq}`)!.status).toBe('met');
    const again = p.send('2002-03-13T09:00', { type: 'approveProposal', proposalSeq: seq });
    expect(!again.ok && again.refusal.issues[0]).toMatchObject({ code: 'command.proposal_not_pending', path: ['proposalSeq'] });
  });

  it('who may propose what is the programme\'s; a change the rules would refuse is refused at once, under change', () => {
    const p = atWorkTraining('N-P3');
    const byLeader = p.send('2002-03-11T09:00', { type: 'proposeChange', change: markDaily }, leader);
    expect(!byLeader.ok && byLeader.refusal.code).toBe('command.forbidden');
    const notAllowed = p.send('2002-03-11T09:00', { type: 'proposeChange', change: { type: 'recordDeviation', date: '2002-03-11', kind: 'late' } }, foreman);
    expect(!notAllowed.ok && notAllowed.refusal.issues[0]).toMatchObject({ code: 'command.not_proposable', path: ['change', 'type'] });
    const unknown = p.send('2002-03-11T09:00', { type: 'proposeChange', change: { ...markDaily, requirementId: 'flying' } }, foreman);
    expect(!unknown.ok && unknown.refusal.issues[0]).toMatchObject({ code: 'command.unknown_reference', path: ['change', 'requirementId'] });
    const envelope = p.send('2002-03-11T09:00', { type: 'proposeChange', change: { ...markDaily, actor: referring } }, foreman);
    expect(!envelope.ok && envelope.refusal.issues[0]).toMatchObject({ code: 'command.invalid', path: ['change', 'actor'] });
  });

  it('an approval the rules now refuse is refused with their explanation, and the proposal stays pending until rejected', () => {
    const p = atWorkTraining('N-P4');
    p.send('2002-03-11T09:00', { type: 'proposeChange', change: markDaily }, foreman);
    const seq = p.log.at(-1)!.seq;
    // Meanwhile the caseworker marks both requirements and moves the participant on.
    p.send('2002-03-12T09:00', markDaily);
    p.send('2002-03-12T09:01', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'moreAndMore', status: 'met' });
    p.send('2002-03-12T09:02', { type: 'advance' });
    const late = p.send('2002-03-13T09:00', { type: 'approveProposal', proposalSeq: seq });
    expect(!late.ok && late.refusal.issues.map((i) => [i.code, i.path])).toEqual([
      ['command.proposal_not_applicable', ['proposalSeq']],
      ['command.wrong_step', ['change', 'stepId']],
    ]);
    expect(p.s.context.proposals[0]!.status).toBe('pending');
    // Past five days the decision is overdue, like any deadline.
    p.send('2002-03-18T07:00', { type: 'tick' }, { id: 'clock', role: 'system' });
    expect(p.s.context.deadlines.find((d) => d.id === `proposal.${seq}`)!.status).toBe('overdue');
    expect(p.send('2002-03-18T09:00', { type: 'rejectProposal', proposalSeq: seq, reason: 'alreadyDone' }).ok).toBe(true);
    expect(p.s.context.deadlines.find((d) => d.id === `proposal.${seq}`)).toMatchObject({ status: 'met', late: true });
  });

  it('an exit proposed by a supervisor is the referring caseworker\'s exit when approved', () => {
    const p = atWorkTraining('N-P5');
    p.send('2002-04-01T09:00', { type: 'proposeChange', change: { type: 'exit', outcomeId: 'regularEmployment' } }, foreman);
    const seq = p.log.at(-1)!.seq;
    // Proposal events record who proposed and who decided: they are not voided.
    const v = p.send('2002-04-01T09:05', { type: 'voidEvent', eventSeq: seq, reason: 'enteredInError' });
    expect(!v.ok && v.refusal.code).toBe('command.not_voidable');
    expect(!v.ok && formatExplanation(v.refusal.explanation!, 'sv')).toContain('Förslag och beslut visar vem som föreslog');
    const r = p.send('2002-04-02T09:00', { type: 'approveProposal', proposalSeq: seq });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['proposal.approved', 'participant.exited']);
    expect(engine.phase(p.s)).toBe('exited');
  });
});
