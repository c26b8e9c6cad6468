import { describe, expect, it } from 'vitest';
import { ParticipantDriver, loadProgramme } from '@stegvis/testing';

const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));

describe('Kungsbacka: Arbete och sysselsättning (seed 003)', () => {
  // "det finns en risk att vissa personer hamnar i gränsområdet mellan förvaltningarna, då det inte finns någon
  //  tydlighet i vems ansvar det är att stödja målgruppen"
  it('a participant with no responsible administration is flagged', () => {
    const p = ParticipantDriver.for(programme, 'K-1');
    p.send('2009-05-11T09:00', { type: 'refer', facts: { gender: 'man' } });
    expect(p.engine.view(p.snapshot).flags.map((f) => [f.id, f.label.sv])).toEqual([['noResponsible', 'Ingen förvaltning ansvarar för deltagaren']]);
  });

  it('every participant has exactly one responsible administration, and a handover is an explicit event', () => {
    const p = ParticipantDriver.for(programme, 'K-2');
    p.send('2009-05-11T09:00', { type: 'refer', facts: { gender: 'woman' }, responsible: 'sol' });
    expect(p.context.responsible).toBe('sol');
    expect(p.engine.view(p.snapshot).flags).toEqual([]);
    const r = p.send('2009-06-01T09:00', { type: 'handOver', to: 'lss', reason: 'lssDecision' });
    expect(r.ok && r.events.map((e) => [e.type, e.payload])).toEqual([['responsibility.handedOver', { from: 'sol', to: 'lss', reason: 'lssDecision' }]]);
    expect(p.context.responsible).toBe('lss');
    // Handing over to nobody is allowed, and visible.
    p.send('2009-07-01T09:00', { type: 'handOver', to: null, reason: 'lssEnded' });
    expect(p.engine.view(p.snapshot).flags.map((f) => f.id)).toEqual(['noResponsible']);
    const wrong = p.send('2009-07-02T09:00', { type: 'handOver', to: 'school', reason: 'x' });
    expect(!wrong.ok && wrong.refusal.issues[0]!.fix).toBe('use one of: lss, sol, adultEducation');
  });

  // "att inventera och kartlägga målgruppen utifrån ett jämställdhetsperspektiv. Idag finns inte någon statistik framtagen."
  it('gender is a declared fact with the ESF+ breakdown, so statistics can be split by it', () => {
    const gender = programme.factsById.get('gender')!;
    expect(gender.type === 'enum' && gender.values.map((v) => v.id)).toEqual(['woman', 'man', 'nonBinary']);
    const p = ParticipantDriver.for(programme, 'K-3');
    const r = p.send('2009-05-11T09:00', { type: 'refer', facts: { gender: 'female' } });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.invalid_fact_value', path: ['facts', 'gender'] });
  });

  // "Beviljat ESF-stöd 245 725 kr; Total projektbudget 359 300 kr; Projektperiod 2009-05-04 till 2009-11-03"
  it('the project period and budget are data a report can use', () => {
    expect(programme.config.funding).toMatchObject({
      currency: 'SEK',
      period: { from: '2009-05-04', to: '2009-11-03' },
      totalBudget: 359_300,
      grants: [{ id: 'esf', amount: 245_725 }],
    });
  });

  // "Informationen om projektet skall anpassas så att den blir lättillgänglig och lättläst."
  it('the pilot activity asks that the participant got easy-to-read information', () => {
    const step = programme.stepsById.get('pilotActivity')!;
    expect(step.blueprint.requirements.map((r) => r.id)).toContain('easyReadInformation');
  });
});
