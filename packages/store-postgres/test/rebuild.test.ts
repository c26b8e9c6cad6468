import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { eventFormat } from '../src/format.js';
import { eventChecksum, rebuildPage, rebuildWriteLimit, writeRebuilt } from '../src/queries.js';
import { assessment, at, backends, caseworker, count, ljusnarsberg, plan, send, variant } from './helpers.js';

/** v2 of Ljusnarsberg, so one participant's stream runs under two versions. */
const v2 = variant((d) => {
  d.version = 2;
});
const ref2 = { id: 'ljusnarsberg', version: 2 };
const identity = Object.fromEntries(ljusnarsberg.steps.map((s) => [s.id, s.id]));


type Store = ReturnType<typeof createStore>;

/** Participant `i` of a seeded run: the further `i` goes, the longer their history (referral only … step 2, an exit). */
async function seed(store: Store, id: string, i: number): Promise<void> {
  await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
  if (i % 6 === 0) return;
  await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
  await send(store, id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true });
  for (let d = 0; d < i % 4; d++) await send(store, id, `2026-01-${12 + d}T09:00`, { type: 'recordAttendance', date: `2026-01-${12 + d}`, hours: 3 });
  await send(store, id, '2026-01-19T07:00', { type: 'tick' });
  if (i % 3 === 0) return;
  for (const r of ['keepTimes', 'reportAbsence', 'attendAsAgreed']) await send(store, id, '2026-01-20T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: r, status: 'met' });
  await send(store, id, '2026-01-21T09:00', { type: 'recordFollowUp', participantTookPart: true });
  if (i % 5 === 0) await send(store, id, '2026-02-20T09:00', { type: 'exit', outcomeId: 'movedAway' });
  else await send(store, id, '2026-03-02T07:00', { type: 'tick' });
}

