import type { Db } from './db.js';

/**
 * The store's schema `stegvis`, for PGlite and PostgreSQL alike. Every statement is idempotent, so `migrate()`
 * may run at every start, from several processes at once (they queue on an advisory lock).
 *
 * - `events`: append-only, one row per event (or store record such as `participant.migrated`);
 *   `(participant_id, seq)` unique is the optimistic-concurrency check, `(participant_id, command_id)`
 *   unique (on a command's first event) makes a repeated command id land once. `position` orders all events of the store.
 *   `checksum` lets a fold trust a row this store wrote unchanged (the engine's trusted replay).
 * - `snapshots`: one row per participant, the persisted XState snapshot at `version` (a cache: the
 *   events are the truth, and a snapshot older than the last event is caught up from them), as json text,
 *   with the checksum that lets a load trust a snapshot this store wrote without checking it again, and the
 *   two things `notCompliant` asks of it (`flagged`, `referred_by`).
 * - `deadlines`: one row per deadline of each participant, written in the same transaction as the
 *   events, so `dueDeadlines` is one indexed query instead of a load per participant.
 * - `commands`: one row per command id a participant was sent, with the digest of the command and, for
 *   a refused one, its refusal: a repeated id gets the same answer, and a reused id is caught.
 * - `places`: who holds a place and who waits, per programme with limited places, decided by the store
 *   under a per-programme lock in the transaction of the referral or exit (see `places.ts`).
 */
