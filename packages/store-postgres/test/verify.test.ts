import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { type Db, createStore, migrate, pgliteDb } from '../src/index.js';
import { PG_URL, at, caseworker, freshServerDb, ljusnarsberg } from './helpers.js';
import { sourceProcess } from '../../../test/setup/source-process.js';
import { freshPgliteInMemory } from '../../../test/setup/pglite.js';

const script = await sourceProcess(fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url)));

const PARTICIPANTS = ['v-1', 'v-2'];

function writer(url: string, n: number, commands: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, script, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, STEGVIS_PG_URL: url, WRITER: String(n), PARTICIPANTS: PARTICIPANTS.join(','), COMMANDS: String(commands) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${n} exited with ${code}: ${err.slice(0, 1500)}`))));
  });
}

/** Verifies the participants over and over until `done` settles; returns how many verifications ran and the codes of those that failed. */
async function verifyWhile(store: ReturnType<typeof createStore>, done: Promise<unknown>): Promise<{ runs: number; failures: string[] }> {
  let finished = false;
  void done.finally(() => (finished = true));
  let runs = 0;
  const failures: string[] = [];
  while (!finished) {
    // PGlite answers within microtasks: yield, or the writers' retry timers never fire.
    await new Promise((resolve) => setImmediate(resolve));
    for (const id of PARTICIPANTS) {
      const v = await store.verify(id);
      runs++;
      if (!v.ok) failures.push(v.issues.map((i) => i.code).join(','));
    }
  }
  await done;
  return { runs, failures };
}

describe('store.verify while writes continue reports no false snapshot_mismatch', { timeout: 180_000 }, () => {
  const dbs: Db[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.close();
  }, 60_000);

  test.runIf(PG_URL !== undefined)('PostgreSQL server: three writer processes append while this process verifies', async () => {
    const db = await freshServerDb();
    dbs.push(db);
    const store = createStore({ db, programmes: [ljusnarsberg] });
    for (const id of PARTICIPANTS) expect((await store.execute({ type: 'refer', participantId: id, at: at('2026-02-02T08:00'), actor: caseworker, facts: {} })).ok).toBe(true);
    const { runs, failures } = await verifyWhile(store, Promise.all([0, 1, 2].map((n) => writer(db.url, n, 40))));
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(2);
    // the writes did land while verifying
    for (const id of PARTICIPANTS) expect((await store.verify(id)).ok && (await store.load(id)).ok).toBe(true);
    const n = await db.query<{ n: number }>(`select count(*)::int as n from stegvis.events`);
    expect(n.rows[0]!.n).toBe(PARTICIPANTS.length * (2 + 8 + 3 * 32));
  });

  test('PGlite: a write lands between the two reads of every verify (each verify started just after a command)', async () => {
    const db = await pgliteDb(freshPgliteInMemory());
    dbs.push(db);
    await migrate(db);
    const store = createStore({ db, programmes: [ljusnarsberg] });
    const id = PARTICIPANTS[0]!;
    expect((await store.execute({ type: 'refer', participantId: id, at: at('2026-02-02T08:00'), actor: caseworker, facts: {} })).ok).toBe(true);
    const failures: string[] = [];
    for (let k = 0; k < 30; k++) {
      // PGlite runs queries in the order they are asked: the command's append is queued between the verify's reads, unless the verify reads in one transaction
      const [w, v] = await Promise.all([
        store.execute({ type: 'recordAttendance', participantId: id, at: at('2026-02-02T09:00'), actor: caseworker, date: '2026-02-02', hours: 1 }),
        store.verify(id),
      ]);
      expect(w.ok).toBe(true);
      if (!v.ok) failures.push(v.issues.map((i) => i.code).join(','));
    }
    expect(failures).toEqual([]);
    expect((await store.load(id)).ok && (await store.verify(id)).ok).toBe(true);
  });
});