/** Everything the store derives from the events: snapshot rows and deadline rows, as text. */
async function derived(db: Db): Promise<{ snapshots: unknown[]; deadlines: unknown[] }> {
  const snapshots = (await db.query(`select participant_id, version, programme_id, programme_version, snapshot::jsonb::text as snapshot from stegvis.snapshots order by participant_id`)).rows;
  const deadlines = (await db.query(`select participant_id, deadline_id, kind, step_id, opens_on::text, due_on::text, status, area, responsible, programme_id, programme_version, referred_by
    from stegvis.deadlines order by participant_id, deadline_id`)).rows;
  return { snapshots, deadlines };
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`rebuilding snapshots on ${backend.name}`, { timeout: 120_000 }, () => {
    let db: Db;
    let store: Store;
    const ids = Array.from({ length: 16 }, (_, i) => `rb-${String(i).padStart(2, '0')}`);
    let events = 0;
    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [ljusnarsberg, v2], start: { id: 'ljusnarsberg', version: 1 } });
      for (const [i, id] of ids.entries()) await seed(store, id, i);
      // one participant's stream moves to v2 midway: the rest of it is folded by v2's engine
      const m = await store.migrate({ participantId: 'rb-01', to: ref2, mapping: { steps: identity }, at: at('2026-03-03T09:00'), actor: caseworker });
      expect(m.ok, JSON.stringify(m)).toBe(true);
      await send(store, 'rb-01', '2026-03-04T09:00', { type: 'recordAttendance', date: '2026-03-04', hours: 2 });
      events = await count(db, 'select count(*) from stegvis.events');
    }, 240_000);
    afterAll(async () => db?.close(), 60_000);

    test('from the events alone, in pages that split participants: every snapshot and deadline row equals the one written live, and verify passes', async () => {
      const live = await derived(db);
      expect(live.snapshots).toHaveLength(ids.length);
      // lose every snapshot row and the deadline index, and leave a stale row behind for one participant
      await db.query('delete from stegvis.snapshots');
      await db.query('delete from stegvis.deadlines');
      await db.query(`insert into stegvis.deadlines (participant_id, deadline_id, kind, opens_on, due_on, status, programme_id, programme_version)
        values ('rb-03', 'stale.one', 'followUp', '2026-01-01', '2026-01-02', 'upcoming', 'ljusnarsberg', 1)`);
      const pages: number[] = [];
      const r = await store.rebuild({ pageSize: 7, onPage: (p) => pages.push(p.events) });
      expect(r).toEqual({ ok: true, value: { participants: ids.length, events, written: ids.length, skipped: 0, failed: [] } });
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.at(-1)).toBe(events);
      // the stale row went with the rebuild of rb-03's rows, which is the JSON text compared here
      expect(await derived(db)).toEqual(live);
      for (const id of ids) expect((await store.verify(id)).ok, id).toBe(true);
      // and a command goes on from a rebuilt snapshot
      await send(store, 'rb-02', '2026-03-05T09:00', { type: 'recordAttendance', date: '2026-03-05', hours: 1 });
      expect((await store.verify('rb-02')).ok).toBe(true);
    });

    test("a page whose columns come back out of seq order (the aggregates' order is the server's) is folded in seq order", async () => {
      const live = await derived(db);
      await db.query('delete from stegvis.snapshots');
      await db.query('delete from stegvis.deadlines');
      let reversed = 0;
      const reversing: Db = {
        ...db,
        query: async <R>(sql: string, params?: readonly unknown[]) => {
          const r = await db.query<R>(sql, params);
          if (sql !== rebuildPage) return r;
          const rows = (r.rows as { events: string }[]).map((row) => {
            const columns = JSON.parse(row.events) as unknown[][];
            if (columns[0]!.length > 1) reversed++;
            return { ...row, events: JSON.stringify(columns.map((c) => [...c].reverse())) };
          });
          return { rows: rows as R[] };
        },
        transaction: (fn) => db.transaction(fn),
      };
      const r = await createStore({ db: reversing, programmes: [ljusnarsberg, v2] }).rebuild({ pageSize: 9 });
      expect(r.ok && [r.value.written, r.value.failed]).toEqual([ids.length, []]);
      expect(reversed).toBeGreaterThan(ids.length);
      expect(await derived(db)).toEqual(live);
    });

    test('a participant whose events do not fold is reported with the event, and nothing of theirs is written; the others are rebuilt', async () => {
      await send(store, 'rb-bad', '2026-01-05T09:00', { type: 'refer', facts: {} });
      await send(store, 'rb-bad', '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
      const before = (await db.query(`select snapshot::text from stegvis.snapshots where participant_id = 'rb-bad'`)).rows;
      await db.query(`update stegvis.events set payload = '{"contents": 42}'::jsonb where participant_id = 'rb-bad' and seq = 3`);
      await db.query(`delete from stegvis.snapshots where participant_id <> 'rb-bad'`);
      const r = await store.rebuild();
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.written).toBe(ids.length);
      expect(r.value.failed.map((f) => [f.participantId, f.issues[0]?.code, f.issues[0]?.path])).toEqual([['rb-bad', 'store.corrupt_event', ['events', 3]]]);
      expect(r.value.failed[0]!.issues[0]!.message).not.toContain('42');
      expect((await db.query(`select snapshot::text from stegvis.snapshots where participant_id = 'rb-bad'`)).rows).toEqual(before);
      expect(await count(db, 'select count(*) from stegvis.snapshots')).toBe(ids.length + 1);
      await db.query(`delete from stegvis.events where participant_id = 'rb-bad'`);
      await db.query(`delete from stegvis.snapshots where participant_id = 'rb-bad'`);
      await db.query(`delete from stegvis.deadlines where participant_id = 'rb-bad'`);
    });

    test('a page of more participants than one write takes is written in several statements, each participant whole', async () => {
      // rb-00's rows copied under new ids, each with the checksum the append gives a row: one page of the default size
      const copies = rebuildWriteLimit + 150;
      await db.query(`
        insert into stegvis.events (participant_id, seq, programme_id, programme_version, type, at, at_text, actor, command_id, command_event, payload, checksum)
        select p.id, e.seq, e.programme_id, e.programme_version, e.type, e.at, e.at_text, e.actor, e.command_id, e.command_event, e.payload, ${eventChecksum('$2', 'p.id', 'e')}
        from stegvis.events e cross join generate_series(1, $1::int) as c cross join lateral (select 'rbc-' || lpad(c::text, 5, '0') as id) as p
        where e.participant_id = 'rb-00'`, [copies, eventFormat()]);
      await db.query(`delete from stegvis.snapshots`);
      await db.query(`delete from stegvis.deadlines`);
      const writes: number[] = [];
      const counting: Db = {
        ...db,
        query: async (sql, params) => {
          if (params && sql === writeRebuilt(params.length - 4)) writes.push(params.length - 4);
          return db.query(sql, params);
        },
        transaction: (fn) => db.transaction(fn),
      };
      const r = await createStore({ db: counting, programmes: [ljusnarsberg, v2] }).rebuild();
      expect(r.ok && [r.value.written, r.value.skipped, r.value.failed]).toEqual([ids.length + copies, 0, []]);
      expect(writes).toEqual([rebuildWriteLimit, ids.length + copies - rebuildWriteLimit]);
      // every copy's snapshot and deadline rows are rb-00's under its own id: the first copy, the last of the first statement, the last
      const template = await derived(db);
      const of = (id: string) => ({
        snapshot: template.snapshots.filter((x) => (x as { participant_id: string }).participant_id === id).map((x) => ({ ...(x as object), participant_id: '', snapshot: (x as { snapshot: string }).snapshot.replaceAll(id, '') })),
        deadlines: template.deadlines.filter((x) => (x as { participant_id: string }).participant_id === id).map((x) => ({ ...(x as object), participant_id: '' })),
      });
      for (const id of ['rbc-00001', `rbc-${String(rebuildWriteLimit - ids.length).padStart(5, '0')}`, `rbc-${String(copies).padStart(5, '0')}`]) expect(of(id), id).toEqual(of('rb-00'));
      expect(of('rb-00').deadlines.length).toBeGreaterThan(0);
      await db.query(`delete from stegvis.events where participant_id like 'rbc-%'`);
      await db.query(`delete from stegvis.snapshots where participant_id like 'rbc-%'`);
      await db.query(`delete from stegvis.deadlines where participant_id like 'rbc-%'`);
    });

    test('a command that lands while the rebuild folds: its newer snapshot is kept, not overwritten with the older rebuilt one', async () => {
      const other = createStore({ db, programmes: [ljusnarsberg, v2] });
      let landed = false;
      // Between the rebuild's read of rb-04's events and its write of their snapshot, a command of theirs lands.
      const racing: Db = {
        ...db,
        query: async (sql, params) => {
          if (params && sql === writeRebuilt(params.length - 4) && !landed && String(params[0]).includes('"rb-04"')) {
            landed = true;
            await send(other, 'rb-04', '2026-03-06T09:00', { type: 'recordAttendance', date: '2026-03-06', hours: 2 });
          }
          return db.query(sql, params);
        },
        transaction: (fn) => db.transaction(fn),
      };
      const rebuilding = createStore({ db: racing, programmes: [ljusnarsberg, v2] });
      const version = await count(db, `select max(seq) from stegvis.events where participant_id = 'rb-04'`);
      const r = await rebuilding.rebuild({ pageSize: 20 });
      expect(landed).toBe(true);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect(r.ok && [r.value.written, r.value.skipped]).toEqual([ids.length - 1, 1]);
      expect(await count(db, `select version from stegvis.snapshots where participant_id = 'rb-04'`)).toBe(version + 1);
      expect((await store.verify('rb-04')).ok).toBe(true);
    });
  });
}
