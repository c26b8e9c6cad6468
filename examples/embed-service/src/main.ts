/**
 * Starts the example service on 127.0.0.1: PGlite (embedded, in memory, or in STEGVIS_DATA_DIR) by
 * default, or the PostgreSQL server at STEGVIS_PG_URL; the five example programmes; PORT (default 3000).
 * Tokens are verified against STEGVIS_JWKS (a JWKS file, or its URL) for STEGVIS_JWT_ISSUER and
 * STEGVIS_JWT_AUDIENCE; the access log goes to STEGVIS_ACCESS_LOG (a file, appended) or standard output.
 *
 *   npx -y pnpm@10.34.8 --filter @stegvis/example-embed-service start
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { StoreOpenError, createStore, migrate, pgDb, pgliteDb } from '@stegvis/store-postgres';
import { type AuthOptions, checkAuthOptions } from './auth.js';
import { loadExampleProgrammes } from './programmes.js';
import { buildServer } from './server.js';

/** A configuration problem: said in one line, with what to set, and the process ends (no stack trace). */
const stopWith = (message: string): never => {
  console.error(`stegvis embed-service: ${message}`);
  process.exit(1);
};

/**
 * Why the server at STEGVIS_PG_URL could not be used, from the driver's error code (never the URL, which may hold a
 * password, nor the server's message, which may repeat the user or database name).
 */
function serverProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const fix = 'check STEGVIS_PG_URL (host, port, user, password, database), or unset it to run on PGlite';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') return `STEGVIS_PG_URL: no PostgreSQL server answers there; ${fix}`;
  if (code === '28P01' || code === '28000') return `STEGVIS_PG_URL: the server refused the user or password; ${fix}`;
  if (code === '3D000') return `STEGVIS_PG_URL: the server has no such database; ${fix}`;
  return `STEGVIS_PG_URL: the store's schema could not be set up on that server (${typeof code === 'string' ? `error ${code}` : 'no error code'}); ${fix}`;
}

function authFromEnv(env: NodeJS.ProcessEnv): AuthOptions {
  const { STEGVIS_JWKS: jwks, STEGVIS_JWT_ISSUER: issuer, STEGVIS_JWT_AUDIENCE: audience, STEGVIS_ROLE_CLAIM: roleClaim } = env;
  const missing = [!jwks && 'STEGVIS_JWKS (a JWKS file or URL)', !issuer && 'STEGVIS_JWT_ISSUER', !audience && 'STEGVIS_JWT_AUDIENCE'].filter(Boolean);
  if (missing.length > 0) stopWith(`every request is authenticated by a signed token; set ${missing.join(', ')} (see README: "Sign-in and tokens")`);
  let keys: AuthOptions['jwks'];
  if (/^https?:\/\//.test(jwks!)) keys = new URL(jwks!);
  else {
    try {
      keys = JSON.parse(readFileSync(jwks!, 'utf8'));
    } catch {
      return stopWith('STEGVIS_JWKS is neither a URL nor a readable JSON file of keys (a JWKS: {"keys":[…]})');
    }
  }
  const auth: AuthOptions = { jwks: keys, issuer: issuer!, audience: audience!, ...(roleClaim ? { roleClaim } : {}) };
  const problems = checkAuthOptions(auth);
  if (problems.length > 0) stopWith(`STEGVIS_JWKS: ${problems.join('; ')}`);
  return auth;
}

const auth = authFromEnv(process.env);
const programmes = loadExampleProgrammes();
const url = process.env.STEGVIS_PG_URL;
const dataDir = process.env.STEGVIS_DATA_DIR;
let db;
try {
  db = url ? pgDb(url) : await pgliteDb(dataDir ? { dataDir } : {});
} catch (error) {
  // A directory another process has open: refused, never shared (two writers on one PGlite directory lose writes).
  if (error instanceof StoreOpenError) stopWith(error.message);
  throw error;
}
try {
  await migrate(db);
} catch (error) {
  if (url) stopWith(serverProblem(error));
  throw error;
}
const store = createStore({ db, programmes });

const accessLogFile = process.env.STEGVIS_ACCESS_LOG;
// One line per request (method, route pattern, status, time): no ids, bodies or headers. The access log
// holds who touched which participant, by opaque ids, as JSON lines.
const app = buildServer({
  store,
  programmes,
  auth,
  log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  accessLog: (entry) => (accessLogFile ? appendFileSync(accessLogFile, `${JSON.stringify(entry)}\n`) : console.log(`access ${JSON.stringify(entry)}`)),
});
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
