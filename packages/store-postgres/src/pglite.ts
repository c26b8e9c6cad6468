import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';

/**
 * An embedded PostgreSQL (PGlite, WebAssembly): in memory by default, or in a directory.
 * One connection: PGlite runs one query or transaction at a time, in order.
 *
 * @example
 * const db = await pgliteDb();                  // in memory, for tests and small hosts
 * const db = await pgliteDb({ dataDir: './data/stegvis' });
 */
export async function pgliteDb(options: PGliteOptions | { pglite: PGlite } = {}): Promise<Db> {
  const own = !('pglite' in options);
  const pg = 'pglite' in options ? options.pglite : await PGlite.create(options);
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
      if (own) await pg.close();
    },
  };
}
