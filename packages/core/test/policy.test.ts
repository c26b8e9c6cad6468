import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CommandType, commandTypes, createEngine, formatIssues, stockholmInstant, validateProgrammeYaml } from '@stegvis/core';

const parsed = validateProgrammeYaml(readFileSync(new URL('../../../examples/nacka/programme.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
const programme = parsed.value;
const engine = createEngine(programme);
const policy = programme.config.policy!;
const REFERRING = 'caseworker-ref';

/**
 * The policy read directly from the config, as a second opinion on the engine's `authorise`. Before a
 * referral nobody is the referring caseworker yet, so a referring-only grant cannot refuse (the engine then
 * answers "not referred").
 */
const granted = (type: CommandType, role: string, actorId: string, referred: boolean) =>
  policy.some((g) => (g.commands as readonly string[]).includes(type) && g.roles.includes(role) && (!g.referringOnly || !referred || actorId === REFERRING));

const bodies: Record<CommandType, object> = {
  refer: { facts: { referrer: 'aktivum' }, place: 'granted' },
  admit: {},
  assignArea: { areaId: 'care' },
  handOver: { to: null, reason: 'x' },
  extendDeadline: { deadlineId: 'workTraining.x', by: { weeks: 1 }, reason: 'x' },
  updateFacts: { facts: { gender: 'woman' } },
  completeAssessment: { contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } },
  establishPlan: { contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true },
  revisePlan: { reason: 'x', participantTookPart: true },
  recordFollowUp: { participantTookPart: true },
  recordAttendance: { date: '2002-04-01', hours: 4 },
  recordAbsence: { date: '2002-04-01', reported: true },
  recordDeviation: { date: '2002-04-01', kind: 'late' },
  markRequirement: { stepId: 'workTraining', requirementId: 'dailyActivity', status: 'met' },
  advance: {},
  regress: { toStepId: 'workAssessment', reason: 'x' },
  pause: { reason: 'x' },
  resume: {},
  exit: { outcomeId: 'regularEmployment' },
  tick: {},
  setIntensity: { percent: 50, daysPerWeek: 3, validFrom: '2002-04-01' },
  voidEvent: { eventSeq: 1, reason: 'enteredInError' },
  proposeChange: { change: { type: 'recordDeviation', date: '2002-04-01', kind: 'late' } },
  approveProposal: { proposalSeq: 1 },
  rejectProposal: { proposalSeq: 1, reason: 'x' },
  recordExitFollowUp: { followUpId: 'sixMonths', status: 'jobSeeking' },
};

/** A participant part-way along, got there by the roles the policy grants. */
function start(progress: number) {
  let s = engine.initial('N-1');
  const steps: [string, string, object][] = [
    ['caseworker', 'refer', bodies.refer],
    ['caseworker', 'completeAssessment', bodies.completeAssessment],
    ['caseworker', 'establishPlan', bodies.establishPlan],
    ['workSupervisor', 'recordAttendance', bodies.recordAttendance],
  ];
  for (const [role, type, body] of steps.slice(0, progress)) {
    const r = engine.execute(s, { type, participantId: 'N-1', at: stockholmInstant('2002-03-04T09:00'), actor: { id: role === 'caseworker' ? REFERRING : 'foreman-1', role }, ...body });
    if (!r.ok) throw new Error(formatIssues(r.refusal.issues));
    s = r.snapshot;
  }
  return s;
}

describe('authorisation as data (Nacka policy)', () => {
  // The space is small (5 points along the path × 20 command types × 5 roles × 3 actors), so it is checked
  // whole rather than sampled.
  it('no command from a role outside the policy ever changes state, and every such refusal says which roles may', () => {
    const roles = ['caseworker', 'projectLeader', 'workSupervisor', 'system', 'stranger'];
    const actors = [REFERRING, 'caseworker-other', 'foreman-1'];
    let checked = 0;
    for (let progress = 0; progress <= 4; progress++) {
      const before = start(progress);
      const pristine = structuredClone({ value: before.value, context: before.context });
      for (const type of commandTypes)
        for (const role of roles)
          for (const actorId of actors) {
            const r = engine.execute(before, { type, participantId: 'N-1', at: stockholmInstant('2002-04-02T09:00'), actor: { id: actorId, role }, ...bodies[type] });
            if (!granted(type, role, actorId, progress > 0)) {
              expect(r.ok, `${type} by ${role} (${actorId}) at ${progress}`).toBe(false);
              if (r.ok) continue;
              expect(r.refusal.code).toBe('command.forbidden');
              expect(r.refusal.explanation!.ok).toBe(false);
              checked++;
            } else if (!r.ok) {
              expect(r.refusal.code).not.toBe('command.forbidden');
            }
            // Refused or not, the state passed in is never touched.
            expect({ value: before.value, context: before.context }).toEqual(pristine);
          }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('a referral by another caseworker makes that caseworker the one who may exit', () => {
    let s = engine.initial('N-2');
    const other = { id: 'caseworker-b', role: 'caseworker' };
    const r = engine.execute(s, { type: 'refer', participantId: 'N-2', at: stockholmInstant('2002-03-04T09:00'), actor: other, ...bodies.refer });
    if (!r.ok) throw new Error('refer refused');
    s = r.snapshot;
    const byFirst = engine.execute(s, { type: 'exit', participantId: 'N-2', at: stockholmInstant('2002-03-05T09:00'), actor: { id: REFERRING, role: 'caseworker' }, outcomeId: 'osa' });
    expect(!byFirst.ok && byFirst.refusal.code).toBe('command.forbidden');
    expect(engine.execute(s, { type: 'exit', participantId: 'N-2', at: stockholmInstant('2002-03-05T09:00'), actor: other, outcomeId: 'osa' }).ok).toBe(true);
  });
});
