import type pg from 'pg';
import type { Db, Queryable } from './db.js';
import { preparedStatements } from './queries.js';

/** The host's own pool, told from a configuration object by a pool's methods (a configuration has none of them). */
const isPool = (source: string | pg.PoolConfig | pg.Pool): source is pg.Pool =>
  typeof source === 'object' && typeof (source as pg.Pool).connect === 'function' && typeof (source as pg.Pool).query === 'function';

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
  const own = !isPool(source);
  // `pg` is loaded with the first query, not with this package: a host or a CLI command that never talks to a
  // server does not pay for loading it (a fifth of the CLI's start).
  let pooled: Promise<pg.Pool> | undefined;
  const pool = (): Promise<pg.Pool> =>
    (pooled ??= isPool(source)
      ? Promise.resolve(source)
      : import('pg').then(({ default: driver }) => {
          const made = new driver.Pool(typeof source === 'string' ? { connectionString: source } : source);
          // An idle pooled connection that drops must not crash the host: the next query reports it instead.
          made.on('error', () => undefined);
          return made;
        }));
  const send = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const values = params ? [...params] : undefined;
    const name = preparedStatements.get(sql);
    const r = await (name ? q.query({ name, text: sql, values }) : q.query(sql, values));
    return { rows: r.rows as R[] };
  };
  const wrap = (q: pg.PoolClient): Queryable => ({ query: (sql, params) => send(q, sql, params) });
  return {
    kind: 'pg',
    query: async (sql, params) => send(await pool(), sql, params),
    async transaction(fn) {
      const client = await (await pool()).connect();
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
      if (own && pooled) await (await pooled).end();
    },
  };
}
