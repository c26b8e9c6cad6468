import { type CommandInput, createEngine, DomainEventSchema } from '@stegvis/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore, migrate, retrying } from '../src/index.js';
import { at, backends, caseworker, count, ljusnarsberg, nacka } from './helpers.js';

type Body = CommandInput extends infer C ? (C extends unknown ? Omit<C, 'participantId' | 'actor' | 'at'> : never) : never;
const cmd = (participantId: string, when: string, body: Body, extra: Record<string, unknown> = {}) => ({ ...body, participantId, actor: caseworker, at: at(when), ...extra });

const assessment = { adjustmentNeeds: 'none', interestsAndExperience: 'yes', ownView: 'yes', motivation: 'yes', healthHabits: 'ok' };
const plan = { mainPlacement: 'x', weeklySchedule: 'y', followUpTimes: 'z' };

/** Refer, assess and plan: a participant at step 1 with its deadlines. */
async function toStep1(store: ReturnType<typeof createStore>, id: string) {
  for (const c of [
    cmd(id, '2026-01-05T09:00', { type: 'refer', facts: {} }),
    cmd(id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }),
    cmd(id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
  ]) {
    const r = await store.execute(c);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  }
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`store on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    let store: ReturnType<typeof createStore>;
    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [ljusnarsberg, nacka], start: { id: 'ljusnarsberg', version: 1 } });
    }, 120_000); // PGlite takes seconds to start, more on a busy machine
    afterAll(async () => db?.close(), 60_000);

    test('a command becomes events, a snapshot and deadline rows; loading gives the engine\'s state', async () => {
      await toStep1(store, 'p-basic');
      const engine = createEngine(ljusnarsberg);
      const events = await store.events('p-basic');
      expect(events.ok).toBe(true);
      if (!events.ok) return;
      expect(events.value.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      const replayed = engine.replay('p-basic', events.value);
      const loaded = await store.load('p-basic');
      expect(loaded.ok && replayed.ok).toBe(true);
      if (!loaded.ok || !replayed.ok) return;
      expect(loaded.value.snapshot.context).toEqual(replayed.value.context);
      expect(loaded.value.snapshot.value).toEqual({ active: 'step1' });
      expect(await count(db, `select count(*) from stegvis.snapshots where participant_id = 'p-basic' and version = 6`)).toBe(1);
      const ids = (await db.query<{ deadline_id: string; status: string }>(`select deadline_id, status from stegvis.deadlines where participant_id = 'p-basic' order by deadline_id`)).rows;
      expect(ids.map((r) => r.deadline_id)).toEqual(replayed.value.context.deadlines.map((d) => d.id).sort());
      expect(ids.find((r) => r.deadline_id === 'assessment.due')?.status).toBe('met');
      expect((await store.verify('p-basic')).ok).toBe(true);
    });

    test('the snapshot is kept in its row, compressed (lz4 on a server that has it), in half-free pages; migrate again changes nothing and the rows still load', async () => {
      await toStep1(store, 'p-storage');
      const column = async () =>
        (await db.query<{ storage: string; compression: string; options: string[] }>(
          `select attstorage as storage, attcompression::text as compression, (select reloptions from pg_class where oid = 'stegvis.snapshots'::regclass) as options
           from pg_attribute where attrelid = 'stegvis.snapshots'::regclass and attname = 'snapshot'`,
        )).rows[0]!;
      // the methods a server was built with are the values default_toast_compression may take
      const lz4 = (await db.query<{ ok: boolean }>(`select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`)).rows[0]!.ok;
      expect(await column()).toEqual({ storage: 'm', compression: lz4 ? 'l' : '', options: ['fillfactor=50'] });
      await migrate(db);
      expect(await column()).toEqual({ storage: 'm', compression: lz4 ? 'l' : '', options: ['fillfactor=50'] });
      expect((await store.verify('p-storage')).ok).toBe(true);
      // nothing of a snapshot row goes to the TOAST table, not even its checksum or a long participant id
      const long = `p-storage-${'x'.repeat(60)}`;
      await toStep1(store, long);
      const toast = (await db.query<{ toast: string }>(`select reltoastrelid::regclass::text as toast from pg_class where oid = 'stegvis.snapshots'::regclass`)).rows[0]!.toast;
      expect(await count(db, `select count(*) from ${toast}`)).toBe(0);
    });

    test('a refusal comes back as the engine gave it, and nothing is written', async () => {
      await toStep1(store, 'p-refused');
      const before = await count(db, `select count(*) from stegvis.events where participant_id = 'p-refused'`);
      const r = await store.execute(cmd('p-refused', '2026-01-12T09:00', { type: 'advance' }));
      expect(r.ok).toBe(false);
      if (r.ok || r.kind !== 'refused') throw new Error('expected a refusal');
      expect(r.refusal.code).toBe('command.requirements_unmet');
      expect(r.refusal.explanation?.ok).toBe(false);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-refused'`)).toBe(before);
      const invalid = await store.execute({ type: 'advance', participantId: 'p-refused', at: 'yesterday', actor: caseworker });
      expect(!invalid.ok && invalid.kind === 'refused' && invalid.refusal.issues[0]?.path).toEqual(['at']);
    });

    test('a policy refusal (Nacka: only the referring caseworker exits) passes through unchanged', async () => {
      const ref = { id: 'nacka', version: 1 };
      const refer = await store.execute({ type: 'refer', participantId: 'p-nacka', at: at('2026-02-02T09:00'), actor: caseworker, facts: { referrer: 'forsakringskassan' }, place: 'granted' }, { programme: ref });
      expect(refer.ok, JSON.stringify(refer)).toBe(true);
      const exit = await store.execute({ type: 'exit', participantId: 'p-nacka', at: at('2026-02-03T09:00'), actor: { id: 'cw-2', role: 'caseworker' }, outcomeId: 'pension' });
      expect(!exit.ok && exit.kind === 'refused' && exit.refusal.code).toBe('command.forbidden');
      const loaded = await store.load('p-nacka');
      expect(loaded.ok && loaded.value.programme).toEqual(ref);
    });

    test('two caseworkers at once: one succeeds, the other gets a conflict it can retry; no event lost or doubled', async () => {
      await toStep1(store, 'p-race');
      const a = cmd('p-race', '2026-01-12T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'keepTimes', status: 'met' });
      const b = cmd('p-race', '2026-01-12T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'reportAbsence', status: 'met' });
      // Both load and decide before either appends: each append (the one statement that inserts events) waits until both have arrived.
      let arrived = 0;
      let release!: () => void;
      const bothDecided = new Promise<void>((r) => (release = r));
      const racing: Db = {
        ...db,
        query: async (sql, params) => {
          if (sql.includes('insert into stegvis.events')) {
            if (++arrived === 2) release();
            await bothDecided;
          }
          return db.query(sql, params);
        },
        transaction: (fn) => db.transaction(fn),
      };
      // Two stores (two processes, say): one store writes a participant's appends one after another (writer.ts),
      // so only two stores' appends can meet in the database.
      const [ra, rb] = await Promise.all([createStore({ db: racing, programmes: [ljusnarsberg] }).execute(a), createStore({ db: racing, programmes: [ljusnarsberg] }).execute(b)]);
      const results = [ra, rb];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok)!;
      expect(!lost.ok && lost.kind).toBe('conflict');
      expect(!lost.ok && lost.kind === 'conflict' && lost.issues[0]).toMatchObject({ code: 'store.conflict', path: ['participantId'] });
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-race'`)).toBe(7);
      const retried = await retrying(() => store.execute(lost === ra ? a : b));
      expect(retried.ok).toBe(true);
      const seqs = (await db.query<{ seq: number }>(`select seq from stegvis.events where participant_id = 'p-race' order by seq`)).rows.map((r) => r.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const loaded = await store.load('p-race');
      expect(loaded.ok && Object.keys(loaded.value.snapshot.context.steps.step1!.requirements).sort()).toEqual(['keepTimes', 'reportAbsence']);
    });

    test('ten concurrent writers with retrying: every command lands exactly once', async () => {
      await toStep1(store, 'p-many');
      const cmds = Array.from({ length: 10 }, (_, i) => cmd('p-many', '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: i + 1 }, { commandId: `att-${i}` }));
      const results = await Promise.all(cmds.map((c) => retrying(() => store.execute(c), { attempts: 20 })));
      expect(results.every((r) => r.ok)).toBe(true);
      const rows = (await db.query<{ seq: number; command_id: string | null }>(`select seq, command_id from stegvis.events where participant_id = 'p-many' order by seq`)).rows;
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(rows.filter((r) => r.command_id?.startsWith('att-')).map((r) => r.command_id).sort()).toEqual(cmds.map((c) => c.commandId).sort());
      const loaded = await store.load('p-many');
      expect(loaded.ok && loaded.value.snapshot.context.attendance.hours).toBe(55);
    });

    test('a repeated command id is applied once: the second call returns the events of the first', async () => {
      const refer = cmd('p-idem', '2026-01-05T09:00', { type: 'refer', facts: {} }, { commandId: 'ref-1' });
      const first = await store.execute(refer);
      expect(first.ok && first.events.map((e) => e.type)).toEqual(['participant.referred', 'participant.admitted']);
      const again = await store.execute({ ...refer });
      expect(again.ok && again.duplicate).toBe(true);
      expect(again.ok && again.events).toEqual(first.ok && first.events);
      // and when the same command id arrives twice at once
      const c = cmd('p-idem', '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }, { commandId: 'assess-1' });
      const both = await Promise.all([store.execute(c), store.execute(c)]);
      expect(both.every((r) => r.ok)).toBe(true);
      expect(both.filter((r) => r.ok && r.duplicate)).toHaveLength(1);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-idem'`)).toBe(4);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-idem' and command_id = 'assess-1'`)).toBe(2);
    });

    test('a command id reused for another command is refused with store.command_id_reused; the first command stands', async () => {
      const first = await store.execute(cmd('p-reuse', '2026-01-05T09:00', { type: 'refer', facts: {} }, { commandId: 'key-1' }));
      expect(first.ok).toBe(true);
      const other = await store.execute(cmd('p-reuse', '2026-01-06T09:00', { type: 'recordAttendance', date: '2026-01-06', hours: 3 }, { commandId: 'key-1' }));
      expect(other.ok).toBe(false);
      if (other.ok || other.kind !== 'refused') throw new Error('expected a refusal');
      expect(other.refusal.code).toBe('store.command_id_reused');
      expect(other.refusal.issues[0]).toMatchObject({ code: 'store.command_id_reused', path: ['commandId'], message: expect.stringMatching(/used before for another command/) });
      expect(other.refusal.issues[0]!.message).not.toContain('key-1');
      // the same type with another field is another command too; key order is not
      const hours = (h: number) => ({ type: 'recordAttendance', date: '2026-01-07', hours: h, participantId: 'p-reuse', actor: caseworker, at: at('2026-01-07T09:00'), commandId: 'key-2' });
      expect((await store.execute(hours(2))).ok).toBe(true);
      const shuffled = Object.fromEntries(Object.entries(hours(2)).reverse());
      expect(await store.execute(shuffled)).toMatchObject({ ok: true, duplicate: true });
      expect(await store.execute(hours(5))).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'store.command_id_reused' } });
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-reuse'`)).toBe(3);
      // reused at once from two writers: one lands, the other is told
      const racing = await Promise.all([
        store.execute(cmd('p-reuse', '2026-01-08T09:00', { type: 'recordAttendance', date: '2026-01-08', hours: 1 }, { commandId: 'key-3' })),
        store.execute(cmd('p-reuse', '2026-01-08T09:00', { type: 'recordAttendance', date: '2026-01-08', hours: 4 }, { commandId: 'key-3' })),
      ].map((p) => p.then((r) => (r.ok ? 'ok' : r.kind === 'refused' ? r.refusal.code : r.kind))));
      expect(racing.sort()).toEqual(['ok', 'store.command_id_reused']);
    });

    test('a refused command with a command id is recorded: a repeat gets the same refusal, not a new decision', async () => {
      await toStep1(store, 'p-refrep');
      expect((await store.execute(cmd('p-refrep', '2026-01-12T09:00', { type: 'pause', reason: 'sickness' }))).ok).toBe(true);
      const attendance = cmd('p-refrep', '2026-01-13T09:00', { type: 'recordAttendance', date: '2026-01-13', hours: 4 }, { commandId: 'att-1' });
      const first = await store.execute(attendance);
      expect(!first.ok && first.kind === 'refused' && first.refusal.code).toBe('command.paused');
      // resumed, deciding again would accept the same attendance
      expect((await store.execute(cmd('p-refrep', '2026-01-13T10:00', { type: 'resume' }))).ok).toBe(true);
      const again = await store.execute(attendance);
      expect(again).toMatchObject({ ok: false, kind: 'refused', duplicate: true });
      expect(!again.ok && again.kind === 'refused' && again.refusal).toEqual(!first.ok && first.kind === 'refused' && first.refusal);
      expect((await store.execute({ ...attendance, at: at('2026-01-13T11:00'), commandId: 'att-2' })).ok).toBe(true);
      expect(await count(db, `select count(*) from stegvis.commands where participant_id = 'p-refrep' and command_id = 'att-1' and refusal is not null`)).toBe(1);
    });

    test('the host\'s clock bounds at: a command dated 9999-12-31 is refused, and the participant is not locked behind it', async () => {
      await toStep1(store, 'p-future');
      const far = await store.execute(cmd('p-future', '9999-12-31T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 }, { commandId: 'far-1' }));
      expect(far).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.in_future', issues: [{ path: ['at'] }] } });
      const tick = await store.execute({ type: 'tick', participantId: 'p-future', at: at('2026-01-12T09:30'), actor: { id: 'clock', role: 'system' } });
      expect(tick.ok).toBe(true);
      const next = await store.execute(cmd('p-future', '2026-01-12T10:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 }));
      expect(next.ok).toBe(true);
      // a clock refusal judges the clocks, not the participant: not recorded, so the id can be sent again once they agree
      expect(await count(db, `select count(*) from stegvis.commands where participant_id = 'p-future'`)).toBe(0);
      // the host's clock and skew are the store's options
      const fixed = createStore({ db, programmes: [ljusnarsberg], clock: () => '2026-01-12T12:00:00+01:00', maxFutureSkewSeconds: 60 });
      expect(await fixed.execute(cmd('p-future', '2026-01-12T12:02', { type: 'recordAttendance', date: '2026-01-12', hours: 1 }))).toMatchObject({ ok: false, refusal: { code: 'command.in_future' } });
      expect((await fixed.execute(cmd('p-future', '2026-01-12T12:01', { type: 'recordAttendance', date: '2026-01-12', hours: 1 }))).ok).toBe(true);
      const migrated = await fixed.migrate({ participantId: 'p-future', to: { id: 'ljusnarsberg', version: 1 }, mapping: { steps: {} }, at: '9999-01-01T00:00:00Z', actor: caseworker });
      expect(migrated).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.in_future' } });
    });

    test('a crash between the events and the snapshot loses nothing: a missing or stale snapshot is rebuilt from the events', async () => {
      await toStep1(store, 'p-crash');
      const full = await store.load('p-crash');
      const stale = (await db.query<{ snapshot: unknown }>(`select snapshot from stegvis.snapshots where participant_id = 'p-crash'`)).rows[0]!.snapshot;
      await store.execute(cmd('p-crash', '2026-01-12T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'keepTimes', status: 'met' }));
      const expected = await store.load('p-crash', { fromEvents: true });
      expect(full.ok && expected.ok).toBe(true);
      if (!expected.ok) return;

      // the snapshot row is gone (the events were appended, the snapshot never written)
      await db.query(`delete from stegvis.snapshots where participant_id = 'p-crash'`);
      const rebuilt = await store.load('p-crash');
      expect(rebuilt.ok && rebuilt.value.snapshot.context).toEqual(expected.value.snapshot.context);

      // the snapshot is one event behind: it is caught up from the event after it
      await db.query(`insert into stegvis.snapshots (participant_id, version, programme_id, programme_version, snapshot) values ('p-crash', 6, 'ljusnarsberg', 1, $1::jsonb)`, [JSON.stringify(stale)]);
      const caught = await store.load('p-crash');
      expect(caught.ok && caught.value.snapshot.context).toEqual(expected.value.snapshot.context);
      const next = await store.execute(cmd('p-crash', '2026-01-13T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'reportAbsence', status: 'met' }));
      expect(next.ok && next.version).toBe(8);
      expect(await count(db, `select version from stegvis.snapshots where participant_id = 'p-crash'`)).toBe(8);
      expect((await store.verify('p-crash')).ok).toBe(true);
    });

    test('the database failing inside the append (after the events are in) rolls the whole command back; the command can be sent again', async () => {
      await toStep1(store, 'p-fault');
      const rowsOf = async () => ({
        events: await count(db, `select count(*) from stegvis.events where participant_id = 'p-fault'`),
        commands: await count(db, `select count(*) from stegvis.commands where participant_id = 'p-fault'`),
        snapshot: await count(db, `select version from stegvis.snapshots where participant_id = 'p-fault'`),
        deadlines: (await db.query(`select deadline_id, status, due_on::text from stegvis.deadlines where participant_id = 'p-fault' order by deadline_id`)).rows,
      });
      const before = await rowsOf();
      // A real failure in the server, in the middle of the command's one statement: writing the snapshot raises.
      await db.query(`create function stegvis.test_fault() returns trigger language plpgsql as $$
        begin if new.participant_id = 'p-fault' then raise exception 'injected: the disk failed while writing the snapshot'; end if; return new; end $$`);
      await db.query(`create trigger test_fault before insert or update on stegvis.snapshots for each row execute function stegvis.test_fault()`);
      const c = cmd('p-fault', '2026-01-12T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'keepTimes', status: 'met' }, { commandId: 'mark-1' });
      const r = await store.execute(c);
      expect(!r.ok && r.kind).toBe('failed');
      expect(!r.ok && r.kind === 'failed' && r.issues[0]?.code).toBe('store.database');
      // nothing of the command: no event, no command row, the snapshot and the deadline rows as they were
      expect(await rowsOf()).toEqual(before);
      await db.query(`drop trigger test_fault on stegvis.snapshots`);
      await db.query(`drop function stegvis.test_fault()`);
      const again = await store.execute(c);
      expect(again.ok && !again.duplicate && again.version).toBe(7);
      expect((await store.verify('p-fault')).ok).toBe(true);
    });

    test('an answer lost after the write (the connection drops as it returns): the command sent again with its id is answered as the first time', async () => {
      await toStep1(store, 'p-lost');
      let lose = false;
      const dropping: Db = {
        ...db,
        query: async (sql, params) => {
          const r = await db.query(sql, params);
          if (lose && sql.includes('insert into stegvis.events')) {
            lose = false;
            throw new Error('injected: connection terminated after the write');
          }
          return r as never;
        },
        transaction: (fn) => db.transaction(fn),
      };
      const lossy = createStore({ db: dropping, programmes: [ljusnarsberg] });
      expect((await lossy.execute(cmd('p-lost', '2026-01-12T08:00', { type: 'recordAttendance', date: '2026-01-12', hours: 1 }))).ok).toBe(true);
      const c = cmd('p-lost', '2026-01-12T09:00', { type: 'markRequirement', stepId: 'step1', requirementId: 'keepTimes', status: 'met' }, { commandId: 'mark-lost' });
      lose = true;
      const first = await lossy.execute(c);
      expect(!first.ok && first.kind === 'failed' && first.issues[0]?.code).toBe('store.database');
      const again = await lossy.execute(c);
      expect(again).toMatchObject({ ok: true, duplicate: true, version: 8 });
      expect(again.ok && again.events.map((e) => [e.seq, e.type, e.commandId])).toEqual([[8, 'requirement.marked', 'mark-lost']]);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'p-lost'`)).toBe(8);
      expect((await lossy.verify('p-lost')).ok).toBe(true);
    });

    test('a corrupted event is reported by its seq (the caller knows whose stream it read), never skipped', async () => {
      await toStep1(store, 'p-corrupt');
      await db.query(`update stegvis.events set payload = '{"contents": 42}'::jsonb where participant_id = 'p-corrupt' and seq = 3`);
      // with a current snapshot the event is not read; replaying from the events finds it
      const replay = await store.load('p-corrupt', { fromEvents: true });
      expect(replay.ok).toBe(false);
      if (replay.ok) return;
      expect(replay.issues).toHaveLength(1);
      expect(replay.issues[0]).toMatchObject({ code: 'store.corrupt_event', path: ['events', 3] });
      expect(replay.issues[0]!.message).toContain('event 3');
      expect(replay.issues[0]!.message).not.toContain('42');
      expect((await store.verify('p-corrupt')).ok).toBe(false);
      // a command on top of a stale snapshot meets it too, and writes nothing
      await db.query(`delete from stegvis.snapshots where participant_id = 'p-corrupt'`);
      const r = await store.execute(cmd('p-corrupt', '2026-01-12T09:00', { type: 'advance' }));
      expect(!r.ok && r.kind === 'failed' && r.issues[0]).toMatchObject({ code: 'store.corrupt_event', path: ['events', 3] });
      // an unknown type is reported as such
      await db.query(`update stegvis.events set type = 'participant.teleported' where participant_id = 'p-corrupt' and seq = 2`);
      const unknown = await store.load('p-corrupt');
      expect(!unknown.ok && unknown.issues[0]).toMatchObject({ code: 'store.unknown_event', path: ['events', 2] });
      // the store's messages name the event by its place, never the participant's id or the stored type
      expect(JSON.stringify([r, unknown])).not.toMatch(/p-corrupt|teleported/);
    });

    test('a tampered snapshot is caught by verify, and one that does not restore is ignored', async () => {
      await toStep1(store, 'p-snap');
      await db.query(`update stegvis.snapshots set snapshot = jsonb_set(snapshot::jsonb, '{context,attendance,hours}', '99') where participant_id = 'p-snap'`);
      const v = await store.verify('p-snap');
      expect(!v.ok && v.issues[0]?.code).toBe('store.snapshot_mismatch');
      await db.query(`update stegvis.snapshots set snapshot = '{"nonsense": true}'::jsonb where participant_id = 'p-snap'`);
      const loaded = await store.load('p-snap');
      expect(loaded.ok && loaded.value.snapshot.context.version).toBe(6);
    });

    test('events read back validate against DomainEventSchema', async () => {
      await toStep1(store, 'p-schema');
      const { rows } = await db.query<Record<string, unknown>>(`select * from stegvis.events where participant_id = 'p-schema' order by seq`);
      const events = await store.events('p-schema');
      expect(events.ok && events.value.every((e) => DomainEventSchema.safeParse(e).success)).toBe(true);
      expect(rows[0]).toMatchObject({ participant_id: 'p-schema', seq: 1, programme_id: 'ljusnarsberg', programme_version: 1, type: 'participant.referred' });
    });
  });
}
