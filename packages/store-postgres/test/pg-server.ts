/**
 * A throwaway PostgreSQL server for tests that must read the server's own log or restart it: initdb into
 * a temporary directory as the postgres user, started on a free port on 127.0.0.1 (as `.ci/run` does).
 * Only where that can work: root, with Debian's PostgreSQL installed.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pgBin = (): string | undefined => {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  return versions.length > 0 ? join(root, versions.at(-1)!, 'bin') : undefined;
};

const postgresUid = (): number | undefined => {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  return line ? Number(line.split(':')[2]) : undefined;
};

export const canStartPostgres = process.getuid?.() === 0 && pgBin() !== undefined && postgresUid() !== undefined;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

export interface TestServer {
  readonly url: string;
  /** Everything the server wrote to its log so far. */
  log(): string;
  /** Stops the server at once (`-m immediate`: like a crash, no checkpoint), or cleanly. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  /** Stops it and removes its directory. */
  destroy(): void;
}

export async function startPostgres(settings: readonly string[] = []): Promise<TestServer> {
  const bin = pgBin()!;
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-pg-'));
  chownSync(dir, postgresUid()!, postgresUid()!);
  const port = await freePort();
  const as = (cmd: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' });
  as('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = ['-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${dir}`, ...settings.map((s) => `-c ${s}`)].join(' ');
  const start = () => as('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-o', options, 'start']);
  start();
  as('createdb', ['-h', '127.0.0.1', '-p', String(port), 'stegvis']);
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/stegvis`,
    log: () => readFileSync(join(dir, 'server.log'), 'utf8'),
    stop(mode = 'fast') {
      as('pg_ctl', ['-D', join(dir, 'data'), '-m', mode, '-w', 'stop']);
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      if (running) {
        try {
          as('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
        } catch {
          // already stopped
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
