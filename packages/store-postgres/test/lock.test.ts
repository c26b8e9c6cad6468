import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { LOCK_FILE, StoreOpenError, createStore, migrate, pgliteDb } from '../src/index.js';
import { ljusnarsberg } from './helpers.js';
import { sourceProcess } from '../../../test/setup/source-process.js';
import { freshPgliteDir } from '../../../test/setup/pglite.js';

const script = await sourceProcess(fileURLToPath(new URL('./fixtures/pglite-holder.ts', import.meta.url)));
const dirs: string[] = [];
const children: ChildProcess[] = [];
const freshDir = () => {
  const d = freshPgliteDir('stegvis-lock-');
  dirs.push(dirname(d));
  return d;
};
/** A directory PGlite has never seen: the first open runs initdb in it. */
const emptyDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'stegvis-lock-'));
  dirs.push(d);
  return join(d, 'data');
};
// Removing the PGlite directories takes seconds on a busy machine.
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

interface Holder {
  child: ChildProcess;
  /** The first JSON line the process printed. */
  first: Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function holder(dataDir: string, writes: number, tag: string): Holder {
  const child = spawn(process.execPath, script, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, DATA_DIR: dataDir, WRITES: String(writes), TAG: tag },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.trim().startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    void exited.then((code) => reject(new Error(`holder ${tag} exited with ${code} before a line: ${err.slice(0, 1500)}`)));
  });
  return { child, first, exited };
}

// Each test starts tsx child processes that open PGlite: alone 12–36 s, but beside the whole run on a shared
// machine (load 14) the first took over 120 s. The timeout only catches a hang.
describe('one PGlite data directory, one process', { timeout: 300_000 }, () => {
  test('a second process is refused with store.locked while the first holds the directory; the first loses nothing', async () => {
    const dataDir = freshDir();
    const a = holder(dataDir, 10, 'a');
    expect(await a.first).toEqual({ ready: true, acknowledged: 10 });
    const b = holder(dataDir, 10, 'b');
    const refused = await b.first;
    expect(await b.exited).toBe(3);
    expect(refused).toMatchObject({ locked: true, issues: [{ code: 'store.locked', path: ['dataDir'] }] });
    const message = (refused.issues as { message: string; fix: string }[])[0]!;
    expect(message.message).toMatch(new RegExp(`in use by process ${a.child.pid} on `));
    expect(message.fix).toMatch(/stop that process first/);
    a.child.stdin!.end();
    expect(await a.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // every write the first process acknowledged is there
    const db = await pgliteDb({ dataDir });
    const store = createStore({ db, programmes: [ljusnarsberg] });
    const events = await store.events('lock-1');
    expect(events.ok && events.value.filter((e) => e.type === 'attendance.recorded').map((e) => e.commandId)).toEqual(Array.from({ length: 10 }, (_, k) => `a-${k}`));
    await db.close();
  });

  test('within one process, a second open of the same directory is refused too', async () => {
    const dataDir = freshDir();
    const db = await pgliteDb({ dataDir });
    await migrate(db);
    const second = await pgliteDb({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(StoreOpenError);
    expect((second as StoreOpenError).issues[0]).toMatchObject({ code: 'store.locked', path: ['dataDir'] });
    expect((second as StoreOpenError).message).not.toMatch(/\n\s+at /);
    await db.close();
    // closed, the directory opens again
    const again = await pgliteDb({ dataDir });
    await again.close();
  });

  // A directory PGlite has never seen: without the lock both would run initdb in it at once.
  test('two processes started at once on a new directory: exactly one gets it (and initialises it)', async () => {
    const dataDir = emptyDir();
    const both = [holder(dataDir, 3, 'x'), holder(dataDir, 3, 'y')];
    const firsts = await Promise.all(both.map((h) => h.first));
    expect(firsts.filter((f) => f.ready === true)).toHaveLength(1);
    expect(firsts.filter((f) => f.locked === true)).toHaveLength(1);
    for (const h of both) h.child.stdin!.end();
    await Promise.all(both.map((h) => h.exited));
  });

  test('after kill -9 the stale lock is taken over at once, and every acknowledged write survived', async () => {
    const dataDir = freshDir();
    const a = holder(dataDir, 8, 'k');
    expect(await a.first).toEqual({ ready: true, acknowledged: 8 });
    a.child.kill('SIGKILL');
    await a.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    const b = holder(dataDir, 2, 'after');
    expect(await b.first).toEqual({ ready: true, acknowledged: 2 });
    b.child.stdin!.end();
    expect(await b.exited).toBe(0);
    const db = await pgliteDb({ dataDir });
    const store = createStore({ db, programmes: [ljusnarsberg] });
    const events = await store.events('lock-1');
    expect(events.ok && events.value.filter((e) => e.type === 'attendance.recorded').map((e) => e.commandId)).toEqual([...Array.from({ length: 8 }, (_, k) => `k-${k}`), 'after-0', 'after-1']);
    expect((await store.verify('lock-1')).ok).toBe(true);
    await db.close();
  });

  test('a lock file naming a process that no longer exists is stale; one that cannot be read and is old, too', async () => {
    const dataDir = freshDir();
    const first = await pgliteDb({ dataDir });
    await first.close();
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), token: 'gone' }));
    const db = await pgliteDb({ dataDir });
    await db.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    // an empty lock file: a crash between creating and writing it; refused while fresh, taken over when old
    writeFileSync(join(dataDir, LOCK_FILE), '');
    await expect(pgliteDb({ dataDir })).rejects.toBeInstanceOf(StoreOpenError);
    utimesSync(join(dataDir, LOCK_FILE), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const again = await pgliteDb({ dataDir });
    await again.close();
  });
});
