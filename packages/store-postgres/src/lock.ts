import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { type StoreIssue, storeIssue } from './codes.js';

/** The file that marks a PGlite data directory as open, inside the directory itself. */
export const LOCK_FILE = 'stegvis.lock';

/** Thrown when a store cannot be opened: the one place the store throws, because there is no store to return issues from. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(readonly issues: readonly StoreIssue[]) {
    super(issues.map((i) => `${i.message}${i.fix ? `. Fix: ${i.fix}` : ''} (${i.code})`).join('\n'));
  }
}

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** A held lock: `release()` removes the lock file, if it is still ours. */
export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = (path: string): Holder | undefined => {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string' ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
};

const inUse = (dir: string, path: string, holder: Holder | undefined): StoreOpenError =>
  new StoreOpenError([
    storeIssue(
      'store.locked',
      ['dataDir'],
      holder
        ? `the PGlite data directory ${dir} is in use by process ${holder.pid} on ${holder.host}: two processes on one directory lose each other's writes`
        : `the PGlite data directory ${dir} is being opened by another process`,
      holder && holder.host === hostname()
        ? `stop that process first, or give this one its own directory (or use a PostgreSQL server, STEGVIS_PG_URL, to share data); if no such process runs, delete ${path}`
        : `stop the other process first, or give this one its own directory; if you are sure nothing uses it, delete ${path}`,
    ),
  ]);

/**
 * Takes the lock of a PGlite data directory for as long as the store has it open: an exclusive lock file
 * (`stegvis.lock`, created with O_EXCL) holding the holder's pid, host and a random token. A lock whose
 * process is gone (killed, crashed) is stale and taken over at once; a lock of a live process, or of
 * another host (a shared file system, where the pid cannot be checked), is refused with `store.locked`.
 * The lock never expires while its holder lives, so a slow query can never lose it.
 */
export function lockDirectory(dataDir: string): DirectoryLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), token: `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}` };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      const release = () => {
        if (readHolder(path)?.token === me.token) unlinkSync(path);
        process.off('exit', release);
      };
      // A normal exit without close() leaves no lock behind; kill -9 does, and the next opener finds it stale.
      process.on('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (!holder) {
      // Created but not yet written (an opener between open and write), or left empty by a crash in that gap.
      const age = Date.now() - statSafe(path);
      if (age < 2_000) throw inUse(dir, path, undefined);
    } else if (holder.host !== me.host || alive(holder.pid)) throw inUse(dir, path, holder);
    takeOverStale(path, holder);
    pause(20 * (attempt + 1));
  }
  throw inUse(dir, path, readHolder(path));
}

/** A short synchronous pause between attempts (the lock is taken once, at open). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const statSafe = (path: string): number => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Removes a stale lock file, guarded by a second exclusive file so that two openers that both found it
 * stale cannot remove a lock the other has just taken: only the one that creates the guard removes,
 * and only the exact stale holder it read.
 */
function takeOverStale(path: string, stale: Holder | undefined): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another opener is taking over; a guard left by a crash during a takeover is old and removed.
    if (Date.now() - statSafe(guard) > 10_000) unlinkSafe(guard);
    return;
  }
  try {
    const now = readHolder(path);
    if (stale === undefined ? now === undefined : now?.token === stale.token) unlinkSafe(path);
  } finally {
    closeSync(fd);
    unlinkSafe(guard);
  }
}

const unlinkSafe = (path: string) => {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};
