import type { TestProject } from 'vitest/node';
import { inCi } from './environment.js';
import { findPostgresBin, startThrowawayServer, throwawaySettings } from './postgres.js';

/**
 * Global setup of the database tests: the PostgreSQL-server tests need STEGVIS_PG_URL. When it is not set
 * and PostgreSQL is installed, a throwaway server is started for the run (and stopped after it); the test
 * workers start after this and inherit the variable. Without either, they are skipped, and this says so —
 * except in CI, where that fails the run.
 */
export default async function setup(_project: TestProject): Promise<(() => void) | undefined> {
  if (process.env.STEGVIS_PG_URL) {
    console.log('PostgreSQL: the server tests use the server at STEGVIS_PG_URL');
    return undefined;
  }
  const skip = (why: string) => {
    if (inCi()) throw new Error(`PostgreSQL: ${why}; CI runs every test`);
    console.log(`PostgreSQL: SKIPPED the PostgreSQL-server tests: ${why}. The store tests on PGlite run.`);
    return undefined;
  };
  const bin = findPostgresBin();
  if (!bin) return skip('STEGVIS_PG_URL is not set and no PostgreSQL is installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH; apt-get install -y postgresql)');
  const server = await startThrowawayServer(bin, throwawaySettings).catch((e: unknown) => {
    const stderr = (e as { stderr?: string }).stderr?.trim().split('\n')[0];
    return skip(`STEGVIS_PG_URL is not set and a throwaway server in ${bin} did not start (${stderr || (e instanceof Error ? e.message : String(e))}); set STEGVIS_PG_URL to a server of your own`);
  });
  if (!server) return undefined;
  process.env.STEGVIS_PG_URL = server.url;
  console.log(`PostgreSQL ${server.version}: a throwaway server for this run on ${new URL(server.url).host} (STEGVIS_PG_URL)`);
  return () => server.destroy();
}
