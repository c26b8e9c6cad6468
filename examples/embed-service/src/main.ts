/**
 * Starts the example service on 127.0.0.1: PGlite (embedded, in memory, or in STEGVIS_DATA_DIR) by
 * default, or the PostgreSQL server at STEGVIS_PG_URL; the five example programmes; PORT (default 3000).
 *
 *   npx -y pnpm@10.34.8 --filter @stegvis/example-embed-service start
 */
import { createStore, migrate, pgDb, pgliteDb } from '@stegvis/store-postgres';
import { loadExampleProgrammes } from './programmes.js';
import { buildServer } from './server.js';

const programmes = loadExampleProgrammes();
const url = process.env.STEGVIS_PG_URL;
const dataDir = process.env.STEGVIS_DATA_DIR;
const db = url ? pgDb(url) : await pgliteDb(dataDir ? { dataDir } : {});
await migrate(db);
const store = createStore({ db, programmes });

// One line per request (method, route pattern, status, time): no ids, bodies or headers.
const app = buildServer({ store, programmes, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
const port = Number(process.env.PORT ?? 3000);
const address = await app.listen({ host: '127.0.0.1', port });
const where = url ? 'PostgreSQL (STEGVIS_PG_URL)' : dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory';
console.log(`stegvis embed-service listening on ${address}, ${where}; programmes: ${programmes.map((p) => `${p.id} v${p.version}`).join(', ')}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
