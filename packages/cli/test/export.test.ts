import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateProgrammeYaml } from '@stegvis/core';
import { createStore, migrate, pgliteDb } from '@stegvis/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgliteDir } from '../../../test/setup/pglite.js';
import { hasStack, repoRoot, run } from './run.js';

/**
 * `stegvis export` over a PGlite store written for the purpose (issue 14: "Same store + period → same
 * bytes"): Ljusnarsberg's Kolada figures, Kungsbacka's SCB file and its resend rule.
 */

const dir = mkdtempSync(join(tmpdir(), 'stegvis-export-'));
const storeDir = freshPgliteDir('stegvis-export-');
const caseworker = { id: 'cw-1', role: 'caseworker' };
const at = (d: string) => `${d}T10:00:00+01:00`;

beforeAll(async () => {
  const programmes = ['ljusnarsberg', 'kungsbacka'].map((e) => {
    const r = validateProgrammeYaml(readFileSync(join(repoRoot, `examples/${e}/programme.yaml`), 'utf8'));
    if (!r.ok) throw new Error('invalid example');
    return r.value;
  });
  const db = await pgliteDb({ dataDir: storeDir });
  await migrate(db);
  const store = createStore({ db, programmes });
  const send = async ({ programme, ...c }: Record<string, unknown>) => {
    const r = await store.execute({ actor: caseworker, ...c }, programme ? { programme: programme as { id: string; version: number } } : {});
    if (!r.ok) throw new Error(JSON.stringify(r));
  };
  for (let i = 0; i < 6; i++) {
    const id = `L-${i}`;
    await send({ type: 'refer', participantId: id, at: at('2026-01-12'), facts: { gender: i < 3 ? 'woman' : 'man' }, programme: { id: 'ljusnarsberg', version: 1 } });
    await send({ type: 'exit', participantId: id, at: at('2026-03-02'), outcomeId: 'discontinued' });
    if (i % 2 === 0) await send({ type: 'recordExitFollowUp', participantId: id, at: at('2026-04-02'), followUpId: 'oneMonth', status: 'regularWork', work: { since: '2026-03-02' } });
  }
  for (let i = 0; i < 3; i++) {
    await send({ type: 'refer', participantId: `K-${i}`, at: at('2009-05-11'), facts: { gender: 'man' }, programme: { id: 'kungsbacka', version: 1 } });
    await send({ type: 'exit', participantId: `K-${i}`, at: at(`2009-0${7 + i}-01`), outcomeId: 'discontinued' });
  }
  await db.close();
}, 120_000);
afterAll(() => {
  for (const d of [dir, dirname(storeDir)]) rmSync(d, { recursive: true, force: true });
});

describe('stegvis export', { timeout: 120_000 }, () => {
  it('kolada: the yearly figures by gender, the same bytes on a second run', async () => {
    const a = await run('export', 'kolada', 'examples/ljusnarsberg/programme.yaml', '--store', storeDir, '--year', '2026');
    expect([a.code, a.stderr]).toEqual([0, '']);
    expect(a.stdout.split('\n').slice(1, 2)[0]).toMatch(/,1864,2026,T,6,3,50,no$/);
    // three women, three men: fewer than five, so K and M are suppressed
    expect(a.stdout).toMatch(/,K,,,,yes\n/);
    const b = await run('export', 'kolada', 'examples/ljusnarsberg/programme.yaml', '--store', storeDir, '--year', '2026');
    expect(b.stdout).toBe(a.stdout);
  });

  it('scb: one file per month, then, with the manifest, nothing to resend', async () => {
    const out = join(dir, 'scb');
    const args = ['export', 'scb', 'examples/kungsbacka/programme.yaml', '--store', storeDir, '--from', '2009-05-01', '--to', '2009-10-31', '--out', out];
    const first = await run(...args);
    expect([first.code, first.stdout]).toEqual([0, 'to send: 2009-05, 2009-06, 2009-07, 2009-08, 2009-09, 2009-10\n']);
    expect(readdirSync(out).sort()).toContain('scb-2009-07.csv');
    expect(readFileSync(join(out, 'scb-2009-07.csv'), 'utf8')).toBe('month,participant,event,date\n2009-07,K-0,end,2009-07-01\n');
    const again = await run(...args, '--sent', join(out, 'scb-sent.json'));
    expect(again.stdout).toBe('nothing changed: no month to send\n');
  });

  it('a missing --year is a usage error, without a stack', async () => {
    const r = await run('export', 'kolada', 'examples/ljusnarsberg/programme.yaml', '--store', storeDir);
    expect(r.code).toBe(2);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('a --store directory that holds no store is a usage error, and nothing is created there', async () => {
    const wrong = join(dir, 'no-store-here');
    const r = await run('export', 'kolada', 'examples/ljusnarsberg/programme.yaml', '--store', wrong, '--year', '2026');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an event store \(no PGlite database in that directory\); give the directory the store writes to, or a postgres:\/\/ URL/);
    expect(hasStack(r.stderr)).toBe(false);
    expect(existsSync(wrong)).toBe(false);
  });
});
