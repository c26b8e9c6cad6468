import { readFileSync, readdirSync } from 'node:fs';
import type { Db } from '../src/index.js';

/** utime, stime (fields 14 and 15) and ppid (field 4) of a process, from /proc/<pid>/stat (the name may hold spaces). */
const stat = (pid: number): { ppid: number; ticks: number } | undefined => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
};

/**
 * The CPU time so far of a PostgreSQL server on this machine: its postmaster and every process it started
 * (backends, the WAL writer, the checkpointer …), from /proc, in seconds. Undefined when the server is not a
 * process here (another machine, a container, no /proc). Clock ticks are taken as 100 a second (Linux's USER_HZ).
 * A backend that exits between two readings takes its time with it: read with the pool's connections open.
 */
export async function serverCpu(db: Db): Promise<(() => number | undefined) | undefined> {
  const backend = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  // The pid is the server's: on another machine the same number may be some other process here.
  const isPostgres = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  };
  const postmaster = isPostgres(backend) ? stat(backend)?.ppid : undefined;
  if (postmaster === undefined || !isPostgres(postmaster)) return undefined;
  return () => {
    let ticks = 0;
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const s = pid === postmaster || stat(pid)?.ppid === postmaster ? stat(pid) : undefined;
      if (s) ticks += s.ticks;
    }
    return ticks / 100;
  };
}
