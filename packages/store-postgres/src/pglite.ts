import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';
import { type DirectoryLock, lockDirectory } from './lock.js';

/** A data directory on the file system (not `memory://`, `idb://` …): the ones two processes could share. */
const onDisk = (dataDir: string | undefined): dataDir is string => dataDir !== undefined && dataDir.length > 0 && !dataDir.includes('://');

/**
 * An embedded PostgreSQL (PGlite, WebAssembly): in memory by default, or in a directory.
 * One connection: PGlite runs one query or transaction at a time, in order.
 *
 * A directory is locked for as long as the database is open (`stegvis.lock` in it, see `lockDirectory`):
 * PGlite is a single-process database, and two processes on one directory silently lose acknowledged
 * writes. A second opener, in this process or another, gets a `StoreOpenError` with `store.locked`.
 *
 * @example
 * const db = await pgliteDb();                  // in memory, for tests and small hosts
 * const db = await pgliteDb({ dataDir: './data/stegvis' });
 */
export async function pgliteDb(options: PGliteOptions | { pglite: PGlite } = {}): Promise<Db> {
  const own = !('pglite' in options);
  const lock: DirectoryLock | undefined = !('pglite' in options) && onDisk(options.dataDir) ? lockDirectory(options.dataDir) : undefined;
  let pg: PGlite;
  try {
    // Loaded here, not with this package: a host on a PostgreSQL server never loads PGlite.
    pg = 'pglite' in options ? options.pglite : await (await import('@electric-sql/pglite')).PGlite.create(options);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => {
      const r = await q.query<R>(sql, params ? [...params] : undefined);
      return { rows: r.rows };
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      if (!own) return;
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
