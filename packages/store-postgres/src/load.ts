import { type DomainEvent, DomainEventSchema, type Engine, type ParticipantSnapshot, ParticipantContextSchema, type Result, eventTypes } from '@stegvis/core';
import { type AnyIssue, storeIssue } from './codes.js';
import type { Queryable } from './db.js';
import type { Formats } from './format.js';
import type { Engines, ProgrammeRef } from './programmes.js';
import { loadParticipant as loadSql } from './queries.js';
import { type EventRow, rawEvent } from './rows.js';

/** What a command is decided on: the engine of the participant's version and their state. */
export interface Head {
  readonly engine: Engine;
  readonly snapshot: ParticipantSnapshot;
  /** The seq of their last event or record; 0 before the first. */
  readonly version: number;
  /** Whether the deadline index holds exactly the deadlines of `snapshot` (else the next append writes them all). */
  readonly indexed: boolean;
}

/** A participant as loaded. */
export interface Loaded extends Head {
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
  /** The stored snapshot (part 0). */
  readonly snapshot: unknown;
  readonly duplicate: boolean;
  readonly digest: string | null;
  /** Whether the row's checksum holds: the snapshot's (part 0) or the event row's (part 1). */
  readonly trusted: boolean | null;
}

/** A stored event as the engine reads it (`rawEvent` of its row): what `foldEvents` needs to see of it before the engine does. */
export interface RawEvent {
  readonly seq: number;
  readonly type: string;
  readonly programme: ProgrammeRef;
}

const corrupt = (participantId: string, seq: number, what: string, fix = 'restore the event from a backup, or correct it with a reviewed repair') =>
  storeIssue('store.corrupt_event', ['events', seq], `event ${seq} ${what}`, fix);

const unknownProgramme = (ref: ProgrammeRef, path: (string | number)[]) =>
  storeIssue('store.unknown_programme', path, `no programme ${ref.id} v${ref.version} is registered`, 'pass every version participants run under to createStore');

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
 * Folds stored events onto a state with `engine.replayFrom`, one run per programme version: a
 * `participant.migrated` event moves the stream to the version it names, whose engine folds it and what
 * follows. So each event is checked by the engine of the version it was recorded under, and the machine's
 * state is resolved once per run. An event that does not read back or does not apply is reported with its
 * id and `['events', seq]` (`store.unknown_event` for a type this store does not know), never skipped.
 *
 * `trusted`: every one of the events is a row this store wrote, unchanged (its checksum holds): folded with
 * the engine's trusted replay, which skips the schema and the input edge but still checks the participant,
 * the order, the version and that each event applies. Any row that fails its checksum makes the whole stream
 * checked, so a row edited behind the store is read and reported exactly as without checksums.
 */
export function foldEvents(engines: Engines, participantId: string, engine: Engine, snapshot: ParticipantSnapshot, events: readonly RawEvent[], trusted = false): Result<{ engine: Engine; snapshot: ParticipantSnapshot }, readonly AnyIssue[]> {
  const options = { trusted };
  let i = 0;
  while (i < events.length) {
    const first = events[i]!;
    if (first.type === 'participant.migrated') {
      const next = engines.get(first.programme);
      if (!next) return { ok: false, issues: [unknownProgramme(first.programme, ['events', first.seq, 'programme'])] };
      engine = next;
    }
    let end = i + 1;
    while (end < events.length && events[end]!.type !== 'participant.migrated') end++;
    const run = i === 0 && end === events.length ? events : events.slice(i, end);
    const r = engine.replayFrom(snapshot, run, options);
    if (!r.ok) {
      const at = r.issues[0];
      const index = typeof at?.path[0] === 'number' ? at.path[0] : 0;
      const bad = run[index] ?? first;
      if (!(eventTypes as string[]).includes(bad.type))
        return { ok: false, issues: [storeIssue('store.unknown_event', ['events', bad.seq], `event ${bad.seq} has a type this version of stegvis does not know`, 'load it with the stegvis version that wrote it, or repair the row')] };
      const where = at ? at.path.slice(1).join('.') : '';
      return { ok: false, issues: [corrupt(participantId, bad.seq, `cannot be applied: ${at ? `${at.message} (${at.code} at ${where || 'root'})` : 'invalid'}`)] };
    }
    snapshot = r.value;
    i = end;
  }
  return { ok: true, value: { engine, snapshot } };
}

