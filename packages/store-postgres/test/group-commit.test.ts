import { commandSequence } from '@stegvis/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, type ExecuteOutcome, createStore, retrying } from '../src/index.js';
import { appendCommand, appendCommands } from '../src/queries.js';
import { assessment, at, backends, caseworker, count, ljusnarsberg, plan } from './helpers.js';

/**
 * Group commit (writer.ts): a store's appends that arrive while others are being written go together in one
 * statement (`appendCommands`; one write alone goes through `appendCommand`). These tests check that a batch writes
 * exactly what the same commands write one by one, and that one write's conflict or a fault of the batch is only
 * what it would be alone.
 */

type Store = ReturnType<typeof createStore>;
const clock = () => '2030-01-01T00:00:00Z';
const cmd = (participantId: string, when: string, body: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...body, participantId, actor: caseworker, at: at(when), ...extra });
const toPlan = (id: string) => [
  cmd(id, '2026-01-05T09:00', { type: 'refer', facts: {} }),
  cmd(id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }),
  cmd(id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
];
const attend = (id: string, hours: number, extra: Record<string, unknown> = {}) => cmd(id, '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours }, extra);

/** The append statements, and how many writes each carried (a batch's parameters: the writes' array, two formats, one snapshot a write). */
const isBatch = (sql: string) => sql.startsWith(appendCommands(2).slice(0, 60));
const isAppend = (sql: string) => sql === appendCommand || isBatch(sql);
const writesOf = (sql: string, params: readonly unknown[] | undefined) => (isBatch(sql) ? (params?.length ?? 3) - 3 : 1);

/**
 * A database whose append statements wait at a gate while it is closed (each counted as it arrives), and whose
 * statements of more than one write may be made to fail (`fail`: before they reach the database, or after) or all be
 * held until the database has been quiet a while (`quiet`).
 */
function gated(db: Db) {
  let open: () => void = () => undefined;
  let gate: Promise<void> | undefined;
  const batches: number[] = [];
  /** What each batch statement that the database answered said of its writes, in order: landed or not. */
  const landed: boolean[][] = [];
  let arrived = 0;
  let answered = 0;
  /** When a load last started or a statement was last answered (an append going on is not activity: the others held go on with it). */
  let active = 0;
  const control = {
    batches,
    landed,
    /** Append statements that reached the gate since it closed. */
    arrived: () => arrived,
    /** Other statements (loads) answered since the gate closed. */
    answered: () => answered,
    close() {
      arrived = 0;
      answered = 0;
      gate = new Promise<void>((r) => (open = r));
    },
    open() {
      gate = undefined;
      open();
    },
    fail: undefined as undefined | { error: () => Error; after: boolean; meanwhile?: () => Promise<void> },
    /**
     * Milliseconds without any statement started or answered before an append goes on: by then every command sent
     * at once has loaded its participant and queued its write (deciding needs no I/O), so writes of several
     * participants meet in the writer's queue however fast or busy the machine is.
     */
    quiet: 0,
  };
  const settled = async () => {
    while (Date.now() - active < control.quiet) await new Promise((r) => setTimeout(r, control.quiet));
  };
  const wrapped: Db = {
    ...db,
    query: async (sql, params) => {
      if (!isAppend(sql)) {
        active = Date.now();
        const r = await db.query(sql, params);
        active = Date.now();
        if (gate) answered++;
        return r as never;
      }
      arrived++;
      if (gate) await gate;
      await settled();
      batches.push(writesOf(sql, params));
      const failing = writesOf(sql, params) > 1 ? control.fail : undefined;
      if (failing && !failing.after) {
        control.fail = undefined;
        await failing.meanwhile?.();
        throw failing.error();
      }
      const r = await db.query<{ appended: number }>(sql, params);
      active = Date.now();
      if (isBatch(sql)) landed.push(r.rows.map((row) => row.appended > 0));
      if (failing) {
        control.fail = undefined;
        throw failing.error();
      }
      return r as never;
    },
    transaction: (fn) => db.transaction(fn),
  };
  return { db: wrapped, control };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 2_000 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(what()).toBe(true);
};

/** What a caller is told: the events, version and whether a repeat, or the kind of failure and the refusal's code. */
const told = (r: ExecuteOutcome) =>
  r.ok ? { ok: true, events: r.events, version: r.version, duplicate: r.duplicate } : r.kind === 'refused' ? { kind: r.kind, code: r.refusal.code, duplicate: r.duplicate } : { kind: r.kind };

/** Every row the store wrote for some participants, as text: events with their checksums, snapshots as stored, deadlines, command ids. */
async function rows(db: Db, ids: readonly string[]): Promise<unknown[]> {
  const q = async (sql: string) => (await db.query(sql, [ids])).rows;
  return [
    await q(`select participant_id, seq, programme_id, programme_version, type, at_text, actor::text, command_id, command_event, payload::text, checksum
             from stegvis.events where participant_id = any($1) order by participant_id, seq`),
    await q(`select participant_id, version, programme_id, programme_version, snapshot::text, checksum, flagged, referred_by
             from stegvis.snapshots where participant_id = any($1) order by participant_id`),
    await q(`select participant_id, deadline_id, kind, step_id, opens_on::text, due_on::text, status, area, responsible, programme_id, programme_version, referred_by
             from stegvis.deadlines where participant_id = any($1) order by participant_id, deadline_id`),
    await q(`select participant_id, command_id, digest, refusal::text from stegvis.commands where participant_id = any($1) order by participant_id, command_id`),
  ];
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`group commit, on ${backend.name}`, { timeout: 240_000 }, () => {
    let together: Db;
    let alone: Db;
    beforeAll(async () => {
      together = await backend.open();
      alone = await backend.open();
    }, 120_000);
    afterAll(async () => {
      await together?.close();
      await alone?.close();
    }, 60_000);

    test('property: commands of several participants sent at once (written in batches) give the same answers and rows as the same commands one by one', async () => {
      const seen = gated(together);
      // a fast server (fsync off) answers before the next write arrives, a busy machine delays the next load: held until
      // all is quiet, the writes of the participants sent at once meet in the writer's queue; with one write in flight
      // (not the default two), any two participants' writes make a batch
      seen.control.quiet = 15;
      const batched = createStore({ db: seen.db, programmes: [ljusnarsberg], clock, writesInFlight: 1 });
      const single = createStore({ db: alone, programmes: [ljusnarsberg], clock });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { minLength: 2, maxLength: 5 }), fc.boolean(), async (seeds, cached) => {
          const ids = seeds.map((_, i) => `g-${run}-${i}`);
          run++;
          // Every other command with an id, and each participant's first command sent again at the end (a repeat).
          const commands = seeds.map((seed, i) => {
            const generated = fc.sample(commandSequence(ljusnarsberg, ids[i]!, { maxLength: 8 }), { numRuns: 1, seed })[0]!;
            const withIds = generated.map((c, k) => (k % 2 === 0 ? { ...c, commandId: `c-${k}` } : c));
            return [...withIds, withIds[0]!];
          });
          // A store without a cache loads every participant first, so both ways of deciding a command are batched.
          const b = cached ? batched : createStore({ db: seen.db, programmes: [ljusnarsberg], clock, cacheSize: 0, writesInFlight: 1 });
          const s = cached ? single : createStore({ db: alone, programmes: [ljusnarsberg], clock, cacheSize: 0 });
          const inOrder = async (store: Store, list: readonly unknown[]) => {
            const out = [];
            for (const c of list) out.push(told(await store.execute(c)));
            return out;
          };
          // at once: each participant's commands in order, the participants side by side; then one by one
          const answers = await Promise.all(commands.map((list) => inOrder(b, list)));
          const expected = [];
          for (const list of commands) expected.push(await inOrder(s, list));
          expect(answers).toEqual(expected);
          expect(await rows(together, ids)).toEqual(await rows(alone, ids));
          for (const id of ids) expect((await b.verify(id)).ok).toBe(true);
        }),
        { numRuns: 10 },
      );
      // The property is about batches: statements of several writes were answered, and their writes landed (a
      // batch that failed would have been written write by write, and the property would not be about batches).
      expect(seen.control.landed.some((l) => l.length > 1 && l.every(Boolean))).toBe(true);
    });

    /** Three participants' commands held back until they are queued behind two writes in flight, so that they go as one batch. */
    async function batchOfThree(db: Db, ids: readonly string[], before?: () => Promise<void>, store?: Store) {
      const g = gated(db);
      const s = store ?? createStore({ db: g.db, programmes: [ljusnarsberg], clock, cacheSize: 0 });
      for (const id of [...ids, `${ids[0]}-x1`, `${ids[0]}-x2`]) for (const c of toPlan(id)) expect((await s.execute(c)).ok).toBe(true);
      g.control.close();
      // two writes in flight (the writer's limit), held at the gate
      const blockers = [s.execute(attend(`${ids[0]}-x1`, 1)), s.execute(attend(`${ids[0]}-x2`, 1))];
      await until(() => g.control.arrived() >= 2);
      const answers = ids.map((id, i) => s.execute(attend(id, i + 1, { commandId: `a-${id}` })));
      // each has loaded its participant (one query each, as the blockers did) and, deciding without I/O, queued its write
      await until(() => g.control.answered() >= 2 + ids.length);
      await new Promise((r) => setTimeout(r, 20));
      await before?.();
      // the participants' version after toPlan (each of its commands makes one event or more)
      const base = await count(db, `select max(seq) from stegvis.events where participant_id = $1`, [ids[0]]);
      return { g, store: s, blockers, answers, base };
    }

    test('a conflict inside a batch: the participant another writer moved on gets a conflict, nothing of it written; the others land', async () => {
      const ids = ['c-1', 'c-2', 'c-3'];
      const other = createStore({ db: together, programmes: [ljusnarsberg], clock });
      const { g, blockers, answers, store, base } = await batchOfThree(together, ids, async () => {
        // another store appends to c-2 after c-2's command was decided and before it is written
        expect((await other.execute(attend('c-2', 7))).ok).toBe(true);
      });
      g.control.open();
      await Promise.all(blockers);
      const [a1, a2, a3] = await Promise.all(answers);
      // one statement wrote the three, and answered the second's guard failed
      expect(g.control.landed.map((l) => l.length)).toEqual([3]);
      expect(g.control.landed[0]!.filter(Boolean)).toHaveLength(2);
      expect(a1).toMatchObject({ ok: true, version: base + 1 });
      expect(a3).toMatchObject({ ok: true, version: base + 1 });
      expect(!a2!.ok && a2!.kind).toBe('conflict');
      expect(await count(together, `select count(*) from stegvis.events where participant_id = 'c-2'`)).toBe(base + 1);
      expect(await count(together, `select count(*) from stegvis.commands where participant_id = 'c-2'`)).toBe(0);
      // the conflict is the usual one: retried, it lands on the state the other writer left
      const again = await retrying(() => store.execute(attend('c-2', 2, { commandId: 'a-c-2' })));
      expect(again).toMatchObject({ ok: true, version: base + 2 });
      for (const id of ids) expect((await store.verify(id)).ok).toBe(true);
    });

    test('a batch the server refuses (a deadlock with another process, say): each write is tried again alone, and each lands once', async () => {
      const ids = ['r-1', 'r-2', 'r-3'];
      const { g, blockers, answers, store, base } = await batchOfThree(together, ids);
      g.control.fail = { error: () => Object.assign(new Error('deadlock detected'), { severity: 'ERROR', code: '40P01' }), after: false };
      g.control.open();
      await Promise.all(blockers);
      const done = await Promise.all(answers);
      expect(g.control.batches).toContain(3);
      expect(done.map((r) => r.ok && r.version)).toEqual([base + 1, base + 1, base + 1]);
      for (const id of ids) {
        expect(await count(together, `select count(*) from stegvis.events where participant_id = $1`, [id])).toBe(base + 1);
        expect((await store.verify(id)).ok).toBe(true);
      }
    });

    test('a unique violation inside a batch (another writer appended the same seq at that moment): that write is a conflict, the others land', async () => {
      const ids = ['u-1', 'u-2', 'u-3'];
      const { g, blockers, answers, store, base } = await batchOfThree(together, ids);
      // the batch meets u-2's seq 4, written by another store between the batch's guard and its insert: the statement fails as a whole
      const other = createStore({ db: together, programmes: [ljusnarsberg], clock });
      g.control.fail = {
        error: () => Object.assign(new Error('duplicate key value violates unique constraint "events_pkey"'), { severity: 'ERROR', code: '23505', constraint: 'events_pkey' }),
        after: false,
        meanwhile: async () => void expect((await other.execute(attend('u-2', 7))).ok).toBe(true),
      };
      g.control.open();
      await Promise.all(blockers);
      const [a1, a2, a3] = await Promise.all(answers);
      expect(a1).toMatchObject({ ok: true, version: base + 1 });
      expect(a3).toMatchObject({ ok: true, version: base + 1 });
      expect(g.control.batches).toContain(3);
      // u-2, tried again alone, finds the other's event: a conflict, with nothing of it written, that a retry lands
      expect(!a2!.ok && a2!.kind).toBe('conflict');
      expect(await count(together, `select count(*) from stegvis.events where participant_id = 'u-2'`)).toBe(base + 1);
      const final = await retrying(() => store.execute(attend('u-2', 2, { commandId: 'a-u-2' })));
      expect(final.ok).toBe(true);
      expect(await count(together, `select count(*) from stegvis.events where participant_id = 'u-2'`)).toBe(base + 2);
      for (const id of ids) expect((await store.verify(id)).ok).toBe(true);
    });

    for (const after of [false, true])
      test(`a fault of unknown outcome inside a batch (the connection drops ${after ? 'after the write' : 'before it'}): every caller gets the store's error, nothing is written twice, and each command sent again with its id is answered once`, async () => {
        const ids = after ? ['f-a1', 'f-a2', 'f-a3'] : ['f-b1', 'f-b2', 'f-b3'];
        const { g, blockers, answers, store, base } = await batchOfThree(together, ids);
        g.control.fail = { error: () => new Error('injected: Connection terminated unexpectedly'), after };
        g.control.open();
        await Promise.all(blockers);
        const first = await Promise.all(answers);
        expect(g.control.batches).toContain(3);
        for (const r of first) expect(!r.ok && r.kind === 'failed' && r.issues[0]?.code).toBe('store.database');
        // no partial write: each participant has all of its command or none of it, the same for all three
        const counts = await Promise.all(ids.map((id) => count(together, `select count(*) from stegvis.events where participant_id = $1`, [id])));
        expect(counts).toEqual(ids.map(() => (after ? base + 1 : base)));
        const again = await Promise.all(ids.map((id, i) => store.execute(attend(id, i + 1, { commandId: `a-${id}` }))));
        for (const r of again) expect(r).toMatchObject({ ok: true, version: base + 1, duplicate: after });
        for (const id of ids) {
          expect(await count(together, `select count(*) from stegvis.events where participant_id = $1`, [id])).toBe(base + 1);
          expect((await store.verify(id)).ok).toBe(true);
        }
      });

    test('one writer is never held back: with nothing in flight a write goes at once, alone', async () => {
      const g = gated(together);
      const s = createStore({ db: g.db, programmes: [ljusnarsberg], clock });
      for (const c of toPlan('w-1')) expect((await s.execute(c)).ok).toBe(true);
      expect(g.control.batches).toEqual([1, 1, 1]);
    });

    test('writesInFlight: 1 — a write waits for the one in flight, and the writes that waited go together', async () => {
      const g = gated(together);
      const s = createStore({ db: g.db, programmes: [ljusnarsberg], clock, cacheSize: 0, writesInFlight: 1 });
      for (const id of ['i-1', 'i-2', 'i-3']) for (const c of toPlan(id)) expect((await s.execute(c)).ok).toBe(true);
      g.control.close();
      const first = s.execute(attend('i-1', 1));
      await until(() => g.control.arrived() >= 1);
      const rest = [s.execute(attend('i-2', 1)), s.execute(attend('i-3', 1))];
      await until(() => g.control.answered() >= 3);
      await new Promise((r) => setTimeout(r, 20));
      // one in flight: nothing else reached the database
      expect(g.control.arrived()).toBe(1);
      g.control.open();
      expect((await first).ok).toBe(true);
      for (const r of await Promise.all(rest)) expect(r.ok).toBe(true);
      expect(g.control.landed).toEqual([[true, true]]);
    });

    test('two commands of one participant at once in one store: written one after the other, the second a conflict that a retry lands', async () => {
      const s = createStore({ db: together, programmes: [ljusnarsberg], clock });
      for (const c of toPlan('o-1')) expect((await s.execute(c)).ok).toBe(true);
      const base = await count(together, `select max(seq) from stegvis.events where participant_id = 'o-1'`);
      const both = await Promise.all([retrying(() => s.execute(attend('o-1', 1))), retrying(() => s.execute(attend('o-1', 2)))]);
      expect(both.map((r) => r.ok)).toEqual([true, true]);
      const seqs = (await together.query<{ seq: number }>(`select seq from stegvis.events where participant_id = 'o-1' order by seq`)).rows.map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: base + 2 }, (_, i) => i + 1));
      expect((await s.verify('o-1')).ok).toBe(true);
    });
  });
}
