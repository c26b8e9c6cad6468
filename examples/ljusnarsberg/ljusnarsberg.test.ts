import { describe, expect, it } from 'vitest';
import { failedLeaves, formatExplanation } from '@stegvis/core';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';

const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));

const assessmentContents = {
  adjustmentNeeds: 'needs a quiet workplace',
  interestsAndExperience: 'carpentry, warehouse work',
  ownView: 'wants regular days',
  motivation: 'working with others',
  healthHabits: 'sleeps badly',
};
const planContents = { mainPlacement: 'Byggeriet', weeklySchedule: 'Mon–Thu 9–13', followUpTimes: 'every 4 weeks' };

/** Referral, assessment and plan done: the participant stands at step 1. */
function atStep1(facts: Record<string, boolean | number | string> = {}, id = 'P-1'): ParticipantDriver {
  const p = ParticipantDriver.for(programme, id);
  expect(p.send('2026-01-12T09:00', { type: 'refer', facts }).ok).toBe(true);
  expect(p.send('2026-01-15T10:00', { type: 'completeAssessment', contents: assessmentContents }).ok).toBe(true);
  expect(p.send('2026-01-19T10:00', { type: 'establishPlan', contents: planContents, subGoals: ['routine'], participantTookPart: true }).ok).toBe(true);
  expect(p.context.currentStepId).toBe('step1');
  return p;
}

const markAll = (p: ParticipantDriver, at: string, stepId: string, ids: string[]) =>
  ids.forEach((requirementId) => expect(p.send(at, { type: 'markRequirement', stepId, requirementId, status: 'met' }).ok).toBe(true));

