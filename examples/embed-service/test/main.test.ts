/**
 * The service as a process (src/main.ts), as a host runs it: refuses to start on a PGlite directory
 * another service has open, refuses to start without a key set, and after kill -9 starts again on the
 * same directory with every acknowledged write there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceProcess } from '../../../test/setup/source-process.js';
import { freshPgliteDir } from '../../../test/setup/pglite.js';

const ISSUER = 'https://idp.example.invalid/test';
const AUDIENCE = 'stegvis-embed-service';
const dir = mkdtempSync(join(tmpdir(), 'stegvis-service-'));
const children: ChildProcess[] = [];
let token: string;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] }));
  token = await new SignJWT({ stegvis_role: 'caseworker' }).setProtectedHeader({ alg: 'ES256', kid: 'k' }).setSubject('cw-main').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('10m').sign(privateKey);
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const mainScript = await sourceProcess(fileURLToPath(new URL('../src/main.ts', import.meta.url)));

interface Service {
  child: ChildProcess;
  /** The address once it listens, or the exit code and standard error when it stops first. */
  started: Promise<{ address: string } | { code: number | null; stderr: string }>;
}

function service(env: Record<string, string | undefined>): Service {
  const child = spawn(process.execPath, mainScript, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, PORT: '0', STEGVIS_PG_URL: '', STEGVIS_ACCESS_LOG: join(dir, 'access.log'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  const started = new Promise<{ address: string } | { code: number | null; stderr: string }>((resolve) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ address: m[1]! });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, stderr: err }));
  });
  return { child, started };
}

const auth = () => ({ STEGVIS_JWKS: join(dir, 'jwks.json'), STEGVIS_JWT_ISSUER: ISSUER, STEGVIS_JWT_AUDIENCE: AUDIENCE });
const refer = async (address: string, id: string) =>
  (await fetch(`${address}/participants/${id}/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'refer', programme: 'ljusnarsberg', at: '2026-02-02T09:00:00+01:00', facts: {} }) })).status;

// Each test starts the service as child processes (tsx, PGlite): beside the whole run on the shared machine
// (load 13) one took over 120 s. The timeout only catches a hang.
describe('the service process', { timeout: 300_000 }, () => {
  it('refuses to start without a key set to verify tokens against, saying what to set', async () => {
    const s = await service({ STEGVIS_JWKS: undefined, STEGVIS_JWT_ISSUER: undefined, STEGVIS_JWT_AUDIENCE: undefined });
    const r = await s.started;
    expect(r).toMatchObject({ code: 1 });
    expect('stderr' in r && r.stderr).toMatch(/set STEGVIS_JWKS \(a JWKS file or URL\), STEGVIS_JWT_ISSUER, STEGVIS_JWT_AUDIENCE/);
    expect('stderr' in r && r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a server at STEGVIS_PG_URL that does not answer stops it in one line that says what to check, without the URL', async () => {
    const r = await service({ ...auth(), STEGVIS_PG_URL: 'postgres://someone:secret-pw@127.0.0.1:1/nowhere' }).started;
    expect(r).toMatchObject({ code: 1 });
    expect('stderr' in r && r.stderr).toBe('stegvis embed-service: STEGVIS_PG_URL: no PostgreSQL server answers there; check STEGVIS_PG_URL (host, port, user, password, database), or unset it to run on PGlite\n');
  });

  it('a second service on the same STEGVIS_DATA_DIR refuses to start; after kill -9 of the first, a new one starts with nothing lost', async () => {
    const dataDir = freshPgliteDir();
    const first = service({ ...auth(), STEGVIS_DATA_DIR: dataDir });
    const a = await first.started;
    if (!('address' in a)) throw new Error(`first service did not start: ${a.stderr}`);
    for (let i = 0; i < 5; i++) expect(await refer(a.address, `M-${i}`)).toBe(201);

    const second = await service({ ...auth(), STEGVIS_DATA_DIR: dataDir }).started;
    expect(second).toMatchObject({ code: 1 });
    expect('stderr' in second && second.stderr).toMatch(new RegExp(`in use by process ${first.child.pid} on .*stop that process first`));
    expect('stderr' in second && second.stderr).not.toMatch(/\n\s+at /);
    // the first is unharmed
    expect(await refer(a.address, 'M-5')).toBe(201);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const third = service({ ...auth(), STEGVIS_DATA_DIR: dataDir });
    const c = await third.started;
    if (!('address' in c)) throw new Error(`restart did not start: ${c.stderr}`);
    for (let i = 0; i <= 5; i++) {
      const r = await fetch(`${c.address}/participants/M-${i}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status, `M-${i}`).toBe(200);
    }
    third.child.kill('SIGTERM');
    await new Promise((resolve) => third.child.once('exit', resolve));
  });
});
