import { type DomainEvent, DomainEventSchema, type Engine, type Issue, type ParticipantSnapshot, ParticipantContextSchema, type Result, eventTypes } from '@stegvis/core';
import { type AnyIssue, storeIssue } from './codes.js';
import type { Queryable } from './db.js';
import type { Engines, ProgrammeRef } from './programmes.js';
import { loadParticipant as loadSql } from './queries.js';
import { type EventRow, rawEvent } from './rows.js';

/** A participant as loaded: the engine of the version they run under and their state. */
export interface Loaded {
  readonly engine: Engine;
  readonly snapshot: ParticipantSnapshot;
  /** The seq of their last event or record; 0 before the first. */
  readonly version: number;
  /** The stored snapshot's version, or null when there was none (or it was not used). */
  readonly snapshotVersion: number | null;
  /** The rows already recorded for the command id that was asked about (a repeated command). */
  readonly duplicates: readonly EventRow[];
  /** The command id's row in `commands`, when it was seen before: its digest, and its refusal (null: applied). */
  readonly prior: { readonly digest: string; readonly refusal: unknown } | undefined;
}

export interface LoadOptions {
  readonly commandId?: string | undefined;
  /** Ignore the snapshot and rebuild from the events alone. */
  readonly fromEvents?: boolean | undefined;
  /** The programme a participant without events starts on. */
  readonly start?: ProgrammeRef | undefined;
}

interface Row extends EventRow {
  readonly part: number;
  readonly duplicate: boolean;
  readonly digest: string | null;
}

const corrupt = (participantId: string, seq: number, what: string, fix = 'restore the event from a backup, or correct it with a reviewed repair') =>
  storeIssue('store.corrupt_event', ['events', seq], `event ${seq} ${what}`, fix);

/** Reads the recorded events of a command id as domain events, each checked by `DomainEventSchema`. */
export function duplicateEvents(participantId: string, rows: readonly EventRow[]): Result<DomainEvent[], readonly AnyIssue[]> {
  const events: DomainEvent[] = [];
  for (const row of rows) {
    const parsed = DomainEventSchema.safeParse(rawEvent(participantId, row));
    if (!parsed.success) return { ok: false, issues: [corrupt(participantId, row.seq, 'does not read back as a valid event')] };
    events.push(parsed.data);
  }
  return { ok: true, value: events };
}

/**
 * Loads one participant: the snapshot and the events after it (one query), each event checked by
 * `engine.apply`. A snapshot older than the last event is caught up from the events; a snapshot that
 * does not restore is ignored and the state rebuilt from all events. An event that does not read back
 * or does not apply is reported with its id and `['events', seq]`, never skipped.
 */
export async function loadParticipant(db: Queryable, engines: Engines, participantId: string, options: LoadOptions = {}): Promise<Result<Loaded, readonly AnyIssue[]>> {
  const { rows } = await db.query<Row>(loadSql, [participantId, options.commandId ?? null, options.fromEvents ?? false]);
  const snapRow = rows.find((r) => r.part === 0);
  const stream = rows.filter((r) => r.part === 1 && r.seq > (snapRow?.seq ?? 0));
  const duplicates = rows.filter((r) => r.part === 1 && r.duplicate);
  const command = rows.find((r) => r.part === 2);
  const prior = command ? { digest: command.digest!, refusal: command.payload } : undefined;

  const unknown = (ref: ProgrammeRef, path: (string | number)[]) =>
    storeIssue('store.unknown_programme', path, `no programme ${ref.id} v${ref.version} is registered`, 'pass every version participants run under to createStore');

  let engine: Engine | undefined;
  let snapshot: ParticipantSnapshot | undefined;
  if (snapRow) {
    const ref = { id: snapRow.programme_id, version: snapRow.programme_version };
    engine = engines.get(ref);
    if (!engine) return { ok: false, issues: [unknown(ref, ['snapshot', 'programme'])] };
    snapshot = restore(engine, snapRow.payload, participantId, snapRow.seq, ref);
    // A snapshot that does not restore is only a cache miss: rebuild from every event.
    if (!snapshot) return loadParticipant(db, engines, participantId, { ...options, fromEvents: true });
  } else {
    const first = stream[0];
    const ref = first ? { id: first.programme_id, version: first.programme_version } : options.start;
    if (!ref) return { ok: false, issues: [storeIssue('store.unknown_programme', ['programme'], 'the participant has no events, and no programme to start on was given', 'pass { programme: { id, version } } to execute, or createStore({ start })')] };
    engine = engines.get(ref);
    if (!engine) return { ok: false, issues: [unknown(ref, first ? ['events', first.seq, 'programme'] : ['programme'])] };
    snapshot = engine.initial(participantId);
  }

  // A void leaves an earlier event out of the state: the state is then rebuilt from every event up to it.
  if (snapRow && stream.some((r) => r.type === 'event.voided')) return loadParticipant(db, engines, participantId, { ...options, fromEvents: true });
  const read: Record<string, unknown>[] = [];
  for (const row of stream) {
    // A migration moves the stream to the version it names; its event holds the state it gave.
    if (row.type === 'participant.migrated') {
      const ref = { id: row.programme_id, version: row.programme_version };
      engine = engines.get(ref);
      if (!engine) return { ok: false, issues: [unknown(ref, ['events', row.seq, 'programme'])] };
    }
    const raw = rawEvent(participantId, row);
    read.push(raw);
    const r: Result<ParticipantSnapshot> = row.type === 'event.voided' ? replayed(engine, participantId, read) : engine.apply(snapshot, raw);
    if (!r.ok) {
      if (!(eventTypes as string[]).includes(row.type))
        return { ok: false, issues: [storeIssue('store.unknown_event', ['events', row.seq], `event ${row.seq} has a type this version of stegvis does not know`, 'load it with the stegvis version that wrote it, or repair the row')] };
      const first: Issue | undefined = r.issues[0];
      return { ok: false, issues: [corrupt(participantId, row.seq, `cannot be applied: ${first ? `${first.message} (${first.code} at ${first.path.join('.') || 'root'})` : 'invalid'}`)] };
    }
    snapshot = r.value;
  }
  return { ok: true, value: { engine, snapshot, version: snapshot.context.version, snapshotVersion: snapRow ? snapRow.seq : null, duplicates, prior } };
}

/** The participant rebuilt from all their events so far, its issues given the last event's path as `apply` gives them. */
function replayed(engine: Engine, participantId: string, events: readonly Record<string, unknown>[]): Result<ParticipantSnapshot> {
  const r = engine.replay(participantId, events);
  return r.ok ? r : { ok: false, issues: r.issues.map((x) => ({ ...x, path: x.path.slice(1) })) };
}

function restore(engine: Engine, persisted: unknown, participantId: string, version: number, ref: ProgrammeRef): ParticipantSnapshot | undefined {
  try {
    const context = (persisted as { context?: unknown } | null)?.context;
    const parsed = ParticipantContextSchema.safeParse(context);
    if (!parsed.success) return undefined;
    const c = parsed.data;
    if (c.participantId !== participantId || c.version !== version || c.programme.id !== ref.id || c.programme.version !== ref.version) return undefined;
    const s = engine.restore(persisted);
    return s.status === 'active' || s.status === 'done' ? s : undefined;
  } catch {
    return undefined;
  }
}
