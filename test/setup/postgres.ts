import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server started for one test run, as .ci/run used to start one: initdb into a temp dir, 127.0.0.1, a free port. */
export interface ThrowawayServer {
  readonly url: string;
  readonly version: string;
  stop(): void;
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

/**
 * Starts a server with trust authentication for user postgres and a database `stegvis`. initdb refuses to
 * run as root, so as root the server runs as the system user postgres (Debian's package creates it).
 */
export async function startThrowawayServer(bin: string): Promise<ThrowawayServer> {
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
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=100`, 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'stegvis']);
    const version = run('postgres', ['--version']).trim().split(' ')[2] ?? '?';
    return { url: `postgres://postgres@127.0.0.1:${port}/stegvis`, version, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
