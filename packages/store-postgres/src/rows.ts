import type { Actor, DomainEvent } from '@stegvis/core';

/** An event row as the store reads it back: the envelope in columns, the payload as jsonb. */
export interface EventRow {
  readonly seq: number;
  readonly programme_id: string;
  readonly programme_version: number;
  readonly type: string;
  readonly at_text: string;
  readonly actor: unknown;
  readonly command_id: string | null;
  readonly payload: unknown;
  /** Whether the row is as this store wrote it (its checksum holds, see `eventChecksum` in queries.ts), where the query asks. */
  readonly trusted?: boolean | null;
}

/** The event as the engine reads it: `DomainEventSchema` and `engine.apply` judge whether it is one. */
export function rawEvent(participantId: string, row: EventRow): Record<string, unknown> {
  return {
    id: `${participantId}:${row.seq}`,
    seq: row.seq,
    type: row.type,
    participantId,
    at: row.at_text,
    actor: row.actor,
    programme: { id: row.programme_id, version: row.programme_version },
    ...(row.command_id !== null ? { commandId: row.command_id } : {}),
    payload: row.payload,
  };
}

/** One row to append: a domain event, or a store record such as `participant.migrated`. */
export interface NewRow {
  readonly seq: number;
  readonly programme: { readonly id: string; readonly version: number };
  readonly type: string;
  readonly at: string;
  readonly actor: Actor;
  readonly commandId?: string | undefined;
  readonly commandEvent: number;
  readonly payload: unknown;
}

export const rowOfEvent = (e: DomainEvent, commandEvent: number): NewRow => ({
  seq: e.seq,
  programme: e.programme,
  type: e.type,
  at: e.at,
  actor: e.actor,
  commandId: e.commandId,
  commandEvent,
  payload: e.payload,
});

/** The rows as the append statements read them (`json_to_recordset`; the participant is the write's own). */
export const eventRecords = (rows: readonly NewRow[]) =>
  rows.map((r) => ({
    seq: r.seq,
    programme_id: r.programme.id,
    programme_version: r.programme.version,
    type: r.type,
    at_text: r.at,
    actor: r.actor,
    command_id: r.commandId ?? null,
    command_event: r.commandEvent,
    payload: r.payload,
  }));