/**
 * Loads one participant: the snapshot and the events after it (one query), the events folded onto it by
 * `foldEvents`. A snapshot older than the last event is caught up from the events; a snapshot that
 * does not restore is ignored and the state rebuilt from all events.
 */
export async function loadParticipant(db: Queryable, engines: Engines, formats: Formats, participantId: string, options: LoadOptions = {}): Promise<Result<Loaded, readonly AnyIssue[]>> {
  const { rows } = await db.query<Row>(loadSql, [participantId, options.commandId ?? null, options.fromEvents ?? false, formats.snapshot, formats.event]);
  const snapRow = rows.find((r) => r.part === 0);
  const stream = rows.filter((r) => r.part === 1 && r.seq > (snapRow?.seq ?? 0));
  const duplicates = rows.filter((r) => r.part === 1 && r.duplicate);
  const command = rows.find((r) => r.part === 2);
  const prior = command ? { digest: command.digest!, refusal: command.payload } : undefined;

  let engine: Engine | undefined;
  let snapshot: ParticipantSnapshot | undefined;
  if (snapRow) {
    const ref = { id: snapRow.programme_id, version: snapRow.programme_version };
    engine = engines.get(ref);
    if (!engine) return { ok: false, issues: [unknownProgramme(ref, ['snapshot', 'programme'])] };
    snapshot = restore(engine, snapRow.snapshot, participantId, snapRow.seq, ref, snapRow.trusted === true);
    // A snapshot that does not restore is only a cache miss: rebuild from every event.
    if (!snapshot) return loadParticipant(db, engines, formats, participantId, { ...options, fromEvents: true });
  } else {
    const first = stream[0];
    const ref = first ? { id: first.programme_id, version: first.programme_version } : options.start;
    if (!ref) return { ok: false, issues: [storeIssue('store.unknown_programme', ['programme'], 'the participant has no events, and no programme to start on was given', 'pass { programme: { id, version } } to execute, or createStore({ start })')] };
    engine = engines.get(ref);
    if (!engine) return { ok: false, issues: [unknownProgramme(ref, first ? ['events', first.seq, 'programme'] : ['programme'])] };
    snapshot = engine.initial(participantId);
  }

  // A void leaves an earlier event out of the state, which a snapshot before it still holds: the state is then
  // folded from every event (`replayFrom` refuses a void of an event the snapshot holds).
  if (snapRow && stream.some((r) => r.type === 'event.voided')) return loadParticipant(db, engines, formats, participantId, { ...options, fromEvents: true });
  if (stream.length > 0) {
    // The first event of a stream without a snapshot is under the version the engine was chosen for.
    const folded = foldEvents(engines, participantId, engine, snapshot, stream.map((row) => rawEvent(participantId, row) as unknown as RawEvent), stream.every((row) => row.trusted === true));
    if (!folded.ok) return folded;
    ({ engine, snapshot } = folded.value);
  }
  const version = snapshot.context.version;
  const snapshotVersion = snapRow ? snapRow.seq : null;
  return { ok: true, value: { engine, snapshot, version, indexed: snapshotVersion === version && version > 0, snapshotVersion, duplicates, prior } };
}

/**
 * The stored snapshot as a state, or undefined when it is not the participant's at `version` under `ref`.
 * One whose checksum holds (`trusted`: written by this store in this format) enters the machine directly;
 * any other is first checked against `ParticipantContextSchema`.
 */
function restore(engine: Engine, persisted: unknown, participantId: string, version: number, ref: ProgrammeRef, trusted: boolean): ParticipantSnapshot | undefined {
  try {
    const context = (persisted as { context?: unknown } | null)?.context as { participantId?: unknown; version?: unknown; programme?: { id?: unknown; version?: unknown } } | undefined;
    const ours = (c: typeof context) => c?.participantId === participantId && c.version === version && c.programme?.id === ref.id && c.programme.version === ref.version;
    if (trusted) return ours(context) ? engine.resolve(context as ParticipantSnapshot['context']) : undefined;
    const parsed = ParticipantContextSchema.safeParse(context);
    if (!parsed.success || !ours(parsed.data)) return undefined;
    const s = engine.restore(persisted);
    return s.status === 'active' || s.status === 'done' ? s : undefined;
  } catch {
    return undefined;
  }
}