export const schemaStatements: readonly string[] = [
  `create schema if not exists stegvis`,
  `create table if not exists stegvis.events (
     position bigint generated always as identity primary key,
     participant_id text not null,
     seq integer not null check (seq >= 1),
     programme_id text not null,
     programme_version integer not null,
     type text not null,
     at timestamptz not null,
     at_text text not null,
     actor jsonb not null,
     command_id text,
     -- the event's position among the events of its command (a referral can become two events)
     command_event smallint not null default 0,
     payload jsonb not null,
     recorded_at timestamptz not null default now(),
     constraint events_participant_seq unique (participant_id, seq)
   )`,
  // A digest of the row as the store wrote it (see `eventChecksum` in queries.ts), so the fold can trust the
  // store's own rows. Rows of an older store have none and are folded the checked way. Added only when missing,
  // so a start takes no lock on the table; adding a column without a default rewrites no row.
  `do $$ begin
     if not exists (select 1 from pg_attribute where attrelid = 'stegvis.events'::regclass and attname = 'checksum' and not attisdropped) then
       alter table stegvis.events add column checksum text;
     end if;
   end $$`,
  `create unique index if not exists events_participant_command
     on stegvis.events (participant_id, command_id) where command_id is not null and command_event = 0`,
  `create table if not exists stegvis.snapshots (
     participant_id text primary key,
     version integer not null,
     programme_id text not null,
     programme_version integer not null,
     snapshot json not null,
     updated_at timestamptz not null default now()
   )`,
  // md5 of the store's snapshot format and the snapshot's text (see `appendCommand` in queries.ts)
  `alter table stegvis.snapshots add column if not exists checksum text`,
  // What `notCompliant` asks of every snapshot, in columns of their own, written with it: whether the context
  // carries a compliance flag, and the referring caseworker. Null in a row no store of this version wrote: such
  // a row is read and judged from its snapshot.
  `alter table stegvis.snapshots add column if not exists flagged boolean`,
  `alter table stegvis.snapshots add column if not exists referred_by text`,
  // The snapshot is kept as json, its text as the store wrote it, not as jsonb: a command's write and the
  // rebuild's then only check its syntax instead of building jsonb (a third of the time of a 4–11 KB snapshot),
  // and its checksum is over that text. An older store's jsonb column is converted once, with a rewrite of the
  // table, its two columns filled from the snapshots first; a row's checksum still holds after it (jsonb's text
  // is the json text the conversion writes).
  `do $$ begin
     if (select atttypid from pg_attribute where attrelid = 'stegvis.snapshots'::regclass and attname = 'snapshot') = 'jsonb'::regtype then
       update stegvis.snapshots
         set flagged = coalesce(snapshot->'context'->'participation'->'flags' <> '{}'::jsonb, false),
             referred_by = snapshot->'context'->'referral'->>'caseworkerId';
       alter table stegvis.snapshots alter column snapshot type json using snapshot::json;
     end if;
   end $$`,
  // A snapshot (5–15 KB of JSON, rewritten by every command) kept in its row, compressed, instead of in the
  // TOAST table (two more rows and an index entry a write), compressed with lz4 where the server has it
  // (PGlite has not: pglz stays), in pages left half free so that the rewrite lands on the same page without
  // a new index entry (a HOT update). Altered only when not yet so, so a start takes no lock on the table.
  `do $$ begin
     if not coalesce((select reloptions from pg_class where oid = 'stegvis.snapshots'::regclass) @> array['fillfactor=50'], false) then
       alter table stegvis.snapshots set (fillfactor = 50);
     end if;
     if (select attstorage from pg_attribute where attrelid = 'stegvis.snapshots'::regclass and attname = 'snapshot') <> 'm' then
       alter table stegvis.snapshots alter column snapshot set storage main;
     end if;
     -- The row's short texts too: while a row holds its snapshot uncompressed, PostgreSQL moves the largest
     -- 'extended' value out to the TOAST table first (the 32-character checksum, a long id), one TOAST row and
     -- index entry every write, before it compresses the snapshot and the row fits anyway.
     if exists (select 1 from pg_attribute where attrelid = 'stegvis.snapshots'::regclass and attname in ('participant_id', 'programme_id', 'checksum', 'referred_by') and attstorage <> 'm') then
       alter table stegvis.snapshots alter column participant_id set storage main, alter column programme_id set storage main,
         alter column checksum set storage main, alter column referred_by set storage main;
     end if;
     if (select attcompression from pg_attribute where attrelid = 'stegvis.snapshots'::regclass and attname = 'snapshot') <> 'l' then
       begin
         alter table stegvis.snapshots alter column snapshot set compression lz4;
       exception when feature_not_supported then null;
       end;
     end if;
   end $$`,
  `create table if not exists stegvis.deadlines (
     participant_id text not null,
     deadline_id text not null,
     kind text not null,
     step_id text,
     opens_on date not null,
     due_on date not null,
     status text not null,
     area text,
     responsible text,
     programme_id text not null,
     programme_version integer not null,
     primary key (participant_id, deadline_id)
   )`,
  // Only open deadlines are ever asked for: partial indexes keep met and cancelled ones out. By due
  // date in the answer's order (a scan that stops at the limit), and per area by opening date.
  `create index if not exists deadlines_open_by_due
     on stegvis.deadlines (due_on, participant_id, deadline_id) where status not in ('met', 'cancelled')`,
  `create index if not exists deadlines_open_by_area
     on stegvis.deadlines (area, opens_on) where status not in ('met', 'cancelled')`,
  // the referring caseworker, so a list of deadlines can be narrowed to the participants a reader may see
  `alter table stegvis.deadlines add column if not exists referred_by text`,
  `create table if not exists stegvis.commands (
     participant_id text not null,
     command_id text not null,
     -- sha-256 of the command's canonical JSON without its id
     digest text not null,
     -- null: applied (its events carry the command id); otherwise the refusal it got
     refusal jsonb,
     recorded_at timestamptz not null default now(),
     primary key (participant_id, command_id)
   )`,
  `create sequence if not exists stegvis.place_arrival`,
  `create table if not exists stegvis.places (
     programme_id text not null,
     participant_id text not null,
     status text not null check (status in ('enrolled', 'waiting')),
     facts jsonb not null,
     area text,
     -- the referral's instant as sent, and the order referrals reached the store: the waiting list's order
     since_text text not null,
     arrival bigint not null,
     primary key (programme_id, participant_id)
   )`,
];

/** A key for `pg_advisory_xact_lock`, so concurrent `migrate()` calls do not race on CREATE. */
const MIGRATE_LOCK = 0x5374_6567; // "Steg"

/** Creates the tables and indexes when missing; safe to run on every start. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    for (const sql of schemaStatements) await tx.query(sql);
  });
}
