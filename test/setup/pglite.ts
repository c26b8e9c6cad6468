/**
 * PGlite databases for tests, from a template. A new PGlite database runs initdb in WebAssembly: 4–8 s of CPU
 * each, most of the store tests' time. The global setup makes one initialised, closed data directory per PGlite
 * version (kept in node_modules/.cache, made again when the version changes), and a tarball of it; a test
 * copies the directory (a database on disk) or loads the tarball (one in memory), which costs about 1 s.
 * What the tests check is the same: a template database is exactly what initdb leaves, nothing migrated.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';

const root = fileURLToPath(new URL('../../', import.meta.url));
// PGlite as the store package depends on it (the workspace root does not); its exports hide package.json.
const pgliteMain = createRequire(join(root, 'packages/store-postgres/package.json')).resolve('@electric-sql/pglite');
const pgliteDir = pgliteMain.slice(0, pgliteMain.lastIndexOf('/dist/'));
const version = (JSON.parse(readFileSync(join(pgliteDir, 'package.json'), 'utf8')) as { version: string }).version;
const cache = join(root, 'node_modules/.cache/stegvis-pglite', version);
const templateDir = join(cache, 'data');
const templateTar = join(cache, 'data.tar');

/** Global setup (unit and database projects): makes the template if this PGlite version has none yet. */
export default async function setup(): Promise<void> {
  if (existsSync(templateTar)) return;
  // initdb runs once per PGlite version, before any test starts: with V8's baseline compiler only (as the
  // test processes that open PGlite run), 7 s of CPU instead of 13. Only WebAssembly compiled from here on
  // in this process is affected; the tests run in workers of their own.
  v8.setFlagsFromString('--liftoff-only');
  const { PGlite } = (await import(pathToFileURL(join(pgliteDir, 'dist/index.js')).href)) as PGliteModule;
  mkdirSync(cache, { recursive: true });
  const making = mkdtempSync(join(cache, 'making-'));
  const db = await PGlite.create({ dataDir: join(making, 'data') });
  const tar = await db.dumpDataDir('none');
  await db.close();
  writeFileSync(join(making, 'data.tar'), Buffer.from(await tar.arrayBuffer()));
  // Renamed into place last, the tarball after the directory: a run that sees the tarball sees both whole.
  rmSync(templateDir, { recursive: true, force: true });
  renameSync(join(making, 'data'), templateDir);
  renameSync(join(making, 'data.tar'), templateTar);
  rmSync(making, { recursive: true, force: true });
}

/** The little of PGlite's API the setup uses (the workspace root has no types of it). */
interface PGliteModule {
  PGlite: { create(options: { dataDir: string }): Promise<{ dumpDataDir(compression: 'none'): Promise<Blob>; close(): Promise<void> }> };
}

const template = (): void => {
  if (!existsSync(templateTar)) throw new Error('no PGlite template: run the tests through vitest, whose global setup (test/setup/pglite.ts) makes it');
};

/** A new PGlite data directory on disk, initialised, in a new temporary directory: its path. */
export function freshPgliteDir(prefix = 'stegvis-pglite-'): string {
  template();
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'data');
  cpSync(templateDir, dir, { recursive: true });
  return dir;
}

/** The PGlite options of a new, initialised database in memory. */
export function freshPgliteInMemory(): { loadDataDir: Blob } {
  template();
  return { loadDataDir: new Blob([readFileSync(templateTar)]) };
}
