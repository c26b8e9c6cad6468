import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Issue, Programme } from '@stegvis/core';
import { type ParticipantRecord, esfCsv, esfPack, esfTable, koladaCsv, koladaFigures, koladaPack, scbMonths, scbToSend, summariseAll } from '@stegvis/exports';
import type { AnyIssue, Db } from '@stegvis/store-postgres';
import { loadOptionsOf } from '../data-only.js';
import { CliError, type Io, exitCodes, line } from '../io.js';
import { requireProgramme } from '../load-programme.js';
import { issueLine } from '../words.js';

export interface ExportOptions {
  readonly store: string;
  readonly year?: string;
  readonly from?: string;
  readonly to?: string;
  /** SCB: the manifest of months sent before (month → digest), for the resend rule. */
  readonly sent?: string;
  readonly out?: string;
  readonly lang: 'sv' | 'en';
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
}

export const exportKinds = ['kolada', 'esf', 'scb'] as const;
export type ExportKind = (typeof exportKinds)[number];

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function period(o: ExportOptions): { from: string; to: string } {
  if (!o.from || !o.to || !isoDate.test(o.from) || !isoDate.test(o.to) || o.from > o.to)
    throw new CliError('--from and --to are needed, as dates like 2026-01-01, --from not after --to', exitCodes.usage);
  return { from: o.from, to: o.to };
}

type StoreModule = typeof import('@stegvis/store-postgres');

/**
 * A PostgreSQL URL, or a PGlite data directory that holds a database: an export reads, so a directory
 * with none is a mistake (a wrong path) to name, not a new empty store to make there.
 */
async function openStore(store: string, cwd: string, { pgDb, pgliteDb }: StoreModule): Promise<Db> {
  if (/^postgres(ql)?:\/\//.test(store)) return pgDb(store);
  const dataDir = resolve(cwd, store);
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    throw new CliError(`--store: ${store} is not an event store (no PGlite database in that directory); give the directory the store writes to, or a postgres:// URL`, exitCodes.usage);
  return pgliteDb({ dataDir });
}

/** The programme's participants as the exports read them, from the event store (a PGlite directory or a postgres:// URL). */
export async function recordsFromStore(programme: Programme, store: string, cwd: string): Promise<{ ok: true; value: ParticipantRecord[] } | { ok: false; issues: readonly AnyIssue[] }> {
  // Loaded here, not with the CLI: the database drivers (pg, PGlite) are a fifth of every other command's start.
  const stores: StoreModule = await import('@stegvis/store-postgres');
  const db = await openStore(store, cwd, stores);
  try {
    const streams = await stores.readProgrammeStreams(db, programme.id);
    return streams.ok ? { ok: true, value: summariseAll(programme, streams.value) } : streams;
  } finally {
    await db.close();
  }
}

function refused(issues: readonly (Issue | AnyIssue)[], io: Io, lang: 'sv' | 'en'): number {
  for (const i of issues) line(io.stderr)(issueLine(i as Issue, lang));
  return exitCodes.problems;
}

/**
 * `stegvis export kolada|esf|scb <programme> --store <dir|url>`: the figures a municipality files, computed
 * from the event store. The same store and period give the same bytes. Kolada and ESF+ print CSV; SCB writes
 * one file per month to send (`--out`) and the manifest of what was written, for the next run's resend rule.
 */
export async function exportCommand(kind: ExportKind, programmeFile: string, o: ExportOptions, io: Io, cwd: string): Promise<number> {
  const { programme } = await requireProgramme(programmeFile, cwd, loadOptionsOf(o, io));
  if (kind === 'kolada' && !(o.year && /^\d{4}$/.test(o.year))) throw new CliError('--year is needed for Kolada, like --year 2026', exitCodes.usage);
  const p = kind === 'kolada' ? { from: `${o.year}-01-01`, to: `${o.year}-12-31` } : period(o);
  if (kind === 'scb' && !o.out) throw new CliError('--out <directory> is needed for SCB: one file is written per month to send', exitCodes.usage);
  const records = await recordsFromStore(programme, o.store, cwd);
  if (!records.ok) return refused(records.issues, io, o.lang);
  return write(kind, programme, records.value, p, o, io, cwd);
}

async function write(kind: ExportKind, programme: Programme, records: ReturnType<typeof summariseAll>, p: { from: string; to: string }, o: ExportOptions, io: Io, cwd: string): Promise<number> {
  if (kind === 'kolada') {
    const pack = koladaPack();
    const r = koladaFigures(programme, records, Number(o.year), pack);
    if (!r.ok) return refused(r.issues, io, o.lang);
    io.stdout(koladaCsv(r.value, pack));
    return exitCodes.ok;
  }
  if (kind === 'esf') {
    const pack = esfPack();
    const r = esfTable(programme, records, p, pack, o.lang);
    if (!r.ok) return refused(r.issues, io, o.lang);
    io.stdout(esfCsv(r.value, pack));
    return exitCodes.ok;
  }
  let sent: Record<string, string> = {};
  if (o.sent) {
    try {
      sent = JSON.parse(await readFile(resolve(cwd, o.sent), 'utf8')) as Record<string, string>;
    } catch {
      throw new CliError(`--sent: could not read ${o.sent} as the manifest a previous export wrote`, exitCodes.usage);
    }
  }
  const months = scbMonths(records, p);
  const toSend = scbToSend(months, sent);
  const dir = resolve(cwd, o.out!);
  await mkdir(dir, { recursive: true });
  for (const m of toSend) await writeFile(resolve(dir, `scb-${m.month}.csv`), m.text);
  await writeFile(resolve(dir, 'scb-sent.json'), `${JSON.stringify(Object.fromEntries(months.map((m) => [m.month, m.digest])), null, 2)}\n`);
  line(io.stdout)(toSend.length === 0 ? 'nothing changed: no month to send' : `to send: ${toSend.map((m) => m.month).join(', ')}`);
  return exitCodes.ok;
}
