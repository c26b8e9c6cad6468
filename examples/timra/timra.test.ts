import { describe, expect, it } from 'vitest';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';

const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));

/** Referred on social assistance, assessed, with a plan: the development year starts on 2 March 2026. */
function inDevelopmentYear(id = 'T-1'): ParticipantDriver {
  const p = ParticipantDriver.for(programme, id);
  expect(p.send('2026-02-16T09:00', { type: 'refer', facts: { socialAssistance: true, gender: 'woman' } }).ok).toBe(true);
  p.send('2026-02-20T09:00', { type: 'completeAssessment', contents: { competences: 'warehouse', needs: 'forklift licence' } });
  const plan = p.send('2026-03-02T09:00', {
    type: 'establishPlan',
    contents: { competenceMeasures: 'forklift licence, Swedish course', selfSufficiencyAtYearEnd: 'warehouse job' },
    subGoals: ['forkliftLicence'],
    participantTookPart: true,
  });
  expect(plan.ok).toBe(true);
  expect(p.context.currentStepId).toBe('developmentYear');
  return p;
}

describe('Timrå: the development year (seed 002)', () => {
  // "Införandet av ett utvecklingsår för personer inom försörjningsstöd."
  it('is for people on social assistance: others are declined with the reason', () => {
    const p = ParticipantDriver.for(programme, 'T-0');
    const r = p.send('2026-02-16T09:00', { type: 'refer', facts: { socialAssistance: false } });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['referral.declined']);
    expect(r.ok && r.events[0]!.payload).toEqual({ reason: { sv: 'Utvecklingsåret gäller personer med försörjningsstöd', en: 'The development year is for people on social assistance' } });
    expect(p.engine.phase(p.snapshot)).toBe('declined');
    expect(p.send('2026-02-17T09:00', { type: 'tick' }).ok).toBe(false);
  });

  // "... med en konkret handlingsplan kring vilka kompetenshöjande insatser som behöver erbjudas för att uppnå självförsörjning när året är över."
  it('the plan must name the competence-raising measures and the way to self-sufficiency when the year ends', () => {
    const p = ParticipantDriver.for(programme, 'T-2');
    p.send('2026-02-16T09:00', { type: 'refer', facts: { socialAssistance: true } });
    p.send('2026-02-20T09:00', { type: 'completeAssessment', contents: { competences: 'x', needs: 'y' } });
    const r = p.send('2026-03-02T09:00', { type: 'establishPlan', contents: { competenceMeasures: 'course' }, subGoals: ['a'], participantTookPart: true });
    expect(!r.ok && r.refusal.explanation!.children!.filter((c) => !c.ok).map((c) => c.text.sv)).toEqual(['Väg till självförsörjning när året är över']);
  });

  // "Individer i processen ges en subventionerad tidsbegränsad anställning under ett år"
  it('the employment ends after exactly 12 months, counted from its first day', () => {
    const p = inDevelopmentYear();
    expect(p.deadline('developmentYear.end')).toMatchObject({ kind: 'employmentEnd', dueOn: '2027-03-02', opensOn: '2027-02-02' });
  });

  // "På så vis minskas risken att personer blir kvar inom Arbetsmarknadsenheten" — and the 50 employees who stayed: "en inlåsnings effekt".
  it('a participant kept in the employment after the year is flagged as lock-in', () => {
    const p = inDevelopmentYear();
    p.send('2027-03-02T16:00', { type: 'tick' });
    expect(p.engine.view(p.snapshot).flags).toEqual([]);
    p.send('2027-03-03T08:00', { type: 'tick' });
    expect(p.engine.view(p.snapshot).flags.map((f) => [f.id, f.since])).toEqual([['lockIn', '2027-03-03']]);
  });

  it('the year ends: there is no silent extension, only an explicit decision with a reason, recorded as an event', () => {
    const p = inDevelopmentYear();
    const noReason = p.send('2027-02-15T09:00', { type: 'extendDeadline', deadlineId: 'developmentYear.end', by: { months: 2 } } as never);
    expect(!noReason.ok && noReason.refusal.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
    const r = p.send('2027-02-15T09:00', { type: 'extendDeadline', deadlineId: 'developmentYear.end', by: { months: 2 }, reason: 'courseEndsInApril' });
    expect(r.ok && r.events.map((e) => [e.type, e.payload])).toEqual([['deadline.extended', { deadlineId: 'developmentYear.end', dueOn: '2027-05-02', reason: 'courseEndsInApril' }]]);
    p.send('2027-03-03T08:00', { type: 'tick' });
    expect(p.engine.view(p.snapshot).flags).toEqual([]);
    expect(p.deadline('developmentYear.end')).toMatchObject({ originalDueOn: '2027-03-02', dueOn: '2027-05-02' });
  });

  it('at the end the participant gets an explicit next step (or exits), and then there is no lock-in', () => {
    const p = inDevelopmentYear();
    const early = p.send('2027-02-20T09:00', { type: 'advance' });
    expect(!early.ok && early.refusal.code).toBe('command.requirements_unmet');
    p.send('2027-02-20T09:00', { type: 'markRequirement', stepId: 'developmentYear', requirementId: 'measuresTaken', status: 'met' });
    p.send('2027-02-25T09:00', { type: 'markRequirement', stepId: 'developmentYear', requirementId: 'nextStepDecided', status: 'met' });
    expect(p.send('2027-03-01T09:00', { type: 'advance' }).ok).toBe(true);
    expect(p.deadline('developmentYear.end')).toMatchObject({ status: 'met', metOn: '2027-03-01', late: false });
    p.send('2027-04-01T09:00', { type: 'tick' });
    expect(p.engine.view(p.snapshot).flags).toEqual([]);
  });
});
