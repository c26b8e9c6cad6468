import pg from 'pg';
import type { Db, Queryable } from './db.js';
import { preparedStatements } from './queries.js';

/**
 * A PostgreSQL server through `pg`: a pool from a connection string (closed by `close()`), or the
 * host's own pool (left open). Each transaction holds one pooled connection from BEGIN to COMMIT. The
 * statements a command runs are prepared once per connection (named statements), not parsed and planned
 * on every command.
 *
 * @example
 * const db = pgDb(process.env.STEGVIS_PG_URL!);
 */
export function pgDb(source: string | pg.PoolConfig | pg.Pool): Db {
  const own = !(source instanceof pg.Pool);
  const pool = source instanceof pg.Pool ? source : new pg.Pool(typeof source === 'string' ? { connectionString: source } : source);
  // An idle pooled connection that drops must not crash the host: the next query reports it instead.
  if (own) pool.on('error', () => undefined);
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => {
      const values = params ? [...params] : undefined;
      const name = preparedStatements.get(sql);
      const r = await (name ? q.query({ name, text: sql, values }) : q.query(sql, values));
      return { rows: r.rows as R[] };
    },
  });
  return {
    kind: 'pg',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection that drops mid-transaction (the server restarts) emits 'error' on the checked-out
      // client: without a listener that ends the host process. The pending query rejects with it anyway.
      const onError = () => undefined;
      client.on('error', onError);
      let broken = false;
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: async () => {
      if (own) await pool.end();
    },
  };
}
