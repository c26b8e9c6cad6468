import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createEngine, defaultRegistry, defineStepKind, formatIssues, requirementsMet, stockholmInstant, validateProgramme } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';

// A kind written outside core, as a municipality's developer would: mentoring sessions, complete after N.
const mentoringKind = defineStepKind({
  kind: 'mentoring',
  label: { sv: 'Mentorskap', en: 'Mentoring' },
  params: z.strictObject({ sessions: z.number().int().min(1).max(20), within: z.strictObject({ weeks: z.number().int().min(1) }) }),
  build: (p, step) => {
    const requirements = Array.from({ length: p.sessions }, (_, i) => ({ id: `session${i + 1}`, label: { sv: `Samtal ${i + 1}`, en: `Session ${i + 1}` } }));
    return {
      requirements,
      completion: requirementsMet(step.id, requirements, 'all'),
      autoAdvance: false,
      deadlines: [
        {
          id: 'done', kind: 'mentoring', kindLabel: { sv: 'Mentorskap', en: 'Mentoring' }, label: { sv: `${step.label.sv} klart`, en: `${step.label.en} done` },
          from: 'entry', after: { weeks: p.within.weeks }, metWhen: { type: 'stepCompleted', stepId: step.id }, path: ['within'],
        },
      ],
    };
  },
});

const withMentoring = () => {
  const p = minimal() as any;
  p.steps.splice(2, 0, { id: 'mentor', kind: 'mentoring', label: 'Mentor', params: { sessions: 2, within: { weeks: 6 } } });
  return p;
};

describe('step kinds are plugins', () => {
  it('a kind unknown to the registry is refused with the known kinds', () => {
    const r = validateProgramme(withMentoring());
    expect(!r.ok && r.issues[0]!.code).toBe('config.unknown_step_kind');
  });

  it('a kind registered from outside core validates its params and runs in the engine', () => {
    const registry = defaultRegistry.with(mentoringKind);
    const bad = withMentoring();
    bad.steps[2].params.sessions = 0;
    const refused = validateProgramme(bad, { registry });
    expect(!refused.ok && formatIssues(refused.issues)).toBe('steps.2.params.sessions: must be at least 1 (config.invalid_value)');

    const r = validateProgramme(withMentoring(), { registry });
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const engine = createEngine(r.value);
    const actor = { id: 'cw', role: 'caseworker' };
    const at = (t: string) => stockholmInstant(t);
    let s = engine.initial('P-1');
    const send = (t: string, c: object) => {
      const res = engine.execute(s, { participantId: 'P-1', actor, at: at(t), ...c });
      if (res.ok) s = res.snapshot;
      return res;
    };
    send('2026-03-02T09:00', { type: 'refer', facts: { fullTimeSickLeave: true } });
    send('2026-03-03T09:00', { type: 'completeAssessment', contents: { needs: 'x' } });
    send('2026-03-04T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'attend', status: 'met' });
    expect(send('2026-03-05T09:00', { type: 'advance' }).ok).toBe(true);
    expect(s.value).toEqual({ active: 'mentor' });
    expect(s.context.deadlines.find((d) => d.id === 'mentor.done')).toMatchObject({ dueOn: '2026-04-16', status: 'due' });
    expect(send('2026-03-06T09:00', { type: 'advance' }).ok).toBe(false);
    send('2026-03-10T09:00', { type: 'markRequirement', stepId: 'mentor', requirementId: 'session1', status: 'met' });
    send('2026-03-17T09:00', { type: 'markRequirement', stepId: 'mentor', requirementId: 'session2', status: 'met' });
    // The last step before the exit: it completes by leaving to an outcome.
    expect(send('2026-03-18T09:00', { type: 'advance' }).ok).toBe(false);
    expect(send('2026-03-18T09:00', { type: 'exit', outcomeId: 'job' }).ok).toBe(true);
    expect(engine.phase(s)).toBe('exited');
  });

  it('registering the same kind twice is an error that names it', () => {
    expect(() => defaultRegistry.with(mentoringKind, mentoringKind)).toThrow('step kind "mentoring" is registered twice');
  });
});
