import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { assessment, at, backends, caseworker, ljusnarsberg, plan, send } from './helpers.js';

type Store = ReturnType<typeof createStore>;
const run = (store: Store, id: string, when: string, body: Record<string, unknown>) => store.execute({ ...body, participantId: id, actor: caseworker, at: at(when) });
const toStep1 = async (store: Store, id: string) => {
  await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
  await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
  await send(store, id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true });
};

for (const backend of backends) {
  describe.runIf(backend.enabled)(`the state a store keeps between commands, on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    beforeAll(async () => {
      db = await backend.open();
    }, 120_000);
    afterAll(async () => db?.close(), 60_000);

    test('another process writes between two commands: the kept state is not trusted, the command is decided on the participant as they are', async () => {
      const a = createStore({ db, programmes: [ljusnarsberg] });
      const b = createStore({ db, programmes: [ljusnarsberg] });
      await toStep1(a, 'c-two');
      // b records attendance a's kept state has not seen
      await send(b, 'c-two', '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 });
      const again = await send(a, 'c-two', '2026-01-12T10:00', { type: 'recordAttendance', date: '2026-01-12', hours: 3 });
      expect(again.ok && again.version).toBe(8);
      const loaded = await a.load('c-two');
      expect(loaded.ok && loaded.value.snapshot.context.attendance).toMatchObject({ hours: 5 });
      expect((await a.verify('c-two')).ok).toBe(true);
    });

    test('a refusal is given from the kept state only while the participant is still there: after another writer, it is decided again', async () => {
      const a = createStore({ db, programmes: [ljusnarsberg] });
      const b = createStore({ db, programmes: [ljusnarsberg] });
      await toStep1(a, 'c-refuse');
      await send(a, 'c-refuse', '2026-01-12T09:00', { type: 'pause', reason: 'sickness' });
      // a kept them paused; b (another process) resumes them, so attendance is accepted again
      await send(b, 'c-refuse', '2026-01-13T08:00', { type: 'resume' });
      const attendance = await run(a, 'c-refuse', '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 4 });
      expect(attendance.ok, JSON.stringify(attendance)).toBe(true);
      // and one the participant as they are refuses is refused, with nothing written
      await send(b, 'c-refuse', '2026-01-14T08:00', { type: 'exit', outcomeId: 'movedAway' });
      const late = await run(a, 'c-refuse', '2026-01-14T10:00', { type: 'recordAttendance', date: '2026-01-14', hours: 1 });
      expect(late).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.exited' } });
      expect((await a.verify('c-refuse')).ok).toBe(true);
    });

    test('a snapshot row the store did not write as it is (its checksum does not hold) is checked by the schema before it is used', async () => {
      const store = createStore({ db, programmes: [ljusnarsberg], cacheSize: 0 });
      await toStep1(store, 'c-sum');
      const live = await store.load('c-sum');
      // only the checksum is off (another stegvis version's format): the row still loads, as the same state
      await db.query(`update stegvis.snapshots set checksum = 'elsewhere' where participant_id = 'c-sum'`);
      const other = await store.load('c-sum');
      expect(other.ok && live.ok && other.value.snapshot.context).toEqual(live.ok && live.value.snapshot.context);
      // an edit the schema refuses, keeping the checksum that held before: not trusted, so rebuilt from the events
      await db.query(`update stegvis.snapshots set snapshot = jsonb_set(snapshot::jsonb, '{context,attendance,hours}', '"many"') where participant_id = 'c-sum'`);
      const edited = await store.load('c-sum');
      expect(edited.ok && edited.value.snapshot.context).toEqual(live.ok && live.value.snapshot.context);
    });

    test('an index that may be behind (the snapshot row was behind the events) is replaced by the state\'s rows: a row no deadline of the state has is deleted', async () => {
      const store = createStore({ db, programmes: [ljusnarsberg] });
      await toStep1(store, 'c-stale');
      // the snapshot row lost (so the next load catches up from the events) and a row the state has no deadline for
      await db.query(`delete from stegvis.snapshots where participant_id = 'c-stale'`);
      await db.query(`insert into stegvis.deadlines (participant_id, deadline_id, kind, step_id, opens_on, due_on, status, area, responsible, programme_id, programme_version, referred_by)
        select participant_id, 'left.over', kind, step_id, opens_on, due_on, status, area, responsible, programme_id, programme_version, referred_by
        from stegvis.deadlines where participant_id = 'c-stale' limit 1`);
      const fresh = createStore({ db, programmes: [ljusnarsberg] });
      const r = await send(fresh, 'c-stale', '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 });
      const ids = (await db.query<{ deadline_id: string }>(`select deadline_id from stegvis.deadlines where participant_id = 'c-stale' order by deadline_id`)).rows.map((x) => x.deadline_id);
      expect(ids).toEqual(r.ok ? r.snapshot.context.deadlines.map((d) => d.id).sort() : []);
      expect(ids).not.toContain('left.over');
    });

    test('a void right after this store\'s own commands is decided on the stream, not refused from the kept state; the state it leaves is the one kept', async () => {
      const store = createStore({ db, programmes: [ljusnarsberg], clock: () => '2026-03-01T12:00:00+01:00' });
      await toStep1(store, 'c-void');
      const hours = await send(store, 'c-void', '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 });
      const seq = hours.ok ? hours.events[0]!.seq : -1;
      await send(store, 'c-void', '2026-01-12T10:00', { type: 'voidEvent', eventSeq: seq, reason: 'enteredInError' });
      // decided on the kept state: the voided hours stay out of it
      const next = await send(store, 'c-void', '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 3 });
      expect(next.ok && next.snapshot.context.attendance).toMatchObject({ days: 1, hours: 3 });
      expect((await store.verify('c-void')).ok).toBe(true);
    });

    test('cacheSize 0 keeps nothing: each command loads, with the same answers', async () => {
      const store = createStore({ db, programmes: [ljusnarsberg], cacheSize: 0 });
      await toStep1(store, 'c-none');
      const r = await run(store, 'c-none', '2026-01-12T09:00', { type: 'advance' });
      expect(r).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.requirements_unmet' } });
      expect((await store.verify('c-none')).ok).toBe(true);
    });
  });
}
