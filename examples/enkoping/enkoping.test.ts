import { describe, expect, it } from 'vitest';
import { type Roster, admit, emptyRoster } from '@stegvis/core';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';

const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));
const plan = { selfSufficiencyFocus: 'studies', workArea: 'kitchenRestaurant', abilitiesAndConditions: 'mornings' };

function inWorkTraining(id = 'E-1'): ParticipantDriver {
  const p = ParticipantDriver.for(programme, id);
  expect(p.send('2026-04-06T09:00', { type: 'refer', facts: { referrer: 'adultTeam' }, area: 'kitchenRestaurant', place: 'granted' }).ok).toBe(true);
  expect(p.send('2026-04-08T09:00', { type: 'establishPlan', contents: plan, subGoals: ['routine'], participantTookPart: true }).ok).toBe(true);
  expect(p.context.currentStepId).toBe('workTraining');
  return p;
}

describe('Enköping: Joar Socia (seed 000)', () => {
  // "Verksamheten har möjlighet att ta emot 40 deltagare"
  it('has 40 places: the 41st referral waits', () => {
    let roster: Roster = emptyRoster;
    for (let i = 0; i < 40; i++) roster = admit(programme, roster, { participantId: `E${i}`, facts: { referrer: 'socialAssistanceTeam' }, since: '2026-01-05' }).roster;
    const r = admit(programme, roster, { participantId: 'E40', facts: { referrer: 'adultTeam' }, since: '2026-01-06' });
    expect(r.decision).toBe('waitlist');
    expect(r.explanation.children!.map((c) => c.text.en)).toEqual(['A place is free (40 of 40 taken)']);
  });

  // "ska ha en hög användargrad" (KF mål 10)
  it('states occupancy as a goal', () => {
    expect(programme.config.capacity!.occupancyGoal!.label.sv).toBe('Hög beläggning (KF mål 10)');
  });

  // "Köksverksamhet - restaurang, Bilrekond, Snickeri och måleri, Flytt och transport, Secondhand butik, Fruktleveranser,
  //  Tvätt uppdrag, Textil och sömnad" — "Arbetshandledarna ansvarar för olika områden"
  it('has eight work areas, each with a responsible supervisor, and six supervisors in all', () => {
    expect(programme.config.areas).toHaveLength(8);
    expect(programme.config.areas.every((a) => a.supervisor.length > 0)).toBe(true);
    expect(new Set(programme.config.areas.map((a) => a.supervisor)).size).toBe(6);
    const p = inWorkTraining();
    const r = p.send('2026-05-04T09:00', { type: 'assignArea', areaId: 'carpentryPainting' });
    expect(r.ok && r.events[0]!.payload).toEqual({ areaId: 'carpentryPainting', supervisor: 'supervisorCarpentry' });
    expect(p.send('2026-05-04T09:00', { type: 'assignArea', areaId: 'garden' }).ok).toBe(false);
  });

  // "Det har skett en successiv ökning av aktualisering av personer från både försörjningsstöd- och vuxen teamen."
  it('takes referrals from the social-assistance team and the adult team', () => {
    for (const referrer of ['socialAssistanceTeam', 'adultTeam']) {
      const p = ParticipantDriver.for(programme, `E-${referrer}`);
      expect(p.send('2026-04-06T09:00', { type: 'refer', facts: { referrer }, place: 'granted' }).ok).toBe(true);
      expect(p.engine.phase(p.snapshot)).toBe('active');
    }
    const other = ParticipantDriver.for(programme, 'E-x');
    other.send('2026-04-06T09:00', { type: 'refer', facts: {}, place: 'granted' });
    expect(other.engine.phase(other.snapshot)).toBe('declined');
  });

  // "Gemensamma uppföljningar och dokumentation utifrån beslutad genomförande plan"
  it('a follow-up counts only when the caseworker and the work supervisor both take part', () => {
    const p = inWorkTraining('E-2');
    expect(p.deadline('followUp.1')).toMatchObject({ dueOn: '2026-05-06' });
    p.send('2026-05-05T09:00', { type: 'recordFollowUp', participantTookPart: true, attendedBy: ['caseworker'] });
    expect(p.deadline('followUp.1')!.status).not.toBe('met');
    p.send('2026-05-06T09:00', { type: 'recordFollowUp', participantTookPart: true, attendedBy: ['caseworker', 'workSupervisor'] });
    expect(p.deadline('followUp.1')).toMatchObject({ status: 'met', metOn: '2026-05-06' });
  });

  // "Under tiden deltagaren är på Joar Socia så ska kontakten med Jobbcentrum initieras så snabbt som möjligt"
  it('contact with Jobbcentrum is a deadline from the start of work training', () => {
    const p = inWorkTraining('E-3');
    expect(p.deadline('workTraining.jobbcentrumContact')).toMatchObject({ kind: 'requirement', dueOn: '2026-05-06' });
    p.send('2026-05-07T08:00', { type: 'tick' });
    expect(p.deadline('workTraining.jobbcentrumContact')!.status).toBe('overdue');
    p.send('2026-05-08T09:00', { type: 'markRequirement', stepId: 'workTraining', requirementId: 'jobbcentrumContact', status: 'met' });
    expect(p.deadline('workTraining.jobbcentrumContact')).toMatchObject({ status: 'met', late: true });
  });

  // "Målet är att personerna ska kunna komma vidare till studier, praktik eller arbete."
  it('moving on to studies, an internship or work completes the work training', () => {
    const p = inWorkTraining('E-4');
    p.send('2026-09-01T09:00', { type: 'exit', outcomeId: 'internship' });
    expect(p.context.steps.workTraining).toMatchObject({ status: 'completed', completedBy: 'exit' });
  });
});
