import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { PG_URL, at, caseworker, freshServerDb, ljusnarsberg } from './helpers.js';
import { sourceProcess } from '../../../test/setup/source-process.js';

const script = await sourceProcess(fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url)));

const WRITERS = 4;
const PARTICIPANTS = ['mp-1', 'mp-2', 'mp-3'];
const COMMANDS = 15;

function runWriter(url: string, writer: number): Promise<{ writer: number; ok: number; duplicates: number; conflicts: number; failed: number; attempts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, script, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, STEGVIS_PG_URL: url, WRITER: String(writer), PARTICIPANTS: PARTICIPANTS.join(','), COMMANDS: String(COMMANDS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      else reject(new Error(`writer ${writer} exited with ${code}: ${err.slice(0, 2000)}`));
    });
  });
}

describe.runIf(PG_URL !== undefined)('several writer processes on one PostgreSQL server', () => {
  let db: Db & { url: string };
  beforeAll(async () => {
    db = await freshServerDb();
    const store = createStore({ db, programmes: [ljusnarsberg] });
    for (const id of PARTICIPANTS) expect((await store.execute({ type: 'refer', participantId: id, at: at('2026-02-02T08:00'), actor: caseworker, facts: {} })).ok).toBe(true);
   }, 60_000);
  afterAll(async () => db?.close(), 60_000);

  test(`${WRITERS} processes append to the same participants with retry: every command once, seqs without gaps`, async () => {
    const summaries = await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(db.url, w)));
    for (const s of summaries) expect(s.failed + s.conflicts, JSON.stringify(s)).toBe(0);
    // the writers really did collide
    expect(summaries.reduce((n, s) => n + s.attempts, 0)).toBeGreaterThan(WRITERS * PARTICIPANTS.length * COMMANDS);
    const shared = Array.from({ length: COMMANDS }, (_, k) => k).filter((k) => k % 5 === 0).map((k) => `shared-${k}`);
    const own = Array.from({ length: WRITERS }, (_, w) => Array.from({ length: COMMANDS }, (_, k) => k).filter((k) => k % 5 !== 0).map((k) => `w${w}-${k}`)).flat();
    const expectedIds = [...shared, ...own].sort();
    for (const id of PARTICIPANTS) {
      const rows = (await db.query<{ seq: number; command_id: string | null }>(`select seq, command_id from stegvis.events where participant_id = $1 order by seq`, [id])).rows;
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
      expect(rows.slice(2).map((r) => r.command_id).sort()).toEqual(expectedIds);
      const store = createStore({ db, programmes: [ljusnarsberg] });
      const v = await store.verify(id);
      expect(v.ok && v.value.version).toBe(2 + expectedIds.length);
      const loaded = await store.load(id);
      expect(loaded.ok && loaded.value.snapshot.context.attendance.days).toBe(expectedIds.length);
    }
    // each shared id landed once in all: the other writers got the first result back
    expect(summaries.reduce((n, s) => n + s.duplicates, 0)).toBe(shared.length * PARTICIPANTS.length * (WRITERS - 1));
  }, 180_000);
});
