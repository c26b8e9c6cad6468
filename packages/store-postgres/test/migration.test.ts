import { createEngine, formatExplanation } from '@stegvis/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { assessment, at, backends, caseworker, ljusnarsberg, plan, variant } from './helpers.js';

/** v2 puts an orientation step between the plan and step 1. */
const v2 = variant((d) => {
  d.version = 2;
  const i = d.steps.findIndex((s) => s.id === 'step1');
  d.steps.splice(i, 0, {
    id: 'orientation',
    kind: 'ladderStep',
    label: { sv: 'Introduktion', en: 'Orientation' },
    params: { completion: 'all', requirements: [{ id: 'intro', label: { sv: 'Introduktion', en: 'Introduction' } }] },
  } as never);
});
/** v3 merges step 3 and step 4 into one step. */
const v3 = variant((d) => {
  d.version = 3;
  d.steps = d.steps.filter((s) => s.id !== 'step4');
  const exit = d.steps.find((s) => s.id === 'exit') as unknown as { params: { outcomes: { completesStep?: string }[] } };
  for (const o of exit.params.outcomes) if (o.completesStep === 'step4') o.completesStep = 'step3';
});

const identity = Object.fromEntries(ljusnarsberg.steps.map((s) => [s.id, s.id]));
const ref2 = { id: 'ljusnarsberg', version: 2 };

const send = (store: ReturnType<typeof createStore>, id: string, when: string, body: Record<string, unknown>) =>
  store.execute({ ...body, participantId: id, actor: caseworker, at: at(when) });

