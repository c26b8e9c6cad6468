import { commandSequence } from '@stegvis/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore, migrate } from '../src/index.js';
import { eventFormat } from '../src/format.js';
import { eventChecksum } from '../src/queries.js';
import { assessment, backends, count, ljusnarsberg, plan, send } from './helpers.js';

type Store = ReturnType<typeof createStore>;
const toStep1 = async (store: Store, id: string) => {
  await send(store, id, '2026-01-05T09:00', { type: 'refer', facts: {} });
  await send(store, id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment });
  await send(store, id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true });
  await send(store, id, '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 });
};

/** The snapshot and deadline rows of some participants, as text: what a rebuild writes. */
async function derived(db: Db, ids: readonly string[]): Promise<unknown[]> {
  const snapshots = (await db.query(`select participant_id, version, programme_id, programme_version, snapshot::jsonb::text as snapshot from stegvis.snapshots where participant_id = any($1) order by participant_id`, [ids])).rows;
  const deadlines = (await db.query(`select participant_id, deadline_id, kind, step_id, opens_on::text, due_on::text, status, area, responsible, programme_id, programme_version, referred_by
    from stegvis.deadlines where participant_id = any($1) order by participant_id, deadline_id`, [ids])).rows;
  return [snapshots, deadlines];
}

/**
 * An actor the event schema refuses (a key an actor does not have) where the fold itself never looks: only the
 * schema catches it, so only a checked fold reports it.
 */
