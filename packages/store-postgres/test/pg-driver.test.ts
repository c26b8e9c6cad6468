import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { createStore, migrate, pgDb } from '../src/index.js';
import { PG_URL, freshServerDb, ljusnarsberg, send } from './helpers.js';

// pgDb loads the driver with its first query (pg.ts), so what it is given is told apart by its methods.
describe.runIf(PG_URL !== undefined)('pgDb: a connection string, a configuration, or the host’s own pool', () => {
  test('the host’s own pool is the one queried, and close() leaves it open for the host', async () => {
    const server = await freshServerDb();
    const host = new pg.Pool({ connectionString: server.url, max: 2 });
    try {
      const db = pgDb(host);
      await migrate(db);
      const store = createStore({ db, programmes: [ljusnarsberg] });
      await send(store, 'pool-1', '2026-02-02T09:00', { type: 'refer', facts: {} });
      const events = await store.events('pool-1');
      expect(events.ok && events.value.length).toBeGreaterThan(0);
      expect(host.totalCount).toBeGreaterThan(0);
      await db.close();
      const { rows } = await host.query<{ n: number }>('select count(*)::int as n from stegvis.events');
      expect(rows[0]!.n).toBe(events.ok ? events.value.length : -1);
    } finally {
      await host.end();
      await server.close();
    }
  });

  test('a pool made from a configuration is ended by close(); one never queried closes without connecting', async () => {
    const server = await freshServerDb();
    try {
      const db = pgDb({ connectionString: server.url, max: 1 });
      expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await db.close();
      await expect(db.query('select 1')).rejects.toThrow(/end/i);
      await pgDb('postgres://nobody@127.0.0.1:1/none').close();
    } finally {
      await server.close();
    }
  });
});
