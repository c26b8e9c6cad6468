import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { type Programme, createEngine, formatExplanation, migrateParticipant, parseYaml, planMigration, stockholmInstant, validateProgramme } from '@stegvis/core';

/**
 * Migration is pure and in core: planning a step mapping between two versions, moving one participant, and
 * the `participant.migrated` event that `engine.replay` reads back. The store only persists what it returns
 * (packages/store-postgres/test/migration.test.ts).
 */

const yaml = readFileSync(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url), 'utf8');
function variant(change: (data: { version: number; steps: { id: string; kind: string; params?: unknown }[] } & Record<string, unknown>) => void): Programme {
  const parsed = parseYaml(yaml);
  if (!parsed.ok) throw new Error('ljusnarsberg yaml');
  const data = structuredClone(parsed.value.data) as Parameters<typeof change>[0];
  change(data);
  const r = validateProgramme(data);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.value;
}
const v1 = variant(() => {});
/** v2 puts an orientation step between the plan and step 1. */
const v2 = variant((d) => {
  d.version = 2;
  const i = d.steps.findIndex((s) => s.id === 'step1');
  d.steps.splice(i, 0, {
    id: 'orientation',
    kind: 'ladderStep',
    label: { sv: 'Introduktion', en: 'Orientation' },
    params: { completion: 'all', requirements: [{ id: 'intro', label: { sv: 'Introduktion', en: 'Introduction' } }], target: { share: 0.9, byMonth: 1 } },
  } as never);
});
/** v3 merges step 3 and step 4 into one step. */
const v3 = variant((d) => {
  d.version = 3;
  d.steps = d.steps.filter((s) => s.id !== 'step4');
  const exit = d.steps.find((s) => s.id === 'exit') as unknown as { params: { outcomes: { completesStep?: string }[] } };
  for (const o of exit.params.outcomes) if (o.completesStep === 'step4') o.completesStep = 'step3';
});
const identity = Object.fromEntries(v1.steps.map((s) => [s.id, s.id]));
const actor = { id: 'cw-1', role: 'caseworker' };
const at = (t: string) => stockholmInstant(t);
const assessment = { adjustmentNeeds: 'a', interestsAndExperience: 'b', ownView: 'c', motivation: 'd', healthHabits: 'e' };

describe('planMigration', () => {
  test('a complete, order-keeping mapping is accepted, with the new and merged steps named', () => {
    const p = planMigration(v1, v2, { steps: identity });
    expect(p.ok && p.value.newSteps).toEqual(['orientation']);
    const m = planMigration(v1, v3, { steps: { ...identity, step4: 'step3' } });
    expect(m.ok && m.value.merged).toEqual({ step3: ['step3', 'step4'] });
  });

  test('every problem of a mapping at once: an unmapped step, a target that does not exist, a swapped order, an unknown source', () => {
    const p = planMigration(v1, v2, { steps: { ...identity, step1: 'step2', step2: 'step1', step5: 'step6', nope: 'step1', assessment: undefined as never } });
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['migration.invalid', 'steps.nope'],
      ['migration.invalid', 'steps.assessment'],
      ['migration.invalid', 'steps.step2'],
      ['migration.invalid', 'steps.step5'],
    ]);
    expect(p.issues.find((i) => i.path[1] === 'step2')!.message).toMatch(/order is not kept/);
  });

  test('backwards in version, or to another programme, is refused', () => {
    const back = planMigration(v2, v1, { steps: { ...identity, orientation: 'step1' } });
    expect(!back.ok && back.issues.map((i) => i.path.join('.'))).toEqual(['to.version']);
  });
});

describe('migrateParticipant', () => {
  const e1 = createEngine(v1);
  const e2 = createEngine(v2);
  const plan = planMigration(v1, v2, { steps: identity });
  if (!plan.ok) throw new Error('plan');

  function before(upTo: number) {
    let s = e1.initial('P-1');
    const events = [];
    const commands = [
      { type: 'refer', at: at('2026-01-05T09:00'), facts: {} },
      { type: 'completeAssessment', at: at('2026-01-07T09:00'), contents: assessment },
    ].slice(0, upTo);
    for (const c of commands) {
      const r = e1.execute(s, { ...c, participantId: 'P-1', actor });
      if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
      events.push(...r.events);
      s = r.snapshot;
    }
    return { s, events };
  }

  test('the event it returns is a domain event that engine.replay of the new version reads, giving the same state', () => {
    const { s, events } = before(2);
    const m = migrateParticipant(plan.value, { from: e1, to: e2 }, s, { at: at('2026-01-08T09:00'), actor });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.event).toMatchObject({ type: 'participant.migrated', seq: 5, programme: { id: 'ljusnarsberg', version: 2 }, payload: { from: { id: 'ljusnarsberg', version: 1 } } });
    expect(m.snapshot.value).toEqual({ active: 'actionPlan' });
    const replayed = e2.replay('P-1', JSON.parse(JSON.stringify([...events, m.event])));
    expect(replayed.ok && replayed.value.context).toEqual(m.snapshot.context);
    // The old version's engine cannot read past the migration, and says so.
    const old = e1.replay('P-1', [...events, m.event]);
    expect(!old.ok && old.issues[0]).toMatchObject({ code: 'event.invalid', path: [4, 'programme'] });
  });

  test('a new step\'s intake deadline that is already overdue is overdue at once, not on the next event', () => {
    const { s } = before(2);
    const m = migrateParticipant(plan.value, { from: e1, to: e2 }, s, { at: at('2026-03-20T09:00'), actor });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    // Orientation's target: one month from intake on 5 January, so overdue on 20 March.
    expect(m.snapshot.context.deadlines.find((d) => d.id === 'orientation.target')).toMatchObject({ dueOn: '2026-02-05', status: 'overdue' });
  });

  test('a participant past the new step is refused with an explanation', () => {
    let { s } = before(2);
    const r = e1.execute(s, { type: 'establishPlan', participantId: 'P-1', at: at('2026-01-08T09:00'), actor, contents: { mainPlacement: 'a', weeklySchedule: 'b', followUpTimes: 'c' }, subGoals: ['g'], participantTookPart: true });
    if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
    s = r.snapshot;
    const m = migrateParticipant(plan.value, { from: e1, to: e2 }, s, { at: at('2026-01-09T09:00'), actor });
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.issues[0]).toMatchObject({ code: 'migration.unsafe', path: ['steps', 'step1'] });
    expect(formatExplanation(m.explanation!, 'sv')).toContain('✗ Introduktion är klart (nytt steg i version 2)');
  });

  test('a migration dated before the last event is refused', () => {
    const { s } = before(2);
    const m = migrateParticipant(plan.value, { from: e1, to: e2 }, s, { at: at('2026-01-06T09:00'), actor });
    expect(!m.ok && m.issues[0]!.code).toBe('command.time_backwards');
  });
});
