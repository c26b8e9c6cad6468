import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of a test's own: initdb into a temporary directory, on a free port of 127.0.0.1. The
 * database tests' global setup starts one for the run; a test that must read the server's log or crash and
 * restart it starts its own.
 */
export interface ThrowawayServer {
  readonly url: string;
  readonly version: string;
  /** Everything the server wrote to its log so far. */
  log(): string;
  /** Stops the server: `immediate` is like a crash (no checkpoint), `fast` a clean stop. */
  stop(mode?: 'immediate' | 'fast'): void;
  /** Starts it again on the same directory and port. */
  start(): void;
  /** Stops it if it runs and removes its directory. */
  destroy(): void;
}

/** Debian keeps each major version's programs in /usr/lib/postgresql/<major>/bin, off the PATH; the newest wins. */
export function findPostgresBin(): string | undefined {
  const debian = '/usr/lib/postgresql';
  const majors = existsSync(debian) ? readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (majors[0]) return join(debian, majors[0], 'bin');
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
  } catch {
    return undefined;
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/** Whether this machine can start a throwaway server: PostgreSQL installed (as root: and its system user). */
export const canStartPostgres: boolean = (() => {
  if (findPostgresBin() === undefined) return false;
  if (process.getuid?.() !== 0) return true;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Settings for a server whose data only has to outlive its processes, not the machine: the WAL is still written
 * at every commit (so a crashed or killed server recovers every acknowledged write from the operating system's
 * cache), but never waited for on the disk. On this machine's disk a commit's flush took 3.4 ms against 0.14 ms.
 * The test that crashes a server (faults.test.ts) starts its own without these, as a deployment runs.
 */
export const throwawaySettings = ['fsync=off', 'full_page_writes=off'] as const;

/**
 * Starts a server with trust authentication for user postgres and a database `stegvis`; `settings` are
 * server settings (`log_statement=all`). initdb refuses to run as root, so as root the server runs as the
 * system user postgres (Debian's package creates it).
 */
export async function startThrowawayServer(bin = findPostgresBin(), settings: readonly string[] = []): Promise<ThrowawayServer> {
  if (!bin) throw new Error('no PostgreSQL installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH; apt-get install -y postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = (program: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args]) as [string, string[]];
  const run = (program: string, args: string[]) => execFileSync(...user(program, args), { stdio: 'pipe', encoding: 'utf8' });
  if (asRoot) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    chownSync(dir, uid!, gid!);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const options = ['-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${dir}`, '-c max_connections=100', ...settings.map((setting) => `-c ${setting}`)].join(' ');
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
    running = true;
  };
  const stop = (mode: 'immediate' | 'fast' = 'fast') => {
    run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  const destroy = () => {
    try {
      if (running) stop('immediate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    // --no-sync: a throwaway directory need not reach the disk before the server starts (only a crash of the
    // machine, which ends the run anyway, would lose it).
    run('initdb', ['--no-sync', '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    start();
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'stegvis']);
    const version = run('postgres', ['--version']).trim().split(' ')[2] ?? '?';
    return { url: `postgres://postgres@127.0.0.1:${port}/stegvis`, version, log: () => readFileSync(join(dir, 'server.log'), 'utf8'), stop, start, destroy };
  } catch (e) {
    destroy();
    throw e;
  }
}
