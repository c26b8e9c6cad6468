import { PGlite } from '@electric-sql/pglite';
import { type Actor, type Programme, parseYaml, stockholmInstant, validateProgramme } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { expect } from 'vitest';
import { type Db, createStore, migrate, pgDb, pgliteDb } from '../src/index.js';
import { freshPgliteInMemory } from '../../../test/setup/pglite.js';

/** The server the server tests use: STEGVIS_PG_URL, or the throwaway one test/setup/database.ts starts (and says when there is none). */
export const PG_URL = process.env.STEGVIS_PG_URL;

export const ljusnarsberg = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
export const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));

/** A programme from Ljusnarsberg's YAML (or another example's) with its data changed (a new version, a new step ...). */
export function variant(change: (data: { version: number; steps: { id: string; kind: string }[] } & Record<string, unknown>) => void, example = 'ljusnarsberg'): Programme {
  const text = readFileSync(new URL(`../../../examples/${example}/programme.yaml`, import.meta.url), 'utf8');
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new Error(`${example} yaml`);
  const data = structuredClone(parsed.value.data) as Parameters<typeof change>[0];
  change(data);
  const r = validateProgramme(data);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return r.value;
}

/**
 * Nacka with few places, so tests fill it: `places` in all, `reserved` of them kept for referrals from
 * Försäkringskassan (the seed: "Produktionshuset erbjuder också Försäkringskassan fem platser").
 */
export const nackaWithPlaces = (places: number, reserved: number): Programme =>
  variant((d) => {
    d.id = `nacka-${places}-${reserved}`;
    const capacity = d.capacity as { places: number; plannedMin?: number; reserved: { places: number }[] };
    capacity.places = places;
    delete capacity.plannedMin;
    capacity.reserved[0]!.places = reserved;
  }, 'nacka');

export const caseworker: Actor = { id: 'cw-1', role: 'caseworker' };
export const at = (local: string) => stockholmInstant(local);

/** Ljusnarsberg's assessment and plan contents, as the store tests send them. */
export const assessment = { adjustmentNeeds: 'a', interestsAndExperience: 'b', ownView: 'c', motivation: 'd', healthHabits: 'e' };
export const plan = { mainPlacement: 'a', weeklySchedule: 'b', followUpTimes: 'c' };

/** A command from the caseworker at a Stockholm local time, which must be accepted. */
export async function send(store: ReturnType<typeof createStore>, id: string, when: string, body: Record<string, unknown>) {
  const r = await store.execute({ ...body, participantId: id, actor: caseworker, at: at(when) });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r;
}

/**
 * PGlite instances in memory that suites of this worker closed, kept for the next one: opening one (its
 * WebAssembly instantiated, the template's data loaded) costs 1.7–3 s of CPU, clearing what a suite left 0.1–0.5 s.
 * Everything a store writes is in its schema `stegvis`, so with that dropped and migrated again an instance is,
 * to the store, a new database. A suite has its instance to itself until it closes it.
 */
const idlePglite: PGlite[] = [];

async function pgliteForSuite(): Promise<Db> {
  let pglite = idlePglite.pop();
  if (pglite)
    await pglite.exec('drop schema if exists stegvis cascade').catch(async () => {
      await pglite?.close().catch(() => undefined);
      pglite = undefined;
    });
  const own = pglite ?? (await PGlite.create(freshPgliteInMemory()));
  const db = await pgliteDb({ pglite: own });
  await migrate(db);
  return { ...db, close: async () => void idlePglite.push(own) };
}

/** The backends every store test runs on: PGlite always, the PostgreSQL server when STEGVIS_PG_URL is set. */
export const backends: { name: string; enabled: boolean; open: () => Promise<Db> }[] = [
  { name: 'PGlite', enabled: true, open: pgliteForSuite },
  { name: 'PostgreSQL server', enabled: PG_URL !== undefined, open: () => freshServerDb() },
];

let counter = 0;
const created: { admin: string; name: string }[] = [];

/** A new, empty database on the server for one suite, so suites running in parallel never share rows. */
export async function freshServerDb(): Promise<Db & { url: string }> {
  const url = new URL(PG_URL!);
  const name = `stegvis_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  created.push({ admin: PG_URL!, name });
  url.pathname = `/${name}`;
  const db = pgDb({ connectionString: url.toString(), max: 8 });
  await migrate(db);
  const close = db.close;
  return Object.assign(db, {
    url: url.toString(),
    close: async () => {
      await close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  });
}

export async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select (${sql})::int as n`, params);
  return rows[0]!.n;
}