const badActor = `'{"id": "cw-1", "role": "caseworker", "note": "edited"}'::jsonb`;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`event rows trusted by their checksum, on ${backend.name}`, { timeout: 120_000 }, () => {
    let db: Db;
    let store: Store;
    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [ljusnarsberg], cacheSize: 0 });
    }, 120_000);
    afterAll(async () => db?.close(), 60_000);

    test('every event row the store appends carries its checksum', async () => {
      await toStep1(store, 't-sum');
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 't-sum' and checksum is null`)).toBe(0);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 't-sum'`)).toBeGreaterThan(4);
    });

    test('a row edited behind the store (its checksum kept) fails the check: folded the checked way, reported with the event, nothing of it written', async () => {
      await toStep1(store, 't-edit');
      const before = (await db.query(`select version, snapshot::text from stegvis.snapshots where participant_id = 't-edit'`)).rows;
      await db.query(`update stegvis.events set actor = ${badActor} where participant_id = 't-edit' and seq = 3`);

      const loaded = await store.load('t-edit', { fromEvents: true });
      expect(loaded.ok).toBe(false);
      expect(!loaded.ok && loaded.issues.map((i) => [i.code, i.path])).toEqual([['store.corrupt_event', ['events', 3]]]);
      expect(!loaded.ok && loaded.issues[0]!.message).not.toContain('edited');
      expect((await store.verify('t-edit')).ok).toBe(false);

      const r = await store.rebuild();
      expect(r.ok && r.value.failed.map((f) => [f.participantId, f.issues[0]?.code, f.issues[0]?.path])).toEqual([['t-edit', 'store.corrupt_event', ['events', 3]]]);
      expect((await db.query(`select version, snapshot::text from stegvis.snapshots where participant_id = 't-edit'`)).rows).toEqual(before);
      await db.query(`delete from stegvis.events where participant_id = 't-edit'`);
    });

    test('a row moved to another seq (its checksum kept) fails the check: the checksum covers where the row is', async () => {
      await toStep1(store, 't-move');
      const rows = await count(db, `select count(*) from stegvis.events where participant_id = 't-move'`);
      // two events swapped by hand: neither row's checksum holds any more, every other row's does
      await db.query(`update stegvis.events set seq = seq + 1000 where participant_id = 't-move' and seq in (3, 4)`);
      await db.query(`update stegvis.events set seq = case seq when 1003 then 4 else 3 end where participant_id = 't-move' and seq in (1003, 1004)`);
      expect(await count(db, `select count(*) from stegvis.events e where participant_id = 't-move' and checksum = ${eventChecksum('$1', 'e.participant_id', 'e')}`, [eventFormat()])).toBe(rows - 2);
      const loaded = await store.load('t-move', { fromEvents: true });
      expect(!loaded.ok && loaded.issues[0]?.code).toBe('store.corrupt_event');
      await db.query(`delete from stegvis.events where participant_id = 't-move'`);
    });

    test('what is trusted is the checksum: a row edited with its checksum made again is folded without the schema', async () => {
      // This is why only the store's own writes may set the column: the checksum tells a row the store wrote from
      // one edited by hand, it does not keep out someone who computes it again.
      await toStep1(store, 't-forged');
      await db.query(`update stegvis.events set actor = ${badActor} where participant_id = 't-forged' and seq = 3`);
      await db.query(`update stegvis.events e set checksum = ${eventChecksum('$1', 'e.participant_id', 'e')} where participant_id = 't-forged' and seq = 3`, [eventFormat()]);
      expect((await store.load('t-forged', { fromEvents: true })).ok).toBe(true);
      const rebuilt = await store.rebuild();
      expect(rebuilt.ok && rebuilt.value.failed.map((f) => f.participantId)).toEqual([]);
      // the same row without its checksum is checked, and refused, by a load and by the rebuild
      await db.query(`update stegvis.events set checksum = null where participant_id = 't-forged' and seq = 3`);
      const loaded = await store.load('t-forged', { fromEvents: true });
      expect(!loaded.ok && loaded.issues.map((i) => [i.code, i.path])).toEqual([['store.corrupt_event', ['events', 3]]]);
      const checked = await store.rebuild();
      expect(checked.ok && checked.value.failed.map((f) => f.participantId)).toEqual(['t-forged']);
      await db.query(`delete from stegvis.events where participant_id = 't-forged'`);
    });

    test('a snapshot behind the events is caught up from them: trusted rows fold, an edited one is reported', async () => {
      await toStep1(store, 't-behind');
      const older = (await db.query(`select * from stegvis.snapshots where participant_id = 't-behind'`)).rows[0] as Record<string, unknown>;
      await send(store, 't-behind', '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 1 });
      const live = await store.load('t-behind');
      const version = live.ok ? live.value.version : -1;
      // the snapshot row as it was one command earlier (its checksum holds): the last event is after it
      await db.query(`update stegvis.snapshots set version = $2, snapshot = $3::json, checksum = $4 where participant_id = $1`, ['t-behind', older.version, JSON.stringify(older.snapshot), older.checksum]);
      expect(older.version).toBe(version - 1);
      const caught = await store.load('t-behind');
      expect(caught.ok && caught.value.snapshot.context).toEqual(live.ok && live.value.snapshot.context);
      await db.query(`update stegvis.events set actor = ${badActor} where participant_id = 't-behind' and seq = $1`, [version]);
      const loaded = await store.load('t-behind');
      expect(!loaded.ok && loaded.issues.map((i) => [i.code, i.path])).toEqual([['store.corrupt_event', ['events', version]]]);
      for (const table of ['events', 'snapshots', 'deadlines']) await db.query(`delete from stegvis.${table} where participant_id = 't-behind'`);
    });

    test('property: over generated histories (and one with a void), a rebuild of trusted rows writes exactly what a rebuild of the same rows checked writes', async () => {
      // Generated sequences seldom void an event the rules let be voided: each run has one participant whose stream has a void.
      const withVoid = async (id: string) => {
        await toStep1(store, id);
        const hours = await count(db, `select max(seq) from stegvis.events where participant_id = $1`, [id]);
        await send(store, id, '2026-01-12T10:00', { type: 'voidEvent', eventSeq: hours, reason: 'enteredInError' });
        await send(store, id, '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 3 });
        expect(await count(db, `select count(*) from stegvis.events where participant_id = $1 and type = 'event.voided'`, [id])).toBe(1);
      };
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { minLength: 1, maxLength: 3 }), async (seeds) => {
          const ids = [...seeds.map((_, i) => `t-p${run}-${i}`), `t-p${run}-void`];
          run++;
          for (const [i, seed] of seeds.entries()) {
            const commands = fc.sample(commandSequence(ljusnarsberg, ids[i]!, { maxLength: 10 }), { numRuns: 1, seed })[0]!;
            for (const c of commands) await store.execute(c);
          }
          await withVoid(ids.at(-1)!);
          const trusted = await store.rebuild();
          expect(trusted.ok && trusted.value.failed).toEqual([]);
          const fromTrusted = await derived(db, ids);
          const states = await Promise.all(ids.map((id) => store.load(id, { fromEvents: true })));
          // the same rows, checksums gone (an older store's rows): the rebuild folds them the checked way
          await db.query(`update stegvis.events set checksum = null where participant_id = any($1)`, [ids]);
          await db.query(`delete from stegvis.snapshots where participant_id = any($1)`, [ids]);
          const checked = await store.rebuild();
          expect(checked.ok && checked.value.failed).toEqual([]);
          expect(await derived(db, ids)).toEqual(fromTrusted);
          for (const [i, id] of ids.entries()) {
            const again = await store.load(id, { fromEvents: true });
            expect(again.ok && again.value.snapshot.context).toEqual(states[i]!.ok && states[i]!.value.snapshot.context);
          }
        }),
        { numRuns: 12 },
      );
    });

    // last: it takes the column away from every row of this database
    test('an older store\'s rows (no checksum column) load, checked, after migrate adds it; new rows get one, and a stream of both folds', async () => {
      await toStep1(store, 't-old');
      const live = await store.load('t-old');
      await db.query(`alter table stegvis.events drop column checksum`);
      await migrate(db);
      await migrate(db);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 't-old' and checksum is not null`)).toBe(0);
      const loaded = await store.load('t-old', { fromEvents: true });
      expect(loaded.ok && loaded.value.snapshot.context).toEqual(live.ok && live.value.snapshot.context);
      expect((await store.verify('t-old')).ok).toBe(true);
      await send(store, 't-old', '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 1 });
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 't-old' and checksum is not null`)).toBe(1);
      expect((await store.verify('t-old')).ok).toBe(true);
      const r = await store.rebuild();
      expect(r.ok && r.value.failed).toEqual([]);
      expect((await store.verify('t-old')).ok).toBe(true);
    });
  });
}