for (const backend of backends) {
  describe.runIf(backend.enabled)(`migrating participants on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    let store: ReturnType<typeof createStore>;
    beforeAll(async () => {
      db = await backend.open();
      // new participants start on v1 here; v2 and v3 are registered so migrated ones can load
      store = createStore({ db, programmes: [ljusnarsberg, v2, v3], start: { id: 'ljusnarsberg', version: 1 } });
    }, 120_000); // PGlite takes seconds to start, more on a busy machine
    afterAll(async () => db?.close(), 60_000);

    test('a participant stays on the version of their first event', async () => {
      expect((await send(store, 'm-stay', '2026-01-05T09:00', { type: 'refer', facts: {} })).ok).toBe(true);
      const other = createStore({ db, programmes: [ljusnarsberg, v2] });
      const r = await other.execute({ type: 'tick', participantId: 'm-stay', actor: caseworker, at: at('2026-01-06T09:00') }, { programme: ref2 });
      expect(r.ok).toBe(true);
      const loaded = await other.load('m-stay');
      expect(loaded.ok && loaded.value.programme).toEqual({ id: 'ljusnarsberg', version: 1 });
    });

    test('a participant before the new step moves; the event is in the stream and the next events run under v2', async () => {
      const id = 'm-early';
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
      await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
      const m = await store.migrate({ participantId: id, to: ref2, mapping: { steps: identity }, at: at('2026-01-08T09:00'), actor: caseworker, commandId: 'mig-1' });
      expect(m.ok, JSON.stringify(m)).toBe(true);
      if (!m.ok) return;
      expect(m.event.seq).toBe(5);
      expect(m.snapshot.value).toEqual({ active: 'actionPlan' });
      const again = await store.migrate({ participantId: id, to: ref2, mapping: { steps: identity }, at: at('2026-01-08T09:00'), actor: caseworker, commandId: 'mig-1' });
      expect(again.ok && again.duplicate).toBe(true);

      const planned = await send(store, id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['g'], participantTookPart: true });
      expect(planned.ok && planned.events.map((e) => [e.seq, e.programme.version, e.type])).toEqual([
        [6, 2, 'plan.established'],
        [7, 2, 'step.advanced'],
      ]);
      expect(planned.ok && planned.snapshot.value).toEqual({ active: 'orientation' });
      // the state rebuilt from the events (through the migration event) is the stored one
      expect(await store.verify(id)).toMatchObject({ ok: true, value: { version: 7 } });
      const rows = (await db.query<{ seq: number; type: string; programme_version: number }>(`select seq, type, programme_version from stegvis.events where participant_id = $1 order by seq`, [id])).rows;
      expect(rows.map((r) => `${r.seq}:${r.type}@${r.programme_version}`)).toEqual([
        '1:participant.referred@1', '2:participant.admitted@1', '3:assessment.completed@1', '4:step.advanced@1',
        '5:participant.migrated@2', '6:plan.established@2', '7:step.advanced@2',
      ]);
      // Every event the store wrote, the migration too, is a domain event that core's engine replays.
      const events = await store.events(id);
      expect(events.ok && events.value.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const replayed = events.ok ? createEngine(v2).replay(id, events.value) : undefined;
      expect(replayed?.ok && replayed.value.context).toEqual(planned.ok && planned.snapshot.context);
    });

    // Issue 15: a void before a migration is in the state the migration records; one after it voids a v2 event.
    test('voids before and after a migration: the migration records the corrected state, and verify still holds', async () => {
      const id = 'm-void';
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
      await send(store, id, '2026-01-06T09:00', { type: 'recordAttendance', date: '2026-01-06', hours: 3 });
      expect((await send(store, id, '2026-01-06T10:00', { type: 'voidEvent', eventSeq: 3, reason: 'wrongParticipant' })).ok).toBe(true);
      await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
      const m = await store.migrate({ participantId: id, to: ref2, mapping: { steps: identity }, at: at('2026-01-08T09:00'), actor: caseworker });
      expect(m.ok && m.event.payload.state.attendance.days).toBe(0);
      const late = await send(store, id, '2026-01-08T10:00', { type: 'recordAttendance', date: '2026-01-08', hours: 4 });
      const lateSeq = late.ok ? late.events[0]!.seq : -1;
      // An event before the migration is summed up in its state: not voided; one after it is.
      const before = await send(store, id, '2026-01-08T11:00', { type: 'voidEvent', eventSeq: 4, reason: 'enteredInError' });
      expect(!before.ok && before.kind === 'refused' && before.refusal.code).toBe('command.not_voidable');
      expect((await send(store, id, '2026-01-08T11:00', { type: 'voidEvent', eventSeq: lateSeq, reason: 'duplicate' })).ok).toBe(true);
      const loaded = await store.load(id, { fromEvents: true });
      expect(loaded.ok && [loaded.value.programme.version, loaded.value.snapshot.context.attendance.days]).toEqual([2, 0]);
      expect(await store.verify(id)).toMatchObject({ ok: true });
    });

    test('a participant past the new step is refused with an explanation, and nothing is written', async () => {
      const id = 'm-late';
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
      await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
      await send(store, id, '2026-01-08T09:00', { type: 'establishPlan', contents: plan, subGoals: ['g'], participantTookPart: true });
      const m = await store.migrate({ participantId: id, to: ref2, mapping: { steps: identity }, at: at('2026-01-09T09:00'), actor: caseworker });
      expect(m.ok).toBe(false);
      if (m.ok || m.kind !== 'refused') return;
      expect(m.refusal.issues[0]).toMatchObject({ code: 'migration.unsafe', path: ['steps', 'step1'] });
      expect(m.refusal.issues[0]!.message).toMatch(/would skip orientation, not completed/);
      expect(formatExplanation(m.refusal.explanation!, 'sv')).toContain('✗ Introduktion är klart (nytt steg i version 2)');
      expect(formatExplanation(m.refusal.explanation!, 'en')).toContain('✓ Assessment is completed');
      const n = await db.query<{ n: number }>(`select count(*)::int as n from stegvis.events where participant_id = $1`, [id]);
      expect(n.rows[0]!.n).toBe(6);
    });

    test('merged steps: a paused participant at step 4 moves to the merged step 3 and resumes there, keeping their marks', async () => {
      const id = 'm-merge';
      const steps = ['step1', 'step2', 'step3'];
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: { fullTimeSickLeave: true } });
      await send(store, id, '2026-01-06T09:00', { type: 'completeAssessment', contents: assessment });
      await send(store, id, '2026-01-07T09:00', { type: 'establishPlan', contents: plan, subGoals: ['g'], participantTookPart: true });
      let day = 8;
      for (const step of steps) {
        const s = ljusnarsberg.stepsById.get(step)!;
        const reqs = s.blueprint.requirements.filter((r) => !('satisfiedBy' in r && r.satisfiedBy) && !r.waivedWhen);
        const needed = (s.params as { completion: string }).completion === 'any' ? reqs.slice(-1) : reqs;
        for (const r of needed) {
          const marked = await send(store, id, `2026-01-${String(day).padStart(2, '0')}T09:00`, { type: 'markRequirement', stepId: step, requirementId: r.id, status: 'met' });
          expect(marked.ok, JSON.stringify(marked)).toBe(true);
        }
        const adv = await send(store, id, `2026-01-${String(day).padStart(2, '0')}T10:00`, { type: 'advance' });
        expect(adv.ok, JSON.stringify(adv)).toBe(true);
        day++;
      }
      await send(store, id, '2026-01-20T09:00', { type: 'markRequirement', stepId: 'step4', requirementId: 'partTimeStudies', status: 'met' });
      await send(store, id, '2026-01-21T09:00', { type: 'pause', reason: 'sickness' });
      const m = await store.migrate({ participantId: id, to: { id: 'ljusnarsberg', version: 3 }, mapping: { steps: { ...identity, step4: 'step3' } }, at: at('2026-01-22T09:00'), actor: caseworker });
      expect(m.ok, JSON.stringify(m)).toBe(true);
      if (!m.ok) return;
      expect(m.snapshot.value).toBe('paused');
      expect(m.notes).toEqual(['mark "step4.partTimeStudies" dropped: "step3" has no requirement "partTimeStudies"']);
      const resumed = await send(store, id, '2026-01-23T09:00', { type: 'resume' });
      expect(resumed.ok && resumed.snapshot.value).toEqual({ active: 'step3' });
      expect(resumed.ok && resumed.snapshot.context.steps.step3?.status).toBe('active');
      expect(resumed.ok && Object.keys(resumed.snapshot.context.steps.step3!.requirements)).toEqual(['shortCourses']);
      expect(resumed.ok && resumed.snapshot.context.deadlines.find((d) => d.id === 'step4.target')?.stepId).toBe('step3');
      expect((await store.verify(id)).ok).toBe(true);
      // an exit to an outcome that completes step 3 now closes the ladder under v3
      const exit = await send(store, id, '2026-01-24T09:00', { type: 'exit', outcomeId: 'partTimeStudies' });
      expect(exit.ok && exit.events[0]?.programme.version).toBe(3);
    });

    test('an exited participant stays on their version', async () => {
      const id = 'm-exited';
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
      await send(store, id, '2026-01-06T09:00', { type: 'exit', outcomeId: 'movedAway' });
      const m = await store.migrate({ participantId: id, to: ref2, mapping: { steps: identity }, at: at('2026-01-08T09:00'), actor: caseworker });
      expect(!m.ok && m.kind === 'refused' && m.refusal.issues[0]?.message).toMatch(/exited; their record stays on v1/);
    });

    test('an invalid mapping is refused before anything is read into the stream', async () => {
      const id = 'm-invalid';
      await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
      const m = await store.migrate({ participantId: id, to: ref2, mapping: { steps: { assessment: 'assessment' } }, at: at('2026-01-08T09:00'), actor: caseworker });
      expect(!m.ok && m.kind === 'refused' && m.refusal.code).toBe('migration.invalid');
    });
  });
}