describe('Ljusnarsberg: the five-step ladder (seed 001)', () => {
  it('validates with every step of the ladder', () => {
    expect(programme.steps.map((s) => s.id)).toEqual(['assessment', 'actionPlan', 'step1', 'step2', 'step3', 'step4', 'step5']);
    expect(programme.exitStep.id).toBe('exit');
  });

  // "skriva CV och söka arbete (gäller inte heltidssjukskrivna)"
  it('a participant on full-time sick leave completes step 1 without a CV', () => {
    const p = atStep1({ fullTimeSickLeave: true });
    markAll(p, '2026-02-20T10:00', 'step1', ['keepTimes', 'reportAbsence', 'attendAsAgreed', 'takePartInActivities']);
    const r = p.send('2026-02-20T11:00', { type: 'advance' });
    expect(r.ok).toBe(true);
    expect(p.context.currentStepId).toBe('step2');
    if (!r.ok) return;
    // The log says why the CV was not needed: waived by the config's condition, not by a caseworker.
    expect(r.events[0]!.type).toBe('step.advanced');
    expect(r.events[0]!.payload).toMatchObject({ satisfied: expect.arrayContaining([{ requirementId: 'cvAndJobSearch', by: 'waivedByCondition' }]) });
  });

  it('a participant not on sick leave must write the CV: advance is refused and the explanation names it', () => {
    const p = atStep1({ fullTimeSickLeave: false });
    markAll(p, '2026-02-20T10:00', 'step1', ['keepTimes', 'reportAbsence', 'attendAsAgreed', 'takePartInActivities']);
    const before = p.snapshot;
    const r = p.send('2026-02-20T11:00', { type: 'advance' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('command.requirements_unmet');
    const requirements = r.refusal.explanation!.children![0]!;
    expect(requirements.children!.filter((c) => !c.ok).map((c) => c.text.en)).toEqual(['Write a CV and search for work']);
    // ... and why the waiver did not apply, down to the fact.
    expect(failedLeaves(r.refusal.explanation!).map((e) => [e.text.en, e.detail?.en])).toEqual([['On full-time sick leave is yes', 'now: no']]);
    expect(formatExplanation(r.refusal.explanation!, 'sv')).toContain('✗ Skriva CV och söka arbete (inte markerat uppfyllt, och undantaget gäller inte)');
    expect(p.snapshot).toBe(before);
  });

  // "Alla deltagares handlingsplaner skall innehålla: ... veckoschema/närvarotid"
  it('a plan without a weekly schedule is refused with an explanation', () => {
    const p = ParticipantDriver.for(programme, 'P-2');
    p.send('2026-01-12T09:00', { type: 'refer', facts: {} });
    p.send('2026-01-13T09:00', { type: 'completeAssessment', contents: assessmentContents });
    const { weeklySchedule: _, ...withoutSchedule } = planContents;
    const r = p.send('2026-01-14T09:00', { type: 'establishPlan', contents: { ...withoutSchedule, cv: 'draft' }, subGoals: ['routine'], participantTookPart: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('command.missing_contents');
    expect(r.refusal.issues[0]!.path).toEqual(['contents']);
    expect(failedLeaves(r.refusal.explanation!).map((e) => e.text.sv)).toEqual(['Veckoschema/närvarotid']);
    expect(p.context.plan).toEqual([]);
    expect(p.context.currentStepId).toBe('actionPlan');
  });

  // "... skall ha genomgått en kartläggning ... inom 1-2 veckor."
  it('an assessment not done 14 days after intake shows as overdue', () => {
    const p = ParticipantDriver.for(programme, 'P-3');
    p.send('2026-01-12T09:00', { type: 'refer', facts: {} });
    expect(p.deadline('assessment.due')).toMatchObject({ dueOn: '2026-01-26', status: 'due' });
    p.send('2026-01-26T16:00', { type: 'tick' });
    expect(p.deadline('assessment.due')!.status).toBe('due');
    const r = p.send('2026-01-27T07:00', { type: 'tick' });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['clock.ticked']);
    expect(p.deadline('assessment.due')!.status).toBe('overdue');
    // Done late: met, and marked late, so compliance can be measured.
    p.send('2026-01-28T09:00', { type: 'completeAssessment', contents: assessmentContents });
    expect(p.deadline('assessment.due')).toMatchObject({ status: 'met', metOn: '2026-01-28', late: true });
  });

  // "Det första uppföljningssamtalet sker efter 2 veckor, sedan med 4-6 veckors mellanrum, beroende på hur handlingsplanen är upplagd."
  it('follow-ups fall due 2 weeks after the plan, then every 4–6 weeks as the plan says', () => {
    const p = ParticipantDriver.for(programme, 'P-4');
    p.send('2026-01-12T09:00', { type: 'refer', facts: {} });
    p.send('2026-01-13T09:00', { type: 'completeAssessment', contents: assessmentContents });
    p.send('2026-01-14T09:00', { type: 'establishPlan', contents: planContents, subGoals: ['routine'], participantTookPart: true, followUpEveryWeeks: 5 });
    expect(p.deadline('followUp.1')).toMatchObject({ opensOn: '2026-01-28', dueOn: '2026-01-28', status: 'upcoming' });
    p.send('2026-01-28T09:00', { type: 'recordFollowUp', participantTookPart: true });
    expect(p.deadline('followUp.1')).toMatchObject({ status: 'met', late: false });
    // Next: the window opens after 4 weeks and the plan's 5 weeks is the due date.
    expect(p.deadline('followUp.2')).toMatchObject({ opensOn: '2026-02-25', dueOn: '2026-03-04', status: 'upcoming' });
    p.send('2026-02-26T09:00', { type: 'tick' });
    expect(p.deadline('followUp.2')!.status).toBe('due');
    p.send('2026-03-05T09:00', { type: 'tick' });
    expect(p.deadline('followUp.2')!.status).toBe('overdue');
  });

  it('a plan cannot promise follow-ups outside 4–6 weeks', () => {
    const p = ParticipantDriver.for(programme, 'P-5');
    p.send('2026-01-12T09:00', { type: 'refer', facts: {} });
    p.send('2026-01-13T09:00', { type: 'completeAssessment', contents: assessmentContents });
    const r = p.send('2026-01-14T09:00', { type: 'establishPlan', contents: planContents, subGoals: ['a'], participantTookPart: true, followUpEveryWeeks: 8 });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ path: ['followUpEveryWeeks'], message: 'follow-ups in this programme are every 4–6 weeks' });
  });

  // Step 5: "Nystartsjobb" is work "som ger egen försörjning till fullo"; step 4: "timanställd ... men fortfarande beroende av egna bidrag".
  it('an exit to a nystartsjobb counts as full self-sufficiency, hourly work while still on benefits as partial', () => {
    const full = atStep1({}, 'P-6');
    const r1 = full.send('2026-03-01T09:00', { type: 'exit', outcomeId: 'nystartsjobb' });
    expect(r1.ok).toBe(true);
    expect(full.context.exit).toMatchObject({ outcomeId: 'nystartsjobb', income: 'full' });
    expect(full.engine.phase(full.snapshot)).toBe('exited');
    expect(full.context.steps.step5).toMatchObject({ status: 'completed', completedBy: 'exit' });

    const partial = atStep1({}, 'P-7');
    partial.send('2026-03-01T09:00', { type: 'exit', outcomeId: 'hourlyEmploymentPartial' });
    expect(partial.context.exit).toMatchObject({ income: 'partial' });
    expect(partial.context.steps.step4!.status).toBe('completed');
    expect(partial.context.steps.step5!.status).toBe('notStarted');
  });

  // "Resultatmålet är att 75% av deltagarna efter 3 månader har tagit sig igenom steg 1. Utvärdering sker med de som inte klarat första steget."
  it('a participant not through step 1 three months after intake is owed an evaluation', () => {
    const p = atStep1({}, 'P-8');
    expect(p.deadline('step1.target')).toMatchObject({ dueOn: '2026-04-12', opensOn: '2026-03-29' });
    p.send('2026-04-13T08:00', { type: 'tick' });
    expect(p.deadline('step1.target')!.status).toBe('overdue');
    expect(p.deadline('step1.evaluation')).toMatchObject({ kind: 'evaluation', opensOn: '2026-04-13', dueOn: '2026-04-26', status: 'due' });
    // A regular follow-up is not the evaluation; an evaluation of step 1 is.
    p.send('2026-04-14T09:00', { type: 'recordFollowUp', participantTookPart: true });
    expect(p.deadline('step1.evaluation')!.status).toBe('due');
    p.send('2026-04-15T09:00', { type: 'recordFollowUp', kind: 'evaluation', stepId: 'step1', participantTookPart: true });
    expect(p.deadline('step1.evaluation')).toMatchObject({ status: 'met', late: false });
  });

  // "delmål" … and step 1: "delta i upprättande av sin egen handlingsplan"
  it('keeps every plan revision with who made it and whether the participant took part; sub-goals end attained, not attained or cancelled', () => {
    const p = atStep1({}, 'P-9');
    p.as({ id: 'coordinator-2', role: 'caseworker' });
    const r = p.send('2026-02-10T09:00', {
      type: 'revisePlan',
      reason: 'newNeeds',
      participantTookPart: false,
      subGoals: { routine: 'attained' },
      addSubGoals: ['cv', 'gym'],
    });
    expect(r.ok).toBe(true);
    p.send('2026-03-10T09:00', { type: 'revisePlan', reason: 'followUp', participantTookPart: true, subGoals: { cv: 'notAttained', gym: 'cancelled' } });
    expect(p.context.plan.map((v) => [v.revision, v.by, v.participantTookPart])).toEqual([
      [1, 'caseworker-1', true],
      [2, 'coordinator-2', false],
      [3, 'coordinator-2', true],
    ]);
    expect(p.context.plan[2]!.subGoals).toEqual({ routine: 'attained', cv: 'notAttained', gym: 'cancelled' });
    const reopen = p.send('2026-03-11T09:00', { type: 'revisePlan', reason: 'x', participantTookPart: true, subGoals: { cv: 'open' } });
    expect(!reopen.ok && reopen.refusal.issues[0]!.message).toBe('sub-goal "cv" has already ended (notAttained)');
  });

  // Step 1 asks the participant to take part in writing their plan: a plan written without them does not satisfy it.
  it('a plan written without the participant leaves "take part in writing one\'s own plan" unmet', () => {
    const p = ParticipantDriver.for(programme, 'P-10');
    p.send('2026-01-12T09:00', { type: 'refer', facts: { fullTimeSickLeave: true } });
    p.send('2026-01-13T09:00', { type: 'completeAssessment', contents: assessmentContents });
    p.send('2026-01-14T09:00', { type: 'establishPlan', contents: planContents, subGoals: ['a'], participantTookPart: false });
    markAll(p, '2026-02-01T09:00', 'step1', ['keepTimes', 'reportAbsence', 'attendAsAgreed', 'takePartInActivities']);
    const r = p.send('2026-02-02T09:00', { type: 'advance' });
    expect(!r.ok && failedLeaves(r.refusal.explanation!).map((e) => e.text.en)).toEqual(["Take part in writing one's own plan"]);
  });

  // Step 3: "praktik på något lokalt företag (handledare skall finnas)"
  it('an internship counts for step 3 only when a supervisor is named', () => {
    const p = atStep1({ fullTimeSickLeave: true }, 'P-11');
    markAll(p, '2026-02-01T09:00', 'step1', ['keepTimes', 'reportAbsence', 'attendAsAgreed', 'takePartInActivities']);
    p.send('2026-02-01T10:00', { type: 'advance' });
    markAll(p, '2026-03-01T09:00', 'step2', ['activeInPlanFollowUp', 'activitiesOutsidePlacement', 'responsibility', 'studyVisits', 'seminars']);
    p.send('2026-03-01T10:00', { type: 'advance' });
    const without = p.send('2026-04-01T09:00', { type: 'markRequirement', stepId: 'step3', requirementId: 'companyInternship', status: 'met' });
    expect(!without.ok && without.refusal.code).toBe('command.missing_contents');
    const withSupervisor = p.send('2026-04-01T09:00', { type: 'markRequirement', stepId: 'step3', requirementId: 'companyInternship', status: 'met', evidence: { supervisor: 'staff-17' } });
    expect(withSupervisor.ok).toBe(true);
    expect(p.send('2026-04-02T09:00', { type: 'advance' }).ok).toBe(true);
    expect(p.context.currentStepId).toBe('step4');
  });

  it('only deadlines the programme makes extendable can be extended: the 1–2 weeks for the assessment stand', () => {
    const p = ParticipantDriver.for(programme, 'P-12');
    p.send('2026-01-12T09:00', { type: 'refer', facts: {} });
    const r = p.send('2026-01-20T09:00', { type: 'extendDeadline', deadlineId: 'assessment.due', by: { weeks: 1 }, reason: 'sickness' });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.not_extendable', path: ['deadlineId'] });
  });
});
